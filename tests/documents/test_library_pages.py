"""The library as citizens meet it: the table, folding filters, one list per
document on its page, Vietnamese validity slugs, and places that follow the issuer."""

import importlib
import re

import pytest
from django.apps import apps

from core.models import SiteSettings
from documents.models import Document, Issuer, Signer, Validity
from tests.documents.factories import DocumentFactory, attach_pdf, doc_type, issuer
from tests.public.page_helpers import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(db):
    SiteSettings.load()


def get(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return response.content.decode()


# ------------------------------------------------------------------- the table


def test_the_list_is_a_table_with_a_download_link_in_each_row(client):
    with_file = DocumentFactory(number_symbol="15-NQ/TU", summary="về công tác dân vận")
    attachment = attach_pdf(with_file)
    DocumentFactory(number_symbol="16-NQ/TU", issued_on="2026-08-01")
    html = get(client, "/van-ban/")
    table = re.search(r'<table class="doc-table">.*?</table>', html, re.S).group(0)
    assert "<caption" in table
    headers = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert headers == ["Số ký hiệu", "Ngày ban hành", "Trích yếu", "Tải về"]
    rows = re.findall(r'<tr class="doc-row">.*?</tr>', table, re.S)
    assert len(rows) == 2
    assert 'scope="row"' in rows[0] and "05/09/2026" in rows[0] and "về công tác dân vận" in rows[0]
    assert f'href="{attachment.get_download_url()}" download' in rows[0]
    assert "Chưa có tệp" in rows[1]


def test_the_filters_fold_behind_one_button_open_while_filtering(client):
    DocumentFactory()
    html = get(client, "/van-ban/")
    assert re.search(r'<details class="doc-filters-box">\s*<summary>Lọc văn bản', html)
    # The first document comes right after the folded form, not after a screenful of fields.
    assert html.index("</details>") < html.index('class="doc-row"')
    # Wide screens open it (static/js/documents.js); without JavaScript it is one tap away.
    assert "js/documents.js" in html
    html = get(client, "/van-ban/", {"loai": "nghi-quyet"})
    assert '<details class="doc-filters-box" open>' in html


def test_the_list_runs_a_constant_number_of_queries_with_files(client):
    for n in range(3):
        attach_pdf(DocumentFactory(number_symbol=f"{n + 1}-NQ/TU"))
    few = count_queries(client, "/van-ban/")
    for n in range(20):
        attach_pdf(DocumentFactory(number_symbol=f"{n + 50}-NQ/TU"))
    assert count_queries(client, "/van-ban/") == few


# ------------------------------------------------- the document's page: lists, files


def _same_lists(html):
    found = {}
    for title, body in re.findall(
        r'<h2 id="same-\d+" class="section-title">([^<]+)</h2>(.*?)</section>', html, re.S
    ):
        found[title] = re.findall(r'class="doc-title"><a href="[^"]+">([^<]+)', body)
    return found


def test_a_document_is_listed_once_in_the_first_list_that_has_it(client):
    signer = Signer.objects.create(name="Hoàng Văn Nghiệm", position="Bí thư Tỉnh ủy")
    other_type = doc_type("Quyết định")
    shown = DocumentFactory(number_symbol="15-NQ/TU", signer=signer)
    # Same type, issuer and signer: in "Cùng loại" only.
    DocumentFactory(number_symbol="16-NQ/TU", signer=signer)
    # Another type, same issuer and signer: in "Cùng cơ quan" only.
    for n in range(3):
        DocumentFactory(number_symbol=f"0{n + 1}-QĐ/TU", doc_type=other_type, signer=signer)
    # Another issuer, same signer: in "Cùng người ký".
    DocumentFactory(
        number_symbol="35-QĐ/TW", doc_type=other_type, issuer=issuer("Bộ Chính trị"), signer=signer
    )
    lists = _same_lists(get(client, shown.get_absolute_url()))
    assert lists["Cùng loại văn bản"] == ["Nghị quyết số 16-NQ/TU"]
    assert set(lists["Cùng cơ quan ban hành"]) == {
        "Quyết định số 01-QĐ/TU",
        "Quyết định số 02-QĐ/TU",
        "Quyết định số 03-QĐ/TU",
    }
    assert lists["Cùng người ký"] == ["Quyết định số 35-QĐ/TW"]
    titles = [t for items in lists.values() for t in items]
    assert len(titles) == len(set(titles))


def test_a_list_with_nothing_new_is_left_out_and_queries_stay_bounded(client):
    signer = Signer.objects.create(name="Hoàng Văn Nghiệm", position="Bí thư Tỉnh ủy")
    shown = DocumentFactory(number_symbol="15-NQ/TU", signer=signer)
    DocumentFactory(number_symbol="16-NQ/TU", signer=signer)
    few = count_queries(client, shown.get_absolute_url())
    lists = _same_lists(get(client, shown.get_absolute_url()))
    assert list(lists) == ["Cùng loại văn bản"]
    for n in range(12):
        DocumentFactory(number_symbol=f"{n + 20}-NQ/TU", signer=signer)
    assert count_queries(client, shown.get_absolute_url()) == few


def test_a_files_view_and_download_buttons_sit_together(client):
    document = DocumentFactory()
    attach_pdf(document)
    html = get(client, document.get_absolute_url())
    actions = re.search(r'<span class="doc-file-actions">(.*?)</span>\s*</li>', html, re.S)
    assert actions and actions.group(1).count('class="button-link"') == 2


# ---------------------------------------------------------------- validity slugs


def test_validity_filters_use_vietnamese_slugs(client):
    DocumentFactory(number_symbol="15-NQ/TU")
    DocumentFactory(number_symbol="16-NQ/TU", expires_on="2026-09-06")
    html = get(client, "/van-ban/")
    values = re.findall(r'<option value="([^"]*)"', html.split('id="doc-hieu_luc"')[1])[:5]
    assert values == ["", "con-hieu-luc", "het-hieu-luc", "chua-co-hieu-luc", "bi-thay-the"]
    html = get(client, "/van-ban/", {"hieu_luc": "het-hieu-luc"})
    assert re.findall(r'class="doc-title"><a href="[^"]+">([^<]+)', html) == [
        "Nghị quyết số 16-NQ/TU"
    ]
    assert "search-errors" not in html


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("in_force", Validity.IN_FORCE),
        ("expired", Validity.EXPIRED),
        ("not_yet", Validity.NOT_YET),
        ("replaced", Validity.REPLACED),
    ],
)
def test_an_old_english_validity_address_moves_for_good(client, old, new):
    response = client.get("/van-ban/", {"hieu_luc": old, "loai": "nghi-quyet", "page": "2"})
    assert response.status_code == 301
    assert response["Location"].startswith("/van-ban/?")
    assert f"hieu_luc={new.value}" in response["Location"]
    assert "loai=nghi-quyet" in response["Location"] and "page=2" in response["Location"]
    issuer_page = client.get(f"/van-ban/co-quan/{issuer().slug}/", {"hieu_luc": old})
    assert issuer_page.status_code == 301
    assert issuer_page["Location"] == f"/van-ban/co-quan/{issuer().slug}/?hieu_luc={new.value}"


