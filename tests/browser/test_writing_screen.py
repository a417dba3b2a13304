"""The writing screen in a real Chromium, at 1280 px and on a 10-inch tablet (800×1280):
counts, the save bar, Ctrl+S, autosave and restore, leaving with unsaved changes,
an expired session, and an editor sending an article back with a note."""

import re

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from editorial import workflow
from editorial.models import Autosave, ReviewNote
from news.models import Article
from tests.browser.helpers import login, query, scroll_with_wheel, wait_for
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
    expect(count).to_have_text(re.compile(r"^8 ký tự"), use_inner_text=True)
    expect(count).to_contain_text("nên dài 60–100", use_inner_text=True)
    title = "Thành ủy Lạng Sơn sơ kết công tác dân vận chín tháng đầu năm 2026 tại phường Tam Thanh"
    page.fill("#id_title", title)
    expect(count).to_have_text(re.compile(rf"^{len(title)} ký tự"), use_inner_text=True)
    expect(count).to_have_attribute("data-state", "good")
    # The slug as the server will make it: đ -> d, no diacritics.
    page.fill("#id_slug", "")
    page.locator("#id_title").press("End")
    expect(page.locator("#writing-slug")).to_contain_text(
        "thanh-uy-lang-son-so-ket-cong-tac-dan-van", use_inner_text=True
    )
    expect(page.locator("#writing-count-lead")).to_be_visible()

    # The save bar is in view without scrolling, and stays there at the bottom.
    height = page.viewport_size["height"]
    bar = page.locator(".submit-row").bounding_box()
    assert bar is not None and bar["y"] >= 0 and bar["y"] + bar["height"] <= height + 1
    scroll_with_wheel(page, 2000)
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
        scroll_with_wheel(page, -4000)
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
    with page.expect_navigation():
        page.keyboard.press("Control+s")
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert page.url.endswith(change_path(article))
    query(article.refresh_from_db)
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
    assert query(lambda: slot.user) == contributor and slot.object_id == article.pk
    # The slot is stored before the browser reads the answer and says so.
    notice = page.locator("#autosave-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Đã tự lưu bản nháp lúc")
    query(article.refresh_from_db)
    assert "Đoạn 6." not in article.body  # autosave is not a save

    # The tab is closed without saving; the item is opened again.
    context = page.context
    page.close()
    page = context.new_page()
    page.goto(live_server.url + change_path(article))
    offer = page.locator("#autosave-offer")
    expect(offer).to_contain_text("Có bản tự lưu lúc", use_inner_text=True)
    expect(offer).to_contain_text("chưa được lưu", use_inner_text=True)
    # The editor shows the saved text (its script has run), not the autosaved one.
    text = page.locator(".ProseMirror[contenteditable=true]").first
    expect(text).to_contain_text("công tác dân vận đạt nhiều kết quả")
    assert text.inner_text().count("Đoạn 6.") == 0
    page.click("[data-autosave=restore]")
    expect(page.locator(".ProseMirror", has_text="Đoạn 6. Ban Thường vụ")).to_be_visible()
    expect(offer).to_be_hidden()
    with page.expect_navigation():
        page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    query(article.refresh_from_db)
    assert "Đoạn 6. Ban Thường vụ" in article.body
    assert not query(Autosave.objects.exists)


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
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    assert dialogs == ["beforeunload"]
    # Dismissed: the page stays, and still answers.
    assert page.evaluate("document.visibilityState") == "visible"
    assert not page.is_closed()


@pytest.mark.parametrize("screen", ["1280px"], indirect=True)
def test_an_expired_session_keeps_the_text_on_this_computer(
    live_server, screen, contributor, category
):
    page = screen
    article = draft_of(contributor, category)
    login(page, live_server.url, contributor.username, change_path(article))
    query(Session.objects.all().delete)  # the session expires while they write
    page.locator(".ProseMirror[contenteditable=true]").first.click()
    page.keyboard.type("Viết trong lúc phiên đăng nhập hết hạn.")
    notice = page.locator("#autosave-notice")
    expect(notice).to_contain_text("Phiên đăng nhập đã hết", timeout=20_000)
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("bản nháp được giữ trên máy này", use_inner_text=True)
    assert not query(Autosave.objects.exists)

    # They close the tab, log in again (in the same browser) and reopen the
    # article. (With the tab left open, its next autosave after the login would
    # reach the server first: the offer would then be the server's.)
    context = page.context
    page.close()
    page = context.new_page()
    login(page, live_server.url, contributor.username, change_path(article))
    local = page.locator("#local-offer")
    expect(local).to_contain_text("Có bản nháp giữ trên máy này lúc", use_inner_text=True)
    page.click("[data-local=restore]")
    expect(page.locator(".ProseMirror", has_text="phiên đăng nhập hết hạn")).to_be_visible()
    slot = wait_for(slot_with("Viết trong lúc phiên đăng nhập hết hạn."))
    assert query(lambda: slot.user) == contributor and slot.object_id == article.pk


