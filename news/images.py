"""Upload checks and cleaning for photos in the media library.

Every uploaded file is opened by Pillow, checked, and re-encoded from its
pixels: the EXIF orientation is applied, and EXIF (including GPS), XMP, comments
and any bytes hidden after the image are dropped. What is stored is a file we
wrote, never the bytes the client sent.
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
from PIL import ImageOps, UnidentifiedImageError

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_FRAMES = 300
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
# enough not to turn up by chance in compressed pixel data.
SUSPICIOUS = re.compile(
    rb"<script|<iframe|<object|<embed[\s>]|<html[\s>]|<body[\s>]|<svg[\s>]|<\?php|javascript:",
    re.IGNORECASE,
)


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
    if SUSPICIOUS.search(data):
        _reject(_("Tệp ảnh có chứa mã HTML hoặc mã chạy được nên bị từ chối."))

    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            probe = PILImage.open(io.BytesIO(data))
            fmt = probe.format
            if fmt not in FORMATS:
                _reject(_("Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF."))
            width, height = probe.size
            if width * height > MAX_PIXELS:
                _reject(
                    _("Ảnh có %(mp).0f triệu điểm ảnh, vượt giới hạn 40 triệu.")
                    % {"mp": width * height / 1e6}
                )
            if getattr(probe, "n_frames", 1) > MAX_FRAMES:
                _reject(_("Ảnh động có quá nhiều khung hình."))
            probe.verify()
            image = PILImage.open(io.BytesIO(data))
            image.load()
        except ValidationError:
            raise
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            _reject(_("Ảnh có kích thước giải nén quá lớn (nghi “bom giải nén”)."))
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            _reject(_("Tệp không phải ảnh hợp lệ hoặc đã bị hỏng (cắt cụt)."))

        return CleanedImage(_reencode(image, fmt), name=f"upload.{FORMATS[fmt]}")


def _reencode(image, fmt):
    out = io.BytesIO()
    icc = image.info.get("icc_profile")
    if fmt == "GIF":
        frames = getattr(image, "n_frames", 1)
        image.save(out, "GIF", save_all=frames > 1, optimize=True)
        return out.getvalue()
    image = ImageOps.exif_transpose(image)
    extra = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=88, optimize=True, progressive=True, **extra)
    elif fmt == "PNG":
        image.save(out, "PNG", optimize=True, **extra)
    else:
        image.save(out, "WEBP", quality=85, method=4, **extra)
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
