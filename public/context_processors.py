from django.utils.functional import SimpleLazyObject

from core.models import SiteSettings
from news.models import Category


def menu_categories():
    """Top-level menu categories, in order (views reuse the list)."""
    return [c for c in Category.by_id().values() if c.show_in_menu and c.parent_id is None]


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
