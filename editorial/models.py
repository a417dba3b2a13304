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

    @property
    def is_scheduled(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )
