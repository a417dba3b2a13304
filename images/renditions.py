"""Resized copies of library photos, generated once and stored (as in Wagtail).

Every ``Image`` gets WebP and JPEG renditions at ``WIDTHS`` (never wider than
the original, so a 800 px photo gets 320, 640 and 800), plus a 1200 px JPEG for
Open Graph. They are generated when the image is saved (after the transaction
commits) and by ``manage.py generate_renditions`` for older photos; a request
never generates anything. A page whose photo has no renditions yet falls back
to the original file, with its width and height.

Pages fetch the renditions of all their images in one query with
``attach_renditions()``; templates read them with ``renditions_of()``, which
never queries.
"""

import io
import logging
from collections import defaultdict

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from PIL import Image as PILImage
from PIL import ImageOps

from .models import Image, Rendition
from .uploads import FORMATS, MAX_PIXELS

logger = logging.getLogger(__name__)

WIDTHS = (320, 640, 960, 1280, 1920)
OG_WIDTH = 1200
WEBP_QUALITY = 78
JPEG_QUALITY = 82
MIME_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
}


def planned(width):
    """The (width, format) pairs an image ``width`` px wide should have."""
    if not width:
        return set()
    widths = {min(w, width) for w in WIDTHS}
    pairs = {(w, f) for w in widths for f in (Rendition.Format.WEBP, Rendition.Format.JPEG)}
    pairs.add((min(OG_WIDTH, width), Rendition.Format.JPEG))
    return pairs


# Resize in two steps: an integer reduce(), then Lanczos over at least 3× the
# target. A 24-megapixel photo's 11 renditions took 4.9 s of CPU with Lanczos
# alone and 3.5 s so (12 megapixels: 3.4 and 2.9 s), which matters when a bulk
# upload makes them for many photos in one request. Pixels differ by 0.4 levels
# in 255 on average (5 at most, on noise), below what JPEG and WebP change anyway.
REDUCING_GAP = 3.0


def _encode(source, width, fmt):
    height = max(1, round(source.height * width / source.width))
    resized = (
        source
        if width == source.width
        else source.resize((width, height), PILImage.LANCZOS, reducing_gap=REDUCING_GAP)
    )
    out = io.BytesIO()
    if fmt == Rendition.Format.WEBP:
        resized.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        if resized.mode != "RGB":
            background = PILImage.new("RGB", resized.size, (255, 255, 255))
            rgba = resized.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            resized = background
        resized.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def generate_renditions(image):
    """Create the missing renditions of ``image``; return how many were made.

    Idempotent: existing (width, format) rows are kept, so running it twice or
    from two processes at once does no harm.
    """
    if not image.file or not image.width:
        return 0
    existing = set(image.renditions.values_list("width", "format"))
    missing = sorted(planned(image.width) - existing)
    if not missing:
        return 0
    try:
        with image.file.open("rb") as handle:
            source = PILImage.open(handle, formats=list(FORMATS))
            # Files stored before today's upload limits may be larger; Pillow
            # only warns up to 179 million pixels.
            if source.width * source.height > MAX_PIXELS:
                logger.warning("Image %s is too large for renditions", image.pk)
                return 0
            # The first frame only: Pillow opens an animation at frame 0, and
            # nothing here seeks, so the other frames are never decoded.
            source.load()
    except (OSError, ValueError, PILImage.DecompressionBombError):
        logger.warning("Cannot open image %s for renditions", image.pk, exc_info=True)
        return 0
    source = ImageOps.exif_transpose(source)
    source = source.convert("RGBA" if "A" in source.getbands() else "RGB")
    made = 0
    stem = image.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    for width, fmt in missing:
        ext = "webp" if fmt == Rendition.Format.WEBP else "jpg"
        content = ContentFile(_encode(source, width, fmt), name=f"{stem}-{width}.{ext}")
        rendition = Rendition(image=image, format=fmt)
        rendition.file.save(content.name, content, save=False)
        try:
            with transaction.atomic():
                rendition.save()
        except IntegrityError:  # another process made it first
            rendition.file.delete(save=False)
            continue
        made += 1
    return made


def regenerate_renditions(image):
    """Drop and rebuild the renditions of ``image`` (after its file changed)."""
    for rendition in image.renditions.all():
        rendition.file.delete(save=False)
        rendition.delete()
    return generate_renditions(image)


