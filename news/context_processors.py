from django.conf import settings

from .models import Category


def site(request):
    """Site name and the main menu, for every page."""
    return {
        "portal_name": settings.PORTAL_NAME,
        "portal_short_name": settings.PORTAL_SHORT_NAME,
        "menu_categories": Category.objects.filter(show_in_menu=True, parent__isnull=True),
    }
