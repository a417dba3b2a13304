"""The largest photo allowed, and the first one over it, sent through the editor's picker.

A 40-megapixel photo is re-encoded (seconds of CPU, up to a GB) and resized
eleven times for its renditions: all of it in the limited child
(``images.processing`` through ``core.sandbox``), never in the web worker and
never inside the request's transaction, the renditions once the save commits.
One megapixel more is refused before any pixel is decoded. The photos are
built once for the module (a gradient: cheap to make, under 20 MB even at
40 megapixels); costs are measured in bench/, not asserted here.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageFile, WebPImagePlugin

from core import sandbox
from images.models import Image, Rendition
from images.processing import MAX_PIXELS
from images.renditions import planned
from images.uploads import MAX_BYTES, clean_upload

pytestmark = pytest.mark.django_db
PICKER_URL = "/admin/images/image/picker/?CKEditorFuncNum=-1"
LARGEST = (8000, 5000)  # 40 megapixels: the limit itself
OVER = (8200, 5000)  # 41 megapixels


def webp(size):
    """A photo-like WebP of ``size``: a gradient, at a low quality (so it stays small)."""
    picture = PILImage.linear_gradient("L").resize(size).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, "WEBP", quality=10, method=0)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def largest():
    return webp(LARGEST)


@pytest.fixture(scope="module")
def over():
    return webp(OVER)


def pick(client, content, name="hoi-nghi.webp"):
    data = {
        "upload-file": SimpleUploadedFile(name, content),
        "upload-title": "Hội nghị Ban Chấp hành",
        "upload-alt_text": "Quang cảnh hội nghị",
        "upload-caption": "",
        "upload-credit": "Minh Tuấn",
    }
    return client.post(PICKER_URL, data)


@pytest.fixture
def children(monkeypatch):
    """The targets each child process was started for, in order (the parent's calls)."""
    started = []
    run, run_many = sandbox.run, sandbox.run_many

    def spy_run(target, *args, **kwargs):
        started.append(target)
        return run(target, *args, **kwargs)

    def spy_run_many(target, payloads, *args, **kwargs):
        payloads = list(payloads)
        started.extend([target] if payloads else [])
        return run_many(target, payloads, *args, **kwargs)

    monkeypatch.setattr(sandbox, "run", spy_run)
    monkeypatch.setattr(sandbox, "run_many", spy_run_many)
    return started


@pytest.fixture
def decoded_here(monkeypatch):
    """The sizes of the pictures the web process itself decoded (Pillow's ``load``)."""
    sizes = []
    # Each class that has a load() of its own (the plugin's calls its parent's).
    for kind in (PILImage.Image, ImageFile.ImageFile, WebPImagePlugin.WebPImageFile):
        monkeypatch.setattr(kind, "load", _spy(kind.__dict__["load"], sizes))
    return sizes


def _spy(load, sizes):
    def spied(self, *args, **kwargs):
        sizes.append(self.size)
        return load(self, *args, **kwargs)

    return spied


def stored_files(settings):
    media = settings.MEDIA_ROOT
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_the_photos_are_what_the_test_says(largest, over):
    assert len(largest) < MAX_BYTES and len(over) < MAX_BYTES
    assert LARGEST[0] * LARGEST[1] == MAX_PIXELS < OVER[0] * OVER[1]


def test_a_40_megapixel_webp_is_reencoded_in_the_child_and_its_renditions_made_on_commit(
    client, contributor, largest, children, decoded_here, django_capture_on_commit_callbacks
):
    client.force_login(contributor)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = pick(client, largest)
        assert response.status_code == 200
        image = Image.objects.get()
        assert f'data-auto-pick="{image.pk}"' in response.content.decode()
        # Nothing made yet: the renditions wait for the save to commit.
        assert Rendition.objects.count() == 0
        assert children == ["images.processing:clean"]
    waiting = [c for c in callbacks if c.__qualname__.startswith("schedule_renditions.")]
    assert len(waiting) == 1  # one batch of renditions, for the one photo
    assert children == ["images.processing:clean", "images.processing:renditions"]

    assert (image.width, image.height) == LARGEST
    assert image.uploaded_by == contributor
    stored = image.file.open("rb").read()
    assert stored != largest  # a file we wrote, not the bytes sent
    assert PILImage.open(io.BytesIO(stored)).format == "WEBP"
    made = set(Rendition.objects.filter(image=image).values_list("width", "format"))
    assert made == planned(LARGEST[0])
    assert all(r.file.size > 0 for r in Rendition.objects.filter(image=image))
    # No picture of the photo's size was decoded in this (the web) process.
    assert LARGEST not in decoded_here


def test_a_41_megapixel_webp_is_refused_with_the_megapixel_message(
    client, contributor, over, settings, children
):
    client.force_login(contributor)
    response = pick(client, over)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ảnh có 41 triệu điểm ảnh, vượt giới hạn 40 triệu." in text
    assert children == ["images.processing:clean"]
    assert Image.objects.count() == 0 and Rendition.objects.count() == 0
    assert stored_files(settings) == []


# ---------------------------------------------------------------- never inside a transaction


def test_a_photo_is_never_checked_inside_a_transaction():
    with transaction.atomic(), pytest.raises(sandbox.TransactionOpen):
        clean_upload(SimpleUploadedFile("anh.webp", webp((64, 40))))


@pytest.mark.parametrize("where", ["add-form", "picker"])
def test_a_photo_upload_is_checked_before_any_transaction_opens(client, contributor, where):
    """Django's admin saves inside ``atomic()``: a check inside it would raise
    TransactionOpen (an error page). A saved photo proves it ran before."""
    client.force_login(contributor)
    if where == "picker":
        response = pick(client, webp((640, 400)))
        assert response.status_code == 200
    else:
        data = {
            "file": SimpleUploadedFile("hoi-nghi.webp", webp((640, 400))),
            "title": "Hội nghị",
            "alt_text": "Quang cảnh hội nghị",
            "caption": "",
            "credit": "",
        }
        response = client.post("/admin/images/image/add/", data)
        assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (640, 400)
