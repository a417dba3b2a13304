"""What every kind of published content shares: status, publication, version, trash.

Like Mezzanine's ``Displayable`` and Wagtail's ``DraftStateMixin``, in the size
this site needs: a few fields and one QuerySet. ``published()`` is the one
definition of what the public sees, for articles, documents and whatever comes
next; ``is_published()`` is the same rule for one object. Status changes go
through ``editorial.workflow.transition()``.

A model that inherits it must have an ``author`` (who may edit a draft) and
keep ``Meta`` inheriting ``Publishable.Meta``, which adds the permissions the
workflow checks: ``publish_<model>``, ``edit_any_<model>`` and ``purge_<model>``.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PENDING = "pending", _("Chờ duyệt")
    PUBLISHED = "published", _("Đã xuất bản")
    UNPUBLISHED = "unpublished", _("Đã gỡ")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """The one definition of "visible to the public"."""
        return self.filter(
            status=Status.PUBLISHED,
            published_at__lte=timezone.now(),
            deleted_at__isnull=True,
        )

    def scheduled(self):
        return self.filter(
            status=Status.PUBLISHED, published_at__gt=timezone.now(), deleted_at__isnull=True
        )

    def next_publication(self):
        """When the next scheduled row goes public (a timestamp), or None.

        Registered with ``core.versioning`` by each content app, so cached
        pages go stale at that moment without a cron job.
        """
        upcoming = (
            self.scheduled().order_by("published_at").values_list("published_at", flat=True)
        ).first()
        return upcoming.timestamp() if upcoming else None

    def within_scope(self, user):
        """The items ``user`` may work on at all, by the kind's own limits.

        Every item by default; a kind whose items belong to sections (news:
        ``SectionAccess``) narrows it. The admin's list, its tabs and the
        dashboard start from it, so their counts agree.
        """
        return self


class Publishable(models.Model):
    Status = Status

    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("thời điểm xuất bản"),
        null=True,
        blank=True,
        help_text=_("Một thời điểm trong tương lai nghĩa là hẹn giờ đăng."),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xuất bản"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status_changed_at = models.DateTimeField(
        _("đổi trạng thái lúc"), null=True, blank=True, editable=False
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa cuối"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Optimistic locking: every save through the admin bumps it, and a form
    # opened on an older version is refused.
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    deleted_at = models.DateTimeField(_("xóa lúc"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xóa"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        default_permissions = ("add", "change", "delete", "view", "publish", "edit_any", "purge")

    def is_published(self):
        return (
            self.status == Status.PUBLISHED
            and self.deleted_at is None
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def publication_refusal(self):
        """Why this item may never be published (a message), or None.

        ``workflow.transition()`` asks it before every publication, so no path
        (form, action, command, shell) can publish what must stay internal.
        """
        return None

    def scope_refusal(self, user, action):
        """Why ``user`` may not ``action`` this item by the kind's own limits (a message), or None.

        ``action`` is "write" (edit, send for review) or "review" (publish,
        unpublish, trash, restore). No limits by default; news limits a user to
        their sections. ``workflow`` and ``permissions`` ask it, so every path
        (form, action, command, shell) keeps to the same limits.
        """
        return None

    def allows(self, user, action):
        return self.scope_refusal(user, action) is None

    @classmethod
    def scope_excludes_all(cls, user):
        """Whether ``user`` works on no item of this kind at all (``editorial.scopes``).

        The admin then hides the kind from them: no list, no add button, no
        choices of its items in other forms.
        """
        return False

    @property
    def is_scheduled(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )


class Autosave(models.Model):
    """One user's unsaved form for one item (or for a new one): a slot, not a revision.

    The writing screen posts its form here every few seconds while someone
    types; saving the form for real empties the slot. ``base_version`` is the
    item's ``version`` the form was opened on, so a copy older than what is
    stored is refused by the form's version check when restored.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="autosaves"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    # None for an item not saved yet (the "add" page).
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    base_version = models.PositiveIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField()
    # Which page (browser tab) wrote it last, to tell two tabs apart.
    tab = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        verbose_name = _("bản tự lưu")
        verbose_name_plural = _("bản tự lưu")
        # Two partial constraints: NULLs are distinct in a plain unique index.
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"],
                condition=models.Q(object_id__isnull=False),
                name="autosave_one_per_item",
            ),
            models.UniqueConstraint(
                fields=["user", "content_type"],
                condition=models.Q(object_id__isnull=True),
                name="autosave_one_per_new_item",
            ),
        ]
        indexes = [models.Index(fields=["saved_at"], name="autosave_saved_at_idx")]

    def __str__(self):
        return f"{self.user} · {self.content_type} {self.object_id or '+'} · {self.saved_at}"

    def is_stale(self, stored_version):
        """Whether the item was saved (by anyone) after this copy's form was opened."""
        return (
            self.object_id is not None
            and stored_version is not None
            and (self.base_version or 0) < stored_version
        )


class ReviewNoteQuerySet(models.QuerySet):
    def unresolved(self):
        return self.filter(resolved_at__isnull=True)

    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        )


class ReviewNote(models.Model):
    """An editor's note when sending an item back to its author (``workflow.send_back``).

    Resolved when the author sends the item for review again.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("biên tập viên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("ghi chú"))
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)
    resolved_at = models.DateTimeField(_("đã xử lý lúc"), null=True, blank=True)

    objects = ReviewNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("ghi chú trả lại")
        verbose_name_plural = _("ghi chú trả lại")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="reviewnote_object_idx"),
        ]

    def __str__(self):
        return self.note[:60]
