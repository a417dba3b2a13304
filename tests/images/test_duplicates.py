"""The same file uploaded twice: a warning that offers the photo the library has already."""

import importlib
import types

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from images.models import Image
from images.uploads import digest
from tests.images import samples

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/images/image/add/"
PICKER_URL = "/admin/images/image/picker/?CKEditorFuncNum=1"


def post(client, content, url=ADD_URL, prefix="", title="Ảnh hội nghị", **extra):
    data = {
        f"{prefix}file": SimpleUploadedFile("anh.png", content),
        f"{prefix}title": title,
        f"{prefix}alt_text": "Hội nghị sơ kết",
        **{f"{prefix}{name}": value for name, value in extra.items()},
    }
    return client.post(url, data)


def test_a_stored_photo_knows_the_hash_of_its_bytes(client, editor):
    client.force_login(editor)
    post(client, samples.png_bytes((40, 30)))
    image = Image.objects.get()
    with image.file.open("rb") as stored:
        assert image.content_hash == digest(stored) and len(image.content_hash) == 64


def test_the_same_file_again_is_refused_with_a_link_to_the_photo_there(client, editor):
    client.force_login(editor)
    content = samples.png_bytes((40, 30))
    post(client, content, title="Bản đầu")
    first = Image.objects.get()
    response = post(client, content, title="Bản thứ hai")
    assert response.status_code == 200
    assert Image.objects.count() == 1
    page = response.content.decode()
    assert "Ảnh này đã có trong thư viện" in page
    assert reverse("admin:images_image_change", args=[first.pk]) in page
    # The box to save it all the same appears now, and only now.
    assert 'type="checkbox" name="keep_duplicate"' in page
    assert 'type="checkbox" name="keep_duplicate"' not in client.get(ADD_URL).content.decode()

    response = post(client, content, title="Bản thứ hai", keep_duplicate="on")
    assert response.status_code == 302
    assert Image.objects.count() == 2


def test_a_different_file_is_not_a_duplicate(client, editor):
    client.force_login(editor)
    post(client, samples.png_bytes((40, 30)), title="Một")
    response = post(client, samples.png_bytes((41, 30)), title="Hai")
    assert response.status_code == 302
    assert Image.objects.count() == 2


def test_the_picker_offers_the_photo_there_to_choose(client, contributor):
    client.force_login(contributor)
    content = samples.png_bytes((40, 30))
    post(client, content, url=PICKER_URL, prefix="upload-", title="Bản đầu")
    first = Image.objects.get()
    response = post(client, content, url=PICKER_URL, prefix="upload-", title="Bản sau")
    assert Image.objects.count() == 1
    page = response.content.decode()
    assert "Ảnh này đã có trong thư viện" in page
    offered = page[
        page.index('class="picker-duplicate"') : page.index(
            "</div>", page.index('class="picker-duplicate"')
        )
    ]
    assert f'class="picker-choice" data-id="{first.pk}"' in offered
    assert "data-auto-pick" not in page  # nothing inserted by itself


def test_the_migration_fills_existing_photos_hashes_in_chunks(client, editor):
    client.force_login(editor)
    post(client, samples.png_bytes((40, 30)), title="Có tệp")
    post(client, samples.png_bytes((30, 40)), title="Mất tệp")
    kept, lost = Image.objects.get(title="Có tệp"), Image.objects.get(title="Mất tệp")
    expected = kept.content_hash
    lost.file.storage.delete(lost.file.name)
    Image.objects.update(content_hash="")  # as before the migration

    migration = importlib.import_module("images.migrations.0003_image_content_hash")
    from django.apps import apps

    migration.fill_content_hash(apps, types.SimpleNamespace(connection=connection))
    kept.refresh_from_db()
    assert kept.content_hash == expected
    # A missing file is never matched. (Not refresh_from_db(): setting a file
    # again makes the ImageField measure it.)
    assert Image.objects.filter(pk=lost.pk).values_list("content_hash", flat=True).get() == ""
