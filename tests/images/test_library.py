"""The photo library in the admin: the grid, its search and its queries."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps

from images.models import Image
from tests.images.factories import ImageFactory

pytestmark = pytest.mark.django_db
CHANGELIST_URL = "/admin/images/image/"
PICKER_URL = "/admin/images/image/picker/"


def titles(response):
    return {image.title for image in response.context["cl"].result_list}


# ------------------------------------------------------------ search


@pytest.mark.parametrize(
    "query",
    ["hoi nghi", "HỘI NGHỊ", "hội nghị", "Hoi  nghi  dan van", "dân vận hội", "thanh uy"],
)
def test_search_ignores_diacritics_case_and_word_order(client, editor, query):
    ImageFactory(title="Hội nghị Dân vận", caption="Thành ủy Lạng Sơn", alt_text="Hội trường")
    ImageFactory(title="Lễ ra quân", caption="Huyện Cao Lộc", alt_text="Quảng trường")
    client.force_login(editor)
    assert titles(client.get(CHANGELIST_URL, {"q": query})) == {"Hội nghị Dân vận"}


def test_search_looks_in_caption_credit_and_alt_text(client, editor):
    ImageFactory(title="A", caption="Đồng chí Bí thư phát biểu", credit="X", alt_text="x")
    ImageFactory(title="B", caption="x", credit="Đức Hiếu", alt_text="x")
    ImageFactory(title="C", caption="x", credit="X", alt_text="Đại biểu tặng hoa")
    client.force_login(editor)
    assert titles(client.get(CHANGELIST_URL, {"q": "bi thu"})) == {"A"}
    assert titles(client.get(CHANGELIST_URL, {"q": "duc hieu"})) == {"B"}
    assert titles(client.get(CHANGELIST_URL, {"q": "tang hoa"})) == {"C"}
    assert titles(client.get(CHANGELIST_URL, {"q": "khong co"})) == set()


def test_both_tone_mark_conventions_find_each_other():
    ImageFactory(title="Thành uỷ họp")  # "uỷ": the old placement of the tone mark
    assert Image.objects.search("Thành ủy").count() == 1


def test_search_text_follows_edits_including_update_fields():
    image = ImageFactory(title="Hội nghị", caption="", alt_text="Hội trường")
    image.caption = "Tổng kết năm"
    image.save(update_fields=["caption"])
    assert Image.objects.search("tong ket").get() == image
    image.title = "Đại hội"
    image.save()
    assert not Image.objects.search("hoi nghi").exists()
    assert Image.objects.search("dai hoi").exists()


def test_picker_search_ignores_diacritics(client, contributor):
    ImageFactory(title="Đại hội chi bộ")
    ImageFactory(title="Lễ ra quân", alt_text="Quảng trường")
    client.force_login(contributor)
    html = client.get(PICKER_URL, {"q": "dai hoi", "CKEditorFuncNum": "1"}).content.decode()
    assert "Đại hội chi bộ" in html and "Lễ ra quân" not in html


def test_migration_fills_search_text_of_existing_photos():
    image = ImageFactory(title="Hội nghị Dân vận", credit="Minh Tuấn")
    Image.objects.update(search_text="")
    migration = importlib.import_module("images.migrations.0002_image_search_text")
    migration.fill_search_text(apps, SimpleNamespace(connection=SimpleNamespace(alias="default")))
    image.refresh_from_db()
    assert "hoi nghi dan van" in image.search_text and "minh tuan" in image.search_text
