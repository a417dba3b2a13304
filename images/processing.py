"""The photo library's heavy work, in the limited child process (``core.sandbox``).

Checking a photo decodes it, and cleaning it re-encodes every pixel: seconds
of CPU and up to a gigabyte for the largest allowed, on bytes anyone with an
upload right sent. It runs here, in a fresh process with a CPU, memory and
time limit, never in a web worker and never inside a transaction:

- ``clean(data)``: the checks (structure, pixels, frames) and the re-encoded
  file, from its pixels only;
- ``renditions(data, sizes)``: the resized copies of a stored photo.

The work an upload may cost is bounded before any pixel is decoded: the file's
structure is walked (``structure``), its frames counted, and width × height ×
frames checked against ``MAX_ANIMATION_PIXELS``. Refusals are
``core.limited.Refused`` codes; ``images/uploads.py`` words them. Nothing here
imports Django.
"""

import io
import re
import warnings

from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, UnidentifiedImageError

from core.limited import Refused

from . import structure as image_structure
from .structure import Malformed

# One frame. Re-encoding a 40-megapixel still took 1.6 s of CPU as JPEG, 2.9 s
# as PNG and 4.7 s as WebP (peak memory 0.5 to 0.9 GB) on our 2-core machine.
MAX_PIXELS = 40_000_000
# An animation is decoded whole and re-encoded frame by frame, so its cost
# follows width × height × frames. Measured, CPU per pixel of all frames: GIF
# 60-80 ns, animated PNG 80-190 ns, animated WebP 125-285 ns (the top of each
# range for frames of noise). Bounded at 16 million pixels, the worst case is
# about 4.5 s, no dearer than the largest still; the reported GIF of 6000 ×
# 6000 × 60 frames (2,160 million) took 220 s before being bounded. 16
# million still holds 480 × 270 × 120 frames, 800 × 450 × 44, or a 728 × 90
# banner of 240 frames; anything longer is a video.
MAX_ANIMATION_PIXELS = 16_000_000
# Each frame also costs a fixed ~2 ms (300 frames of 100 × 100: 0.85 s).
MAX_FRAMES = 300
# A progressive JPEG is decoded once per scan (``image_structure.jpeg_scans``):
# even an empty scan costs 1.1 ns a pixel, 45 ms at 40 megapixels. Encoders
# write about 10 (libjpeg, mozjpeg); 32 scans cost at most 1.5 s.
MAX_JPEG_SCANS = 32
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# Markup or code inside an "image" means a polyglot file meant to be served as
# something else; refuse it rather than silently clean it. Only tokens long
# enough not to turn up by chance in compressed pixel data. Searched in the
# lower-cased bytes: 0.4 s for 20 MB, where re.IGNORECASE took 1.6 s.
SUSPICIOUS = re.compile(
    rb"<(?:script|iframe|object|embed[\s>]|html[\s>]|body[\s>]|svg[\s>]|\?php)|javascript:"
)
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def clean(data):
    """({"format", "width", "height"}, re-encoded bytes) for the upload ``data``."""
    if SUSPICIOUS.search(data.lower()):
        raise Refused("markup")
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            gif = _check_structure(data)
            probe = PILImage.open(io.BytesIO(data))
            fmt = probe.format
            if fmt not in FORMATS or fmt != image_structure.sniff(data):
                raise Refused("format")
            frames, width, height = gif or (getattr(probe, "n_frames", 1), *probe.size)
            _check_pixels(frames, width, height)
            probe.verify()
            image = PILImage.open(io.BytesIO(data), formats=[fmt])
            content = _reencode(image, fmt, frames)
        except Refused:
            raise
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            raise Refused("bomb") from None
        except (Malformed, UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise Refused("broken") from None
    return {"format": fmt, "frames": frames}, content


def _check_structure(data):
    """Walk the file's blocks before Pillow does; for a GIF, return (frames, width, height).

    Pillow's own GIF frame count is unbounded (11.6 s for a 20 MB file of
    tiny frames), so ours, which stops at the limits, is the one used.
    """
    kind = image_structure.sniff(data)
    if kind == "GIF":
        return image_structure.gif_frames(data, MAX_FRAMES)
    if kind == "PNG":
        image_structure.check_png_chunks(data)
    elif kind == "JPEG" and image_structure.jpeg_scans(data) > MAX_JPEG_SCANS:
        raise Refused("jpeg_scans")
    return None


def _check_pixels(frames, width, height):
    if width * height > MAX_PIXELS:
        raise Refused("pixels", mp=width * height / 1e6)
    if frames > MAX_FRAMES:
        raise Refused("frames", limit=MAX_FRAMES)
    if frames > 1 and frames * width * height > MAX_ANIMATION_PIXELS:
        raise Refused(
            "animation",
            width=width,
            height=height,
            frames=frames,
            total=frames * width * height / 1e6,
            limit=MAX_ANIMATION_PIXELS // 1_000_000,
        )


def _to_srgb(icc):
    """A function turning a frame's pixels described by ``icc`` into sRGB ones.

    Converting lets us store no profile at all: browsers take untagged images
    as sRGB. A profile that can't be read, or that doesn't fit the pixels, is
    dropped and the pixels are kept as they are. Grey profiles are dropped
    too: their tone curves are close to sRGB's, and a grey image stays grey.
    """
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc)) if icc else None
        space = profile.profile.xcolor_space.strip() if profile else None
    except (OSError, ValueError, ImageCms.PyCMSError):
        space = None
    transforms = {}

    def convert(frame):
        if space == "RGB" and frame.mode == "P":
            frame = frame.convert("RGBA" if frame.has_transparency_data else "RGB")
        modes = {("RGB", "RGB"): "RGB", ("RGB", "RGBA"): "RGBA", ("CMYK", "CMYK"): "RGB"}
        out = modes.get((space, frame.mode))
        if out is None:
            return frame
        try:
            if frame.mode not in transforms:
                transforms[frame.mode] = ImageCms.buildTransform(profile, SRGB, frame.mode, out)
            return transforms[frame.mode].apply(frame)
        except ImageCms.PyCMSError:
            return frame

    return convert


