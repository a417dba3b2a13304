"""Upload checks and cleaning for photos in the media library.

Every uploaded file is checked, then re-encoded from its pixels: the EXIF
orientation is applied, colours described by an ICC profile are converted to
sRGB, and every piece of metadata (EXIF with GPS, XMP, ICC profiles, comments,
PNG text chunks, GIF extensions) and any bytes hidden after the image are
dropped. What is stored is a file we wrote, never the bytes the client sent.

The work an upload may cost is bounded before any pixel is decoded: the file's
structure is walked (``image_structure``), its frames counted, and width ×
height × frames checked against ``MAX_ANIMATION_PIXELS``.
"""

import contextlib
import io
import re
import warnings
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, UnidentifiedImageError

from . import structure as image_structure
from .structure import Malformed

MAX_BYTES = 20 * 1024 * 1024
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
EXTENSIONS = {"jpg", "jpeg", "png", "webp", "gif"}
# Suffixes a web server may run or a browser may render, wherever they sit in
# a name: Apache's mod_mime maps every dot-separated part, so with
# "AddHandler php" an "a.php.jpg" runs as PHP, and IIS 6 ran "a.asp;.jpg".
# The stored file gets a random name anyway; refusing such names says plainly
# that the upload looks like an attack. Dates and versions ("Ảnh 09.10.2019",
# "bao-cao.v2.final") are not suffixes of any such type.
EXECUTABLE_SUFFIXES = {
    "php", "php3", "php4", "php5", "php6", "php7", "php8", "phtml", "pht", "phps", "phar",
    "asp", "aspx", "ascx", "ashx", "asmx", "asa", "cer", "jsp", "jspx", "cfm", "cgi", "fcgi",
    "pl", "py", "rb", "sh", "bash", "exe", "bat", "cmd", "com", "dll", "so", "msi", "scr",
    "vbs", "ps1", "jar", "js", "mjs", "cjs", "html", "htm", "xhtml", "shtml", "shtm", "svg",
    "svgz", "xml", "xsl", "xslt", "hta", "swf", "htaccess",
}  # fmt: skip
_NAME_PARTS = re.compile(r"[.;]")
# Markup or code inside an "image" means a polyglot file meant to be served as
# something else; refuse it rather than silently clean it. Only tokens long
# enough not to turn up by chance in compressed pixel data. Searched in the
# lower-cased bytes: 0.4 s for 20 MB, where re.IGNORECASE took 1.6 s.
SUSPICIOUS = re.compile(
    rb"<(?:script|iframe|object|embed[\s>]|html[\s>]|body[\s>]|svg[\s>]|\?php)|javascript:"
)
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class CleanedImage(ContentFile):
    """A re-encoded image; ``Image.save()`` knows not to clean it again."""

    cleaned = True


def _reject(message):
    raise ValidationError(message, code="invalid_image")


def check_name(name):
    """Refuse a name whose last suffix is not an image's, or with an executable suffix inside."""
    name = PurePath(name or "").name
    shown = {"name": name[:80]}
    if PurePath(name).suffix.lower().lstrip(".") not in EXTENSIONS:
        _reject(
            _("Tên tệp “%(name)s” không hợp lệ: chỉ nhận ảnh .jpg, .png, .webp hoặc .gif.") % shown
        )
    inner = {part.strip().lower() for part in _NAME_PARTS.split(name)[1:-1]}
    if found := sorted(inner & EXECUTABLE_SUFFIXES):
        _reject(
            _(
                "Tên tệp “%(name)s” không hợp lệ: có đuôi “.%(suffix)s” của tệp chạy được. "
                "Hãy đổi tên tệp rồi tải lên lại."
            )
            % {**shown, "suffix": found[0]}
        )


