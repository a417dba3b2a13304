from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

import search
from core import addresses as core_addresses
from core import versioning
from editorial import scopes


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Tin tức")

    def ready(self):
        from . import addresses, checks, signals  # noqa: F401 - checks register on import
        from .models import Article, SectionAccess

        signals.connect()
        core_addresses.register(addresses.find)
        scopes.register_assignments(SectionAccess)
        versioning.register_next_change(Article.objects.next_publication)
        search.register(
            Article,
            title=["title"],
            lead=["lead"],
            body=["body"],
            html=["body"],
            visible=Article.objects.published,
            date_field="published_at",
            label=_("Bài viết"),
            result_template="news/includes/_search_result.html",
        )
