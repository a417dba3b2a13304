"""The admin's home page, "Tòa soạn": per role, counts that match their lists, fixed cost."""

import datetime as dt
import re
from html import unescape

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from editorial import workflow
from news.models import Article, ArticleDailyViews
from tests.documents.factories import DocumentFactory
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HOME = "/admin/"
LINK = re.compile(r'<a href="([^"]+)">(\d+) ([^<]+)</a>')


def widget(html, key):
    """The HTML of one dashboard widget (``id="desk-<key>"``), or "" if it is not shown.

    A widget runs to the next widget, or to the end of its section.
    """
    start = html.find(f'id="desk-{key}"')
    if start < 0:
        return ""
    ends = [html.find(mark, start + 1) for mark in ('id="desk-', "</section>")]
    return html[start : min(end for end in ends if end > 0)]


def links(html):
    """[(url, count, label)] of every "N bài viết" link on the dashboard."""
    return [(unescape(url), int(count), label) for url, count, label in LINK.findall(html)]


def send_for_review(article, user):
    workflow.transition(article, Article.Status.PENDING, user)


@pytest.fixture
def newsroom(category, contributor, other_contributor, editor):
    """A day's work: drafts, articles sent for review, one scheduled, some published."""
    now = timezone.now()
    draft = ArticleFactory(
        title="Bản nháp về xây dựng Đảng", author=contributor, status="draft", published_at=None
    )
    older = ArticleFactory(
        title="Bài chờ duyệt gửi trước", author=contributor, status="draft", published_at=None
    )
    send_for_review(older, contributor)
    Article.objects.filter(pk=older.pk).update(status_changed_at=now - dt.timedelta(hours=5))
    newer = ArticleFactory(
        title="Bài chờ duyệt gửi sau", author=other_contributor, status="draft", published_at=None
    )
    send_for_review(newer, other_contributor)
    scheduled = ArticleFactory(
        title="Bài hẹn giờ sáng mai", author=editor, published_at=now + dt.timedelta(hours=14)
    )
    today = ArticleFactory(title="Bài đăng sáng nay", author=editor, published_at=now)
    old = ArticleFactory(title="Bài tuần trước", published_at=now - dt.timedelta(days=6))
    ArticleDailyViews.objects.create(article=today, date=timezone.localdate(), count=40)
    ArticleDailyViews.objects.create(
        article=old, date=timezone.localdate() - dt.timedelta(days=3), count=90
    )
    trashed = ArticleFactory(title="Bài đã xóa", author=contributor)
    workflow.soft_delete(trashed, editor)
    return {
        "draft": draft,
        "older": older,
        "newer": newer,
        "scheduled": scheduled,
        "today": today,
        "old": old,
    }


def test_a_contributor_sees_their_own_work_and_the_write_button(client, contributor, newsroom):
    client.force_login(contributor)
    html = client.get(HOME).content.decode()

    assert "Tòa soạn" in html
    assert "Viết bài mới" in html and 'href="/admin/news/article/add/"' in html
    assert "Bản nháp về xây dựng Đảng" in widget(html, "my_drafts")
    assert "Bài chờ duyệt gửi trước" in widget(html, "my_pending")
    # Not another contributor's, and nothing of the desk or of the admins.
    assert "Bài chờ duyệt gửi sau" not in html
    for key in ("pending", "scheduled", "today", "trash", "locked", "2fa", "backup"):
        assert widget(html, key) == "", key
    assert "Đọc nhiều" not in html


