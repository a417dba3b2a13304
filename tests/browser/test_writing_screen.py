"""The writing screen in a real Chromium, at 1280 px and on a 10-inch tablet (800×1280):
counts, the save bar, Ctrl+S, autosave and restore, leaving with unsaved changes,
an expired session, and an editor sending an article back with a note."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError

from editorial import workflow
from editorial.models import Autosave, ReviewNote
from news.models import Article
from tests.browser.helpers import login
from tests.news.factories import ArticleFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("keep_migration_data"),
]
VIEWPORTS = {"1280px": (1280, 800), "tablet": (800, 1280)}
PARAGRAPH = (
    "Ban Thường vụ Thành ủy Lạng Sơn tổ chức hội nghị sơ kết công tác dân vận chín tháng đầu năm, "
    "đánh giá kết quả thực hiện phong trào thi đua dân vận khéo trên địa bàn thành phố. "
)


@pytest.fixture(params=list(VIEWPORTS))
def screen(request, _playwright_browser):
    width, height = VIEWPORTS[request.param]
    context = _playwright_browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": width, "height": height}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda msg: (
            page.csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    yield page
    # A page with unsaved changes autosaves when it is hidden or closed; offline,
    # that request can't reach the live server while the database is flushed.
    context.set_offline(True)
    context.close()


def draft_of(user, category, **kwargs):
    return ArticleFactory(
        author=user, category=category, status=Article.Status.DRAFT, published_at=None, **kwargs
    )


def change_path(article):
    return f"/admin/news/article/{article.pk}/change/"


def wait_for(predicate, seconds=20):
    """Poll the database until ``predicate`` finds something.

    On SQLite the test and the live server share one in-memory database; a
    read that meets the server's write is told "database table is locked",
    and is simply tried again.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            found = predicate()
        except OperationalError:
            found = None
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError("timed out")


def slot_with(text):
    def find():
        for slot in Autosave.objects.all():
            if any(text in value for values in slot.data.values() for value in values):
                return slot
        return None

    return find


def test_title_count_save_bar_and_ctrl_s(live_server, screen, contributor, category):
    page = screen
    article = draft_of(contributor, category, title="Hội nghị")
    login(page, live_server.url, contributor.username, change_path(article))

    count = page.locator("#writing-count-title")
    assert count.inner_text().startswith("8 ký tự")
    assert "nên dài 60–100" in count.inner_text()
    title = "Thành ủy Lạng Sơn sơ kết công tác dân vận chín tháng đầu năm 2026 tại phường Tam Thanh"
    page.fill("#id_title", title)
    assert count.inner_text().startswith(f"{len(title)} ký tự")
    assert count.get_attribute("data-state") == "good"
    # The slug as the server will make it: đ -> d, no diacritics.
    page.fill("#id_slug", "")
    page.locator("#id_title").press("End")
    assert "thanh-uy-lang-son-so-ket-cong-tac-dan-van" in page.locator("#writing-slug").inner_text()
    assert page.locator("#writing-count-lead").is_visible()

    # The save bar is in view without scrolling, and stays there at the bottom.
    height = page.viewport_size["height"]
    bar = page.locator(".submit-row").bounding_box()
    assert bar is not None and bar["y"] >= 0 and bar["y"] + bar["height"] <= height + 1
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(200)
    bar = page.locator(".submit-row").bounding_box()
    assert bar["y"] + bar["height"] <= height + 1
    # The publishing panel and fields are beside the text at 1280 px. On the
    # tablet the status panel is above the text, the title within the first
    # screen, and the publishing fields (category, time, photo) below the text.
    main = page.locator(".writing-main").bounding_box()
    panel = page.locator(".writing-panel").bounding_box()
    publishing = page.locator(".writing-side fieldset", has=page.locator("#id_category"))
    publishing = publishing.bounding_box()
    if page.viewport_size["width"] >= 1100:
        side = page.locator("aside.writing-side").bounding_box()
        assert side["x"] > main["x"] + main["width"] - 1
        assert publishing["x"] > main["x"] + main["width"] - 1
    else:
        page.mouse.wheel(0, -4000)
        page.wait_for_timeout(200)
        assert panel["y"] + panel["height"] <= main["y"] + 1
        assert publishing["y"] >= main["y"] + main["height"] - 1
        title_box = page.locator("#id_title").bounding_box()
        assert title_box["y"] >= 0 and title_box["y"] + title_box["height"] <= height
    # Nothing is wider than the window.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    # Ctrl+S saves and stays on the page ("Lưu và tiếp tục sửa").
    version = article.version
    page.locator(".ProseMirror[contenteditable=true]").first.click()
    page.keyboard.type("Thêm một câu.")
    page.keyboard.press("Control+s")
    page.wait_for_selector(".messagelist .success")
    assert page.url.endswith(change_path(article))
    article.refresh_from_db()
    assert article.title == title and article.version == version + 1
    assert "Thêm một câu." in article.body
    assert page.csp_violations == []


