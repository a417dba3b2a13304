"""The photo library in the admin: the grid, its search and its queries."""

import importlib
from types import SimpleNamespace
from zoneinfo import ZoneInfo

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
    html = client.get(PICKER_URL, {"q": "dai hoi", "ham": "1"}).content.decode()
    assert "Đại hội chi bộ" in html and "Lễ ra quân" not in html


def test_migration_fills_search_text_of_existing_photos():
    image = ImageFactory(title="Hội nghị Dân vận", credit="Minh Tuấn")
    Image.objects.update(search_text="")
    migration = importlib.import_module("images.migrations.0002_image_search_text")
    migration.fill_search_text(apps, SimpleNamespace(connection=SimpleNamespace(alias="default")))
    image.refresh_from_db()
    assert "hoi nghi dan van" in image.search_text and "minh tuan" in image.search_text


# ------------------------------------------------------------ the grid


def photos(count, **kwargs):
    """``count`` small photos, each with its renditions (two: WebP and JPEG at 64 px)."""
    from images.renditions import generate_renditions

    made = ImageFactory.create_batch(count, **kwargs)
    for image in made:
        generate_renditions(image)
    return made


def test_grid_shows_each_photo_as_a_card_with_its_smallest_rendition(client, editor, photo):
    client.force_login(editor)
    html = client.get(CHANGELIST_URL).content.decode()
    smallest = photo.renditions.get(width=320, format="webp")
    assert 'id="image-grid"' in html
    assert f'src="{smallest.file.url}" width="320" height="200"' in html
    assert photo.file.url not in html  # the original is never sent to the grid
    assert photo.title in html and "1600 × 1000 px" in html and photo.credit in html
    local = photo.uploaded_at.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert local.strftime("%d/%m/%Y %H:%M") in html
    assert f'href="/admin/images/image/{photo.pk}/change/"' in html
    assert f'name="_selected_action" value="{photo.pk}" class="action-select"' in html
    assert "Chọn ảnh “" in html


def test_a_photo_without_renditions_shows_its_original(client, editor):
    image = ImageFactory()
    client.force_login(editor)
    html = client.get(CHANGELIST_URL).content.decode()
    assert f'src="{image.file.url}" width="64" height="48"' in html


def test_contributors_see_the_grid_without_check_boxes(client, contributor):
    # Contributors may not delete photos, so they have no action to select for.
    photos(2)
    client.force_login(contributor)
    html = client.get(CHANGELIST_URL).content.decode()
    assert html.count('class="image-card"') == 2
    assert "action-select" not in html and 'id="action-toggle"' not in html


def test_grid_keeps_filters_search_sorting_pagination_and_actions(client, editor):
    old, new = photos(2)
    Image.objects.filter(pk=old.pk).update(title="Ảnh cũ", uploaded_at="2019-10-09T08:00:00Z")
    client.force_login(editor)
    response = client.get(CHANGELIST_URL)
    html = response.content.decode()
    assert 'id="changelist-search"' in html and 'id="changelist-filter"' in html
    assert 'name="action"' in html and "delete_selected" in html
    assert "Show counts" not in html  # untranslated in Django's catalogue
    newest_first = [image.pk for image in response.context["cl"].result_list]
    assert newest_first == [new.pk, old.pk]
    oldest = client.get(CHANGELIST_URL, {"o": "6"})  # the sort link "Cũ nhất trước"
    assert [image.pk for image in oldest.context["cl"].result_list] == [old.pk, new.pk]
    assert '?o=6">Cũ nhất trước' in html
    assert titles(client.get(CHANGELIST_URL, {"thang": "2019-10"})) == {"Ảnh cũ"}

    response = client.post(
        CHANGELIST_URL,
        {"action": "delete_selected", "_selected_action": [old.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert list(Image.objects.all()) == [new]


def test_grid_pages_forty_photos_at_a_time(client, editor):
    ImageFactory.create_batch(41)
    client.force_login(editor)
    assert len(client.get(CHANGELIST_URL).context["cl"].result_list) == 40
    assert len(client.get(CHANGELIST_URL, {"p": "2"}).context["cl"].result_list) == 1


def test_grid_runs_as_many_queries_for_forty_photos_as_for_five(client, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CHANGELIST_URL).status_code == 200
        return len(captured)

    client.force_login(editor)
    photos(5, uploaded_by=editor)
    five = queries()
    photos(35, uploaded_by=editor)
    forty = queries()
    assert len(client.get(CHANGELIST_URL).context["cl"].result_list) == 40
    assert five == forty, (five, forty)
    # 13, and the two reads of the editor's limits (sections, documents:
    # editorial.scopes) that decide which kinds the admin's menu shows.
    assert forty <= 15
