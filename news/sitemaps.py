"""/sitemap.xml with lastmod and, for articles, the cover photo (Google's image extension)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Category


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Article.objects.published().for_listing()

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        return Category.objects.all()


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["news:home", "news:about", "news:archive"]

    def location(self, item):
        return reverse(item)

    def priority(self, item):
        return 1.0 if item == "news:home" else 0.3


SITEMAPS = {"pages": PageSitemap, "categories": CategorySitemap, "articles": ArticleSitemap}
