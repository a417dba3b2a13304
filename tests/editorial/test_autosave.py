"""Autosave: the writing screen keeps each user's unsaved form in one slot per item."""

import pytest
from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

from editorial import admin as editorial_admin
from editorial import scopes
from editorial.models import Autosave
from news.models import Article
from tests.documents.factories import DocumentFactory
from tests.news.admin_helpers import ADD_URL, change_url, errors_of, form_data
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db
Status = Article.Status


def autosave_url(article):
    return f"/admin/news/article/{article.pk}/tu-dong-luu/"


@pytest.fixture
def own_draft(contributor, category):
    return ArticleFactory(
        author=contributor, category=category, status=Status.DRAFT, published_at=None
    )


def test_the_author_autosaves_a_draft_into_one_slot_updated_in_place(
    client, contributor, own_draft
):
    client.force_login(contributor)
    revisions = Version.objects.count()
    for text in ("<p>Một</p>", "<p>Một hai</p>", "<p>Một hai ba</p>"):
        response = client.post(autosave_url(own_draft), form_data(own_draft, body=text))
        assert response.status_code == 200
        assert response.json()["stale"] is False
    slot = Autosave.objects.get()
    assert slot.user == contributor and slot.object_id == own_draft.pk
    assert slot.data["body"] == ["<p>Một hai ba</p>"]
    assert slot.base_version == own_draft.version
    # Nothing else is written: no revision, the item itself unchanged.
    assert Version.objects.count() == revisions
    own_draft.refresh_from_db()
    assert own_draft.body != "<p>Một hai ba</p>"


def test_a_new_item_has_its_own_slot(client, contributor):
    client.force_login(contributor)
    assert client.post("/admin/news/article/tu-dong-luu/", form_data(title="A")).status_code == 200
    client.post("/admin/news/article/tu-dong-luu/", form_data(title="Bài chưa lưu"))
    slot = Autosave.objects.get()
    assert slot.object_id is None and slot.data["title"] == ["Bài chưa lưu"]
    response = client.get(ADD_URL)
    assert "Có bản tự lưu lúc" in response.content.decode()
    assert response.context["autosave_offer"]["data"]["fields"]["title"] == ["Bài chưa lưu"]


def test_another_contributors_draft_is_refused(client, other_contributor, own_draft):
    client.force_login(other_contributor)
    response = client.post(autosave_url(own_draft), form_data(own_draft))
    # Not even found: a contributor's list holds only their own drafts.
    assert response.status_code in (403, 404)
    assert not Autosave.objects.exists()


def test_a_published_item_of_the_contributor_is_refused(client, contributor, category):
    published = ArticleFactory(author=contributor, category=category)
    client.force_login(contributor)
    assert client.post(autosave_url(published), form_data(published)).status_code == 403
    assert not Autosave.objects.exists()


def test_anonymous_is_sent_to_the_login_page(client, own_draft):
    response = client.post(autosave_url(own_draft), form_data(own_draft))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not Autosave.objects.exists()


def test_only_post(client, contributor, own_draft):
    client.force_login(contributor)
    assert client.get(autosave_url(own_draft)).status_code == 405


def test_csrf_is_checked(contributor, own_draft):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(contributor)
    assert strict.post(autosave_url(own_draft), form_data(own_draft)).status_code == 403


def test_too_large_a_draft_is_refused(client, contributor, own_draft, monkeypatch):
    monkeypatch.setattr(editorial_admin, "AUTOSAVE_MAX_BYTES", 2000)
    client.force_login(contributor)
    response = client.post(autosave_url(own_draft), form_data(own_draft, body="x" * 3000))
    assert response.status_code == 413
    assert not Autosave.objects.exists()


def test_reopening_offers_the_slot_with_its_time_and_sanitised_body(client, contributor, own_draft):
    client.force_login(contributor)
    body = '<p>Đoạn mới</p><script>alert(1)</script><p onclick="x()">Hai</p>'
    client.post(autosave_url(own_draft), form_data(own_draft, body=body))
    response = client.get(change_url(own_draft))
    offer = response.context["autosave_offer"]
    assert offer["stale"] is False
    assert offer["saved_at"].startswith("Thứ ") or offer["saved_at"].startswith("Chủ Nhật")
    restored = offer["data"]["fields"]["body"][0]
    assert "Đoạn mới" in restored and "<script" not in restored and "onclick" not in restored
    page = response.content.decode()
    assert "Có bản tự lưu lúc" in page and "Khôi phục" in page and "Bỏ qua" in page


