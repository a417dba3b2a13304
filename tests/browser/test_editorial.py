"""The newsroom flow in a real Chromium: write, insert a photo and a table,
submit, preview, publish, and read it on the public site."""

import pytest
from playwright.sync_api import expect

from images.models import Image
from news.models import Article
from tests.browser.helpers import login, query
from tests.images import samples as image_samples

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("keep_migration_data"),
]


def test_contributor_writes_editor_publishes(
    live_server, page, contributor, editor, category, tmp_path
):
    base = live_server.url
    csp_violations = []
    page.on(
        "console",
        lambda msg: (
            csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    photo = tmp_path / "hoi-nghi.jpg"
    photo.write_bytes(image_samples.jpeg_with_gps_and_rotation(size=(900, 600)))

    # 1. The contributor writes Vietnamese text in the editor.
    login(page, base, contributor.username)
    page.goto(f"{base}/admin/news/article/add/")
    page.fill("#id_title", "Thành ủy Lạng Sơn sơ kết công tác Dân vận quý III")
    page.fill("#id_lead", "Ngày 09/10, Thành ủy Lạng Sơn tổ chức hội nghị sơ kết.")
    editor_box = page.locator(".ProseMirror[contenteditable=true]").first
    editor_box.click()
    page.keyboard.type("Hội nghị đánh giá công tác dân vận đạt nhiều kết quả.")
    page.keyboard.press("Enter")

    # 2a. Insert a newly uploaded photo with a caption, through our picker.
    page.click("button[data-name=figure]")
    dialog = page.locator("dialog[open]")
    with page.expect_popup() as popup_info:
        dialog.get_by_role("button", name="Chọn từ thư viện ảnh…").click()
    picker = popup_info.value
    picker.wait_for_load_state()
    picker.set_input_files("#id_upload-file", str(photo))
    picker.fill("#id_upload-title", "Hội nghị sơ kết dân vận")
    picker.fill("#id_upload-alt_text", "Đại biểu dự hội nghị sơ kết công tác dân vận")
    picker.fill("#id_upload-caption", "Đồng chí Trưởng Ban Dân vận đọc báo cáo")
    with picker.expect_event("close"):
        picker.click("input[type=submit]")
    expect(dialog.locator("input[name=altText]")).to_have_value(
        "Đại biểu dự hội nghị sơ kết công tác dân vận"
    )
    expect(dialog.locator("input[name=caption]")).to_have_value(
        "Đồng chí Trưởng Ban Dân vận đọc báo cáo"
    )
    dialog.locator("button[type=submit]").click()
    expect(editor_box.locator("figure img")).to_have_count(1)

    # 2b. Insert a table and type in it.
    page.keyboard.press("Control+End")
    page.click("button[data-name=table]")
    page.locator("dialog[open] button[type=submit]").click()
    expect(page.locator("dialog[open]")).to_have_count(0)
    editor_box.locator("table td, table th").first.click()
    page.keyboard.type("Chỉ tiêu")

    # 3. Submit for review.
    page.select_option("#id_category", str(category.pk))
    page.select_option("#id_status", "pending")
    with page.expect_navigation(url=f"{base}/admin/news/article/"):
        page.click("input[name=_save]")

    article = query(Article.objects.get)
    assert article.status == Article.Status.PENDING
    image = query(Image.objects.get)
    assert query(lambda: image.uploaded_by) == contributor
    assert f'src="{image.file.url}"' in article.body
    assert "<figcaption>Đồng chí Trưởng Ban Dân vận đọc báo cáo</figcaption>" in article.body
    assert "<table>" in article.body and "Chỉ tiêu" in article.body
    assert "Hội nghị đánh giá công tác dân vận" in article.body

    # 4. The editor previews, then publishes.
    page.context.clear_cookies()
    login(page, base, editor.username)
    page.goto(f"{base}/admin/news/article/{article.pk}/preview/")
    expect(page.locator("h1").first).to_have_text(article.title, use_inner_text=True)
    expect(page.locator("figure figcaption", has_text="Trưởng Ban Dân vận")).to_have_count(1)

    page.goto(f"{base}/admin/news/article/")
    page.check(f"input[name=_selected_action][value='{article.pk}']")
    page.select_option("select[name=action]", "publish_now")
    with page.expect_navigation():
        page.click("button[name=index]")
    expect(page.locator(".messagelist .success").first).to_be_visible()

    # 5. Citizens see it with the figure and its caption.
    page.context.clear_cookies()
    query(article.refresh_from_db)
    assert article.is_published() and query(lambda: article.published_by) == editor
    response = page.goto(base + article.get_absolute_url())
    assert response.status == 200
    figure = page.locator("article figure", has_text="Đồng chí Trưởng Ban Dân vận đọc báo cáo")
    expect(figure.first).to_be_attached()  # one or more
    expect(figure.first.locator("img")).to_have_attribute(
        "alt", "Đại biểu dự hội nghị sơ kết công tác dân vận"
    )
    expect(page.locator("article table")).to_have_count(1)
    # The whole flow, admin included, ran under the Content-Security-Policy.
    assert csp_violations == []
