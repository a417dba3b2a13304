"""RSS of newly published documents: /van-ban/rss/."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext as _

from core.models import SiteSettings

from .models import Document

ITEMS = 30


class DocumentFeed(Feed):
    language = "vi"
    ttl = 60

    def title(self):
        return _("Văn bản – %(name)s") % {"name": SiteSettings.cached().name}

    def link(self):
        return reverse("documents:list")

    def description(self):
        return _("Văn bản mới đăng của %(name)s") % {"name": SiteSettings.cached().short_name}

    def items(self):
        return (
            Document.objects.published()
            .select_related("doc_type", "issuer")
            .order_by("-published_at", "-pk")[:ITEMS]
        )

    def item_title(self, item):
        return item.heading

    def item_description(self, item):
        return item.citation

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.doc_type.name, item.issuer.name]
