"""How pages show library photos: ``<picture>`` with renditions, and photos inside bodies."""

import re
from html import unescape
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.numbers import parse_int

from .renditions import smallest_rendition, srcsets

# Layout widths the browser picks renditions for (see static/css/site.css).
SIZES = {
    "lead": "(min-width: 64rem) 40rem, 100vw",
    "article": "(min-width: 48rem) 46rem, 100vw",
    "card": "(min-width: 40rem) 14rem, 8rem",
    "block": "(min-width: 64rem) 22rem, (min-width: 40rem) 45vw, 100vw",
}
# The widest rendition worth offering per layout (3x screens included).
MAX_WIDTHS = {"card": 640}
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*"([^"]*)"')


def picture_html(image, sizes="article", alt=None, eager=False, css_class=""):
    """``<picture>`` with WebP and JPEG srcsets, or the original when renditions are missing."""
    if image is None:
        return ""
    alt = image.alt_text if alt is None else alt
    sets = srcsets(image, MAX_WIDTHS.get(sizes))
    sizes = SIZES.get(sizes, sizes)
    loading = (
        mark_safe(' fetchpriority="high"')  # noqa: S308 (constant)
        if eager
        else mark_safe(' loading="lazy"')  # noqa: S308 (constant)
    )
    css = format_html(' class="{}"', css_class) if css_class else ""
    if sets is None:
        return format_html(
            '<img src="{}" alt="{}" width="{}" height="{}"{}{} decoding="async">',
            image.file.url,
            alt,
            image.width,
            image.height,
            css,
            loading,
        )
    webp, jpeg, fallback = sets
    source = format_html('<source type="image/webp" srcset="{}" sizes="{}">', webp, sizes)
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}"{}{}'
        ' decoding="async"></picture>',
        source if webp else "",
        fallback,
        jpeg,
        sizes,
        alt,
        image.width,
        image.height,
        css,
        loading,
    )


def thumbnail(image):
    """(url, width, height) of the smallest rendition, or of the original before there is one.

    For the admin's lists of photos; without renditions attached, it is the original.
    """
    rendition = smallest_rendition(image)
    if rendition is not None:
        return rendition.file.url, rendition.width, rendition.height
    if image.file:
        return image.file.url, image.width, image.height
    return None


def media_path(src):
    """'images/2019/10/x.jpg' for a src under MEDIA_URL, else None."""
    src = unescape(src or "")
    if not src.startswith(settings.MEDIA_URL):
        return None
    return unquote(urlsplit(src[len(settings.MEDIA_URL) :]).path) or None


def body_image_paths(body):
    """Storage paths of the library photos an article body shows."""
    paths = set()
    for tag in IMG_TAG.findall(body or ""):
        path = media_path(dict(ATTRIBUTE.findall(tag)).get("src"))
        if path:
            paths.add(path)
    return paths


def responsive_body(body, images=None):
    """The sanitised body with each library photo as a lazy ``<picture>``.

    ``images`` maps storage paths to Images with attached renditions (the view
    fetched them with the rest of the page's renditions); other images keep
    their src and get lazy loading.
    """
    images = images or {}

    def replace(match):
        attributes = {k.lower(): unescape(v) for k, v in ATTRIBUTE.findall(match.group(0))}
        image = images.get(media_path(attributes.get("src")))
        alt = attributes.get("alt", "")
        if image is not None:
            return str(picture_html(image, sizes="article", alt=alt or image.alt_text))
        size = ""
        width, height = parse_int(attributes.get("width")), parse_int(attributes.get("height"))
        if width is not None and height is not None:
            size = format_html(' width="{}" height="{}"', width, height)
        return str(
            format_html(
                '<img src="{}" alt="{}"{} loading="lazy" decoding="async">',
                attributes.get("src", ""),
                alt,
                size,
            )
        )

    # The body was sanitised on save (core/signals.py); only <img> tags change.
    return mark_safe(IMG_TAG.sub(replace, body or ""))  # noqa: S308
