"""A citizen on a 375 px phone reads the news (Playwright, Debian's Chromium)."""

import datetime as dt

import pytest
from django.utils import timezone

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

    page.get_by_role("navigation", name="Chuyên mục chính").get_by_role(
        "link", name="Dân vận"
    ).click()
    page.wait_for_url("**/dan-van/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dân vận"

    with page.expect_request(lambda r: "/doc/" in r.url and r.method == "POST") as beacon:
        page.get_by_role("link", name=main.title).click()
        page.wait_for_url(f"**{main.get_absolute_url()}")
    assert beacon.value.url.endswith(f"/doc/{main.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == main.title

    figure = page.locator("figure.cover")
    figure.scroll_into_view_if_needed()
    assert figure.locator("img").is_visible()
    assert "Quang cảnh hội nghị sơ kết" in figure.locator("figcaption").inner_text()
    # The phone got a WebP rendition, not the 1600 px original.
    page.wait_for_function("document.querySelector('figure.cover img').complete")
    current = figure.locator("img").evaluate("img => img.currentSrc")
    assert "/media/renditions/" in current and current.endswith(".webp")
    assert figure.locator("img").evaluate("img => img.naturalWidth") <= 960

    # Text size: A+ makes the text bigger, and the choice is remembered.
    content = page.locator(".article-content")
    before = content.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    page.get_by_role("button", name="A+ Tăng cỡ chữ").click()
    bigger = content.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert bigger > before

    page.get_by_role("link", name=related.title).click()
    page.wait_for_url(f"**{related.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == related.title
    remembered = page.locator(".article-content").evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)"
    )
    assert remembered == bigger
    page.get_by_role("button", name="A− Giảm cỡ chữ").click()
    assert (
        page.locator(".article-content").evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
        == before
    )


def test_the_menu_and_skip_link_work_with_the_keyboard(live_server, mobile_page, newsroom):
    page = mobile_page
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto(live_server.url + "/")
    menu_link = page.get_by_role("navigation", name="Chuyên mục chính").get_by_role(
        "link", name="Kinh tế"
    )
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
        assert page.get_by_role("heading", level=1).inner_text() == main.title
        assert page.locator("figure.cover img").is_visible()
        # Controls that need JavaScript stay hidden; the share links are plain links.
        assert not page.locator(".text-size").is_visible()
        assert page.get_by_role("link", name="Chia sẻ lên Facebook (mở cửa sổ mới)").is_visible()
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
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert not page.locator(".share").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
