"""Checks for a document's attached file: judged by its content, never by its name.

A PDF must parse as a PDF and carry no JavaScript, launch or other actions
that run something; a DOCX or ODT must be a ZIP archive of the right kind
(and not a ZIP bomb); a DOC must be an OLE2 file holding a Word document.
HTML, SVG, scripts and programs renamed to .pdf are refused with a message
that says what they are. The text of a PDF (and of DOCX and ODT) is taken
out at upload for the search index.
"""

import hashlib
import io
import re
import zipfile
from html import unescape
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

MAX_BYTES = 20 * 1024 * 1024
EXTENSIONS = {"pdf", "doc", "docx", "odt"}
# Text kept for the index: enough for any real document; a scanned book has none.
MAX_TEXT = 500_000
MAX_PAGES = 500
# A PDF's object graph is walked to find actions; real documents have a few
# thousand objects. More is refused rather than walked for a minute.
MAX_OBJECTS = 200_000
# A DOCX/ODT is a ZIP: what it unpacks to is bounded (a ZIP bomb is a few KB).
MAX_UNPACKED = 200 * 1024 * 1024
MAX_MEMBERS = 5_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Actions that run or fetch something when the file is opened or clicked.
DANGEROUS_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute"}
DANGEROUS_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/XFA", "/RichMedia"}
_TAG = re.compile(rb"<[^>]+>")


class CheckedFile(ContentFile):
    """The checked bytes, with what the checks learned (stored with the attachment)."""

    checked = True

    def __init__(self, data, *, kind, text, pages, original_name):
        super().__init__(data, name=f"upload.{kind}")
        self.kind, self.text, self.pages = kind, text, pages
        self.original_name = original_name
        self.sha256 = hashlib.sha256(data).hexdigest()


def _reject(message):
    raise ValidationError(message, code="invalid_attachment")


def _what_it_is(head):
    """A name for content that is not a document, for the message."""
    start = head.lstrip()[:512].lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")):
        return "HTML"
    if start.startswith(b"<?xml") and b"<svg" in head[:4096].lower() or start.startswith(b"<svg"):
        return "SVG"
    if head[:2] == b"MZ":
        return _("chương trình Windows")
    if head[:4] == b"\x7fELF":
        return _("chương trình Linux")
    if head[:2] == b"#!":
        return _("tệp lệnh (script)")
    if head[:4] in (b"\x89PNG", b"GIF8") or head[:3] == b"\xff\xd8\xff":
        return _("ảnh")
    return None


def check_attachment(uploaded):
    """Check ``uploaded`` (a Django File) and return a CheckedFile, or raise ValidationError."""
    name = PurePath(getattr(uploaded, "name", "") or "").name
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in EXTENSIONS:
        _reject(_("Tệp “%(name)s”: chỉ nhận PDF, DOC, DOCX hoặc ODT.") % {"name": name[:80] or "?"})
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_BYTES:
        _reject(_("Tệp quá lớn: tối đa 20 MB."))
    uploaded.seek(0)
    data = uploaded.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        _reject(_("Tệp quá lớn: tối đa 20 MB."))
    if not data.strip():
        _reject(_("Tệp rỗng."))
    disguised = _what_it_is(data[:8192])
    if disguised:
        _reject(
            _("Tệp “%(name)s” thực ra là %(what)s, không phải văn bản %(ext)s; đã từ chối.")
            % {"name": name[:80], "what": disguised, "ext": extension.upper()}
        )
    if extension == "pdf":
        text, pages = _check_pdf(data)
    elif extension == "docx":
        text, pages = _check_zip(data, "docx"), None
    elif extension == "odt":
        text, pages = _check_zip(data, "odt"), None
    else:
        text, pages = _check_doc(data), None
    return CheckedFile(
        data,
        kind=extension,
        text=" ".join(text.split())[:MAX_TEXT],
        pages=pages,
        original_name=name[:255],
    )


# --------------------------------------------------------------------- PDF


def _check_pdf(data):
    # The header may follow a little junk (the spec allows 1 KB).
    if b"%PDF-" not in data[:1024]:
        _reject(_("Tệp không phải PDF hợp lệ (thiếu phần đầu %PDF)."))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _reject(_("Không nhận PDF có mật khẩu: hãy tải lên bản không khóa."))
        pages = len(reader.pages)
        _refuse_active_content(reader)
        text = _pdf_text(reader)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError,
            IndexError, OSError, AssertionError, ZeroDivisionError):  # fmt: skip
        _reject(_("Tệp PDF bị hỏng hoặc không đọc được."))
    if pages == 0:
        _reject(_("Tệp PDF không có trang nào."))
    return text, pages


def _refuse_active_content(reader):
    """Walk every object of the file; refuse JavaScript, launch and similar actions."""
    seen, stack = set(), [reader.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_OBJECTS:
                _reject(_("Tệp PDF quá phức tạp (quá nhiều đối tượng)."))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            if DANGEROUS_KEYS & set(obj.keys()):
                _reject(
                    _("Tệp PDF có chứa mã JavaScript, tệp nhúng hoặc biểu mẫu chạy mã; đã từ chối.")
                )
            if obj.get("/S") in DANGEROUS_ACTIONS:
                _reject(_("Tệp PDF có lệnh chạy chương trình hoặc mã JavaScript; đã từ chối."))
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)


def _pdf_text(reader):
    parts, total = [], 0
    for page in reader.pages[:MAX_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        total += len(text)
        if total > MAX_TEXT:
            break
    return "\n".join(parts)


# --------------------------------------------------------------------- Office


ZIP_KINDS = {
    "docx": ("word/document.xml", "[Content_Types].xml"),
    "odt": ("content.xml", "mimetype"),
}


def _check_zip(data, kind):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        _reject(_("Tệp %(ext)s không phải tệp Office hợp lệ.") % {"ext": kind.upper()})
    names = {m.filename for m in members}
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
        _reject(_("Tệp %(ext)s giải nén ra quá lớn; đã từ chối.") % {"ext": kind.upper()})
    content, marker = ZIP_KINDS[kind]
    if content not in names or marker not in names:
        _reject(
            _("Tệp không phải văn bản %(ext)s thật (thiếu %(part)s).")
            % {"ext": kind.upper(), "part": content}
        )
    if kind == "odt":
        mimetype = archive.read("mimetype").strip()
        if mimetype != b"application/vnd.oasis.opendocument.text":
            _reject(_("Tệp không phải văn bản ODT (là %(what)s).") % {"what": mimetype[:60]})
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        _reject(_("Không nhận tệp Word có macro."))
    try:
        xml = archive.read(content)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        _reject(_("Tệp %(ext)s bị hỏng.") % {"ext": kind.upper()})
    # Paragraph ends become spaces, then the tags go.
    xml = re.sub(rb"</(w:p|text:p|text:h)>", b" ", xml)
    return unescape(_TAG.sub(b"", xml).decode("utf-8", "replace"))


def _check_doc(data):
    if not data.startswith(OLE_MAGIC):
        _reject(_("Tệp DOC không phải văn bản Word hợp lệ."))
    if "WordDocument".encode("utf-16-le") not in data:
        _reject(_("Tệp không phải văn bản Word (thiếu phần WordDocument)."))
    if "Macros".encode("utf-16-le") in data or "VBA".encode("utf-16-le") in data:
        _reject(_("Không nhận tệp Word có macro."))
    # The old binary format keeps no simple text to index; the document's
    # summary and full text are searched instead.
    return ""
