"""The editorial workflow: the one place where an article changes status.

Admin actions, the admin form and management commands all call
``transition()``. It checks the move and the user's right to make it, stamps
who did it and when, records it in the admin log, and sends
``article_status_changed`` for side effects such as cache invalidation.
"""

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article

Status = Article.Status

# Which status may follow which.
ALLOWED = {
    Status.DRAFT: {Status.PENDING, Status.PUBLISHED},
    Status.PENDING: {Status.DRAFT, Status.PUBLISHED},
    Status.PUBLISHED: {Status.UNPUBLISHED, Status.PUBLISHED},
    Status.UNPUBLISHED: {Status.DRAFT, Status.PENDING, Status.PUBLISHED},
}
# Moves that need the editor's right to publish.
PUBLISHING = {Status.PUBLISHED, Status.UNPUBLISHED}

article_status_changed = Signal()  # sender=Article, article, old_status, user


class TransitionError(Exception):
    """A status change that is not allowed; the message is for the user."""


def can_publish(user):
    return user is not None and user.has_perm("news.publish_article")


def can_edit(user, article):
    """Editors edit any article; contributors only their own drafts and pending ones."""
    if user.has_perm("news.edit_any_article"):
        return True
    return (
        user.has_perm("news.change_article")
        and article.author_id == user.pk
        and article.status in (Status.DRAFT, Status.PENDING)
    )


def can_read_history(user, article):
    """Revisions hold every earlier state, drafts included: editors read any
    article's, contributors only their own articles'."""
    return user.has_perm("news.edit_any_article") or (
        user.has_perm("news.view_article") and article.author_id == user.pk
    )


def check(article, new_status, user, published_at=None):
    """Raise TransitionError if ``user`` may not move ``article`` to ``new_status``."""
    old_status = article.status
    if new_status == old_status and new_status != Status.PUBLISHED:
        return
    if new_status not in ALLOWED.get(old_status, set()):
        raise TransitionError(
            _("Không thể chuyển bài từ “%(old)s” sang “%(new)s”.")
            % {"old": Status(old_status).label, "new": Status(new_status).label}
        )
    if new_status in PUBLISHING and not can_publish(user):
        raise TransitionError(
            _("Bạn không có quyền xuất bản, hẹn giờ hay gỡ bài. Hãy gửi bài để biên tập duyệt.")
        )
    if new_status == Status.PENDING and not (can_publish(user) or article.author_id == user.pk):
        raise TransitionError(_("Chỉ tác giả hoặc biên tập viên mới gửi duyệt được bài này."))


MESSAGES = {
    Status.DRAFT: "Chuyển về bản nháp",
    Status.PENDING: "Gửi duyệt",
    Status.PUBLISHED: "Xuất bản",
    Status.UNPUBLISHED: "Gỡ bài",
}


def transition(article, new_status, user, published_at=None, save=True):
    """Move ``article`` to ``new_status`` on behalf of ``user``.

    Publishing with a future ``published_at`` schedules the article; without one
    it is published now. Returns the article.
    """
    new_status = Status(new_status)
    check(article, new_status, user, published_at)
    old_status = article.status
    now = timezone.now()
    if new_status == Status.PUBLISHED:
        if published_at is not None:
            article.published_at = published_at
        elif old_status != Status.PUBLISHED or article.published_at is None:
            article.published_at = now
        article.published_by = user
    if new_status != old_status:
        article.status_changed_at = now
    article.status = new_status
    if save:
        with transaction.atomic():
            article.save()
            _log(article, user, old_status, new_status)
        transaction.on_commit(
            lambda: article_status_changed.send(
                sender=Article, article=article, old_status=old_status, user=user
            )
        )
    return article


def _log(article, user, old_status, new_status):
    if user is None or not user.pk or old_status == new_status:
        return
    message = MESSAGES[new_status]
    if new_status == Status.PUBLISHED and article.is_scheduled:
        local = timezone.localtime(article.published_at)
        message = f"Hẹn giờ xuất bản lúc {local:%H:%M %d/%m/%Y}"
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[article],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


def describe(article):
    """The status as the newsroom says it, with "scheduled" told apart."""
    if article.deleted_at:
        return _("Đã xóa")
    if article.is_scheduled:
        return _("Hẹn giờ")
    return Status(article.status).label


def soft_delete(article, user):
    """Move ``article`` to the trash: hidden everywhere, recoverable until purged."""
    if not can_publish(user):
        raise TransitionError(_("Chỉ biên tập viên mới được xóa bài."))
    article.deleted_at = timezone.now()
    article.deleted_by = user
    article.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    transaction.on_commit(
        lambda: article_status_changed.send(
            sender=Article, article=article, old_status=article.status, user=user
        )
    )


def restore(article, user):
    """Take ``article`` out of the trash, with the status it had."""
    article.deleted_at = None
    article.deleted_by = None
    article.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[article],
        action_flag=CHANGE,
        change_message="Khôi phục từ thùng rác",
        single_object=True,
    )
