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

import logging
from collections import defaultdict

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q

from core import sandbox

from .models import Image, Rendition

logger = logging.getLogger(__name__)

WIDTHS = (320, 640, 960, 1280, 1920)
OG_WIDTH = 1200
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


# Making renditions decodes the whole photo and resizes it eleven times: 3.5 s
# of CPU for 24 megapixels, more memory than a web worker should hold. It runs
# in the limited child (``images.processing.renditions``), like the upload checks.
LIMITS = sandbox.Limits(cpu=20, memory=2048 * 1024 * 1024, wall=60)


def generate_renditions(image):
    """Create the missing renditions of ``image``; return how many were made.

    Idempotent: existing (width, format) rows are kept, so running it twice or
    from two processes at once does no harm.
    """
    return generate_many([image])


def generate_many(images):
    """``generate_renditions`` for several photos, in one child process."""
    jobs = []
    for image in images:
        if not image.file or not image.width:
            continue
        existing = set(image.renditions.values_list("width", "format"))
        missing = sorted(planned(image.width) - existing)
        if not missing:
            continue
        try:
            with image.file.open("rb") as handle:
                jobs.append((image, handle.read(), missing))
        except OSError:
            logger.warning("Cannot open image %s for renditions", image.pk, exc_info=True)
    answers = sandbox.run_many(
        "images.processing:renditions",
        [data for _image, data, _missing in jobs],
        LIMITS,
        each=[{"sizes": [list(m) for m in missing]} for _image, _data, missing in jobs],
    )
    made = 0
    for (image, _data, _missing), answer in zip(jobs, answers, strict=True):
        if isinstance(answer, sandbox.Refusal):
            if answer.code == "pixels":  # stored before today's upload limits
                logger.warning("Image %s is too large for renditions", image.pk)
            else:
                logger.warning("Cannot open image %s for renditions: %s", image.pk, answer.code)
            continue
        made += _store(image, *answer)
    return made


def _store(image, found, files):
    made, offset = 0, 0
    stem = image.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    for width, fmt, length in found["made"]:
        piece, offset = files[offset : offset + length], offset + length
        ext = "webp" if fmt == Rendition.Format.WEBP else "jpg"
        content = ContentFile(piece, name=f"{stem}-{width}.{ext}")
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
    return regenerate_many([image])


def regenerate_many(images):
    for image in images:
        for rendition in image.renditions.all():
            rendition.file.delete(save=False)
            rendition.delete()
    return generate_many(images)


def schedule_renditions(image, replaced=False):
    """Generate renditions once the current transaction commits (called by Image.save).

    The photos saved in one transaction (a demo load, an import) get theirs
    together, from one child process: they wait on the transaction's
    innermost atomic block, which a rollback throws away with them.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _make([(image, replaced)])
        return
    block = connection.atomic_blocks[-1]
    batch = getattr(block, "_renditions_waiting", None)
    if batch is None:
        batch = block._renditions_waiting = {}

        def run():
            del block._renditions_waiting
            _make(list(batch.values()))

        transaction.on_commit(run)
    batch[image.pk] = (image, replaced)


def _make(waiting):
    replaced = [image for image, again in waiting if again]
    fresh = [image for image, again in waiting if not again]
    try:
        # An upload must never fail because a thumbnail could not be made;
        # the page falls back to the original and the command retries.
        if replaced:
            regenerate_many(replaced)
        if fresh:
            generate_many(fresh)
    except Exception:
        logger.exception("Renditions failed for images %s", [i.pk for i, _r in waiting])


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
