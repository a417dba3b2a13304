"""An editor sends a pending item back to its author with a note."""

from html import unescape

import pytest
from django.contrib.admin.models import LogEntry

from editorial import scopes, workflow
from editorial.models import ReviewNote
from news.models import Article
from tests.documents.factories import DocumentFactory
from tests.news.admin_helpers import CHANGELIST_URL, change_url, form_data
from tests.news.factories import ArticleFactory
from tests.newsroom.test_dashboard import links, widget

pytestmark = pytest.mark.django_db
Status = Article.Status
NOTE = "Sapo quá dài; kiểm tra lại số liệu đoạn 2."


@pytest.fixture
def pending(contributor, category):
    article = ArticleFactory(
        title="Bài chờ duyệt về dân vận",
        author=contributor,
        category=category,
        status=Status.DRAFT,
        published_at=None,
    )
    workflow.transition(article, Status.PENDING, contributor)
    return article


def send_back_url(article):
    return f"/admin/news/article/{article.pk}/tra-lai/"


def test_an_editor_sends_back_with_a_note(client, editor, pending):
    client.force_login(editor)
    page = client.get(change_url(pending)).content.decode()
    assert send_back_url(pending) in page and "Trả lại cho tác giả" in page
    assert client.get(send_back_url(pending)).status_code == 200
    version = pending.version
    response = client.post(send_back_url(pending), {"note": NOTE})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Status.DRAFT and pending.version == version + 1
    note = ReviewNote.objects.get()
    assert note.author == editor and note.note == NOTE and note.resolved_at is None
    entry = LogEntry.objects.filter(object_id=str(pending.pk)).latest("action_time")
    assert entry.user == editor and entry.change_message.startswith("Trả lại cho tác giả: Sapo")


