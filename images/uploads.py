"""Upload checks and cleaning for photos in the media library.

Every uploaded file is checked, then re-encoded from its pixels: the EXIF
orientation is applied, colours described by an ICC profile are converted to
sRGB, and every piece of metadata (EXIF with GPS, XMP, ICC profiles, comments,
PNG text chunks, GIF extensions) and any bytes hidden after the image are
dropped. What is stored is a file we wrote, never the bytes the client sent.

The decoding and re-encoding run in a child process with limits
(``images.processing``, through ``core.sandbox``), never in the web worker
and never inside a transaction; here are the checks of the name and size, and
the message each refusal gets.
"""

import contextlib
import hashlib
import re
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from core import sandbox
from core.text import hidden_characters

from .processing import FORMATS, MAX_PIXELS

MAX_BYTES = 20 * 1024 * 1024
MB = 1024 * 1024
# Measured on this 2-core machine: the largest still allowed (40 megapixels)
# re-encodes in 1.6 s of CPU as JPEG, 2.9 s as PNG and 4.7 s as WebP, with a
# peak of 0.5 to 0.9 GB; the worst animation allowed about 4.5 s.
LIMITS = sandbox.Limits(cpu=20, memory=2048 * MB, wall=60)
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


class CleanedImage(ContentFile):
    """A re-encoded image; ``Image.save()`` knows not to clean it again."""

    cleaned = True


def _reject(message):
    raise ValidationError(message, code="invalid_image")


def check_name(name):
    """Refuse a name whose last suffix is not an image's, or with an executable suffix inside."""
    name = PurePath(name or "").name
    shown = {"name": name[:80]}
    if found := hidden_characters(name):
        _reject(
            _("Tên tệp “%(name)s” có ký tự ẩn hoặc ký tự đảo chiều chữ (%(chars)s).")
            % {**shown, "chars": ", ".join(found)}
        )
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


def digest(file):
    """The SHA-256 (hex) of a file's bytes, read in chunks: a 20 MB photo is never whole in memory.

    Of the stored, re-encoded bytes: the same file sent twice is re-encoded the
    same way, so its two uploads have one digest (``Image.content_hash``).
    """
    sha = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        sha.update(chunk)
    file.seek(0)
    return sha.hexdigest()


@sandbox.once_per_file
def clean_upload(uploaded):
    """Check ``uploaded`` (a Django File) and return a CleanedImage, or raise ValidationError.

    Run once per uploaded file: the admin checks uploads before it opens its
    transaction (``core.admin.UploadsCheckedFirst``).
    """
    data = _read(uploaded)
    try:
        found, content = sandbox.run(TARGET, data, LIMITS)
    except sandbox.Refusal as refusal:
        _reject(refusal_message(refusal))
    return CleanedImage(content, name=f"upload.{FORMATS[found['format']]}")


def clean_uploads(files):
    """``clean_upload`` for many files in one child: a CleanedImage or a ValidationError each."""
    verdicts, waiting = [], []
    for uploaded in files:
        try:
            waiting.append((len(verdicts), _read(uploaded)))
            verdicts.append(None)
        except ValidationError as error:
            verdicts.append(error)
    answers = sandbox.run_many(TARGET, [data for _index, data in waiting], LIMITS)
    for (index, _data), answer in zip(waiting, answers, strict=True):
        if isinstance(answer, sandbox.Refusal):
            verdicts[index] = ValidationError(refusal_message(answer), code="invalid_image")
        else:
            found, content = answer
            verdicts[index] = CleanedImage(content, name=f"upload.{FORMATS[found['format']]}")
    return verdicts


TARGET = "images.processing:clean"


def _read(uploaded):
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
    return data


def refusal_message(refusal):
    params = {
        "seconds": LIMITS.cpu,
        "memory_mb": LIMITS.memory // MB,
        "limit_pixels": MAX_PIXELS // 1_000_000,
        **refusal.params,
    }
    broken = _("Tệp không phải ảnh hợp lệ hoặc đã bị hỏng (cắt cụt).")
    messages = {
        sandbox.TIME: _(
            "Ảnh quá nặng để xử lý: cần hơn %(seconds)d giây nên đã dừng lại. Hãy thu nhỏ "
            "ảnh rồi tải lên lại."
        ),
        sandbox.MEMORY: _(
            "Ảnh cần hơn %(memory_mb)d MB bộ nhớ để xử lý nên đã bị từ chối. Hãy thu nhỏ "
            "ảnh rồi tải lên lại."
        ),
        sandbox.BUSY: _(
            "Máy chủ đang xử lý nhiều ảnh khác cùng lúc. Ảnh chưa được lưu; hãy chọn lại "
            "tệp và lưu sau ít phút."
        ),
        sandbox.FAILED: broken,
        "broken": broken,
        "markup": _("Tệp ảnh có chứa mã HTML hoặc mã chạy được nên bị từ chối."),
        "format": _("Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF."),
        "bomb": _("Ảnh có kích thước giải nén quá lớn (nghi “bom giải nén”)."),
        "jpeg_scans": _(
            "Ảnh JPEG có quá nhiều lượt quét (progressive); hãy mở và lưu lại ảnh "
            "bằng phần mềm chỉnh ảnh rồi thử lại."
        ),
        "pixels": _("Ảnh có %(mp).0f triệu điểm ảnh, vượt giới hạn %(limit_pixels)d triệu."),
        "frames": _("Ảnh động có quá nhiều khung hình: tối đa %(limit)d."),
        "animation": _(
            "Ảnh động quá nặng để xử lý: %(width)d × %(height)d điểm ảnh × "
            "%(frames)d khung hình là %(total).0f triệu điểm ảnh, vượt giới hạn "
            "%(limit)d triệu cho mọi khung hình cộng lại. Hãy thu nhỏ ảnh, bớt "
            "khung hình hoặc dùng ảnh tĩnh."
        ),
    }
    try:
        return messages.get(refusal.code, broken) % params
    except (KeyError, TypeError, ValueError):
        return broken


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
