from django.utils.functional import SimpleLazyObject

from .models import Category, SiteSettings


def menu_categories(request):
    """Top-level menu categories, fetched once per request (views reuse the list)."""
    if not hasattr(request, "_menu_categories"):
        request._menu_categories = list(
            Category.objects.filter(show_in_menu=True, parent__isnull=True)
        )
    return request._menu_categories


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
        "menu_categories": SimpleLazyObject(lambda: menu_categories(request)),
    }
