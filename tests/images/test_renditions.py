import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image as PILImage

from images.display import body_image_paths, picture_html
from images.models import Image, Rendition
from images.renditions import attach_renditions, generate_renditions, planned, renditions_of
from images.uploads import CleanedImage
from tests.images import samples
from tests.images.factories import ImageFactory, jpeg_bytes, photo_with_renditions

pytestmark = pytest.mark.django_db


def test_planned_widths_never_upscale():
    assert {w for w, _ in planned(2400)} == {320, 640, 960, 1200, 1280, 1920}
    assert {w for w, _ in planned(800)} == {320, 640, 800}
    assert planned(200) == {(200, "webp"), (200, "jpeg")}
    assert planned(0) == set()


def test_generate_makes_webp_and_jpeg_files_once(photo):
    renditions = {(r.width, r.format): r for r in photo.renditions.all()}
    assert set(renditions) == planned(1600)
    webp = renditions[(640, "webp")]
    with webp.file.open("rb") as handle:
        stored = PILImage.open(io.BytesIO(handle.read()))
    assert stored.format == "WEBP" and stored.size == (640, 400)
    assert (webp.width, webp.height) == (640, 400)
    jpeg = renditions[(1200, "jpeg")]
    with jpeg.file.open("rb") as handle:
        assert PILImage.open(io.BytesIO(handle.read())).format == "JPEG"
    # Generated once: a second run makes nothing and keeps the files.
    assert generate_renditions(photo) == 0
    assert photo.renditions.count() == len(renditions)


def test_transparent_png_gets_a_white_jpeg_background():
    buffer = io.BytesIO()
    PILImage.new("RGBA", (700, 400), (0, 0, 0, 0)).save(buffer, "PNG")
    image = ImageFactory(file=ContentFile(buffer.getvalue(), name="logo.png"))
    generate_renditions(image)
    jpeg = image.renditions.get(width=640, format="jpeg")
    with jpeg.file.open("rb") as handle:
        assert PILImage.open(io.BytesIO(handle.read())).getpixel((5, 5)) == (255, 255, 255)


def test_renditions_are_made_when_an_upload_is_committed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(file=ContentFile(jpeg_bytes((1000, 600)), name="anh.jpg"))
    assert {(r.width, r.format) for r in image.renditions.all()} == planned(1000)


def test_a_broken_file_does_not_break_the_upload(django_capture_on_commit_callbacks, caplog):
    image = ImageFactory()
    image.file.storage.delete(image.file.name)
    assert generate_renditions(image) == 0
    assert not image.renditions.exists()


def test_renditions_decode_only_the_first_frame_of_an_animation():
    # Stored as is (as before upload limits): reading its second frame would
    # be a 3,600-megapixel decompression bomb.
    image = ImageFactory(file=CleanedImage(samples.gif_with_huge_second_frame(), name="cu.gif"))
    assert (image.width, image.height) == (64, 64)
    assert generate_renditions(image) == len(planned(64))


def test_a_stored_photo_beyond_the_upload_limit_gets_no_renditions(caplog):
    content = samples.png_header_only(10_000, 5_000)  # 50 megapixels, never decoded
    image = ImageFactory(file=CleanedImage(content, name="cu.png"))
    assert generate_renditions(image) == 0
    assert not image.renditions.exists()
    assert "too large for renditions" in caplog.text


def test_management_command_fills_in_missing_renditions(capsys):
    images = [
        ImageFactory(file=ContentFile(jpeg_bytes((900, 600)), name="a.jpg")) for _ in range(3)
    ]
    generate_renditions(images[0])
    call_command("generate_renditions")
    for image in images:
        assert {(r.width, r.format) for r in image.renditions.all()} == planned(900)
    assert "cho 2 ảnh" in capsys.readouterr().out
    call_command("generate_renditions", "--force")
    assert Rendition.objects.count() == 3 * len(planned(900))


def test_attach_renditions_fetches_everything_in_one_query(django_assert_num_queries):
    covers = [photo_with_renditions(size=(700, 500)) for _ in range(3)]
    inline = photo_with_renditions(size=(660, 440))
    covers = [type(c).objects.get(pk=c.pk) for c in covers]
    with django_assert_num_queries(1):
        body_images = attach_renditions(covers + [None], [inline.file.name, "images/khong-co.jpg"])
    assert set(body_images) == {inline.file.name}
    with django_assert_num_queries(0):
        for image in covers + [body_images[inline.file.name]]:
            assert renditions_of(image)
            assert "<picture>" in picture_html(image)


def test_without_renditions_the_original_is_used_without_a_query(django_assert_num_queries):
    image = ImageFactory()
    image = type(image).objects.get(pk=image.pk)
    with django_assert_num_queries(0):
        html = str(picture_html(image, eager=True))
    assert html.startswith(f'<img src="{image.file.url}"')
    assert 'width="64" height="48"' in html and 'fetchpriority="high"' in html


def test_card_pictures_offer_only_small_files(photo):
    attach_renditions([photo])
    html = str(picture_html(photo, sizes="card"))
    assert "640w" in html and "960w" not in html and "1920w" not in html


def test_body_image_paths_reads_library_photos_only():
    body = (
        '<figure><img src="/media/images/2019/10/a%20b.jpg" alt="x"></figure>'
        '<p><img src="https://example.com/media/other.jpg" alt=""></p>'
        '<img alt="y" src="/media/images/2019/10/c.png">'
    )
    assert body_image_paths(body) == {"images/2019/10/a b.jpg", "images/2019/10/c.png"}


def test_uploads_through_the_admin_form_and_the_picker_get_renditions(
    client, contributor, editor, django_capture_on_commit_callbacks
):
    # ImageForm stores the file while checking it: save() must still see a new file.
    # Two different photos: the same bytes twice would be refused as a duplicate.
    def post(user, url, prefix="", height=500):
        client.force_login(user)
        data = {
            f"{prefix}file": SimpleUploadedFile("anh.png", samples.png_bytes((700, height))),
            f"{prefix}title": url,
            f"{prefix}alt_text": "Hội nghị",
        }
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, data)
        return Image.objects.get(title=url)

    for image in (
        post(editor, "/admin/images/image/add/"),
        post(contributor, "/admin/images/image/picker/?CKEditorFuncNum=1", "upload-", 400),
    ):
        assert {(r.width, r.format) for r in image.renditions.all()} == planned(700)


def test_a_new_file_through_the_change_form_replaces_the_renditions(
    client, editor, django_capture_on_commit_callbacks
):
    image = ImageFactory()
    generate_renditions(image)
    old = set(image.renditions.values_list("file", flat=True))
    client.force_login(editor)
    data = {"title": "Ảnh mới", "alt_text": "Hội nghị", "caption": "", "credit": ""}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/images/image/{image.pk}/change/", data)  # the same file
    assert set(image.renditions.values_list("file", flat=True)) == old
    data["file"] = SimpleUploadedFile("moi.png", samples.png_bytes((500, 300)))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/images/image/{image.pk}/change/", data)
    assert {(r.width, r.format) for r in image.renditions.all()} == planned(500)


def test_saving_a_photo_loaded_without_its_file_makes_no_renditions(
    django_capture_on_commit_callbacks,
):
    image = ImageFactory()
    deferred = Image.objects.only("pk", "title", "alt_text").get(pk=image.pk)
    deferred.title = "Đổi tên"
    with django_capture_on_commit_callbacks(execute=True):
        deferred.save()
    assert deferred.new_file is None and not image.renditions.exists()
