from django.utils.functional import SimpleLazyObject

from . import pagecache
from .models import Category, SiteSettings


def menu_categories():
    """Top-level menu categories, fetched once per content version (views reuse the list)."""
    return pagecache.per_version(
        "menu", lambda: list(Category.objects.filter(show_in_menu=True, parent__isnull=True))
    )


def site(request):
    """Site information (footer, titles) and the main menu, for every page.

    Both are lazy: a page that doesn't show them doesn't query. The settings
    come from the cache (emptied when they are saved).
    """
    settings = SimpleLazyObject(SiteSettings.cached)
    return {
        "site": settings,
        "portal_name": SimpleLazyObject(lambda: settings.name),
        "portal_short_name": SimpleLazyObject(lambda: settings.short_name),
        "menu_categories": SimpleLazyObject(menu_categories),
    }
