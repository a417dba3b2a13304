import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from images import structure as image_structure
from images.models import Image
from images.processing import MAX_FRAMES
from images.uploads import MAX_BYTES, clean_upload
from tests.images import samples

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/images/image/add/"
PICKER_URL = "/admin/images/image/picker/"


def upload(client, content, name="anh.jpg", alt="Hội nghị sơ kết", url=ADD_URL, prefix=""):
    data = {
        f"{prefix}file": SimpleUploadedFile(name, content),
        f"{prefix}title": "Ảnh hội nghị",
        f"{prefix}alt_text": alt,
        f"{prefix}caption": "Quang cảnh hội nghị",
        f"{prefix}credit": "Minh Tuấn",
    }
    return client.post(url, data)


def test_upload_strips_exif_gps_and_applies_orientation(client, editor):
    client.force_login(editor)
    response = upload(client, samples.jpeg_with_gps_and_rotation(size=(60, 40)))
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.uploaded_by == editor
    assert (image.width, image.height) == (40, 60)  # rotated upright
    stored = PILImage.open(image.file.path)
    assert not stored.getexif()
    assert "exif" not in stored.info
    name = image.file.name
    assert name.startswith("images/") and name.endswith(".jpg") and "anh" not in name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("baocao.jpg", b"day khong phai la anh", "không phải ảnh hợp lệ"),
        ("anh.png", samples.png_with_script(), "mã HTML"),
        ("anh.gif", samples.gif_polyglot(), "mã HTML"),
        ("bom.png", samples.png_header_only(), "bom giải nén"),
        ("lon.png", samples.png_header_only(10_000, 5_000), "40 triệu"),
        ("cat.jpg", samples.truncated_jpeg(), "không phải ảnh hợp lệ"),
        ("logo.svg", samples.SVG, "không hợp lệ"),
        ("logo.jpg", samples.SVG, "SVG"),
        ("anh.jpg.php", samples.png_bytes(), "không hợp lệ"),
        ("to.jpg", b"\xff\xd8" + b"0" * MAX_BYTES, "20 MB"),
    ],
    ids=["not-image", "png-script", "gif-polyglot", "bomb", "50-megapixels", "truncated", "svg",
         "svg-as-jpg", "php", "oversized"],
)  # fmt: skip
def test_bad_uploads_are_refused_with_a_message(client, editor, name, content, message):
    client.force_login(editor)
    response = upload(client, content, name=name)
    assert response.status_code == 200
    form_errors = response.context["adminform"].form.errors
    errors = " ".join(str(e) for e in form_errors.get("file", []))
    assert message in errors
    assert Image.objects.count() == 0


def test_missing_alt_text_is_refused(client, editor):
    client.force_login(editor)
    response = upload(client, samples.png_bytes(), name="anh.png", alt="   ")
    assert response.status_code == 200
    assert "alt_text" in response.context["adminform"].form.errors
    assert Image.objects.count() == 0


def test_image_library_list_and_filters(client, editor):
    from tests.images.factories import ImageFactory

    ImageFactory(title="Lễ kỷ niệm", uploaded_by=editor)
    client.force_login(editor)
    html = client.get("/admin/images/image/").content.decode()
    assert "admin-thumb" in html and "Lễ kỷ niệm" in html
    assert client.get("/admin/images/image/", {"q": "Minh Tuấn"}).status_code == 200
    assert client.get("/admin/images/image/", {"thang": "2019-13"}).status_code == 200


