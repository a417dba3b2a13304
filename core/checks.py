"""System checks for settings that only matter in production (``check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def canonical_site_address(app_configs, **kwargs):
    if settings.PORTAL_SITE_URL:
        return []
    return [
        Warning(
            "PORTAL_SITE_URL is not set: public pages name themselves after each "
            "request's Host header and the page cache keeps a copy per host.",
            hint="Set PORTAL_SITE_URL to the site's public address, e.g. https://thanhuy.example.vn",
            id="core.W001",
        )
    ]