def clean_upload(uploaded):
    """Check ``uploaded`` (a Django File) and return a CleanedImage, or raise ValidationError."""
    check_name(getattr(uploaded, "name", ""))
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_BYTES:
        _reject(_("Ảnh quá lớn: tối đa 20 MB."))
    uploaded.seek(0)
    data = uploaded.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        _reject(_("Ảnh quá lớn: tối đa 20 MB."))
    if not data:
        _reject(_("Tệp rỗng."))
    if data.lstrip()[:1] == b"<" or b"<svg" in data[:4096].lower():
        _reject(_("Không nhận ảnh SVG hay tệp văn bản; hãy dùng JPEG, PNG, WebP hoặc GIF."))
    if SUSPICIOUS.search(data.lower()):
        _reject(_("Tệp ảnh có chứa mã HTML hoặc mã chạy được nên bị từ chối."))

    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            gif = _check_structure(data)
            probe = PILImage.open(io.BytesIO(data))
            fmt = probe.format
            if fmt not in FORMATS or fmt != image_structure.sniff(data):
                _reject(_("Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF."))
            frames, width, height = gif or (getattr(probe, "n_frames", 1), *probe.size)
            _check_pixels(frames, width, height)
            probe.verify()
            image = PILImage.open(io.BytesIO(data), formats=[fmt])
            content = _reencode(image, fmt, frames)
        except ValidationError:
            raise
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            _reject(_("Ảnh có kích thước giải nén quá lớn (nghi “bom giải nén”)."))
        except (Malformed, UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            _reject(_("Tệp không phải ảnh hợp lệ hoặc đã bị hỏng (cắt cụt)."))

        return CleanedImage(content, name=f"upload.{FORMATS[fmt]}")


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
        _reject(
            _(
                "Ảnh JPEG có quá nhiều lượt quét (progressive); hãy mở và lưu lại ảnh "
                "bằng phần mềm chỉnh ảnh rồi thử lại."
            )
        )
    return None


def _check_pixels(frames, width, height):
    if width * height > MAX_PIXELS:
        _reject(
            _("Ảnh có %(mp).0f triệu điểm ảnh, vượt giới hạn 40 triệu.")
            % {"mp": width * height / 1e6}
        )
    if frames > MAX_FRAMES:
        _reject(_("Ảnh động có quá nhiều khung hình: tối đa %(limit)d.") % {"limit": MAX_FRAMES})
    if frames > 1 and frames * width * height > MAX_ANIMATION_PIXELS:
        _reject(
            _(
                "Ảnh động quá nặng để xử lý: %(width)d × %(height)d điểm ảnh × "
                "%(frames)d khung hình là %(total).0f triệu điểm ảnh, vượt giới hạn "
                "%(limit)d triệu cho mọi khung hình cộng lại. Hãy thu nhỏ ảnh, bớt "
                "khung hình hoặc dùng ảnh tĩnh."
            )
            % {
                "width": width,
                "height": height,
                "frames": frames,
                "total": frames * width * height / 1e6,
                "limit": MAX_ANIMATION_PIXELS // 1_000_000,
            }
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
        # Animated, method 2 instead of 4: 1.4 s instead of 2.3 s at 10
        # million pixels, for files 5 % larger.
        first.save(out, "WEBP", quality=85, method=2 if frames > 1 else 4, **options)
    return out.getvalue()


def store(cleaned, instance):
    """Write a cleaned upload to storage now, so a full disk is a form error.

    Returns the stored name. On failure nothing is left behind: the partial file
    (under its random, unique name) is deleted, and no row will refer to it.
    """
    field = type(instance)._meta.get_field("file")
    name = field.generate_filename(instance, cleaned.name)
    try:
        return field.storage.save(name, cleaned, max_length=field.max_length)
    except OSError as exc:
        with contextlib.suppress(OSError):
            field.storage.delete(name)
        raise ValidationError(
            _(
                "Máy chủ không lưu được ảnh (%(reason)s). Ảnh chưa được lưu; "
                "hãy báo quản trị viên kiểm tra dung lượng ổ đĩa rồi thử lại."
            )
            % {"reason": exc.strerror or exc.__class__.__name__},
            code="storage",
        ) from exc
