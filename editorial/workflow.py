"""The editorial workflow: the one place where content changes status.

Admin actions, admin forms (restoring a revision included) and management
commands all call ``transition()``, for articles, documents and every other
``Publishable``. It checks the move and the user's right to make it, stamps
who did it and when, and sends ``status_changed`` inside the saving
transaction; its receivers (``editorial/signals.py`` writes the audit log)
commit or roll back with the save.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ReviewNote, Status
from .permissions import can_publish

# Which status may follow which.
ALLOWED = {
    Status.DRAFT: {Status.PENDING, Status.PUBLISHED},
    Status.PENDING: {Status.DRAFT, Status.PUBLISHED},
    Status.PUBLISHED: {Status.UNPUBLISHED, Status.PUBLISHED},
    Status.UNPUBLISHED: {Status.DRAFT, Status.PENDING, Status.PUBLISHED},
}
# Moves that need the editor's right to publish.
PUBLISHING = {Status.PUBLISHED, Status.UNPUBLISHED}

# sender=the model; obj, old_status, new_status, user. Sent inside the
# transaction of the save, after it; also for trash and restore, with
# old_status == new_status and ``action`` "trash" or "restore"; ``action``
# "send_back" (with ``note``) when an editor returns an item to its author.
status_changed = Signal()


class TransitionError(Exception):
    """A status change that is not allowed; the message is for the user."""


def check(obj, new_status, user, content=True):
    """Raise TransitionError if ``user`` may not move ``obj`` to ``new_status``.

    ``content=False`` asks only whether the move and the user's rights allow
    it, not whether the item as it stands may be published (the writing
    screen's buttons: the form being saved with the button may complete it).
    """
    old_status = obj.status
    if new_status == old_status and new_status != Status.PUBLISHED:
        return
    if new_status not in ALLOWED.get(old_status, set()):
        raise TransitionError(
            _("Không thể chuyển từ “%(old)s” sang “%(new)s”.")
            % {"old": Status(old_status).label, "new": Status(new_status).label}
        )
    if new_status in PUBLISHING and not can_publish(user, obj):
        raise TransitionError(
            _("Bạn không có quyền xuất bản, hẹn giờ hay gỡ bài. Hãy gửi bài để biên tập duyệt.")
        )
    if new_status == Status.PENDING and not (can_publish(user, obj) or obj.author_id == user.pk):
        raise TransitionError(_("Chỉ tác giả hoặc biên tập viên mới gửi duyệt được bài này."))
    _check_scope(obj, user, "review" if new_status in PUBLISHING else "write")
    if content and new_status == Status.PUBLISHED:
        refusal = obj.publication_refusal()
        if refusal:
            raise TransitionError(refusal)


def transition(obj, new_status, user, published_at=None, save=True):
    """Move ``obj`` to ``new_status`` on behalf of ``user``; return it.

    Publishing with a future ``published_at`` schedules it; without one it is
    published now.
    """
    new_status = Status(new_status)
    check(obj, new_status, user)
    old_status = obj.status
    now = timezone.now()
    if new_status == Status.PUBLISHED:
        if published_at is not None:
            obj.published_at = published_at
        elif old_status != Status.PUBLISHED or obj.published_at is None:
            obj.published_at = now
        obj.published_by = user
    if new_status != old_status:
        obj.status_changed_at = now
    obj.status = new_status
    if save:
        with transaction.atomic():
            obj.save()
            if new_status in (Status.PENDING, Status.PUBLISHED) and old_status != new_status:
                # Sent for review again, or published as it is: the editor's
                # note has been dealt with (an internal remark must not stay
                # on a published item for every staff user to read).
                ReviewNote.objects.for_object(obj).unresolved().update(resolved_at=now)
            _announce(obj, old_status, new_status, user, action="status")
    return obj


def send_back(obj, user, note):
    """Return a pending item to its author as a draft, with the editor's ``note``.

    The note is shown to the author on the item and on their dashboard until
    they send the item for review again (``transition()`` resolves it).
    """
    note = (note or "").strip()
    if not can_publish(user, obj):
        raise TransitionError(_("Chỉ biên tập viên mới trả lại bài cho tác giả được."))
    if obj.status != Status.PENDING:
        raise TransitionError(_("Chỉ trả lại được bài đang chờ duyệt."))
    if not note:
        raise TransitionError(_("Hãy ghi lý do trả lại cho tác giả."))
    check(obj, Status.DRAFT, user)
    _check_scope(obj, user, "review")  # returning is reviewing
    now = timezone.now()
    obj.status = Status.DRAFT
    obj.status_changed_at = now
    obj.last_edited_by = user
    obj.version += 1  # a form opened on the pending item is now out of date
    with transaction.atomic():
        obj.save()
        review = ReviewNote.objects.create(
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_id=obj.pk,
            author=user,
            note=note,
            created_at=now,
        )
        _announce(obj, Status.PENDING, Status.DRAFT, user, action="send_back", note=note)
    return review


def soft_delete(obj, user):
    """Move ``obj`` to the trash: hidden everywhere, recoverable until purged."""
    if not can_publish(user, obj):
        raise TransitionError(_("Chỉ biên tập viên mới được xóa."))
    _check_scope(obj, user, "review")
    obj.deleted_at = timezone.now()
    obj.deleted_by = user
    with transaction.atomic():
        obj.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        _announce(obj, obj.status, obj.status, user, action="trash")


def restore(obj, user):
    """Take ``obj`` out of the trash, with the status it had."""
    _check_scope(obj, user, "review")
    obj.deleted_at = None
    obj.deleted_by = None
    with transaction.atomic():
        obj.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        _announce(obj, obj.status, obj.status, user, action="restore")


def _check_scope(obj, user, action):
    """The item's own limits on who works on it (news: the user's sections)."""
    refusal = obj.scope_refusal(user, action)
    if refusal:
        raise TransitionError(refusal)


def _announce(obj, old_status, new_status, user, action, **extra):
    status_changed.send(
        sender=type(obj),
        obj=obj,
        old_status=old_status,
        new_status=new_status,
        user=user,
        action=action,
        **extra,
    )


def done_message(obj, old_status, new_status):
    """What a status change did, as the history says it ("Đã xuất bản")."""
    if new_status == Status.PUBLISHED and obj.is_scheduled:
        local = timezone.localtime(obj.published_at)
        return _("Đã hẹn giờ đăng lúc %(when)s") % {"when": f"{local:%H:%M %d/%m/%Y}"}
    return {
        Status.DRAFT: _("Đã chuyển về bản nháp"),
        Status.PENDING: _("Đã gửi duyệt"),
        Status.PUBLISHED: _("Đã xuất bản"),
        Status.UNPUBLISHED: _("Đã gỡ xuống"),
    }[Status(new_status)]


def describe(obj):
    """The status as the newsroom says it, with "scheduled" and "deleted" told apart."""
    if obj.deleted_at:
        return _("Đã xóa")
    if obj.is_scheduled:
        return _("Hẹn giờ")
    return Status(obj.status).label
