"""What follows a change of any published content: the audit log and fresh pages."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from core import versioning

from .models import Autosave, Publishable, ReviewNote, Status
from .workflow import status_changed

MESSAGES = {
    Status.DRAFT: "Chuyển về bản nháp",
    Status.PENDING: "Gửi duyệt",
    Status.PUBLISHED: "Xuất bản",
    Status.UNPUBLISHED: "Gỡ bài",
}
SENT_BACK = "Trả lại cho tác giả"


def audit(sender, obj, old_status, new_status, user, action, **kwargs):
    """One line in "Nhật ký thao tác" per status change and per restore from the trash.

    Runs inside the saving transaction: the line and the change commit together.
    (Moving to the trash is logged by the admin's own deletion entry.)
    """
    if user is None or not user.pk:
        return
    if action == "restore":
        message = "Khôi phục từ thùng rác"
    elif action == "send_back":
        message = f"{SENT_BACK}: {kwargs.get('note', '')}"[:200]
    elif action == "status" and old_status != new_status:
        message = MESSAGES[Status(new_status)]
        if new_status == Status.PUBLISHED and obj.is_scheduled:
            local = timezone.localtime(obj.published_at)
            message = f"Hẹn giờ xuất bản lúc {local:%H:%M %d/%m/%Y}"
    else:
        return
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


def content_changed(sender, **kwargs):
    if issubclass(sender, Publishable):
        versioning.changed()


def forget_purged(sender, instance, **kwargs):
    """A purged item takes its autosave slots and review notes with it."""
    if issubclass(sender, Publishable):
        content_type = ContentType.objects.get_for_model(sender)
        Autosave.objects.filter(content_type=content_type, object_id=instance.pk).delete()
        ReviewNote.objects.filter(content_type=content_type, object_id=instance.pk).delete()


def connect():
    status_changed.connect(audit, dispatch_uid="editorial_audit")
    post_save.connect(content_changed, dispatch_uid="editorial_content_saved")
    post_delete.connect(content_changed, dispatch_uid="editorial_content_deleted")
    post_delete.connect(forget_purged, dispatch_uid="editorial_forget_purged")