def test_discarding_empties_the_slot(client, contributor, own_draft):
    client.force_login(contributor)
    client.post(autosave_url(own_draft), form_data(own_draft))
    assert client.post(autosave_url(own_draft), {"_discard": "1"}).json() == {"discarded": True}
    assert not Autosave.objects.exists()


def test_saving_the_form_empties_the_slot(client, contributor, own_draft):
    client.force_login(contributor)
    client.post(autosave_url(own_draft), form_data(own_draft, body="<p>Mới</p>"))
    response = client.post(change_url(own_draft), form_data(own_draft, body="<p>Mới</p>"))
    assert response.status_code == 302
    assert not Autosave.objects.exists()
    own_draft.refresh_from_db()
    assert own_draft.body == "<p>Mới</p>"


def test_adding_empties_the_new_item_slot(client, contributor, category):
    client.force_login(contributor)
    client.post("/admin/news/article/tu-dong-luu/", form_data(title="Bài mới"))
    response = client.post(ADD_URL, form_data(title="Bài mới", category=category.pk))
    assert response.status_code == 302
    assert not Autosave.objects.exists()


def test_a_stale_autosave_never_overwrites_a_newer_version(client, contributor, editor, own_draft):
    client.force_login(contributor)
    opened = form_data(own_draft, body="<p>Bản tự lưu cũ</p>")
    client.post(autosave_url(own_draft), opened)
    # Meanwhile an editor saves the article.
    client.force_login(editor)
    newer = form_data(own_draft, body="<p>Bản của biên tập</p>")
    assert client.post(change_url(own_draft), newer).status_code == 302
    # The author reopens: the offer says the copy is older than what is saved.
    client.force_login(contributor)
    own_draft.refresh_from_db()
    response = client.get(change_url(own_draft))
    offer = response.context["autosave_offer"]
    assert offer["stale"] is True
    assert "cũ hơn phiên bản đã lưu" in response.content.decode()
    # Restoring puts the copy's base version in the form: the save is refused.
    restored = {key: values[0] if values else "" for key, values in offer["data"]["fields"].items()}
    restored["expected_version"] = offer["data"]["base_version"]
    response = client.post(change_url(own_draft), restored)
    assert response.status_code == 200
    assert "Không lưu được" in errors_of(response)
    own_draft.refresh_from_db()
    assert own_draft.body == "<p>Bản của biên tập</p>"


def test_purging_an_item_removes_its_slots(client, contributor, site_admin, own_draft):
    client.force_login(contributor)
    client.post(autosave_url(own_draft), form_data(own_draft))
    assert Autosave.objects.count() == 1
    own_draft.delete()
    assert not Autosave.objects.exists()


def test_old_slots_are_cleared_by_the_command(contributor, own_draft):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    content_type = ContentType.objects.get_for_model(Article)
    old = Autosave.objects.create(
        user=contributor,
        content_type=content_type,
        object_id=own_draft.pk,
        data={},
        saved_at=timezone.now() - dt.timedelta(days=31),
    )
    fresh = Autosave.objects.create(
        user=contributor, content_type=content_type, data={}, saved_at=timezone.now()
    )
    call_command("clear_autosaves", verbosity=0)
    assert list(Autosave.objects.all()) == [fresh]
    assert not Autosave.objects.filter(pk=old.pk).exists()


def test_documents_autosave_too(client, contributor):
    document = DocumentFactory(author=contributor, status=Status.DRAFT, published_at=None)
    client.force_login(contributor)
    response = client.post(
        f"/admin/documents/document/{document.pk}/tu-dong-luu/",
        {"summary": "về công tác dân vận (đang sửa)", "expected_version": document.version},
    )
    assert response.status_code == 200
    slot = Autosave.objects.get()
    assert slot.content_type == ContentType.objects.get_for_model(type(document))
    assert slot.data["summary"] == ["về công tác dân vận (đang sửa)"]
    page = client.get(f"/admin/documents/document/{document.pk}/change/").content.decode()
    assert "Có bản tự lưu lúc" in page