def test_an_editor_sees_the_queue_oldest_first_with_who_sent_it_and_when(
    client, editor, contributor, newsroom
):
    client.force_login(editor)
    html = client.get(HOME).content.decode()

    queue = widget(html, "pending")
    assert queue.index("Bài chờ duyệt gửi trước") < queue.index("Bài chờ duyệt gửi sau")
    assert "Thanh Huệ" in queue and "Minh Tuấn" in queue  # who sent each
    sent = timezone.localtime(Article.objects.get(pk=newsroom["older"].pk).status_changed_at)
    assert sent.strftime("%d/%m/%Y") in queue or f"{sent:%H:%M}" in queue
    assert "Bài hẹn giờ sáng mai" in widget(html, "scheduled")
    assert "Bài đăng sáng nay" in widget(html, "today")
    assert "Bài tuần trước" not in widget(html, "today")
    # Most read: today's reads today, the week's over 7 days.
    today_list = html[html.index("Đọc nhiều hôm nay") : html.index("Đọc nhiều 7 ngày")]
    assert "Bài đăng sáng nay" in today_list and "Bài tuần trước" not in today_list
    week_list = html[html.index("Đọc nhiều 7 ngày") :]
    assert week_list.index("Bài tuần trước") < week_list.index("Bài đăng sáng nay")
    # The admins' panel is not an editor's.
    for key in ("locked", "2fa", "backup"):
        assert widget(html, key) == "", key


def test_an_admin_sees_lockouts_accounts_without_two_factor_the_backup_and_the_trash(
    client, site_admin, editor, contributor, newsroom, settings, tmp_path
):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUP_DIR.mkdir()
    made = timezone.localtime() - dt.timedelta(hours=3)
    (settings.BACKUP_DIR / f"portal-{made:%Y%m%d-%H%M%S}.tar.gz").write_bytes(b"")
    (settings.BACKUP_DIR / "portal-20200101-000000.tar.gz").write_bytes(b"")
    (settings.BACKUP_DIR / "notes.txt").write_text("không phải bản sao lưu")
    AccessAttempt.objects.create(
        username="phongvien",
        ip_address="203.0.113.7",
        user_agent="Mozilla/5.0",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        attempt_time=timezone.now(),
    )
    AccessAttempt.objects.create(  # one failure: not locked out
        username="bientap",
        ip_address="203.0.113.8",
        user_agent="Mozilla/5.0",
        failures_since_start=1,
        attempt_time=timezone.now(),
    )
    TOTPDevice.objects.create(user=editor, name="Điện thoại", confirmed=True)

    client.force_login(site_admin)
    html = client.get(HOME).content.decode()

    locked = widget(html, "locked")
    assert "phongvien" in locked and "bientap" not in locked
    unprotected = widget(html, "2fa")
    assert "Thanh Huệ" in unprotected and "Quản trị viên" in unprotected
    assert "Lan Hương" not in unprotected
    backup = widget(html, "backup")
    assert f"{made:%d/%m/%Y}" in backup or f"{made:%H:%M}" in backup
    assert "3 giờ trước" in backup
    assert "desk-alert" not in re.search(r'class="([^"]*)" id="desk-backup"', html).group(1)
    assert "Bài đã xóa" in widget(html, "trash")


