import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from editorial import workflow
from news.models import Article
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db
Status = Article.Status


def draft(author, category):
    return ArticleFactory(author=author, category=category, status=Status.DRAFT, published_at=None)


def test_contributor_submits_for_review(contributor, category):
    article = draft(contributor, category)
    workflow.transition(article, Status.PENDING, contributor)
    article.refresh_from_db()
    assert article.status == Status.PENDING


@pytest.mark.parametrize("target", [Status.PUBLISHED, Status.UNPUBLISHED])
def test_contributor_cannot_publish_or_unpublish(contributor, category, target):
    article = draft(contributor, category)
    with pytest.raises(workflow.TransitionError):
        workflow.transition(article, target, contributor)
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_publishing_stamps_who_and_when(editor, contributor, category):
    article = draft(contributor, category)
    workflow.transition(article, Status.PUBLISHED, editor)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.published_by == editor
    assert abs(article.published_at - timezone.now()) < dt.timedelta(seconds=5)
    assert article.is_published()
    entry = LogEntry.objects.get(object_id=str(article.pk))
    assert entry.user == editor and entry.change_message == "Xuất bản"


def test_future_date_schedules_without_cron(editor, contributor, category):
    article = draft(contributor, category)
    when = timezone.now() + dt.timedelta(hours=2)
    workflow.transition(article, Status.PUBLISHED, editor, published_at=when)
    article.refresh_from_db()
    assert article.is_scheduled
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert workflow.describe(article) == "Hẹn giờ"
    assert "Hẹn giờ" in LogEntry.objects.get(object_id=str(article.pk)).change_message
    # Time passes: the same query now shows it, with nothing run in between.
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_unpublish_hides_article(editor, article):
    workflow.transition(article, Status.UNPUBLISHED, editor)
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_no_jump_from_published_to_pending(editor, article):
    with pytest.raises(workflow.TransitionError):
        workflow.transition(article, Status.PENDING, editor)


def test_status_changed_is_sent_inside_the_saving_transaction(editor, contributor, category):
    """The signal that replaced the orphan article_status_changed: sent once per
    status change, with the stored change, inside the save's transaction, so its
    receivers (the audit log) commit or roll back with it."""
    from django.db import transaction

    seen = []

    def receiver(sender, obj, old_status, new_status, user, action, **kwargs):
        stored = type(obj).objects.get(pk=obj.pk)
        seen.append((sender, obj.pk, old_status, new_status, stored.status, user, action))

    workflow.status_changed.connect(receiver)
    try:
        article = draft(contributor, category)
        workflow.transition(article, Status.PUBLISHED, editor)
        with pytest.raises(RuntimeError), transaction.atomic():
            workflow.transition(article, Status.UNPUBLISHED, editor)
            raise RuntimeError("the request failed after the change")
    finally:
        workflow.status_changed.disconnect(receiver)
    assert seen[0] == (
        Article,
        article.pk,
        Status.DRAFT,
        Status.PUBLISHED,
        Status.PUBLISHED,
        editor,
        "status",
    )
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED  # the unpublish rolled back ...
    messages = list(
        LogEntry.objects.filter(object_id=str(article.pk)).values_list("change_message", flat=True)
    )
    assert messages == ["Xuất bản"]  # ... and its audit line with it
