"""Bulk upload: several files in one POST, each with its own fields and the same checks."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from images import bulk
from images.models import Image
from images.renditions import planned
from tests.accounts.factories import UserFactory
from tests.images import samples
from tests.images.factories import jpeg_bytes

pytestmark = pytest.mark.django_db
URL = "/admin/images/image/tai-len/"
CHANGELIST_URL = "/admin/images/image/"
NOT_AN_IMAGE = b"Day la bao cao, khong phai anh."


def row(name, content, title="", alt="Đại biểu dự hội nghị", caption="", credit=""):
    return {
        "file": SimpleUploadedFile(name, content),
        "title": title,
        "alt_text": alt,
        "caption": caption,
        "credit": credit,
    }


def batch_data(*rows, total=None, numbers=None):
    """The POST of the bulk form: ``rows`` at ``numbers`` (0, 1, 2 ... by default)."""
    numbers = numbers or range(len(rows))
    data = {
        "anh-TOTAL_FORMS": str(total if total is not None else max(numbers, default=-1) + 1),
        "anh-INITIAL_FORMS": "0",
        "anh-MIN_NUM_FORMS": "0",
        "anh-MAX_NUM_FORMS": "20",
    }
    for number, fields in zip(numbers, rows, strict=True):
        for key, value in fields.items():
            if value is not None:
                data[f"anh-{number}-{key}"] = value
    return data


def stored_files(settings):
    media = settings.MEDIA_ROOT / "images"
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_the_page_without_javascript_has_rows_of_plain_fields(client, contributor):
    client.force_login(contributor)
    html = client.get(URL).content.decode()
    for number in range(bulk.ROWS_WITHOUT_SCRIPT):
        assert f'name="anh-{number}-file"' in html and f'name="anh-{number}-alt_text"' in html
    assert 'name="anh-TOTAL_FORMS" value="5"' in html
    assert "Mỗi lượt tối đa 20 ảnh và 24 MB" in html and "tối đa 20 MB" in html
    assert 'id="bulk-row-template"' in html and 'name="anh-__prefix__-file"' in html
    assert 'id="bulk-upload-text" type="application/json"' in html
    changelist = client.get(CHANGELIST_URL).content.decode()
    assert f'href="{URL}" class="addlink">Tải nhiều ảnh lên' in changelist


def test_a_bad_file_is_named_and_the_good_one_saved(client, contributor, settings):
    client.force_login(contributor)
    response = client.post(
        URL,
        batch_data(
            row("hoi-nghi_so-ket.jpg", jpeg_bytes((800, 600)), caption="Quang cảnh"),
            row(
                "baocao.jpg",
                NOT_AN_IMAGE,
                title="Báo cáo chính trị",
                alt="Trang đầu báo cáo",
                caption="Báo cáo tại đại hội",
                credit="Văn phòng Thành ủy",
            ),
        ),
    )
    assert response.status_code == 200
    image = Image.objects.get()
    assert image.title == "hoi nghi so ket"  # from the file name, as the page's script does
    assert image.uploaded_by == contributor and image.caption == "Quang cảnh"
    assert image.alt_text == "Đại biểu dự hội nghị" and (image.width, image.height) == (800, 600)
    # Nothing half-saved: one row, one stored file, one entry in the admin log.
    assert stored_files(settings) == [settings.MEDIA_ROOT / image.file.name]
    assert list(LogEntry.objects.values_list("object_id", "action_flag")) == [
        (str(image.pk), ADDITION)
    ]

    html = response.content.decode()
    assert "Đã lưu 1 ảnh" in html and f'href="/admin/images/image/{image.pk}/change/"' in html
    assert "Chưa lưu 1 ảnh" in html
    assert "<strong>baocao.jpg</strong>: Tệp ảnh: Tệp không phải ảnh hợp lệ" in html
    # The refused row keeps what was typed, under its own number, to send again.
    assert 'name="anh-1-title" value="Báo cáo chính trị"' in html
    assert 'name="anh-1-alt_text" value="Trang đầu báo cáo"' in html
    assert "Báo cáo tại đại hội</textarea>" in html
    assert 'name="anh-1-credit" value="Văn phòng Thành ủy"' in html
    assert 'name="anh-0-' not in html  # the saved one is not offered again
    assert 'name="anh-TOTAL_FORMS" value="2"' in html


def test_missing_alt_text_refuses_that_file_only(client, editor, settings):
    client.force_login(editor)
    response = client.post(
        URL,
        batch_data(
            row("mot.jpg", jpeg_bytes(), alt="Lễ khai mạc"),
            row("hai.png", samples.png_bytes(), alt="   ", title="Ảnh hai"),
        ),
    )
    assert list(Image.objects.values_list("title", flat=True)) == ["mot"]
    html = response.content.decode()
    assert (
        "<strong>hai.png</strong>: Mô tả thay thế (alt): Ảnh phải có mô tả thay thế (alt) cho "
        "người khiếm thị.</li>"
    ) in html
    assert 'name="anh-1-title" value="Ảnh hai"' in html
    assert len(stored_files(settings)) == 1  # the refused file was never stored


def test_a_refused_row_sent_again_is_saved(client, editor):
    client.force_login(editor)
    client.post(URL, batch_data(row("a.jpg", jpeg_bytes()), row("b.jpg", NOT_AN_IMAGE)))
    # The page sends row 1 again (row 0 was saved), now with a real photo.
    response = client.post(
        URL, batch_data(row("b.jpg", jpeg_bytes(), title="Ảnh b"), numbers=[1], total=2)
    )
    assert response.status_code == 302
    assert set(Image.objects.values_list("title", flat=True)) == {"a", "Ảnh b"}


def test_all_saved_goes_back_to_the_library_with_renditions_made(
    client, contributor, django_capture_on_commit_callbacks
):
    client.force_login(contributor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL,
            batch_data(
                row("mot.jpg", jpeg_bytes((700, 500)), title="Một", credit="Minh Tuấn"),
                row("hai.gif", samples.animated("GIF"), title="Hai"),
                row("ba.png", samples.png_bytes((400, 300)), title="Ba"),
            ),
        )
    assert response.status_code == 302 and response["Location"] == CHANGELIST_URL
    images = {image.title: image for image in Image.objects.all()}
    assert set(images) == {"Một", "Hai", "Ba"}
    assert images["Một"].credit == "Minh Tuấn"
    for image in images.values():
        assert {(r.width, r.format) for r in image.renditions.all()} == planned(image.width)
    follow = client.get(CHANGELIST_URL)
    assert "Đã lưu 3 ảnh vào thư viện." in follow.content.decode()


def test_empty_rows_are_ignored_and_an_empty_batch_says_so(client, editor):
    client.force_login(editor)
    empty = {"file": None, "title": "", "alt_text": "", "caption": "", "credit": ""}
    response = client.post(URL, batch_data(empty, empty))
    assert response.status_code == 200
    assert "Chưa có ảnh nào để lưu" in response.content.decode()
    response = client.post(URL, batch_data(empty, row("a.jpg", jpeg_bytes()), empty))
    assert response.status_code == 302 and Image.objects.count() == 1


def test_a_row_without_a_file_is_refused_with_what_was_typed(client, editor):
    client.force_login(editor)
    no_file = {"file": None, "title": "Ảnh chưa chọn", "alt_text": "Mô tả", "caption": ""}
    response = client.post(URL, batch_data(row("a.jpg", jpeg_bytes()), no_file))
    html = response.content.decode()
    assert Image.objects.count() == 1
    assert "<strong>Ảnh thứ 2</strong>" in html and 'value="Ảnh chưa chọn"' in html


def test_more_rows_than_the_limit_are_refused_whole(client, editor, settings):
    client.force_login(editor)
    rows = [row(f"{n}.jpg", jpeg_bytes()) for n in range(bulk.MAX_FILES + 1)]
    response = client.post(URL, batch_data(*rows))
    assert "Mỗi lượt tải lên tối đa 20 ảnh." in response.content.decode()
    assert Image.objects.count() == 0 and stored_files(settings) == []


def test_a_tampered_management_form_saves_nothing(client, editor):
    client.force_login(editor)
    data = batch_data(row("a.jpg", jpeg_bytes()))
    data["anh-TOTAL_FORMS"] = "nhiều"
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "Biểu mẫu tải lên thiếu dữ liệu" in response.content.decode()
    assert Image.objects.count() == 0


def test_files_past_the_time_budget_are_handed_back_unchecked(
    client, editor, settings, monkeypatch
):
    ticks = iter(range(0, 1000, 10))  # every look at the clock: 10 s later
    monkeypatch.setattr(bulk, "_now", lambda: next(ticks))
    monkeypatch.setattr(bulk, "TIME_BUDGET", 15.0)
    client.force_login(editor)
    response = client.post(
        URL,
        batch_data(
            row("mot.jpg", jpeg_bytes(), title="Một"),
            row("hai.jpg", jpeg_bytes(), title="Hai"),
            row("ba.jpg", jpeg_bytes(), title="Ba", alt="Mô tả ảnh ba", credit="Đức Hiếu"),
        ),
    )
    assert set(Image.objects.values_list("title", flat=True)) == {"Một", "Hai"}
    assert len(stored_files(settings)) == 2
    html = response.content.decode()
    assert "<strong>ba.jpg</strong>: Chưa xử lý: lượt tải lên này đã dùng hết thời gian" in html
    assert 'name="anh-2-alt_text" value="Mô tả ảnh ba"' in html
    assert 'name="anh-2-credit" value="Đức Hiếu"' in html


def test_files_past_the_batch_size_are_handed_back_unchecked(client, editor, monkeypatch):
    first, second = jpeg_bytes((300, 200)), jpeg_bytes((200, 100))
    monkeypatch.setattr(bulk, "MAX_BATCH_BYTES", len(first) + len(second) - 1)
    client.force_login(editor)
    response = client.post(
        URL, batch_data(row("mot.jpg", first, title="Một"), row("hai.jpg", second, title="Hai"))
    )
    assert list(Image.objects.values_list("title", flat=True)) == ["Một"]
    assert "<strong>hai.jpg</strong>: Chưa xử lý: các tệp của lượt này cộng lại vượt" in (
        response.content.decode()
    )


def test_a_file_stored_for_a_row_that_could_not_be_saved_is_deleted(editor, settings, rf):
    from django.utils.datastructures import MultiValueDict

    data = batch_data(row("mot.jpg", jpeg_bytes()))
    files = {key: data.pop(key) for key in list(data) if key.endswith("-file")}
    formset = bulk.BulkUploadFormSet(data, MultiValueDict({k: [v] for k, v in files.items()}),
                                     prefix="anh")  # fmt: skip

    def broken_log(image):
        raise RuntimeError("log table gone")

    with pytest.raises(RuntimeError):
        bulk.save_batch(formset, editor, after_save=broken_log)
    assert Image.objects.count() == 0 and stored_files(settings) == []


# ------------------------------------------------------------ who may


def test_anonymous_users_are_sent_to_the_login(client):
    for response in (client.get(URL), client.post(URL, batch_data(row("a.jpg", jpeg_bytes())))):
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert Image.objects.count() == 0


def test_staff_without_the_add_permission_get_403(client):
    viewer = UserFactory(username="chi_xem", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_image"))
    client.force_login(viewer)
    assert client.get(CHANGELIST_URL).status_code == 200
    assert "Tải nhiều ảnh lên" not in client.get(CHANGELIST_URL).content.decode()
    assert client.get(URL).status_code == 403
    assert client.post(URL, batch_data(row("a.jpg", jpeg_bytes()))).status_code == 403
    assert Image.objects.count() == 0


def test_a_post_without_the_csrf_token_is_refused(contributor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor)
    response = client.post(URL, batch_data(row("a.jpg", jpeg_bytes())))
    assert response.status_code == 403
    assert Image.objects.count() == 0
    page = client.get(URL).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_batch_sent_while_the_users_last_is_processed_is_refused_at_once(client, editor):
    from core import sandbox

    client.force_login(editor)
    with sandbox.only_one(f"uploads-of-{editor.pk}"):
        response = client.post(URL, batch_data(row("mot.jpg", jpeg_bytes(), title="Một")))
    assert response.status_code == 200
    assert "Một tệp khác bạn gửi đang được kiểm tra" in response.content.decode()
    assert not Image.objects.exists()
