"""The photo library: every photo once, reused as a cover, in a body, an album or a portrait.

The tables keep the names they had when the library lived in ``news``
(``news_image``, ``news_rendition``): the models moved with state-only
migrations, so no row or file was copied.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import fold

from .uploads import clean_upload, digest

# What the library's search looks in (the admin's and the editor's picker).
SEARCHED_FIELDS = ("title", "caption", "credit", "alt_text")
MAX_SEARCH_WORDS = 10
_NOT_LOADED = object()


def image_upload_to(instance, filename):
    """Store uploads under a random name: the client's file name is never trusted."""
    ext = PurePath(filename).suffix.lower().lstrip(".")
    ext = {"jpeg": "jpg"}.get(ext, ext)
    if ext not in {"jpg", "png", "webp", "gif"}:
        ext = "jpg"
    now = timezone.now()
    return f"images/{now:%Y/%m}/{uuid.uuid4().hex}.{ext}"


class ImageQuerySet(models.QuerySet):
    def search(self, query):
        """Photos whose title, caption, credit or alt text hold every word of ``query``.

        With or without diacritics: "hoi nghi" finds "Hội nghị", "Thành uỷ"
        finds "Thành ủy". Both sides are folded by ``core.text.fold``; the
        photo's side once, on save, into ``search_text``. The search engine
        (``search``) is for what the public reads; a folded substring is enough
        for a newsroom's library, and a search for "hội" also finds "hội nghị".
        """
        found = self
        for word in fold(query or "").split()[:MAX_SEARCH_WORDS]:
            found = found.filter(search_text__contains=word)
        return found


class Image(models.Model):
    """A photo in the media library, reusable as a cover or inside a body."""

    file = models.ImageField(
        _("tệp ảnh"), upload_to=image_upload_to, width_field="width", height_field="height"
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    alt_text = models.CharField(
        _("mô tả thay thế (alt)"),
        max_length=255,
        help_text=_("Mô tả nội dung ảnh cho người khiếm thị. Bắt buộc."),
    )
    caption = models.TextField(_("chú thích ảnh"), blank=True)
    credit = models.CharField(_("tác giả ảnh"), max_length=255, blank=True)
    width = models.PositiveIntegerField(_("chiều rộng"), editable=False, default=0)
    height = models.PositiveIntegerField(_("chiều cao"), editable=False, default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    # Folded title, caption, credit and alt text (ImageQuerySet.search), kept by save().
    search_text = models.TextField(editable=False, blank=True, default="")
    # SHA-256 of the stored file (``uploads.digest``), kept by save(): the upload
    # forms warn when a photo with the same bytes is in the library already.
    content_hash = models.CharField(
        _("mã băm nội dung"), max_length=64, editable=False, blank=True, default="", db_index=True
    )

    objects = ImageQuerySet.as_manager()

    class Meta:
        db_table = "news_image"
        verbose_name = _("ảnh")
        verbose_name_plural = _("thư viện ảnh")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Every path (admin, picker, shell, demo) stores a checked, re-encoded
        # file without metadata; forms clean earlier to show errors nicely.
        # Renditions follow in images/signals.py, told by ``new_file``.
        self.search_text = fold(" ".join(getattr(self, name) or "" for name in SEARCHED_FIELDS))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(SEARCHED_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        self.new_file = None
        stored = getattr(self, "_stored_file", None)
        if self.file and not self.file._committed:
            upload = self.file.file
            if not getattr(upload, "cleaned", False):
                self.file = clean_upload(upload)
            self.new_file = "replaced" if self.pk is not None else "added"
        elif self.file and stored is not _NOT_LOADED and self.file.name != stored:
            # ImageForm writes the file to storage while checking it (a full
            # disk is then a form error), so it arrives here already committed.
            self.new_file = "replaced" if self.pk is not None else "added"
        if self.new_file:
            if self.file._committed:  # stored by the form already: read it back
                with self.file.storage.open(self.file.name, "rb") as stored:
                    self.content_hash = digest(stored)
            else:
                self.content_hash = digest(self.file.file)
            if update_fields is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "content_hash"}
        super().save(*args, **kwargs)
        self._stored_file = self.file.name if self.file else ""

    def same_content(self, content_hash):
        """Other photos of the library with these very bytes (``content_hash``)."""
        if not content_hash:
            return Image.objects.none()
        return Image.objects.filter(content_hash=content_hash).exclude(pk=self.pk)

    def clean(self):
        if not (self.alt_text or "").strip():
            raise ValidationError({"alt_text": _("Ảnh phải có mô tả thay thế (alt).")})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The stored file's name, for save() to tell whether the file changed.
        instance._stored_file = instance.__dict__.get("file", _NOT_LOADED)
        return instance


class Rendition(models.Model):
    """A resized copy of an Image, generated once and stored (as in Wagtail)."""

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    format = models.CharField(max_length=8, choices=Format.choices)
    file = models.ImageField(
        upload_to="renditions/%Y/%m/", width_field="width", height_field="height"
    )

    class Meta:
        db_table = "news_rendition"
        verbose_name = _("bản thu nhỏ")
        verbose_name_plural = _("bản thu nhỏ")
        constraints = [
            models.UniqueConstraint(
                fields=["image", "width", "format"], name="unique_rendition_per_size"
            )
        ]

    def __str__(self):
        return f"{self.image_id}@{self.width}.{self.format}"
