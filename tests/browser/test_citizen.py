"""A citizen on a 375 px phone reads the news (Playwright, Debian's Chromium)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.images.factories import photo_with_renditions
from tests.news.factories import ArticleFactory, CategoryFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("keep_migration_data"),
]


@pytest.fixture
def newsroom():
    category = CategoryFactory(name="Dân vận", slug="dan-van", menu_order=1)
    CategoryFactory(name="Kinh tế", slug="kinh-te", menu_order=2)
    now = timezone.now()
    main = ArticleFactory(
        category=category,
        title="Thành ủy Lạng Sơn sơ kết công tác Dân vận 9 tháng đầu năm 2019",
        lead="Ngày 09/10, Thành ủy Lạng Sơn tổ chức hội nghị sơ kết.",
        body="<p>Đoạn thứ nhất.</p>" * 8,
        cover_image=photo_with_renditions(caption="Quang cảnh hội nghị sơ kết"),
        cover_caption="",
        published_at=now - dt.timedelta(hours=1),
    )
    related = ArticleFactory(
        category=category,
        title="Phát huy vai trò dân vận khéo ở cơ sở",
        cover_image=photo_with_renditions(size=(1200, 800)),
        published_at=now - dt.timedelta(hours=5),
    )
    return main, related


def test_citizen_reads_an_article_on_a_phone(live_server, mobile_page, newsroom):
    main, related = newsroom
    page = mobile_page
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"

    menu = page.get_by_role("navigation", name="Chuyên mục chính")
    menu.get_by_role("button", name="Chuyên mục").click()  # phones: the menu button
    menu.get_by_role("link", name="Dân vận").click()
    page.wait_for_url("**/dan-van/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Dân vận", use_inner_text=True)

    with page.expect_request(lambda r: "/doc/" in r.url and r.method == "POST") as beacon:
        page.get_by_role("link", name=main.title).click()
        page.wait_for_url(f"**{main.get_absolute_url()}")
    assert beacon.value.url.endswith(f"/doc/{main.pk}/")
    expect(heading).to_have_text(main.title, use_inner_text=True)

    figure = page.locator("figure.cover")
    figure.scroll_into_view_if_needed()
    expect(figure.locator("img")).to_be_visible()
    expect(figure.locator("figcaption")).to_contain_text(
        "Quang cảnh hội nghị sơ kết", use_inner_text=True
    )
    # The phone got a WebP rendition, not the 1600 px original.
    page.wait_for_function("document.querySelector('figure.cover img').complete")
    current = figure.locator("img").evaluate("img => img.currentSrc")
    assert "/media/renditions/" in current and current.endswith(".webp")
    assert figure.locator("img").evaluate("img => img.naturalWidth") <= 960

    # Text size: A+ makes the text bigger, and the choice is remembered. The
    # page's script marks the size on <html>: the size is read once it has.
    html = page.locator("html")
    content = page.locator(".article-content")
    font_size = "el => parseFloat(getComputedStyle(el).fontSize)"
    assert html.get_attribute("data-text-size") is None
    before = content.evaluate(font_size)
    page.get_by_role("button", name="A+ Tăng cỡ chữ").click()
    expect(html).to_have_attribute("data-text-size", "1")
    bigger = content.evaluate(font_size)
    assert bigger > before

    page.get_by_role("link", name=related.title).click()
    page.wait_for_url(f"**{related.get_absolute_url()}")
    expect(heading).to_have_text(related.title, use_inner_text=True)
    expect(html).to_have_attribute("data-text-size", "1")
    remembered = content.evaluate(font_size)
    assert remembered == bigger
    page.get_by_role("button", name="A− Giảm cỡ chữ").click()
    expect(page.locator("html:not([data-text-size])")).to_be_attached()
    assert content.evaluate(font_size) == before


def test_the_menu_and_skip_link_work_with_the_keyboard(live_server, mobile_page, newsroom):
    page = mobile_page
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    page.goto(live_server.url + "/")
    menu = page.get_by_role("navigation", name="Chuyên mục chính")
    menu_button = menu.get_by_role("button", name="Chuyên mục")
    for _ in range(10):
        page.keyboard.press("Tab")
        if menu_button.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the menu button was never reached with Tab")
    page.keyboard.press("Enter")  # a phone's menu opens from its button
    menu_link = menu.get_by_role("link", name="Kinh tế")
    for _ in range(10):
        page.keyboard.press("Tab")
        if menu_link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the menu link was never reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/kinh-te/")


def test_everything_works_without_javascript(live_server, _playwright_browser, newsroom):
    main, _ = newsroom
    context = _playwright_browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + main.get_absolute_url())
        expect(page.get_by_role("heading", level=1)).to_have_text(main.title, use_inner_text=True)
        expect(page.locator("figure.cover img")).to_be_visible()
        # Controls that need JavaScript stay hidden; the share links are plain links.
        expect(page.locator(".text-size")).to_be_attached()
        assert not page.locator(".text-size").is_visible()
        share = page.get_by_role("link", name="Chia sẻ lên Facebook (mở cửa sổ mới)")
        expect(share).to_be_visible()
        page.get_by_role("search", name="Tìm kiếm trên cổng").get_by_role("searchbox").fill(
            "dân vận"
        )
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "/tim-kiem/?q=d%C3%A2n+v%E1%BA%ADn" in page.url
    finally:
        context.close()


def test_print_hides_the_menus(live_server, page, newsroom):
    main, _ = newsroom
    page.goto(live_server.url + main.get_absolute_url())
    for part in (".site-nav", ".site-footer", ".share"):
        expect(page.locator(part)).to_be_visible()  # on screen, before printing
    page.emulate_media(media="print")
    for part in (".site-nav", ".site-footer", ".share"):
        expect(page.locator(part)).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
