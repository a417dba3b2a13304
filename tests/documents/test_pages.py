"""The public document library: /van-ban/, detail pages, lists, feeds, site search."""

import json
import re

import pytest
from django.core.cache import cache

from core.models import SiteSettings
from documents.models import Document, DocumentRelation, Signer
from tests.documents.factories import DocumentFactory, attach_pdf, doc_type, issuer
from tests.news.factories import ArticleFactory
from tests.public.page_helpers import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(db):
    SiteSettings.load()


def titles(html):
    return re.findall(r'class="doc-title"><a href="[^"]+">([^<]+)', html)


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def library():
    signer = Signer.objects.create(name="Hoàng Văn Nghiệm", position="Bí thư Tỉnh ủy")
    docs = {
        "nq15": DocumentFactory(
            number_symbol="15-NQ/TU",
            summary="về tăng cường công tác dân vận trong tình hình mới",
            signer=signer,
        ),
        "qd05": DocumentFactory(
            number_symbol="05-QĐ/TU",
            doc_type=doc_type("Quyết định"),
            summary="về việc thành lập Ban Biên tập Cổng thông tin",
        ),
        "tw35": DocumentFactory(
            number_symbol="35-NQ/TW",
            issuer=issuer("Bộ Chính trị"),
            term=None,
            summary="về bảo vệ nền tảng tư tưởng của Đảng",
        ),
        "draft": DocumentFactory(
            number_symbol="31-NQ/TU", status=Document.Status.DRAFT, published_at=None
        ),
        "secret": DocumentFactory(number_symbol="09-NQ/TU", classification="mat"),
    }
    attach_pdf(docs["nq15"], text="Phong trao Dan van kheo o co so")
    return docs


def test_the_list_shows_published_documents_newest_issue_first(client, library):
    DocumentFactory(number_symbol="40-NQ/TU", issued_on="2026-11-01")
    html = get(client, "/van-ban/")
    shown = titles(html)
    assert shown[0] == "Nghị quyết số 40-NQ/TU"
    assert "Nghị quyết số 31-NQ/TU" not in shown and "Nghị quyết số 09-NQ/TU" not in shown
    assert "4 văn bản" in html


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("15-NQ/TU", "Nghị quyết số 15-NQ/TU"),
        ("15 nq tu", "Nghị quyết số 15-NQ/TU"),
        ("15-nq/tu", "Nghị quyết số 15-NQ/TU"),
        ("Số 15-NQ/TU", "Nghị quyết số 15-NQ/TU"),
        ("05-QĐ/TU", "Quyết định số 05-QĐ/TU"),
        ("5-QD/TU", "Quyết định số 05-QĐ/TU"),
        ("5 qd tu", "Quyết định số 05-QĐ/TU"),
        ("nen tang tu tuong", "Nghị quyết số 35-NQ/TW"),
        ("dân vận khéo", "Nghị quyết số 15-NQ/TU"),  # words inside the PDF
    ],
)
def test_lookup_by_number_or_words_finds_the_right_document_first(client, library, typed, expected):
    assert titles(get(client, "/van-ban/", q=typed))[0] == expected


def test_filters_combine_and_show_their_counts(client, library):
    html = get(client, "/van-ban/", loai="nghi-quyet")
    assert set(titles(html)) == {"Nghị quyết số 15-NQ/TU", "Nghị quyết số 35-NQ/TW"}
    assert re.search(r"Quyết định \(1\)", html)  # the other types, with what they'd give
    html = get(client, "/van-ban/", loai="nghi-quyet", co_quan=issuer("Bộ Chính trị").slug)
    assert titles(html) == ["Nghị quyết số 35-NQ/TW"]
    assert "Còn hiệu lực (1)" in html


@pytest.mark.parametrize(
    "params",
    [
        {"tu": "abc"},
        {"den": "31/02/2026"},
        {"tu": "2026-10-01", "den": "2026-01-01"},
        {"tu": "0001-01-01"},
        {"loai": "khong-co"},
        {"loai": "a b <script>"},
        {"hieu_luc": "gi-do"},
        {"page": "²"},
        {"q": "\x00" * 5},
        {"q": "đảng " * 500},
        {"nhiem_ky": "9" * 400},
    ],
)
def test_a_malformed_filter_gets_a_message_not_an_error(client, library, params):
    client.raise_request_exception = False
    response = client.get("/van-ban/", params)
    assert response.status_code in (200, 404)
    if response.status_code == 200 and set(params) - {"q", "page"}:
        assert "search-errors" in response.content.decode()


