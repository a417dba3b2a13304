"""The site's sitemaps: the fixed pages, and every content app's own sitemaps, collected.

``/sitemap.xml`` holds the first page of every section; ``/sitemap-index.xml``
names every page of every section (``/sitemap-articles.xml?p=2`` ...), for
archives larger than one sitemap page.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from core.urlspace import sitemap_pages
from documents.sitemaps import SITEMAPS as DOCUMENT_SITEMAPS
from news.sitemaps import SITEMAPS as NEWS_SITEMAPS


class PageSitemap(Sitemap):
    """The fixed pages: every URL whose view has ``sitemap_priority`` (core.urlspace)."""

    changefreq = "daily"

    def items(self):
        return list(sitemap_pages())

    def location(self, item):
        return reverse(item[0])

    def priority(self, item):
        return item[1]


SITEMAPS = {"pages": PageSitemap, **NEWS_SITEMAPS, **DOCUMENT_SITEMAPS}