def test_the_note_is_required(client, editor, pending):
    client.force_login(editor)
    response = client.post(send_back_url(pending), {"note": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors
    pending.refresh_from_db()
    assert pending.status == Status.PENDING and not ReviewNote.objects.exists()
    with pytest.raises(workflow.TransitionError):
        workflow.send_back(pending, editor, "")


def test_a_contributor_cannot_send_back(client, contributor, other_contributor, pending):
    client.force_login(contributor)
    assert send_back_url(pending) not in client.get(change_url(pending)).content.decode()
    assert client.post(send_back_url(pending), {"note": NOTE}).status_code == 403
    with pytest.raises(workflow.TransitionError):
        workflow.send_back(pending, contributor, NOTE)
    pending.refresh_from_db()
    assert pending.status == Status.PENDING and not ReviewNote.objects.exists()


def test_only_pending_items_are_sent_back(editor, contributor, category):
    draft = ArticleFactory(author=contributor, category=category, status=Status.DRAFT)
    with pytest.raises(workflow.TransitionError):
        workflow.send_back(draft, editor, NOTE)


def test_the_author_sees_the_note_on_the_form_and_the_dashboard(
    client, editor, contributor, pending
):
    workflow.send_back(pending, editor, NOTE)
    client.force_login(contributor)
    form = client.get(change_url(pending)).content.decode()
    assert f"Biên tập viên {editor} trả lại lúc" in form and NOTE in form
    home = client.get("/admin/").content.decode()
    returned = widget(home, "returned")
    assert "Bị trả lại cho tôi" in returned
    assert pending.title in returned and NOTE in unescape(returned) and str(editor) in returned


def test_the_dashboard_count_matches_its_list(client, editor, contributor, category, pending):
    workflow.send_back(pending, editor, NOTE)
    # Another returned item, resubmitted: no longer counted.
    other = ArticleFactory(author=contributor, category=category, status=Status.DRAFT)
    workflow.transition(other, Status.PENDING, contributor)
    workflow.send_back(other, editor, "Sửa tiêu đề")
    workflow.transition(other, Status.PENDING, contributor)
    # A plain draft is not "returned".
    ArticleFactory(author=contributor, category=category, status=Status.DRAFT)
    client.force_login(contributor)
    home = client.get("/admin/").content.decode()
    found = [item for item in links(widget(home, "returned")) if item[2] == "bài viết"]
    assert len(found) == 1
    url, count, _label = found[0]
    assert "tra_lai=1" in url and "cua_toi=1" in url and count == 1
    listed = client.get(url).context["cl"].result_list
    assert [obj.pk for obj in listed] == [pending.pk]


def test_resubmitting_resolves_the_note(client, editor, contributor, pending):
    workflow.send_back(pending, editor, NOTE)
    pending.refresh_from_db()
    client.force_login(contributor)
    response = client.post(change_url(pending), form_data(pending, status="pending"))
    assert response.status_code == 302
    note = ReviewNote.objects.get()
    assert note.resolved_at is not None
    assert NOTE not in client.get(change_url(pending)).content.decode()
    assert widget(client.get("/admin/").content.decode(), "returned") == ""


def test_documents_are_sent_back_too(client, editor, contributor):
    document = DocumentFactory(author=contributor, status=Status.DRAFT, published_at=None)
    workflow.transition(document, Status.PENDING, contributor)
    client.force_login(editor)
    url = f"/admin/documents/document/{document.pk}/tra-lai/"
    assert client.post(url, {"note": "Thiếu tệp đính kèm"}).status_code == 302
    document.refresh_from_db()
    assert document.status == Status.DRAFT
    client.force_login(contributor)
    page = client.get(f"/admin/documents/document/{document.pk}/change/").content.decode()
    assert "Thiếu tệp đính kèm" in page
    listed = client.get("/admin/documents/document/?tra_lai=1&cua_toi=1").context["cl"]
    assert [obj.pk for obj in listed.result_list] == [document.pk]


def test_purging_removes_the_notes(editor, pending):
    workflow.send_back(pending, editor, NOTE)
    pending.delete()
    assert not ReviewNote.objects.exists()


def test_the_returned_tab_filter_is_on_the_list(client, editor, pending):
    workflow.send_back(pending, editor, NOTE)
    client.force_login(editor)
    listed = client.get(CHANGELIST_URL, {"tra_lai": "1"}).context["cl"].result_list
    assert [obj.pk for obj in listed] == [pending.pk]


def test_an_editor_limited_to_other_sections_cannot_send_back(client, editor, pending):
    from news.models import SectionAccess
    from tests.news.factories import CategoryFactory

    other = CategoryFactory(name="Dân vận khác", slug="dan-van-khac")
    SectionAccess.objects.create(user=editor, category=other, purpose=SectionAccess.Purpose.REVIEW)
    scopes.forget(editor)
    with pytest.raises(workflow.TransitionError):
        workflow.send_back(pending, editor, NOTE)
    client.force_login(editor)
    # Outside their sections the item is not even found.
    assert client.post(send_back_url(pending), {"note": NOTE}).status_code in (403, 404)
    pending.refresh_from_db()
    assert pending.status == Status.PENDING and not ReviewNote.objects.exists()


def test_publishing_directly_resolves_the_note(client, editor, contributor, pending):
    """The editor sends back, then publishes the item as it is: the internal remark
    must not stay on a published item for every staff user to read."""
    workflow.send_back(pending, editor, NOTE)
    pending.refresh_from_db()
    workflow.transition(pending, Status.PUBLISHED, editor)
    assert ReviewNote.objects.get().resolved_at is not None
    client.force_login(editor)
    assert NOTE not in client.get(change_url(pending)).content.decode()


def test_the_note_is_shown_only_to_the_author_and_to_reviewers(
    client, editor, contributor, other_contributor, pending
):
    """A note left unresolved on a published item (as before notes were resolved on
    publication) is read by its author and the reviewers, not by every contributor."""
    workflow.send_back(pending, editor, NOTE)
    Article.objects.filter(pk=pending.pk).update(status=Status.PUBLISHED)
    assert ReviewNote.objects.unresolved().exists()
    for user, sees in ((contributor, True), (editor, True), (other_contributor, False)):
        client.force_login(user)
        response = client.get(change_url(pending))
        assert response.status_code == 200  # a published item: everyone may open it
        assert (NOTE in response.content.decode()) is sees, user


def test_the_upgrade_resolves_notes_left_on_published_items(editor, contributor, pending, category):
    """editorial 0003 resolves what publishing used to leave open, and nothing else."""
    from django.apps import apps as django_apps
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    workflow.send_back(pending, editor, NOTE)
    Article.objects.filter(pk=pending.pk).update(status=Status.PUBLISHED)
    draft = ArticleFactory(author=contributor, category=category, status=Status.DRAFT)
    workflow.transition(draft, Status.PENDING, contributor)
    workflow.send_back(draft, editor, "Còn nháp")
    migration = __import__(
        "editorial.migrations.0003_resolve_notes_of_published", fromlist=["resolve"]
    )
    # As on an upgrade: every app's migrated state (the models the notes are about).
    state = MigrationExecutor(connection).loader.project_state()
    migration.resolve(state.apps, None)
    assert not ReviewNote.objects.unresolved().filter(object_id=pending.pk).exists()
    assert ReviewNote.objects.unresolved().filter(object_id=draft.pk).exists()
    assert django_apps.get_model("editorial", "ReviewNote") is ReviewNote