def test_the_detail_page_cites_describes_and_links_both_ways(client, library):
    nq15 = library["nq15"]
    old = DocumentFactory(number_symbol="03-NQ/TU", summary="về dân vận (cũ)")
    DocumentRelation.objects.create(source=nq15, kind="replaces", target=old)
    html = get(client, nq15.get_absolute_url())
    assert "Nghị quyết số 15-NQ/TU ngày 05/9/2026 của Ban Thường vụ Tỉnh ủy về tăng cường" in html
    assert "Còn hiệu lực" in html and "Hoàng Văn Nghiệm" in html
    assert "Thay thế:" in html and "Nghị quyết số 03-NQ/TU" in html
    attachment = nq15.attachments.get()
    assert attachment.get_download_url() in html and attachment.get_view_url() in html
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html).group(1))
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "15-NQ/TU"
    assert data["legislationDate"] == "2026-09-05"
    assert data["legislationType"] == "Nghị quyết"
    assert data["legislationPassedBy"]["name"] == "Ban Thường vụ Tỉnh ủy"
    # The other side shows the relation the other way round.
    html = get(client, old.get_absolute_url())
    assert "Bị thay thế bởi:" in html and "Bị thay thế" in html


def test_drafts_and_classified_documents_are_not_found(client, library):
    for name in ("draft", "secret"):
        assert client.get(library[name].get_absolute_url()).status_code == 404


def test_issuer_type_and_signer_lists(client, library):
    nq15 = library["nq15"]
    assert "Nghị quyết số 15-NQ/TU" in titles(get(client, f"/van-ban/nguoi-ky/{nq15.signer.slug}/"))
    by_issuer = titles(get(client, f"/van-ban/co-quan/{issuer('Bộ Chính trị').slug}/"))
    assert by_issuer == ["Nghị quyết số 35-NQ/TW"]
    assert set(titles(get(client, "/van-ban/loai/quyet-dinh/"))) == {"Quyết định số 05-QĐ/TU"}
    assert client.get("/van-ban/loai/khong-co/").status_code == 404


def test_feed_sitemap_menu_and_site_search(client, library):
    feed = get(client, "/van-ban/rss/")
    assert "Nghị quyết số 15-NQ/TU" in feed and "09-NQ/TU" not in feed
    sitemap = get(client, "/sitemap.xml")
    assert library["nq15"].get_absolute_url() in sitemap
    assert library["secret"].get_absolute_url() not in sitemap
    home = get(client, "/")
    assert 'href="/van-ban/"' in home
    ArticleFactory(title="Dân vận khéo ở phường Đông Kinh")
    html = get(client, "/tim-kiem/", q="dân vận")
    assert "1 bài viết, 1 văn bản" in html and "Nghị quyết số 15-NQ/TU" in html


def test_an_article_lists_its_related_documents(client, library):
    article = ArticleFactory()
    article.related_documents.set([library["nq15"], library["secret"]])
    html = get(client, article.get_absolute_url())
    assert "Văn bản liên quan" in html and "Nghị quyết số 15-NQ/TU" in html
    assert "09-NQ/TU" not in html


def test_document_pages_run_a_constant_number_of_queries(client, library):
    few_list, few_detail = (
        count_queries(client, "/van-ban/"),
        count_queries(client, library["nq15"].get_absolute_url()),
    )
    for n in range(25):
        document = DocumentFactory(number_symbol=f"{200 + n}-NQ/TU")
        attach_pdf(document)
        DocumentRelation.objects.create(source=document, kind="related", target=library["nq15"])
    assert count_queries(client, "/van-ban/") == few_list
    assert count_queries(client, library["nq15"].get_absolute_url()) == few_detail


def test_pages_go_through_the_page_cache(client, library):
    cache.clear()
    client.get("/van-ban/?loai=nghi-quyet")
    assert client.get("/van-ban/?loai=nghi-quyet")["X-Cache"] == "HIT"
    other = client.get("/van-ban/?loai=quyet-dinh")
    assert other.get("X-Cache") is None and "Quyết định số 05-QĐ/TU" in other.content.decode()
    client.get(library["nq15"].get_absolute_url())
    assert client.get(library["nq15"].get_absolute_url())["X-Cache"] == "HIT"


def test_a_stale_address_redirects_to_the_document(client, library):
    nq15 = library["nq15"]
    response = client.get(f"/van-ban/ten-cu-{nq15.pk}/")
    assert response.status_code == 301 and response["Location"] == nq15.get_absolute_url()


def test_the_view_beacon_counts_published_documents(client, library):
    agent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0"
    assert (
        client.post(f"/van-ban/doc/{library['nq15'].pk}/", HTTP_USER_AGENT=agent).status_code == 204
    )
    assert client.post(f"/van-ban/doc/{library['secret'].pk}/").status_code == 404
    library["nq15"].refresh_from_db()
    assert library["nq15"].view_count == 1
