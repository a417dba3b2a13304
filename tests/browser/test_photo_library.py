"""The photo library in a real Chromium: the grid, and bulk upload by drag and drop."""

import base64
import re

import pytest
from playwright.sync_api import expect

from images.models import Image
from tests.browser.helpers import login, query
from tests.images.factories import jpeg_bytes, photo_with_renditions

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("keep_migration_data"),
]
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# Builds a DataTransfer holding files made from base64, as a desktop drag would.
DATA_TRANSFER = """(files) => {
    const transfer = new DataTransfer();
    for (const f of files) {
        const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return transfer;
}"""


def watch_csp(page):
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return violations


def axe_violations_in(page, selector):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=selector, options=WCAG)
    return results.violations_count, results.generate_report()


def drop_files(page, target, files):
    transfer = page.evaluate_handle(
        DATA_TRANSFER,
        [
            {"name": name, "type": kind, "data": base64.b64encode(content).decode()}
            for name, kind, content in files
        ],
    )
    page.dispatch_event(target, "drop", {"dataTransfer": transfer})


def test_drop_two_files_one_saved_one_refused(live_server, page, contributor):
    base = live_server.url
    csp = watch_csp(page)
    login(page, base, contributor.username)
    page.goto(f"{base}/admin/images/image/")
    page.get_by_role("link", name="Tải nhiều ảnh lên").click()
    page.wait_for_url(f"{base}/admin/images/image/tai-len/")
    expect(page.locator("#bulk-drop")).to_be_visible()  # the script has run: the drop zone
    assert page.locator(".bulk-row").count() == 0  # the plain rows gave way to it

    drop_files(
        page,
        "#bulk-drop",
        [
            ("hoi-nghi_so-ket.jpg", "image/jpeg", jpeg_bytes((640, 480))),
            ("baocao.jpg", "image/jpeg", b"Day la bao cao, khong phai anh."),
        ],
    )
    rows = page.locator(".bulk-row")
    expect(rows).to_have_count(2)
    expect(page.locator("#id_anh-0-title")).to_have_value("hoi nghi so ket")
    expect(page.locator("#id_anh-1-title")).to_have_value("baocao")
    # Each file is previewed in the browser before anything is sent.
    page.wait_for_function(
        "() => document.querySelector('.bulk-row img').naturalWidth === 640"
        " && document.querySelectorAll('.bulk-preview-broken').length === 1"
    )
    expect(page.locator("#bulk-status")).to_have_text(
        re.compile(r"^Đã thêm 2 ảnh\."), use_inner_text=True
    )
    # Focus moved to the first alt text, where the user types next.
    expect(page.locator("#id_anh-0-alt_text")).to_be_focused()

    # Without alt text the page says so and sends nothing.
    posts = []

    def record_post(request):
        if request.method == "POST":
            posts.append(request.url)

    page.on("request", record_post)
    page.click("input[type=submit]")
    expect(page.locator(".bulk-client-error")).to_have_count(2)
    expect(page.locator("#id_anh-0-alt_text")).to_be_focused()
    page.remove_listener("request", record_post)
    assert page.url.endswith("/tai-len/")
    assert posts == []

    page.fill("#id_anh-0-alt_text", "Đại biểu dự hội nghị sơ kết")
    page.fill("#id_anh-0-credit", "Minh Tuấn")
    page.fill("#id_anh-1-alt_text", "Trang đầu bản báo cáo")
    page.fill("#id_anh-1-caption", "Báo cáo chính trị")
    with page.expect_navigation():
        page.click("input[type=submit]")

    expect(page.get_by_role("heading", name="Đã lưu 1 ảnh")).to_be_visible()
    expect(page.get_by_role("heading", name="Chưa lưu 1 ảnh")).to_be_visible()
    refused = page.locator(".bulk-refused")
    expect(refused).to_contain_text("baocao.jpg", use_inner_text=True)
    expect(refused).to_contain_text("không phải ảnh hợp lệ", use_inner_text=True)
    image = query(Image.objects.get)
    assert (image.title, image.alt_text, image.credit) == (
        "hoi nghi so ket",
        "Đại biểu dự hội nghị sơ kết",
        "Minh Tuấn",
    )
    assert query(lambda: image.uploaded_by) == contributor
    assert query(image.renditions.exists)  # made after the commit, as for one upload
    # The refused row is still there with what was typed, waiting for a new file.
    expect(page.locator(".bulk-row")).to_have_count(1)
    expect(page.locator("#id_anh-0-alt_text")).to_have_value("Trang đầu bản báo cáo")
    expect(page.locator("#id_anh-0-caption")).to_have_value("Báo cáo chính trị")
    count, report = axe_violations_in(page, "#content-main")
    assert count == 0, report

    # Choosing a real photo for it from the keyboard, and sending again, saves it.
    file_input = page.locator("#id_anh-0-file")
    file_input.focus()
    expect(file_input).to_be_focused()
    with page.expect_file_chooser() as chooser:
        file_input.press("Enter")
    chooser.value.set_files(
        files=[{"name": "bao-cao.png", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    # The row took the file (its script has run), and kept the title typed before.
    expect(page.locator(".bulk-row .bulk-file-name")).to_have_text("bao-cao.png")
    assert page.locator("#id_anh-0-title").input_value() == "baocao"
    with page.expect_navigation(url=f"{base}/admin/images/image/"):
        page.click("input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text(
        "Đã lưu 1 ảnh vào thư viện.", use_inner_text=True
    )
    assert query(Image.objects.count) == 2
    assert csp == []


def test_grid_selects_with_the_keyboard_and_runs_an_action(live_server, page, editor):
    for number in range(3):
        photo_with_renditions(size=(900, 600), title=f"Hội nghị {number}", credit="Minh Tuấn")
    base = live_server.url
    csp = watch_csp(page)
    page.set_viewport_size({"width": 800, "height": 1280})  # a 10-inch tablet, upright
    login(page, base, editor.username)
    page.goto(f"{base}/admin/images/image/")
    cards = page.locator(".image-card")
    expect(cards).to_have_count(3)
    # Two or more photos a row on a tablet, with the filters above them.
    boxes = [cards.nth(n).bounding_box() for n in range(2)]
    assert boxes[0]["y"] == boxes[1]["y"]
    assert page.locator("#changelist-filter").bounding_box()["y"] < boxes[0]["y"]
    # Thumbnails are the 320 px renditions.
    assert "-320." in page.locator(".image-card img").first.get_attribute("src")

    page.focus(".image-card .action-select >> nth=0")
    page.keyboard.press("Space")
    counter = page.locator(".action-counter")
    expect(counter).to_have_text(re.compile(r"^\s*1 của 3 được chọn\s*$"), use_inner_text=True)
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_class("image-card-link")
    page.check("#action-toggle")
    expect(counter).to_have_text(re.compile(r"^\s*3 của 3 được chọn\s*$"), use_inner_text=True)
    expect(page.locator(".image-card.selected")).to_have_count(3)
    count, report = axe_violations_in(page, "#changelist")
    assert count == 0, report

    page.select_option("select[name=action]", "delete_selected")
    with page.expect_navigation():
        page.click("button[name=index]")
    # "Yes, I'm sure" on Django's confirmation page
    with page.expect_navigation(url=f"{base}/admin/images/image/"):
        page.locator("#content form input[type=submit]").click()
    assert query(Image.objects.count) == 0
    assert csp == []
