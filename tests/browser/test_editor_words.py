"""The rich-text editor speaks Vietnamese in a real Chromium, at 1366 px and on a
390 px phone: its toolbar tooltips and its block menu (prose-editor-vi.js)."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("keep_migration_data"),
]

# What the package writes in English, and what a Vietnamese newsroom reads.
TOOLTIPS = {
    "bold": "Chữ đậm",
    "italic": "Chữ nghiêng",
    "undo": "Hoàn tác",
    "Insert table": "Chèn bảng",
}
ENGLISH = ("bold", "italic", "underline", "undo", "redo", "insert link", "Insert table")


@pytest.mark.parametrize("width", [1366, 390])
def test_the_editors_toolbar_and_block_menu_are_vietnamese(
    live_server, _playwright_browser, contributor, category, width
):
    context = _playwright_browser.new_context(
        locale="vi-VN", viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        login(page, live_server.url, contributor.username, "/admin/news/article/add/")
        menubar = page.locator(".field-body .prose-menubar").first
        for word in TOOLTIPS.values():
            expect(menubar.locator(f'[title="{word}"]')).to_have_count(1)
        titles = menubar.locator("[title]").evaluate_all("els => els.map(e => e.title)")
        assert not [t for t in titles if t in ENGLISH], titles
        options = menubar.locator(".prose-menubar__option").evaluate_all(
            "els => els.map(e => e.textContent.trim())"
        )
        assert "Đoạn văn" in options and "Tiêu đề 2" in options, options
        assert not [o for o in options if o.startswith(("Heading", "Paragraph"))], options
    finally:
        context.close()