def test_picker_uploads_into_library_and_hands_image_back(client, contributor):
    client.force_login(contributor)
    response = upload(
        client,
        samples.png_bytes(),
        name="anh.png",
        url=PICKER_URL + "?ham=3",
        prefix="upload-",
    )
    assert response.status_code == 200
    image = Image.objects.get()
    html = response.content.decode()
    assert f'data-auto-pick="{image.pk}"' in html
    assert 'data-func-num="3"' in html
    assert 'data-alt="Hội nghị sơ kết"' in html and 'data-caption="Quang cảnh hội nghị"' in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_picker_lists_and_searches_library(client, contributor):
    from tests.images.factories import ImageFactory

    ImageFactory(title="Đại hội chi bộ")
    ImageFactory(title="Lễ ra quân")
    client.force_login(contributor)
    html = client.get(PICKER_URL, {"q": "Đại hội", "ham": "1"}).content.decode()
    assert "Đại hội chi bộ" in html and "Lễ ra quân" not in html


def test_picker_refuses_bad_upload(client, contributor):
    client.force_login(contributor)
    response = upload(
        client, samples.SVG, name="x.svg", url=PICKER_URL + "?CKEditorFuncNum=1", prefix="upload-"
    )
    assert response.status_code == 200
    assert "không hợp lệ" in response.content.decode()
    assert Image.objects.count() == 0


def test_picker_is_not_public(client):
    assert client.get(PICKER_URL).status_code == 302


def test_stored_file_never_keeps_client_bytes():
    from django.core.files.base import ContentFile

    raw = samples.jpeg_with_gps_and_rotation()
    image = Image(title="x", alt_text="y", file=ContentFile(raw, name="x.jpg"))
    image.save()
    assert image.file.read() != raw
    assert not PILImage.open(io.BytesIO(image.file.open().read())).getexif()


def test_disk_full_gives_a_clear_error_and_leaves_nothing(client, editor, settings):
    import errno
    from unittest import mock

    from django.core.files.storage import FileSystemStorage

    real_save = FileSystemStorage._save

    def full_disk(self, name, content):
        real_save(self, name, type(content)(content.read()[:100], name=content.name))
        raise OSError(errno.ENOSPC, "No space left on device")

    client.force_login(editor)
    with mock.patch.object(FileSystemStorage, "_save", full_disk):
        response = upload(client, samples.png_bytes(), name="anh.png")
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors.get("file", []))
    assert "không lưu được ảnh" in errors and "No space left" in errors
    assert Image.objects.count() == 0
    media = settings.MEDIA_ROOT / "images"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def file_errors(response):
    form = response.context["adminform"].form if "adminform" in response.context else None
    form = form or response.context["form"]
    return " ".join(str(e) for e in form.errors.get("file", []))


def stored_files(settings):
    media = settings.MEDIA_ROOT / "images"
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


# ------------------------------------------------------------ bounded work


def test_the_reported_gif_bomb_is_refused_at_once_through_the_picker(client, contributor, settings):
    content = samples.gif_bomb()  # 6000 × 6000 px × 60 frames in 1.6 MB
    assert len(content) < 2 * 1024 * 1024
    client.force_login(contributor)
    started = time.monotonic()
    response = upload(
        client, content, name="chuc-mung.gif", url=PICKER_URL + "?CKEditorFuncNum=1",
        prefix="upload-",
    )  # fmt: skip
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    errors = file_errors(response)
    assert "Ảnh động quá nặng" in errors and "60 khung hình" in errors
    assert "Ảnh động quá nặng" in response.content.decode()
    assert Image.objects.count() == 0 and stored_files(settings) == []
    assert elapsed < 5  # it took 220 s (and a killed worker) before the bound


@pytest.mark.parametrize(
    ("name", "build"),
    [("bom.webp", samples.webp_bomb), ("bom.png", samples.apng_bomb)],
    ids=["animated-webp", "apng"],
)
def test_webp_and_apng_bombs_are_refused_before_decoding(client, editor, settings, name, build):
    content = build()
    assert PILImage.open(io.BytesIO(content)).n_frames == 60  # Pillow sees an animation
    client.force_login(editor)
    started = time.monotonic()
    response = upload(client, content, name=name)
    assert time.monotonic() - started < 5
    assert "6000 × 6000 điểm ảnh × 60 khung hình" in file_errors(response)
    assert Image.objects.count() == 0 and stored_files(settings) == []


