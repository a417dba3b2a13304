"""The main menu at 1366 px and on a 390 px phone (Playwright, Debian's Chromium)."""

import pytest
from playwright.sync_api import expect

from tests.news.factories import ArticleFactory, CategoryFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("keep_migration_data"),
]

# The demo's sections, the longest names a committee's menu usually has.
SECTIONS = [
    "Tin tức - Sự kiện",
    "Xây dựng Đảng",
    "Dân vận",
    "Tuyên giáo",
    "Kiểm tra - Giám sát",
    "Kinh tế - Xã hội",
    "Quốc phòng - An ninh",
]


@pytest.fixture
def sections():
    categories = [
        CategoryFactory(name=name, slug=f"muc-{n}", menu_order=n) for n, name in enumerate(SECTIONS)
    ]
    ArticleFactory(category=categories[0])
    return categories


def test_the_menu_fits_one_row_at_1366_and_opens_from_a_button_on_a_phone(
    live_server, _playwright_browser, sections
):
    names = ["Trang chủ", *SECTIONS, "Văn bản"]
    wide = _playwright_browser.new_context(viewport={"width": 1366, "height": 800})
    phone = _playwright_browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        page = wide.new_page()
        page.goto(live_server.url + "/")
        menu = page.get_by_role("navigation", name="Chuyên mục chính")
        tops = set()
        for name in names:
            link = menu.get_by_role("link", name=name, exact=True)
            expect(link).to_be_visible()
            tops.add(round(link.bounding_box()["y"]))
        assert len(tops) == 1, "the menu wraps at 1366 px"
        expect(menu.get_by_role("button", name="Chuyên mục")).to_be_hidden()

        page = phone.new_page()
        page.goto(live_server.url + "/")
        menu = page.get_by_role("navigation", name="Chuyên mục chính")
        expect(menu.get_by_role("link", name="Văn bản", exact=True)).to_be_hidden()
        menu.get_by_role("button", name="Chuyên mục").tap()
        for name in names:
            link = menu.get_by_role("link", name=name, exact=True)
            expect(link).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.keyboard.press("Escape")
        expect(menu.get_by_role("link", name="Văn bản", exact=True)).to_be_hidden()
        menu.get_by_role("button", name="Chuyên mục").tap()
        with page.expect_navigation():
            menu.get_by_role("link", name="Văn bản", exact=True).tap()
        assert page.url.endswith("/van-ban/")
    finally:
        wide.close()
        phone.close()