@pytest.mark.parametrize("screen", ["1280px"], indirect=True)
def test_autosave_survives_a_closed_tab_and_is_restored(live_server, screen, contributor, category):
    page = screen
    article = draft_of(contributor, category, title="Bài dài về dân vận")
    login(page, live_server.url, contributor.username, change_path(article))
    body = page.locator(".ProseMirror[contenteditable=true]").first
    body.click()
    page.keyboard.press("Control+End")
    for n in range(6):
        page.keyboard.type(f"Đoạn {n + 1}. " + PARAGRAPH)
        page.keyboard.press("Enter")
    slot = wait_for(slot_with("Đoạn 6. Ban Thường vụ"))
    assert slot.user == contributor and slot.object_id == article.pk
    # The slot is stored before the browser reads the answer and says so.
    page.locator("#autosave-notice", has_text="Đã tự lưu bản nháp lúc").wait_for()
    article.refresh_from_db()
    assert "Đoạn 6." not in article.body  # autosave is not a save

    # The tab is closed without saving; the item is opened again.
    context = page.context
    page.close()
    page = context.new_page()
    page.goto(live_server.url + change_path(article))
    offer = page.locator("#autosave-offer")
    assert "Có bản tự lưu lúc" in offer.inner_text()
    assert "chưa được lưu" in offer.inner_text()
    assert page.locator(".ProseMirror").first.inner_text().count("Đoạn 6.") == 0
    page.click("[data-autosave=restore]")
    page.locator(".ProseMirror", has_text="Đoạn 6. Ban Thường vụ").wait_for()
    assert offer.is_hidden()
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert "Đoạn 6. Ban Thường vụ" in article.body
    assert not Autosave.objects.exists()


@pytest.mark.parametrize("screen", ["1280px"], indirect=True)
def test_leaving_with_unsaved_changes_asks_first(live_server, screen, contributor, category):
    page = screen
    article = draft_of(contributor, category)
    login(page, live_server.url, contributor.username, change_path(article))
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    # Typed for real: Chromium asks only after the user has interacted with the page.
    page.click("#id_title")
    page.keyboard.type(" đang sửa dở")
    page.close(run_before_unload=True)
    for _ in range(50):
        if dialogs:
            break
        page.wait_for_timeout(100)
    assert dialogs == ["beforeunload"]
    assert not page.is_closed()


@pytest.mark.parametrize("screen", ["1280px"], indirect=True)
def test_an_expired_session_keeps_the_text_on_this_computer(
    live_server, screen, contributor, category
):
    page = screen
    article = draft_of(contributor, category)
    login(page, live_server.url, contributor.username, change_path(article))
    Session.objects.all().delete()  # the session expires while they write
    page.locator(".ProseMirror[contenteditable=true]").first.click()
    page.keyboard.type("Viết trong lúc phiên đăng nhập hết hạn.")
    notice = page.locator("#autosave-notice")
    page.locator("#autosave-notice", has_text="Phiên đăng nhập đã hết").wait_for(timeout=20_000)
    assert "bản nháp được giữ trên máy này" in notice.inner_text()
    assert not Autosave.objects.exists()

    # They close the tab, log in again (in the same browser) and reopen the
    # article. (With the tab left open, its next autosave after the login would
    # reach the server first: the offer would then be the server's.)
    context = page.context
    page.close()
    page = context.new_page()
    login(page, live_server.url, contributor.username, change_path(article))
    local = page.locator("#local-offer")
    assert "Có bản nháp giữ trên máy này lúc" in local.inner_text()
    page.click("[data-local=restore]")
    page.locator(".ProseMirror", has_text="phiên đăng nhập hết hạn").wait_for()
    slot = wait_for(slot_with("Viết trong lúc phiên đăng nhập hết hạn."))
    assert slot.user == contributor and slot.object_id == article.pk