def test_counting_frames_stops_at_the_limit():
    content = samples.gif_with_tiny_frames(1_200_000)  # 20 MB; Pillow counts them in ~12 s
    assert len(content) <= MAX_BYTES
    assert image_structure.gif_frames(content, MAX_FRAMES)[0] == MAX_FRAMES + 1
    started = time.monotonic()
    with pytest.raises(ValidationError, match="quá nhiều khung hình"):
        clean_upload(SimpleUploadedFile("nhieu.gif", content))
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        ("rac.gif", samples.gif_with_stray_bytes, "không phải ảnh hợp lệ"),
        ("manh.png", samples.png_with_many_chunks, "không phải ảnh hợp lệ"),
        ("manh.jpg", samples.jpeg_with_many_segments, "không phải ảnh hợp lệ"),
        ("quet.jpg", samples.jpeg_scan_bomb, "quá nhiều lượt quét"),
        ("lan.gif", samples.gif_with_huge_second_frame, "không phải ảnh hợp lệ"),
    ],
    ids=[
        "gif-stray-bytes", "png-25000-chunks", "jpeg-2000-segments", "jpeg-206-scans",
        "gif-frame-outside-canvas",
    ],
)  # fmt: skip
def test_files_that_parse_or_decode_slowly_are_refused(name, build, message):
    started = time.monotonic()
    with pytest.raises(ValidationError, match=message):
        clean_upload(SimpleUploadedFile(name, build()))
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("fmt", ["GIF", "WEBP", "PNG"])
def test_a_small_animation_is_kept_frame_for_frame(client, editor, fmt):
    client.force_login(editor)
    response = upload(client, samples.animated(fmt), name=f"dong.{fmt.lower()}")
    assert response.status_code == 302
    stored = PILImage.open(Image.objects.get().file.path)
    assert stored.format == fmt and stored.n_frames == 3 and stored.info.get("loop") == 0
    greens = []
    for index in range(3):
        stored.seek(index)
        greens.append(stored.convert("RGB").getpixel((20, 15))[1])
        assert stored.info.get("duration") == 80
    assert greens[1] > 120 > max(greens[0], greens[2])  # the second frame is the green one


def test_an_animation_keeps_its_transparent_pixels(client, editor):
    client.force_login(editor)
    assert upload(client, samples.moving_square_gif(), name="dong.gif").status_code == 302
    stored = PILImage.open(Image.objects.get().file.path)
    corners = []
    for index in range(3):
        stored.seek(index)
        corners.append(stored.convert("RGBA").getpixel((12, 12))[3])
    # The square covers (12, 12) in the first frame only, then moves away.
    assert corners == [255, 0, 0]


def test_a_still_photo_stays_a_single_frame(client, editor):
    client.force_login(editor)
    assert upload(client, samples.png_bytes(), name="anh.png").status_code == 302
    assert getattr(PILImage.open(Image.objects.get().file.path), "n_frames", 1) == 1


# ------------------------------------------------------------ metadata


