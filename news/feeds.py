"""RSS 2.0 feeds: all news at /rss/, one category at /rss/<slug>/.

Items carry the full text (lead and body, with absolute image addresses) and
the cover photo as an enclosure with its length and MIME type.
"""

import re

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Enclosure
from django.utils.html import escape
from django.utils.translation import gettext as _

from core.models import SiteSettings
from images.renditions import share_image, share_rendition

from .models import Article, Category

ITEMS = 20
RELATIVE_SRC = re.compile(r'(<(?:img|a)\b[^>]*?\s(?:src|href)=")(/[^/"][^"]*)"')


class LatestArticlesFeed(Feed):
    language = "vi"
    ttl = 15

    @classmethod
    def as_view(cls):
        """A view making one feed object per request: items need the request's domain."""

        def view(request, *args, **kwargs):
            feed = cls()
            feed.request = request
            return feed(request, *args, **kwargs)

        return view

    def title(self):
        return SiteSettings.cached().name

    def link(self):
        return "/"

    def description(self):
        site = SiteSettings.cached()
        return _("Tin tức, sự kiện mới nhất của %(name)s") % {"name": site.short_name}

    def feed_copyright(self):
        return SiteSettings.cached().organisation

    def articles(self):
        return Article.objects.published().for_listing()

    def items(self):
        return self.articles().prefetch_related("cover_image__renditions")[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        """Full text: the lead in bold, then the body with absolute addresses."""
        absolute = self.request.build_absolute_uri
        body = RELATIVE_SRC.sub(lambda m: f'{m.group(1)}{absolute(m.group(2))}"', item.body)
        lead = f"<p><strong>{escape(item.lead)}</strong></p>" if item.lead else ""
        return lead + body

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [item.category.name]

    def item_enclosures(self, item):
        if not item.cover_image_id:
            return []
        image = item.cover_image
        url, _width, _height, mime = share_image(image)
        rendition = share_rendition(image)
        try:
            length = (rendition or image).file.size
        except OSError:  # the file is missing from storage: no enclosure rather than an error
            return []
        return [Enclosure(self.request.build_absolute_uri(url), str(length), mime)]


class CategoryFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return f"{category.name} – {SiteSettings.cached().name}"

    def link(self, category):
        return category.get_absolute_url()

    def description(self, category):
        return category.description or _("Tin mới của chuyên mục %(name)s") % {
            "name": category.name
        }

    def items(self, category):
        return (
            Article.objects.published()
            .in_category(category)
            .for_listing()
            .prefetch_related("cover_image__renditions")[:ITEMS]
        )