def _reencode(image, fmt, frames):
    """Encode ``frames`` frames of ``image`` afresh, from their pixels only.

    Only the counted frames are read, so no file can make us decode more than
    ``_check_pixels`` allowed. Each writer gets pictures whose ``info`` holds
    at most their transparency, and the options we pass: Pillow's writers
    copy a comment, an ICC profile or a GIF's first-frame info from ``info``
    otherwise.
    """
    to_srgb = _to_srgb(image.info.get("icc_profile"))
    loop = image.info.get("loop")
    pictures, durations = [], []
    for index in range(frames):
        image.seek(index)
        picture = ImageOps.exif_transpose(image)  # a copy: the next seek changes image
        durations.append(picture.info.get("duration", 0))
        # The one ``info`` entry about the pixels rather than their origin: a
        # transparent palette index or colour, which means nothing once the
        # picture changes mode.
        mode, transparency = picture.mode, picture.info.get("transparency")
        picture = to_srgb(picture)
        if fmt == "GIF" and picture.mode == "RGB":
            # Pillow decodes a GIF's later frames as RGB, and its writer takes
            # them back to a palette by median cut: 150-250 ns a pixel, most
            # of the time spent. Fast octree takes 15-30 ns, colours off by
            # under 3 levels in 255. (RGBA frames it already palettes so.)
            picture = picture.quantize(256, method=PILImage.Quantize.FASTOCTREE)
        keep = transparency is not None and picture.mode == mode
        picture.info = {"transparency": transparency} if keep else {}
        pictures.append(picture)
    first = pictures[0]
    options = {}
    if frames > 1:
        options = {"save_all": True, "append_images": pictures[1:], "duration": durations}
        if loop is not None:
            options["loop"] = loop
        if fmt == "GIF" and any(p.mode == "RGBA" or "transparency" in p.info for p in pictures):
            # Each picture is a whole frame. Drawn over the previous one (the
            # default), a pixel that turns transparent would keep its old colour.
            options["disposal"] = 2
    out = io.BytesIO()
    if fmt == "JPEG":
        if first.mode not in ("RGB", "L"):
            first = first.convert("RGB")
        first.save(out, "JPEG", quality=88, optimize=True, progressive=True)
    elif fmt == "PNG":
        # optimize=True (zlib level 9) took 6.3 s on a 40-megapixel still for
        # 3 % less than level 6 in 3.5 s; pages show renditions, not this file.
        # Animated, level 3 halved the time again (5.6 to 2.5 s at 10 million
        # pixels) and its files came out smaller.
        first.save(out, "PNG", compress_level=3 if frames > 1 else 6, **options)
    elif fmt == "GIF":
        first.save(out, "GIF", optimize=True, **options)
    else:
        # Method 2 instead of 4: animated, 1.4 s instead of 2.3 s at 10
        # million pixels, for files 5 % larger; a 40-megapixel still of fine
        # detail, 3.3 s instead of 15 s for the same size. Pages show the
        # renditions, not this file.
        first.save(out, "WEBP", quality=85, method=2, **options)
    return out.getvalue()


# ------------------------------------------------------------------ renditions

# Resize in two steps: an integer reduce(), then Lanczos over at least 3× the
# target. A 24-megapixel photo's 11 renditions took 4.9 s of CPU with Lanczos
# alone and 3.5 s so (12 megapixels: 3.4 and 2.9 s), which matters when a bulk
# upload makes them for many photos in one request. Pixels differ by 0.4 levels
# in 255 on average (5 at most, on noise), below what JPEG and WebP change anyway.
REDUCING_GAP = 3.0
WEBP_QUALITY = 78
JPEG_QUALITY = 82


def renditions(data, sizes):
    """({"made": [[width, format, length] …]}, the files one after the other) for ``sizes``.

    ``sizes``: [[width, "webp" or "jpeg"] …]. The first frame only: Pillow
    opens an animation at frame 0, and nothing here seeks.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            source = PILImage.open(io.BytesIO(data), formats=list(FORMATS))
            # Files stored before today's upload limits may be larger.
            if source.width * source.height > MAX_PIXELS:
                raise Refused("pixels", mp=source.width * source.height / 1e6)
            source.load()
        except Refused:
            raise
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            raise Refused("bomb") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise Refused("broken") from None
    source = ImageOps.exif_transpose(source)
    source = source.convert("RGBA" if "A" in source.getbands() else "RGB")
    made, files = [], []
    for width, fmt in sizes:
        content = _encode(source, int(width), fmt)
        made.append([int(width), fmt, len(content)])
        files.append(content)
    return {"made": made}, b"".join(files)


def _encode(source, width, fmt):
    height = max(1, round(source.height * width / source.width))
    resized = (
        source
        if width == source.width
        else source.resize((width, height), PILImage.LANCZOS, reducing_gap=REDUCING_GAP)
    )
    out = io.BytesIO()
    if fmt == "webp":
        resized.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        if resized.mode != "RGB":
            background = PILImage.new("RGB", resized.size, (255, 255, 255))
            rgba = resized.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            resized = background
        resized.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()
