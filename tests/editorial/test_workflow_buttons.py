"""The writing screen's workflow buttons ("Gửi duyệt", "Xuất bản", "Hẹn giờ đăng", "Trả lại",
"Gỡ xuống"), the history lines they leave, and "Xem trước" instead of a draft's 404."""

import datetime as dt
from html import unescape

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone
from reversion.models import Version

from editorial import workflow
from news.models import Article
from tests.documents.factories import DocumentFactory
from tests.documents.test_admin_and_import import no_files
from tests.news.admin_helpers import change_url, form_data
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture
def draft(contributor, category):
    return ArticleFactory(
        title="Bài nháp về công tác dân vận",
        author=contributor,
        category=category,
        status=Status.DRAFT,
        published_at=None,
    )


@pytest.fixture
def pending(draft, contributor):
    return workflow.transition(draft, Status.PENDING, contributor)


def buttons(response):
    """The workflow buttons' values on a change page, in order."""
    page = response.content.decode()
    part = page.split('class="workflow-buttons"', 1)
    if len(part) < 2:
        return []
    row = part[1].split("</div>", 1)[0]
    found = [chunk.split('"', 1)[0] for chunk in row.split('name="_workflow" value="')[1:]]
    if "workflow-send_back" in row:
        found.append("tra-lai")
    return found


def press(client, article, move, **overrides):
    article.refresh_from_db()
    return client.post(change_url(article), form_data(article, _workflow=move, **overrides))


def comments(obj):
    return [v.revision.comment for v in Version.objects.get_for_object(obj)]


def local_parts(moment):
    local = timezone.localtime(moment)
    return {"published_at_0": f"{local:%Y-%m-%d}", "published_at_1": f"{local:%H:%M:%S}"}


# --------------------------------------------------------------------------- which buttons


def test_a_contributors_draft_offers_submit_only(client, contributor, draft):
    client.force_login(contributor)
    assert buttons(client.get(change_url(draft))) == ["gui-duyet"]
    assert buttons(client.get("/admin/news/article/add/")) == ["gui-duyet"]


def test_a_contributors_pending_item_offers_nothing(client, contributor, pending):
    client.force_login(contributor)
    assert buttons(client.get(change_url(pending))) == []


def test_an_editor_gets_publish_schedule_and_send_back_on_a_pending_item(client, editor, pending):
    client.force_login(editor)
    assert buttons(client.get(change_url(pending))) == ["xuat-ban", "hen-gio", "tra-lai"]


def test_an_editor_gets_publish_and_schedule_on_a_draft(client, editor, draft):
    client.force_login(editor)
    assert buttons(client.get(change_url(draft))) == ["xuat-ban", "hen-gio"]


def test_a_live_item_offers_unpublish_only(client, editor, article):
    client.force_login(editor)
    assert buttons(client.get(change_url(article))) == ["thu-hoi"]


def test_a_scheduled_item_offers_publishing_now_again(client, editor, draft):
    workflow.transition(draft, Status.PUBLISHED, editor, timezone.now() + dt.timedelta(days=1))
    client.force_login(editor)
    assert buttons(client.get(change_url(draft))) == ["xuat-ban", "hen-gio", "thu-hoi"]


def test_no_buttons_on_a_page_the_user_may_only_view(client, contributor, article):
    client.force_login(contributor)  # someone else's published article: read-only
    response = client.get(change_url(article))
    assert response.status_code == 200 and buttons(response) == []


# --------------------------------------------------------------------------- pressing them


def test_a_contributor_submits_with_the_button(client, contributor, draft):
    client.force_login(contributor)
    response = press(client, draft, "gui-duyet", title="Bài nháp về công tác dân vận, đã sửa")
    assert response.status_code == 302 and response["Location"] == change_url(draft)
    draft.refresh_from_db()
    assert draft.status == Status.PENDING and draft.title.endswith("đã sửa")
    page = unescape(client.get(response["Location"]).content.decode())
    assert "Đã lưu và gửi duyệt “Bài nháp về công tác dân vận, đã sửa”" in page
    assert comments(draft)[0] == "Đã gửi duyệt. Đã thay đổi Tiêu đề."


def test_an_editor_publishes_with_the_button(client, editor, pending):
    later = timezone.now() + dt.timedelta(days=3)
    client.force_login(editor)
    # "Xuất bản" publishes now, whatever the time field says.
    response = press(client, pending, "xuat-ban", **local_parts(later))
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Status.PUBLISHED and pending.is_published()
    assert pending.published_by == editor
    assert abs(pending.published_at - timezone.now()) < dt.timedelta(seconds=10)
    assert comments(pending)[0] == "Đã xuất bản."
    entries = LogEntry.objects.filter(object_id=str(pending.pk))
    assert entries.filter(change_message="Đã xuất bản.").exists()


def test_an_editor_schedules_with_the_button(client, editor, pending):
    when = (timezone.now() + dt.timedelta(days=2)).replace(microsecond=0)
    client.force_login(editor)
    response = press(client, pending, "hen-gio", **local_parts(when))
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.is_scheduled and pending.published_at == when
    local = timezone.localtime(when)
    assert comments(pending)[0] == f"Đã hẹn giờ đăng lúc {local:%H:%M %d/%m/%Y}."
    page = unescape(client.get(response["Location"]).content.decode())
    assert f"hẹn giờ đăng “{pending.title}” lúc {local:%H:%M %d/%m/%Y}" in page


