import pytest
from django.contrib.admin.models import DELETION, LogEntry

from news.models import Article
from tests.news.admin_helpers import CHANGELIST_URL
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_deleting_a_published_article_is_recoverable(client, editor, article):
    url = article.get_absolute_url()
    client.force_login(editor)
    response = client.post(f"/admin/news/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    article.refresh_from_db()  # still stored
    assert article.deleted_at and article.deleted_by == editor
    assert not article.is_published()
    assert LogEntry.objects.filter(object_id=str(article.pk), action_flag=DELETION).exists()

    listed = client.get(CHANGELIST_URL).context["cl"].result_list
    assert article not in listed
    assert article in client.get(CHANGELIST_URL, {"thung_rac": "1"}).context["cl"].result_list

    client.logout()
    assert client.get(url).status_code == 404

    client.force_login(editor)
    client.post(
        CHANGELIST_URL + "?thung_rac=1", {"action": "restore", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.deleted_at is None and article.is_published()
    client.logout()
    assert client.get(url).status_code == 200


def test_bulk_delete_is_soft_too(client, editor, category):
    articles = ArticleFactory.create_batch(3, category=category)
    client.force_login(editor)
    client.post(
        CHANGELIST_URL,
        {"action": "delete_selected", "_selected_action": [a.pk for a in articles], "post": "yes"},
    )
    assert Article.objects.filter(deleted_at__isnull=False).count() == 3


def test_only_admins_purge_and_only_from_the_trash(client, editor, site_admin, article):
    client.force_login(editor)
    client.post(f"/admin/news/article/{article.pk}/delete/", {"post": "yes"})
    client.post(
        CHANGELIST_URL + "?thung_rac=1", {"action": "purge", "_selected_action": [article.pk]}
    )
    assert Article.objects.filter(pk=article.pk).exists()  # editors cannot purge

    client.force_login(site_admin)
    client.post(
        CHANGELIST_URL + "?thung_rac=1", {"action": "purge", "_selected_action": [article.pk]}
    )
    assert not Article.objects.filter(pk=article.pk).exists()
    assert LogEntry.objects.filter(object_id=str(article.pk), action_flag=DELETION).count() == 2


def test_contributor_cannot_delete(client, contributor, category):
    own = ArticleFactory(author=contributor, category=category, status=Article.Status.DRAFT)
    client.force_login(contributor)
    client.post(f"/admin/news/article/{own.pk}/delete/", {"post": "yes"})
    client.post(
        CHANGELIST_URL, {"action": "delete_selected", "_selected_action": [own.pk], "post": "yes"}
    )
    own.refresh_from_db()
    assert own.deleted_at is None


def test_audit_trail_records_who_did_what(client, editor, contributor, site_admin, category):
    from tests.news.admin_helpers import ADD_URL, form_data

    client.force_login(contributor)
    client.post(ADD_URL, form_data(title="Tin kiểm tra nhật ký", category=category.pk))
    article = Article.objects.get(title="Tin kiểm tra nhật ký")
    client.force_login(editor)
    client.post(CHANGELIST_URL, {"action": "publish_now", "_selected_action": [article.pk]})
    client.post(CHANGELIST_URL, {"action": "unpublish", "_selected_action": [article.pk]})
    client.post(f"/admin/news/article/{article.pk}/delete/", {"post": "yes"})

    entries = LogEntry.objects.filter(object_id=str(article.pk)).order_by("action_time", "pk")
    summary = [
        (e.user.username, e.get_change_message() or e.get_action_flag_display()) for e in entries
    ]
    assert summary[0][0] == "phongvien"
    assert ("bientap", "Xuất bản") in summary and ("bientap", "Gỡ bài") in summary
    assert entries.last().action_flag == DELETION and entries.last().user == editor

    client.force_login(site_admin)
    page = client.get("/admin/admin/logentry/")
    assert page.status_code == 200 and "Tin kiểm tra nhật ký" in page.content.decode()
    client.force_login(editor)
    assert client.get("/admin/admin/logentry/").status_code == 403
