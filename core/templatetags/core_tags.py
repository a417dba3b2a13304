"""Tags for the Django templates that remain on the public side (the sitemap)."""

from urllib.parse import urljoin

from django import template

register = template.Library()


@register.simple_tag
def absolute_from(path, base):
    """``path`` made absolute against the absolute address ``base`` (sitemaps, feeds)."""
    return urljoin(base, path)