def test_an_old_or_missing_backup_is_a_warning(client, site_admin, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "none-yet"
    client.force_login(site_admin)
    html = client.get(HOME).content.decode()
    assert "Chưa có bản sao lưu nào" in widget(html, "backup")
    assert "desk-alert" in re.search(r'class="([^"]*)" id="desk-backup"', html).group(1)


def test_an_item_sent_before_times_were_kept_heads_the_queue_as_in_its_list(
    client, editor, contributor, newsroom
):
    legacy = ArticleFactory(
        title="Bài chờ duyệt từ hệ thống cũ", author=contributor, status="draft", published_at=None
    )
    send_for_review(legacy, contributor)
    Article.objects.filter(pk=legacy.pk).update(status_changed_at=None)
    client.force_login(editor)
    queue = widget(client.get(HOME).content.decode(), "pending")
    assert queue.index("Bài chờ duyệt từ hệ thống cũ") < queue.index("Bài chờ duyệt gửi trước")


@pytest.mark.parametrize("role", ["contributor", "editor", "site_admin"])
def test_every_count_is_the_length_of_the_list_it_links_to(client, request, role, newsroom):
    DocumentFactory(status="pending")
    user = request.getfixturevalue(role)
    client.force_login(user)
    html = client.get(HOME).content.decode()
    found = links(html)
    assert found, "the dashboard links to its lists"
    for url, count, label in found:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["cl"].result_count == count, (url, label)
    # The admin's panel too.
    if role == "site_admin":
        for key in ("locked", "2fa"):
            part = widget(html, key)
            url, count = re.search(r'<a class="desk-count" href="([^"]+)">(\d+)</a>', part).groups()
            response = client.get(unescape(url))
            assert response.status_code == 200, url
            assert response.context["cl"].result_count == int(count), url


def test_the_dashboard_costs_the_same_queries_for_3_or_30_articles(
    client, editor, contributor, site_admin, category
):
    def make(n):
        for i in range(n):
            article = ArticleFactory(author=contributor, status="draft", published_at=None)
            if i % 3 == 0:
                send_for_review(article, contributor)
            elif i % 3 == 1:
                ArticleFactory(published_at=timezone.now() + dt.timedelta(hours=i + 1))
            LogEntry.objects.log_actions(
                user_id=contributor.pk, queryset=[article], action_flag=2, change_message="Sửa"
            )

    def cost(user):
        client.force_login(user)
        client.get(HOME)  # permissions and sessions warm
        with CaptureQueriesContext(connection) as queries:
            assert client.get(HOME).status_code == 200
        return len(queries)

    make(3)
    few = {user.username: cost(user) for user in (contributor, editor, site_admin)}
    make(27)
    many = {user.username: cost(user) for user in (contributor, editor, site_admin)}
    assert few == many
    assert max(many.values()) <= 30


def test_the_list_tabs_count_what_they_list(client, editor, contributor, newsroom):
    for user in (editor, contributor):
        client.force_login(user)
        response = client.get("/admin/news/article/")
        tabs = response.context["queue_tabs"]
        assert [tab["label"] for tab in tabs][:5] == [
            "Tất cả",
            "Của tôi",
            "Chờ duyệt",
            "Hẹn giờ",
            "Đã xuất bản",
        ]
        assert ("Thùng rác" in [tab["label"] for tab in tabs]) == (user == editor)
        assert tabs[0]["current"]
        for tab in tabs:
            listed = client.get("/admin/news/article/" + tab["url"])
            assert listed.context["cl"].result_count == tab["count"], tab["label"]
            current = [t["label"] for t in listed.context["queue_tabs"] if t["current"]]
            assert current == [tab["label"]]


def test_the_list_links_to_the_preview_and_to_the_public_page_once_live(client, editor, newsroom):
    client.force_login(editor)
    html = client.get("/admin/news/article/").content.decode()
    live, draft = newsroom["today"], newsroom["draft"]
    assert f"/admin/news/article/{live.pk}/preview/" in html
    assert live.get_absolute_url() in html
    assert f"/admin/news/article/{draft.pk}/preview/" in html
    assert draft.get_absolute_url() not in html


def test_drafts_nobody_wrote_are_in_the_editors_queue(client, editor, contributor, newsroom):
    """An article imported without --author is on no one's own list: editors see it."""
    orphan = ArticleFactory(
        title="Bài nhập từ cổng cũ", author=None, status="draft", published_at=None
    )
    client.force_login(editor)
    html = client.get(HOME).content.decode()
    part = widget(html, "unowned")
    assert orphan.title in part and "Nháp chưa có người viết" in part
    [(url, count)] = [(url, count) for url, count, _label in links(part) if "/article/" in url]
    response = client.get(url)
    assert count == 1 and response.context["cl"].result_count == 1
    assert orphan.title in response.content.decode()
    # A contributor neither sees it nor the widget.
    client.force_login(contributor)
    html = client.get(HOME).content.decode()
    assert widget(html, "unowned") == "" and orphan.title not in html


def test_no_unowned_widget_while_every_draft_has_an_author(client, editor, newsroom):
    client.force_login(editor)
    assert widget(client.get(HOME).content.decode(), "unowned") == ""
