"""The library's upload form: the same checks wherever a photo comes in (admin, picker, bulk)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Image
from .uploads import CleanedImage, clean_upload, digest, store


class ImageForm(forms.ModelForm):
    # A plain file field: images.uploads.clean_upload makes every check itself,
    # with messages that say what is wrong.
    file = forms.FileField(
        label=gettext_lazy("Tệp ảnh"),
        help_text=gettext_lazy(
            "JPEG, PNG, WebP hoặc GIF; tối đa 20 MB và 40 triệu điểm ảnh. Ảnh động: tối đa "
            "300 khung hình và 16 triệu điểm ảnh cho mọi khung hình cộng lại."
        ),
    )

    # Shown once a duplicate was found (``clean``): the same bytes saved again on purpose.
    keep_duplicate = forms.BooleanField(
        label=gettext_lazy("Vẫn lưu thành ảnh mới"),
        required=False,
        widget=forms.HiddenInput,
    )
    # Whether a file with the bytes of a library photo is refused until
    # ``keep_duplicate`` is ticked; the photo found is ``self.duplicate``.
    check_duplicates = True
    field_order = ("file", "keep_duplicate")

    class Meta:
        model = Image
        fields = ("file", "title", "alt_text", "caption", "credit")
        widgets = {"caption": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "alt_text": {
                "required": gettext_lazy("Ảnh phải có mô tả thay thế (alt) cho người khiếm thị.")
            }
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # a new upload, not the stored file
            return clean_upload(upload)
        return upload

    def clean_alt_text(self):
        alt = (self.cleaned_data.get("alt_text") or "").strip()
        if not alt:
            raise ValidationError(_("Ảnh phải có mô tả thay thế (alt) cho người khiếm thị."))
        return alt

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        self.duplicate = None
        if not self.errors and isinstance(upload, CleanedImage) and self.check_duplicates:
            self.duplicate = self.instance.same_content(digest(upload)).first()
            if self.duplicate is not None and not cleaned.get("keep_duplicate"):
                self.add_error("file", self.duplicate_message(self.duplicate))
                self.fields["keep_duplicate"].widget = forms.CheckboxInput()
        if not self.errors and isinstance(upload, CleanedImage):
            try:
                cleaned["file"] = store(upload, self.instance)
            except ValidationError as exc:
                self.add_error("file", exc)
        return cleaned

    @staticmethod
    def duplicate_message(photo):
        when = timezone.localtime(photo.uploaded_at)
        return ValidationError(
            format_html(
                'Ảnh này đã có trong thư viện: <a href="{}" target="_blank">{}</a> '
                "(tải lên ngày {}). Hãy dùng ảnh có sẵn; nếu thật sự cần thêm một bản, "
                "đánh dấu “{}” rồi chọn lại tệp.",
                reverse("admin:images_image_change", args=[photo.pk]),
                photo.title,
                f"{when:%d/%m/%Y}",
                _("Vẫn lưu thành ảnh mới"),
            ),
            code="duplicate",
        )