MARKER = "ZX81-HIDDEN"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anh.gif", samples.gif_with_comment_and_extension(MARKER.encode())),
        ("anh.jpg", samples.jpeg_with_metadata(MARKER)),
        ("anh.png", samples.png_with_metadata(MARKER)),
        ("anh.webp", samples.webp_with_metadata(MARKER)),
        ("anh.jpg", samples.jpeg_with_broken_icc(MARKER)),
    ],
    ids=[
        "gif-comment-extension", "jpeg-icc-exif-xmp-comment", "png-text-chunks", "webp-xmp-exif",
        "jpeg-unreadable-icc",
    ],
)  # fmt: skip
def test_reencoding_keeps_no_byte_of_metadata(client, editor, name, content):
    assert content.count(MARKER.encode()) >= 2
    client.force_login(editor)
    assert upload(client, content, name=name).status_code == 302
    image = Image.objects.get()
    with image.file.open("rb") as handle:
        raw = handle.read()
    assert MARKER.encode() not in raw
    stored = PILImage.open(io.BytesIO(raw))
    hidden = {"comment", "exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "extension"}
    assert not hidden & set(stored.info), stored.info.keys()
    assert not [key for key in stored.info if MARKER in str(key)]
    assert not stored.getexif()


def test_colours_are_converted_from_the_icc_profile_to_srgb(client, editor):
    # The profile swaps red and green: the pixels (255, 0, 0) mean sRGB green.
    client.force_login(editor)
    assert upload(client, samples.jpeg_with_metadata(MARKER), name="anh.jpg").status_code == 302
    stored = PILImage.open(Image.objects.get().file.path)
    red, green, blue = stored.convert("RGB").getpixel((32, 32))
    assert green > 200 and red < 60 and blue < 60
    assert "icc_profile" not in stored.info


# ------------------------------------------------------------ names


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("Ảnh 09.10.2019.jpg", samples.jpeg_bytes_plain()),
        ("bao-cao.v2.final.png", samples.png_bytes()),
        ("Hội nghị lần 2. Tổng kết.JPEG", samples.jpeg_bytes_plain()),
    ],
    ids=["date", "version", "sentence"],
)
def test_names_with_dates_and_versions_are_accepted(client, editor, name, content):
    client.force_login(editor)
    assert upload(client, content, name=name).status_code == 302
    stored = Image.objects.get().file.name
    assert stored.startswith("images/") and "2019" not in stored and "final" not in stored


@pytest.mark.parametrize(
    "name", ["a.php.jpg", "a.jpg.php", "x.html.png", "anh.PHP5.gif", "a.asp;.jpg", "b.svg.webp"]
)
def test_names_with_an_executable_suffix_anywhere_are_refused(client, editor, settings, name):
    client.force_login(editor)
    response = upload(client, samples.png_bytes(), name=name)
    assert response.status_code == 200
    assert "không hợp lệ" in file_errors(response)
    assert Image.objects.count() == 0 and stored_files(settings) == []


@pytest.mark.parametrize("url", [ADD_URL, PICKER_URL + "?CKEditorFuncNum=-1"])
def test_a_photo_uploaded_through_the_admin_gets_its_renditions(
    client, editor, url, django_capture_on_commit_callbacks
):
    """The form stores the file before the model saves it; renditions still follow.
    (They never did: readers got the full-size original until generate_renditions ran.)"""
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        prefix = "upload-" if "picker" in url else ""
        response = upload(
            client, samples.png_bytes(size=(800, 500)), name="anh.png", url=url, prefix=prefix
        )
    assert response.status_code in (200, 302)
    image = Image.objects.get()
    assert image.renditions.filter(width=800, format="webp").exists()
    assert image.renditions.filter(width=320, format="jpeg").exists()


def test_replacing_a_photo_rebuilds_its_renditions(
    client, editor, django_capture_on_commit_callbacks
):
    from tests.images.factories import photo_with_renditions

    image = photo_with_renditions(size=(1600, 1000))
    client.force_login(editor)
    data = {
        "file": SimpleUploadedFile("moi.png", samples.png_bytes(size=(700, 400))),
        "title": image.title,
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/images/image/{image.pk}/change/", data)
    assert response.status_code == 302
    assert sorted({r.width for r in image.renditions.all()}) == [320, 640, 700]


def test_a_photo_sent_while_the_users_last_is_processed_is_refused_at_once(client, contributor):
    from core import sandbox

    client.force_login(contributor)
    with sandbox.only_one(f"uploads-of-{contributor.pk}"):
        response = upload(client, samples.png_bytes(), name="anh.png", url=PICKER_URL,
                          prefix="upload-")  # fmt: skip
    assert "Một tệp khác bạn gửi đang được kiểm tra" in response.content.decode()
    assert not Image.objects.exists()
