"""Checks for a document's attached file: judged by its content, never by its name.

The work is done by ``documents/filecheck/`` in a child process with limits
(``core.sandbox``), never in the web worker and never inside a transaction.
Here: what the web worker can tell cheaply (the name, the size, content that
is plainly not a document), and the message each refusal gets. A file that a
limit stopped is refused with the limit named; a file whose *text* a limit
stopped is kept, its text marked partial or missing, with the reason
(``Attachment.text_state``, ``text_note``).
"""

import hashlib
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from core import sandbox
from core.text import hidden_characters

from .filecheck import text as extracted
from .filecheck.pdf import MAX_PAGES

MAX_BYTES = 20 * 1024 * 1024
EXTENSIONS = {"pdf", "doc", "docx", "odt"}
MB = 1024 * 1024
# What one check may cost. Measured on this 2-core machine: the child's
# Python and pypdf start in 0.3 s; pypdf reads a dense page of text in 7 ms
# (1.5 s: about 200 pages; most Party documents have 2 to 30), a page of
# 200,000 path operators in 3.5 s; the largest Office file the XML allowance
# lets in (16 MB of the densest markup) takes about 1 s. A check that needs
# more than CPU_SECONDS is refused as too complex; taking out the text stops
# after TEXT_SECONDS and keeps what it has (extract_attachment_text finishes
# it later). Five crafted PDFs at once, two parsed at a time: the last
# answered within about 6 s (make bench-uploads).
CPU_SECONDS = 8
TEXT_SECONDS = 1.5
WALL_SECONDS = 20  # a busy machine stretches CPU seconds; this bounds the wait
MEMORY = 768 * MB
LIMITS = sandbox.Limits(cpu=CPU_SECONDS, memory=MEMORY, wall=WALL_SECONDS)


class CheckedFile(ContentFile):
    """The checked bytes, with what the checks learned (stored with the attachment)."""

    checked = True

    def __init__(self, data, *, kind, text, pages, original_name, text_state, text_note):
        super().__init__(data, name=f"upload.{kind}")
        self.kind, self.text, self.pages = kind, text, pages
        self.text_state, self.text_note = text_state, text_note
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


def check_name(name):
    """Refuse a file name with hidden characters (control, bidirectional marks)."""
    if found := hidden_characters(name):
        _reject(
            _(
                "Tên tệp có ký tự ẩn hoặc ký tự đảo chiều chữ (%(chars)s), có thể làm tên "
                "hiện khác với đuôi thật của tệp. Hãy gõ lại tên."
            )
            % {"chars": ", ".join(found)}
        )


@sandbox.once_per_file
def check_attachment(uploaded):
    """Check ``uploaded`` (a Django File) and return a CheckedFile, or raise ValidationError.

    Run once per uploaded file: the admin checks uploads before it opens its
    transaction (``core.admin.UploadsCheckedFirst``), and the form's own call
    later gets that result.
    """
    name, extension, data = _read(uploaded)
    try:
        found, _blob = sandbox.run(TARGET, data, LIMITS, **_params(extension))
    except sandbox.Refusal as refusal:
        _reject(refusal_message(refusal, name[:80], extension))
    return _checked(name, extension, data, found)


def check_attachments(files):
    """``check_attachment`` for many files in one child: a CheckedFile or a ValidationError each.

    For commands that check a whole folder of files before writing anything.
    """
    verdicts, read = [], []
    for uploaded in files:
        try:
            read.append(_read(uploaded))
            verdicts.append(None)
        except ValidationError as error:
            verdicts.append(error)
    by_kind = {}
    for index, (name, extension, data) in zip(
        [i for i, v in enumerate(verdicts) if v is None], read, strict=True
    ):
        by_kind.setdefault(extension, []).append((index, name, data))
    for extension, items in by_kind.items():
        answers = sandbox.run_many(TARGET, [data for _i, _n, data in items], LIMITS,
                                   **_params(extension))  # fmt: skip
        for (index, name, data), answer in zip(items, answers, strict=True):
            if isinstance(answer, sandbox.Refusal):
                message = refusal_message(answer, name[:80], extension)
                verdicts[index] = ValidationError(message, code="invalid_attachment")
            else:
                verdicts[index] = _checked(name, extension, data, answer[0])
    return verdicts


