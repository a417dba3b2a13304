"""The newsroom's lists in a real Chromium at 1366 px: every title in 3 lines or fewer."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import login
from tests.documents.factories import DocumentFactory
from tests.news.factories import ArticleFactory, CategoryFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("keep_migration_data"),
]
LONG_TITLES = [
    "Hội nghị báo cáo viên tháng cập nhật tình hình thời sự trong nước và quốc tế",
    "Ban Thường vụ Thành ủy Lạng Sơn tổ chức hội nghị sơ kết công tác Dân vận 9 tháng đầu năm "
    "và triển khai nhiệm vụ trọng tâm những tháng cuối năm 2026 trên địa bàn thành phố",
    "Đoàn công tác của Ban Chấp hành Đảng bộ tỉnh kiểm tra, giám sát việc thực hiện Nghị quyết "
    "Đại hội Đảng bộ các cấp nhiệm kỳ 2025–2030 tại các phường Hoàng Văn Thụ, Tam Thanh",
]


def title_lines(page):
    """How many lines each title in the list takes (its height over its line height)."""
    return page.eval_on_selector_all(
        "#result_list .row-title",
        """links => links.map(a => {
            const style = getComputedStyle(a);
            return [a.textContent.trim(), Math.round(a.getBoundingClientRect().height
                / parseFloat(style.lineHeight))];
        })""",
    )


def test_every_title_in_the_lists_takes_three_lines_or_fewer_at_1366px(
    live_server, _playwright_browser, editor
):
    section = CategoryFactory(name="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
    for n in range(24):
        ArticleFactory(title=LONG_TITLES[n % 3] + f" ({n})", category=section, byline="Thanh Huệ")
    for n in range(5):
        DocumentFactory(
            number_symbol=f"{100 + n}-NQ/TU",
            summary="Về tăng cường sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình "
            "mới, phát huy sức mạnh khối đại đoàn kết toàn dân tộc trên địa bàn tỉnh",
        )
    context = _playwright_browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1366, "height": 768}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        login(page, live_server.url, editor.username)
        for path in ("/admin/news/article/", "/admin/documents/document/"):
            page.goto(live_server.url + path)
            expect(page.locator("#result_list .row-title").first).to_be_visible()
            lines = title_lines(page)
            assert len(lines) >= 5, path
            too_tall = [(title, n) for title, n in lines if n > 3]
            assert not too_tall, (path, too_tall)
            # The table fits the window: no column is pushed off screen.
            table_right = page.eval_on_selector(
                "#result_list", "t => t.getBoundingClientRect().right"
            )
            assert table_right <= 1366, path
    finally:
        context.close()
