"""The library's upload form: the same checks wherever a photo comes in (admin, picker, bulk)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Image
from .uploads import CleanedImage, clean_upload, store


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
        if not self.errors and isinstance(upload, CleanedImage):
            try:
                cleaned["file"] = store(upload, self.instance)
            except ValidationError as exc:
                self.add_error("file", exc)
        return cleaned