@pytest.mark.parametrize("screen", ["tablet"], indirect=True)
def test_an_editor_sends_back_and_the_author_sees_the_note(
    live_server, screen, contributor, editor, category
):
    page = screen
    article = draft_of(contributor, category, title="Bài gửi duyệt về công tác dân vận")
    workflow.transition(article, Article.Status.PENDING, contributor)
    login(page, live_server.url, editor.username, change_path(article))
    page.click("a.writing-send-back")
    page.fill("#id_note", "Sapo quá dài, rút gọn còn hai câu.")
    page.click("input[type=submit]")
    page.wait_for_selector(".messagelist .success")
    assert ReviewNote.objects.get().author == editor

    page.context.clear_cookies()
    login(page, live_server.url, contributor.username)
    returned = page.locator("#desk-returned")
    assert "Bị trả lại cho tôi" in returned.inner_text()
    assert "Sapo quá dài, rút gọn còn hai câu." in returned.inner_text()
    returned.get_by_role("link", name=article.title).click()
    banner = page.locator("#review-note")
    assert f"Biên tập viên {editor} trả lại lúc" in banner.inner_text()
    assert "Sapo quá dài" in banner.inner_text()


@pytest.mark.parametrize("screen", ["1280px"], indirect=True)
def test_a_days_work_from_the_first_line_to_the_editors_note(
    live_server, screen, contributor, editor, category
):
    """The issue's walk-through: a contributor writes a long article and closes
    the tab half-way; reopening offers the autosaved text; once sent for review
    the editor's dashboard shows it; the editor sends it back with a note, and
    the contributor sees the note."""
    page = screen
    title = "Thành phố Lạng Sơn sơ kết phong trào thi đua dân vận khéo năm 2026"
    login(page, live_server.url, contributor.username, "/admin/news/article/add/")
    page.fill("#id_title", title)
    page.fill("#id_lead", "Sáng nay, Ban Dân vận Thành ủy sơ kết phong trào thi đua dân vận khéo.")
    page.select_option("#id_category", str(category.pk))
    page.locator(".ProseMirror[contenteditable=true]").first.click()
    for n in range(8):
        page.keyboard.type(f"Đoạn {n + 1}. " + PARAGRAPH)
        page.keyboard.press("Enter")
    slot = wait_for(slot_with("Đoạn 8. Ban Thường vụ"))
    assert slot.object_id is None  # a new article: the add page's slot
    assert not Article.objects.filter(title=title).exists()

    # The tab is closed half-way; the add page is opened again.
    context = page.context
    page.close()
    page = context.new_page()
    page.goto(live_server.url + "/admin/news/article/add/")
    assert "Có bản tự lưu lúc" in page.locator("#autosave-offer").inner_text()
    page.click("[data-autosave=restore]")
    page.locator(".ProseMirror", has_text="Đoạn 8. Ban Thường vụ").wait_for()
    assert page.input_value("#id_title") == title
    page.select_option("#id_status", "pending")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get(title=title)
    assert article.status == Article.Status.PENDING and article.author == contributor
    assert "Đoạn 8. Ban Thường vụ" in article.body
    assert not Autosave.objects.exists()

    # The editor's dashboard lists it under "Chờ duyệt"; they send it back.
    page.context.clear_cookies()
    login(page, live_server.url, editor.username)
    queue = page.locator("#desk-pending")
    assert title in queue.inner_text()
    assert str(contributor) in queue.inner_text()  # who sent it
    queue.get_by_role("link", name=title).click()
    page.click("a.writing-send-back")
    page.fill("#id_note", "Bổ sung tên các mô hình dân vận khéo tiêu biểu.")
    page.click("input[type=submit]")
    page.wait_for_selector(".messagelist .success")

    # The contributor sees the note on their dashboard and on the article.
    page.context.clear_cookies()
    login(page, live_server.url, contributor.username)
    returned = page.locator("#desk-returned")
    assert "Bổ sung tên các mô hình dân vận khéo tiêu biểu." in returned.inner_text()
    returned.get_by_role("link", name=title).click()
    assert "Bổ sung tên các mô hình" in page.locator("#review-note").inner_text()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
