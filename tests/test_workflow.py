import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from news import workflow
from news.models import Article
from tests.factories import ArticleFactory

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


def test_status_signal_is_sent_after_commit(
    editor, contributor, category, django_capture_on_commit_callbacks
):
    seen = []

    def receiver(sender, article, old_status, user, **kwargs):
        seen.append((article.pk, old_status, article.status, user))

    workflow.article_status_changed.connect(receiver)
    try:
        article = draft(contributor, category)
        with django_capture_on_commit_callbacks(execute=True):
            workflow.transition(article, Status.PUBLISHED, editor)
    finally:
        workflow.article_status_changed.disconnect(receiver)
    assert seen == [(article.pk, Status.DRAFT, Status.PUBLISHED, editor)]
