"""Bulk upload: several photos in one request, each with its own alt text, caption and credit.

Each file is one form of a formset and goes through the same checks as a
single upload (``ImageForm``: ``clean_upload``, then ``store``). Files are
saved one by one, each row in its own transaction, so a bad file never stops
the good ones, and nothing is half-saved: a refused file is never stored, and
a stored file whose row could not be written is deleted again.

Limits, and why:

- ``MAX_FILES`` photos a batch: a page of forms one can still check by eye.
- ``MAX_BATCH_BYTES`` of files a batch, under nginx's ``client_max_body_size
  25m`` (README) with room for the text fields. A bigger request never reaches
  Django: nginx answers 413 with a page of its own.
- ``TIME_BUDGET`` seconds: gunicorn kills a worker after 30 s (GUNICORN_TIMEOUT).
  Through this view, on our 2-core machine, a 12-megapixel camera JPEG (4 MB)
  cost 4.1 s of CPU and a 24-megapixel one (8 MB) 6.2 s, two thirds of it for
  the renditions made as each row commits; the largest still allowed (40
  megapixels) may take ~10 s. So no new file is started after 15 s, and those
  left are handed back, with what was typed, to send again: about four camera
  photos go through per request, twenty web-sized ones (1-2 megapixels).
"""

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import nfc

from .forms import ImageForm
from .uploads import MAX_BYTES

MAX_FILES = 20
MAX_BATCH_BYTES = 24 * 1024 * 1024
TIME_BUDGET = 15.0
PREFIX = "anh"
# Rows of the form without JavaScript (which adds one row per chosen file).
ROWS_WITHOUT_SCRIPT = 5
# What the file chooser offers; the server checks the content whatever the name.
ACCEPT = ".jpg,.jpeg,.png,.webp,.gif,image/jpeg,image/png,image/webp,image/gif"


def title_from_filename(name):
    """'Hoi-nghi_so_ket.2019.jpg' -> 'Hoi nghi so ket.2019'; bulk-upload.js does the same."""
    stem = PurePath(name or "").name
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    return " ".join(stem.replace("_", " ").replace("-", " ").split())[:255]


class BulkImageForm(ImageForm):
    """One file of a batch; its title, when left blank, comes from the file's name."""

    title = forms.CharField(
        label=ImageForm.base_fields["title"].label,
        max_length=255,
        required=False,
        help_text=gettext_lazy("Để trống thì lấy theo tên tệp."),
    )
    # A batch's rows have no "Vẫn lưu thành ảnh mới" box to tick.
    check_duplicates = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ACCEPT

    @property
    def file_name(self):
        upload = self.files.get(self.add_prefix("file"))
        return nfc(PurePath(upload.name).name) if upload else ""

    def clean_title(self):
        title = (self.cleaned_data.get("title") or "").strip() or title_from_filename(
            self.file_name
        )
        if not title and self.file_name:
            raise ValidationError(_("Hãy đặt tiêu đề cho ảnh."))
        return title


BulkUploadFormSet = forms.formset_factory(
    BulkImageForm,
    extra=ROWS_WITHOUT_SCRIPT,
    max_num=MAX_FILES,
    absolute_max=MAX_FILES,
    validate_max=True,
)


@dataclass
class Refused:
    """A form of the batch that was not saved, and why, in words for the page.

    A ``deferred`` form was never checked (time or size ran out): its form is
    an unbound copy holding what was typed, and its reason is the row's only one.
    """

    form: BulkImageForm
    name: str
    reasons: list
    deferred: bool = False


@dataclass
class Batch:
    saved: list = field(default_factory=list)
    refused: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # with the batch as a whole: nothing was done


def _reasons(form):
    """The first error of each field, after its label: the row shows them all."""
    reasons = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        reasons.append(f"{label}: {errors[0]}" if label else errors[0])
    return reasons


def _typed_again(form):
    """An unbound copy of ``form`` (same prefix) holding what was typed, for forms never checked."""
    initial = {name: form.data.get(form.add_prefix(name), "") for name in form.fields}
    initial.pop("file")
    return BulkImageForm(prefix=form.prefix, initial=initial)


def _now():
    return time.monotonic()


def save_batch(formset, user, after_save=None):
    """Check and save each filled form of ``formset``; return a ``Batch``.

    ``after_save(image)`` runs inside each photo's transaction (the admin logs
    the addition there). Renditions follow each commit, as for one upload.
    """
    batch = Batch()
    management = formset.management_form
    if not management.is_valid():
        batch.problems.append(_("Biểu mẫu tải lên thiếu dữ liệu. Hãy tải lại trang rồi thử lại."))
        return batch
    if management.cleaned_data["TOTAL_FORMS"] > MAX_FILES:
        # Only a hand-made request gets here: the page never sends more rows.
        batch.problems.append(_("Mỗi lượt tải lên tối đa %(max)d ảnh.") % {"max": MAX_FILES})
        return batch
    started = _now()
    total_bytes = 0
    number = 0
    for form in formset.forms:
        if not form.has_changed():
            continue  # an empty row
        number += 1
        name = form.file_name or _("Ảnh thứ %(number)d") % {"number": number}
        upload = form.files.get(form.add_prefix("file"))
        size = upload.size if upload else 0
        if (batch.saved or batch.refused) and _now() - started > TIME_BUDGET:
            batch.refused.append(Refused(_typed_again(form), name, [_late()], deferred=True))
            continue
        if size <= MAX_BYTES:  # a larger file is refused by the form, with its own reason
            if total_bytes + size > MAX_BATCH_BYTES:
                batch.refused.append(Refused(_typed_again(form), name, [_too_big()]))
                continue
            total_bytes += size
        if not form.is_valid():
            batch.refused.append(Refused(form, name, _reasons(form)))
            continue
        image = form.save(commit=False)
        image.uploaded_by = user
        try:
            with transaction.atomic():
                image.save()
                if after_save is not None:
                    after_save(image)
        except BaseException:
            # The file was stored while the form was checked: no row refers to it now.
            with contextlib.suppress(OSError):
                image.file.storage.delete(image.file.name)
            raise
        batch.saved.append(image)
    if not number:
        batch.problems.append(_("Chưa có ảnh nào để lưu: hãy chọn ít nhất một tệp ảnh."))
    return batch


def _late():
    return _(
        "Chưa xử lý: lượt tải lên này đã dùng hết thời gian cho phép (%(seconds)d giây). "
        "Hãy chọn lại tệp và gửi ảnh này ở lượt sau."
    ) % {"seconds": TIME_BUDGET}


def _too_big():
    return _(
        "Chưa xử lý: các tệp của lượt này cộng lại vượt %(mb)d MB. "
        "Hãy chọn lại tệp và gửi ảnh này ở lượt sau."
    ) % {"mb": MAX_BATCH_BYTES // (1024 * 1024)}


def limits():
    """The batch limits, as the page and its script tell them."""
    return {
        "max_files": MAX_FILES,
        "max_batch_bytes": MAX_BATCH_BYTES,
        "max_batch_mb": MAX_BATCH_BYTES // (1024 * 1024),
    }
