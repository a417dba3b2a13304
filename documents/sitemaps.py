from django.contrib.sitemaps import Sitemap

from .models import Document


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7
    limit = 5000

    def items(self):
        return Document.objects.published().order_by("-issued_on", "-pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"documents": DocumentSitemap}