@pytest.mark.parametrize("when", ["past", "empty"])
def test_scheduling_needs_a_time_to_come(client, editor, pending, when):
    client.force_login(editor)
    times = (
        local_parts(timezone.now() - dt.timedelta(hours=1))
        if when == "past"
        else {"published_at_0": "", "published_at_1": ""}
    )
    response = press(client, pending, "hen-gio", **times)
    assert response.status_code == 200
    page = unescape(response.content.decode())
    expected = "đã qua, không hẹn giờ đăng được" if when == "past" else "Hãy chọn ngày giờ đăng"
    assert expected in page
    pending.refresh_from_db()
    assert pending.status == Status.PENDING and pending.published_at is None
    assert comments(pending) == []


def test_an_editor_unpublishes_with_the_button(client, editor, article):
    client.force_login(editor)
    assert press(client, article, "thu-hoi").status_code == 302
    article.refresh_from_db()
    assert article.status == Status.UNPUBLISHED
    assert comments(article)[0] == "Đã gỡ xuống."


def test_send_back_is_in_the_history(client, editor, pending):
    client.force_login(editor)
    client.post(f"/admin/news/article/{pending.pk}/tra-lai/", {"note": "Thiếu nguồn ảnh."})
    pending.refresh_from_db()
    assert pending.status == Status.DRAFT
    assert comments(pending)[0] == "Đã trả lại cho tác giả: Thiếu nguồn ảnh."


@pytest.mark.parametrize("move", ["xuat-ban", "hen-gio", "thu-hoi"])
def test_a_forged_publish_by_a_contributor_changes_nothing(client, contributor, pending, move):
    later = timezone.now() + dt.timedelta(days=1)
    version = pending.version
    client.force_login(contributor)
    response = press(client, pending, move, **local_parts(later))
    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert "Bạn không có quyền xuất bản, hẹn giờ hay gỡ bài" in page or "Không thể chuyển" in page
    pending.refresh_from_db()
    assert pending.status == Status.PENDING and pending.version == version
    assert pending.published_at is None and pending.published_by is None
    assert comments(pending) == []
    assert not LogEntry.objects.filter(change_message__contains="xuất bản").exists()
    assert not LogEntry.objects.filter(change_message="Xuất bản").exists()


def test_a_forged_button_value_is_refused_without_an_error_page(client, contributor, draft):
    client.force_login(contributor)
    response = press(client, draft, "xoa-het")
    assert response.status_code == 200 and "Thao tác không hợp lệ" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_the_status_select_leaves_the_same_history_line(client, editor, pending):
    client.force_login(editor)
    pending.refresh_from_db()
    client.post(change_url(pending), form_data(pending, status="published"))
    pending.refresh_from_db()
    assert pending.is_published()
    assert comments(pending)[0] == "Đã xuất bản."


def test_a_bulk_action_leaves_a_history_line(client, editor, pending):
    client.force_login(editor)
    client.post("/admin/news/article/", {"action": "publish_now", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.is_published() and comments(pending)[0] == "Đã xuất bản."


# --------------------------------------------------------------------------- documents


def test_the_buttons_work_for_documents(client, editor):
    document = DocumentFactory(status=Status.DRAFT, published_at=None)
    client.force_login(editor)
    url = f"/admin/documents/document/{document.pk}/change/"
    assert buttons(client.get(url)) == ["xuat-ban", "hen-gio"]
    data = no_files(
        number_symbol=document.number_symbol,
        doc_type=document.doc_type_id,
        issuer=document.issuer_id,
        term=document.term_id or "",
        summary=document.summary,
        expected_version=document.version,
        _workflow="xuat-ban",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    document.refresh_from_db()
    assert document.is_published()
    assert comments(document)[0].startswith("Đã xuất bản.")


def test_a_contributor_cannot_publish_a_document_by_a_forged_button(client, contributor):
    document = DocumentFactory(status=Status.DRAFT, published_at=None, author=contributor)
    client.force_login(contributor)
    url = f"/admin/documents/document/{document.pk}/change/"
    page = client.get(url)
    assert "xuat-ban" not in buttons(page)
    data = no_files(
        number_symbol=document.number_symbol,
        doc_type=document.doc_type_id,
        issuer=document.issuer_id,
        summary=document.summary,
        expected_version=document.version,
        _workflow="xuat-ban",
    )
    response = client.post(url, data)
    assert response.status_code in (200, 403)
    document.refresh_from_db()
    assert document.status == Status.DRAFT and not document.is_published()


# --------------------------------------------------------------------------- view on site


def test_a_draft_offers_its_preview_not_the_public_page(client, editor, draft):
    client.force_login(editor)
    page = client.get(change_url(draft)).content.decode()
    assert "Xem trên trang web" not in page and "/r/" not in page
    assert f"/admin/news/article/{draft.pk}/preview/" in page


def test_a_live_article_offers_both(client, editor, article):
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert "Xem trên trang web" in page
    assert f"/admin/news/article/{article.pk}/preview/" in page


@pytest.mark.parametrize("role", ["editor", "contributor"])
def test_the_buttons_cost_no_query(client, request, role, draft, monkeypatch):
    """Which buttons to show is worked out from what the page has loaded already."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from editorial.admin import PublishableAdmin

    client.force_login(request.getfixturevalue(role))
    client.get(change_url(draft))  # caches warmed
    with CaptureQueriesContext(connection) as shown:
        assert buttons(client.get(change_url(draft)))
    monkeypatch.setattr(PublishableAdmin, "workflow_buttons", lambda self, request, obj: [])
    with CaptureQueriesContext(connection) as none:
        client.get(change_url(draft))
    assert len(shown) == len(none)