def schedule_renditions(image, replaced=False):
    """Generate renditions once the current transaction commits (called by Image.save)."""
    action = regenerate_renditions if replaced else generate_renditions

    def run():
        try:
            action(image)
        except Exception:
            # An upload must never fail because a thumbnail could not be made;
            # the page falls back to the original and the command retries.
            logger.exception("Renditions failed for image %s", image.pk)

    transaction.on_commit(run)


# ---------------------------------------------------------------- reading


def attach_renditions(images, body_paths=()):
    """Fetch the renditions of ``images`` and of the body photos at ``body_paths``.

    One query for all of them. Each image gets an ``_renditions`` list; the
    return value maps a body photo's storage path (``images/2019/10/x.jpg``) to
    its ``Image`` (itself with ``_renditions``).
    """
    images = [image for image in images if image is not None]
    by_id = {}
    for image in images:
        by_id.setdefault(image.pk, []).append(image)
    body_paths = set(body_paths)
    if not by_id and not body_paths:
        return {}
    condition = Q(image_id__in=list(by_id))
    query = Rendition.objects.order_by("width")
    if body_paths:
        condition |= Q(image__file__in=list(body_paths))
        query = query.select_related("image")
    found = defaultdict(list)
    body_images = {}
    for rendition in query.filter(condition):
        found[rendition.image_id].append(rendition)
        if body_paths and rendition.image.file.name in body_paths:
            body_images.setdefault(rendition.image_id, rendition.image)
    for pk, same in by_id.items():
        for image in same:
            image._renditions = found.get(pk, [])
    for pk, image in body_images.items():
        image._renditions = found[pk]
    return {image.file.name: image for image in body_images.values()}


def renditions_of(image):
    """The renditions attached to ``image``, without a query (empty if not fetched)."""
    cached = getattr(image, "_renditions", None)
    if cached is not None:
        return cached
    prefetched = getattr(image, "_prefetched_objects_cache", {}).get("renditions")
    if prefetched is not None:
        return sorted(prefetched, key=lambda r: r.width)
    return []


def smallest_rendition(image):
    """The smallest attached rendition, WebP before JPEG at the same width; None without any."""
    return min(
        renditions_of(image),
        key=lambda r: (r.width, r.format != Rendition.Format.WEBP),
        default=None,
    )


def srcsets(image, max_width=None):
    """(webp srcset, jpeg srcset, jpeg fallback URL) for ``image``, or None without renditions.

    ``max_width`` leaves out renditions a layout never needs (a thumbnail shown
    at most 14rem wide needs no 1920 px file), keeping the HTML small.
    """
    renditions = renditions_of(image)
    if max_width:
        renditions = [r for r in renditions if r.width <= max_width] or renditions
    webp = [r for r in renditions if r.format == Rendition.Format.WEBP]
    jpeg = [r for r in renditions if r.format == Rendition.Format.JPEG]
    if not jpeg:
        return None
    fallback = next((r for r in jpeg if r.width >= 640), jpeg[-1])

    def srcset(items):
        return ", ".join(f"{r.file.url} {r.width}w" for r in items)

    return srcset(webp), srcset(jpeg), fallback.file.url


def share_rendition(image):
    """The JPEG rendition for Open Graph, feeds and JSON-LD (1200 px or the largest)."""
    jpeg = [r for r in renditions_of(image) if r.format == Rendition.Format.JPEG]
    if not jpeg:
        return None
    exact = [r for r in jpeg if r.width == min(OG_WIDTH, image.width)]
    return exact[0] if exact else jpeg[-1]


def share_image(image):
    """(url, width, height, mime type) of the image to share: a rendition or the original."""
    rendition = share_rendition(image)
    if rendition is not None:
        return rendition.file.url, rendition.width, rendition.height, "image/jpeg"
    ext = image.file.name.rsplit(".", 1)[-1].lower()
    return image.file.url, image.width, image.height, MIME_TYPES.get(ext, "image/jpeg")


def images_without_renditions():
    """Images that miss at least one planned rendition (for the command)."""
    for image in Image.objects.prefetch_related("renditions").iterator(chunk_size=200):
        have = {(r.width, r.format) for r in image.renditions.all()}
        if planned(image.width) - have:
            yield image