def test_the_writing_screen_is_used_for_every_kind(client, editor, article):
    client.force_login(editor)
    for url in (change_url(article), ADD_URL, "/admin/documents/document/add/"):
        response = client.get(url)
        assert "admin/editorial/change_form.html" in [t.name for t in response.templates]
        assert 'id="writing-screen"' in response.content.decode()


def test_autosave_follows_the_section_limits(client, contributor, category):
    from news.models import SectionAccess
    from tests.news.factories import CategoryFactory

    own = ArticleFactory(author=contributor, category=category, status=Status.DRAFT)
    SectionAccess.objects.create(
        user=contributor, category=CategoryFactory(name="Khác", slug="khac")
    )
    scopes.forget(contributor)
    client.force_login(contributor)
    response = client.post(f"/admin/news/article/{own.pk}/tu-dong-luu/", form_data(own))
    assert response.status_code in (403, 404)


def test_two_tabs_writing_one_slot_are_each_told(client, contributor, own_draft):
    """Two tabs of one article: their autosaves take turns in the one slot, and
    each tab hears of the other instead of losing its copy unseen."""
    client.force_login(contributor)
    url = autosave_url(own_draft)
    first = client.post(url, {**form_data(own_draft, body="<p>Thẻ một</p>"), "_tab": "mot"})
    assert first.json()["other_tab"] == ""
    again = client.post(url, {**form_data(own_draft, body="<p>Thẻ một nữa</p>"), "_tab": "mot"})
    assert again.json()["other_tab"] == ""
    second = client.post(url, {**form_data(own_draft, body="<p>Thẻ hai</p>"), "_tab": "hai"})
    assert "ở một thẻ hay máy khác" in second.json()["other_tab"]
    back = client.post(url, {**form_data(own_draft, body="<p>Thẻ một lần ba</p>"), "_tab": "mot"})
    assert "ở một thẻ hay máy khác" in back.json()["other_tab"]
    assert Autosave.objects.get().tab == "mot"


@pytest.mark.parametrize("value", ["-5", "1" * 41, "1e3", "１２", "2147483648", " 3"])
def test_a_version_outside_the_columns_range_is_a_400(client, contributor, own_draft, value):
    """expected_version=-5 broke the CHECK constraint and 41 digits overflowed: both were 500s."""
    client.force_login(contributor)
    response = client.post(autosave_url(own_draft), form_data(own_draft, expected_version=value))
    assert response.status_code == 400
    assert "Số phiên bản không hợp lệ" in response.json()["error"]
    assert not Autosave.objects.exists()
    ok = client.post(autosave_url(own_draft), form_data(own_draft, expected_version="0"))
    assert ok.status_code == 200


def test_a_restored_copy_offers_only_choices_the_user_may_make(client, contributor, category):
    """A slot written when the user could publish, or in another section, offers
    neither that status nor that section now: the server would refuse them."""
    from news.models import SectionAccess
    from tests.news.factories import CategoryFactory

    other = CategoryFactory(name="Tuyên giáo", slug="tuyen-giao")
    own = ArticleFactory(author=contributor, category=category, status=Status.DRAFT)
    SectionAccess.objects.create(user=contributor, category=category)
    Autosave.objects.create(
        user=contributor,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=own.pk,
        base_version=own.version,
        data={
            "title": ["Tiêu đề đang sửa"],
            "status": ["published"],
            "category": [str(other.pk)],
            "featured": ["on"],
        },
        saved_at=own.updated_at,
    )
    client.force_login(contributor)
    offered = client.get(change_url(own)).context["autosave_offer"]["data"]["fields"]
    assert offered["title"] == ["Tiêu đề đang sửa"]
    assert offered["status"] == [] and offered["category"] == []
    Autosave.objects.update(data={"status": ["pending"], "category": [str(category.pk)]})
    offered = client.get(change_url(own)).context["autosave_offer"]["data"]["fields"]
    assert offered == {"status": ["pending"], "category": [str(category.pk)]}