# ------------------------------------------------------------------ place of issue

migration = importlib.import_module("documents.migrations.0007_places_follow_issuers")


def test_a_new_document_takes_its_issuers_place():
    central = issuer("Bộ Chính trị")
    central.place = "Hà Nội"
    central.save()
    assert DocumentFactory(issuer=central, number_symbol="66-QĐ/TW").place == "Hà Nội"
    # A place typed is kept.
    assert DocumentFactory(issuer=central, number_symbol="67-QĐ/TW", place="Huế").place == "Huế"


def test_the_migration_moves_central_documents_to_ha_noi_keeping_edited_places():
    central, province = issuer("Bộ Chính trị"), issuer()
    Issuer.objects.update(place="")
    old = DocumentFactory(issuer=central, number_symbol="66-QĐ/TW")
    DocumentFactory(issuer=central, number_symbol="67-QĐ/TW", place="Huế")
    provincial = DocumentFactory(issuer=province, number_symbol="15-NQ/TU")
    blank = DocumentFactory(issuer=central, number_symbol="68-QĐ/TW")
    Document.objects.filter(pk__in=[old.pk, provincial.pk]).update(place=migration.OLD_DEFAULT)
    Document.objects.filter(pk=blank.pk).update(place="")
    named = Issuer.objects.create(name="Ban Bí thư", symbol="TW", level="central", place="Hà Nội")
    migration.places_follow_issuers(apps, None)
    places = dict(Document.objects.values_list("number_symbol", "place"))
    assert places == {
        "66-QĐ/TW": "Hà Nội",
        "67-QĐ/TW": "Huế",
        "15-NQ/TU": "Lạng Sơn",
        "68-QĐ/TW": "",
    }
    assert Issuer.objects.get(pk=central.pk).place == "Hà Nội"
    assert Issuer.objects.get(pk=province.pk).place == "Lạng Sơn"
    assert Issuer.objects.get(pk=named.pk).place == "Hà Nội"
    # Run again, nothing changes.
    migration.places_follow_issuers(apps, None)
    assert dict(Document.objects.values_list("number_symbol", "place")) == places


def test_the_seeded_central_bodies_are_in_ha_noi():
    """After migrating (as a fresh install): every Central body issues in Hà Nội."""
    assert set(Issuer.objects.filter(level="central").values_list("place", flat=True)) <= {"Hà Nội"}
    assert set(Issuer.objects.exclude(level="central").values_list("place", flat=True)) <= {
        "Lạng Sơn"
    }