TARGET = "documents.filecheck:inspect"


def _params(extension):
    return {"kind": extension, "text_seconds": TEXT_SECONDS}


def _read(uploaded):
    """(name, extension, bytes) of ``uploaded``, after what the web worker can judge itself."""
    name = PurePath(getattr(uploaded, "name", "") or "").name
    check_name(name)
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
    return name, extension, data


def _checked(name, extension, data, found):
    return CheckedFile(
        data,
        kind=extension,
        text=found["text"],
        pages=found["pages"],
        text_state=found["text_state"],
        text_note=found["text_note"],
        original_name=name[:255],
    )


def refusal_message(refusal, name, extension):
    """What the editor reads when ``refusal`` stopped the file ``name``."""
    params = {
        "name": name,
        "ext": extension.upper(),
        "seconds": CPU_SECONDS,
        "memory_mb": MEMORY // MB,
        **refusal.params,
    }
    template = _messages().get(refusal.code) or _("Tệp “%(name)s” bị hỏng hoặc không đọc được.")
    try:
        return template % params
    except (KeyError, TypeError, ValueError):
        return _("Tệp “%(name)s” bị hỏng hoặc không đọc được.") % {"name": name}


def _messages():
    again = _("Hãy mở tệp bằng phần mềm soạn thảo, lưu lại hoặc xuất lại PDF rồi tải lên.")
    return {
        # The limits
        sandbox.TIME: _(
            "Tệp “%(name)s” quá phức tạp: kiểm tra cần hơn %(seconds)d giây xử lý nên đã dừng lại. "
        )
        + again,
        sandbox.MEMORY: _(
            "Tệp “%(name)s” cần hơn %(memory_mb)d MB bộ nhớ để kiểm tra nên đã bị từ chối. "
        )
        + again,
        sandbox.BUSY: _(
            "Máy chủ đang kiểm tra nhiều tệp khác cùng lúc. Tệp “%(name)s” chưa được lưu; "
            "hãy chọn lại tệp và lưu sau ít phút."
        ),
        sandbox.FAILED: _("Tệp “%(name)s” bị hỏng hoặc không đọc được. ") + again,
        # PDF
        "pdf_header": _("Tệp không phải PDF hợp lệ: tệp PDF phải bắt đầu bằng “%%PDF-”."),
        "trailing_bytes": _(
            "Tệp %(kind)s “%(name)s” có %(size)d byte dữ liệu lạ sau phần kết thúc của tệp "
            "(có thể là mã độc ghép vào tệp). "
        )
        + again,
        "pdf_markup": _(
            "Tệp PDF “%(name)s” có chứa mã HTML hoặc mã chạy được (có thể là mã độc ghép "
            "vào tệp); đã từ chối. "
        )
        + again,
        "pdf_encrypted": _("Không nhận PDF có mật khẩu: hãy tải lên bản không khóa."),
        "pdf_no_pages": _("Tệp PDF không có trang nào."),
        "pdf_broken": _("Tệp PDF bị hỏng hoặc không đọc được."),
        "pdf_unsupported": _(
            "Tệp PDF “%(name)s” dùng cách nén hoặc tính năng mà máy chủ không đọc được. "
        )
        + again,
        "pdf_limit": _("Tệp PDF “%(name)s” vượt giới hạn đọc của máy chủ. ") + again,
        "pdf_objects": _("Tệp PDF quá phức tạp (hơn %(limit)d đối tượng)."),
        "pdf_script": _(
            "Tệp PDF có chứa mã JavaScript, tệp nhúng hoặc biểu mẫu chạy mã; đã từ chối."
        ),
        "pdf_action": _(
            "Tệp PDF có lệnh chạy chương trình, mở tệp khác hoặc mã JavaScript (%(action)s); "
            "đã từ chối."
        ),
        "pdf_open_uri": _(
            "Tệp PDF tự mở một địa chỉ web khi được mở (lệnh /URI tự chạy); đã từ chối."
        ),
        # Office archives
        "not_office": _("Tệp %(ext)s không phải tệp Office hợp lệ."),
        "zip_members": _("Tệp %(ext)s có quá nhiều phần (hơn %(limit)d); đã từ chối."),
        "encrypted": _("Không nhận tệp có mật khẩu: hãy tải lên bản không khóa."),
        "zip_broken": _("Tệp %(ext)s bị hỏng (phần “%(part)s” không giải nén được)."),
        "zip_duplicate": _("Tệp %(ext)s bị hỏng (phần “%(part)s” có hai lần)."),
        "embedded_ole": _(
            "Tệp có nhúng chương trình hoặc đối tượng OLE (“%(part)s”); đã từ chối. "
            "Hãy bỏ đối tượng nhúng rồi lưu lại tệp."
        ),
        "xml_too_big": _(
            "Tệp %(ext)s quá lớn khi giải nén: hơn %(mb)d MB nội dung (phần “%(part)s”); "
            "đã từ chối."
        ),
        "xml_doctype": _("Tệp %(ext)s bị hỏng (phần “%(part)s” có khai báo DOCTYPE)."),
        "xml_broken": _("Tệp %(ext)s bị hỏng (phần “%(part)s”, dòng %(line)d không đọc được)."),
        "missing_part": _("Tệp không phải văn bản %(ext)s thật (thiếu %(part)s)."),
        "macro": _("Không nhận tệp có macro hoặc mã chạy được (“%(part)s”)."),
        "external": _(
            "Tệp %(ext)s tải nội dung từ bên ngoài khi mở (quan hệ “%(kind)s”); đã từ chối. "
            "Hãy nhúng nội dung vào tệp hoặc bỏ liên kết rồi lưu lại."
        ),
        "link_target": _(
            "Tệp %(ext)s có liên kết tới “%(target)s”: chỉ nhận liên kết tới địa chỉ web "
            "(http, https) hoặc thư điện tử."
        ),
        "field": _(
            "Tệp %(ext)s có trường %(field)s chạy lệnh hoặc lấy nội dung từ tệp khác; đã từ chối."
        ),
        "field_nested": _(
            "Tệp %(ext)s có trường lấy tên từ kết quả của một trường lồng bên trong (một cách "
            "giấu lệnh DDE); đã từ chối."
        ),
        "odt_mimetype": _("Tệp không phải văn bản ODT (là %(what)s)."),
        # DOC
        "doc_not_word": _("Tệp DOC không phải văn bản Word hợp lệ."),
        "doc_missing_word": _("Tệp không phải văn bản Word (thiếu phần WordDocument)."),
        "doc_broken": _("Tệp DOC bị hỏng hoặc không đọc được."),
        "kind": _("Tệp “%(name)s”: chỉ nhận PDF, DOC, DOCX hoặc ODT."),
    }


def text_note_label(state, note):
    """What the editor reads about a file's taken-out text ("" when it is whole)."""
    if state == extracted.FULL:
        return ""
    reasons = {
        extracted.TIME: _("việc lấy chữ dừng sau %(seconds)s giây xử lý")
        % {"seconds": f"{TEXT_SECONDS:g}".replace(".", ",")},
        extracted.LENGTH: _("chỉ lấy %(count)s ký tự đầu")
        % {"count": f"{extracted.MAX_CHARS:,}".replace(",", ".")},
        extracted.PAGES: _("chỉ đọc %(pages)d trang đầu") % {"pages": MAX_PAGES},
        extracted.SCANNED: _("tệp không có lớp chữ (bản quét)"),
        extracted.FORMAT: _("không đọc chữ từ định dạng DOC cũ"),
    }
    reason = reasons.get(note, "")
    if state == extracted.PARTIAL:
        return _("Chữ lấy ra một phần: %(reason)s.") % {"reason": reason}
    return _("Chưa lấy được chữ: %(reason)s.") % {"reason": reason}