@pytest.mark.parametrize("screen", ["tablet"], indirect=True)
def test_an_editor_sends_back_and_the_author_sees_the_note(
    live_server, screen, contributor, editor, category
):
    page = screen
    article = draft_of(contributor, category, title="Bài gửi duyệt về công tác dân vận")
    workflow.transition(article, Article.Status.PENDING, contributor)
    login(page, live_server.url, editor.username, change_path(article))
    with page.expect_navigation():
        page.click("a.writing-send-back")
    page.fill("#id_note", "Sapo quá dài, rút gọn còn hai câu.")
    with page.expect_navigation():
        page.click("input[type=submit]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert query(lambda: ReviewNote.objects.get().author) == editor

    page.context.clear_cookies()
    login(page, live_server.url, contributor.username)
    returned = page.locator("#desk-returned")
    expect(returned).to_contain_text("Bị trả lại cho tôi", use_inner_text=True)
    expect(returned).to_contain_text("Sapo quá dài, rút gọn còn hai câu.", use_inner_text=True)
    with page.expect_navigation():
        returned.get_by_role("link", name=article.title).click()
    banner = page.locator("#review-note")
    expect(banner).to_contain_text(f"Biên tập viên {editor} trả lại lúc", use_inner_text=True)
    expect(banner).to_contain_text("Sapo quá dài", use_inner_text=True)


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
    assert not query(Article.objects.filter(title=title).exists)

    # The tab is closed half-way; the add page is opened again.
    context = page.context
    page.close()
    page = context.new_page()
    page.goto(live_server.url + "/admin/news/article/add/")
    expect(page.locator("#autosave-offer")).to_contain_text(
        "Có bản tự lưu lúc", use_inner_text=True
    )
    page.click("[data-autosave=restore]")
    expect(page.locator(".ProseMirror", has_text="Đoạn 8. Ban Thường vụ")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value(title)
    page.select_option("#id_status", "pending")
    with page.expect_navigation():
        page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    article = query(lambda: Article.objects.get(title=title))
    assert article.status == Article.Status.PENDING
    assert query(lambda: article.author) == contributor
    assert "Đoạn 8. Ban Thường vụ" in article.body
    assert not query(Autosave.objects.exists)

    # The editor's dashboard lists it under "Chờ duyệt"; they send it back.
    page.context.clear_cookies()
    login(page, live_server.url, editor.username)
    queue = page.locator("#desk-pending")
    expect(queue).to_contain_text(title, use_inner_text=True)
    expect(queue).to_contain_text(str(contributor), use_inner_text=True)  # who sent it
    with page.expect_navigation():
        queue.get_by_role("link", name=title).click()
    with page.expect_navigation():
        page.click("a.writing-send-back")
    page.fill("#id_note", "Bổ sung tên các mô hình dân vận khéo tiêu biểu.")
    with page.expect_navigation():
        page.click("input[type=submit]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    # The contributor sees the note on their dashboard and on the article.
    page.context.clear_cookies()
    login(page, live_server.url, contributor.username)
    returned = page.locator("#desk-returned")
    expect(returned).to_contain_text(
        "Bổ sung tên các mô hình dân vận khéo tiêu biểu.", use_inner_text=True
    )
    with page.expect_navigation():
        returned.get_by_role("link", name=title).click()
    expect(page.locator("#review-note")).to_contain_text(
        "Bổ sung tên các mô hình", use_inner_text=True
    )
    query(article.refresh_from_db)
    assert article.status == Article.Status.DRAFT
