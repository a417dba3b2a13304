"""What a site search result shows (issue 18): a document's type, number and
summary once, a snippet from where the words are and never the letterhead,
and a search box that says it finds documents too. Run on both databases."""

import re

import pytest
from django.core.cache import cache

import search
from documents.letterhead import without_letterhead
from documents.models import Document
from tests.documents.factories import DocumentFactory, doc_type
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db

LETTERHEAD = (
    "ĐẢNG CỘNG SẢN VIỆT NAM BAN TUYÊN GIÁO TỈNH ỦY * Số 05-HD/VPTW "
    "Lạng Sơn, ngày 05 tháng 9 năm 2026 HƯỚNG DẪN SỐ 05-HD/VPTW "
)
FILLER = " ".join(["Các cấp ủy quán triệt nội dung hướng dẫn này."] * 12)


@pytest.fixture(autouse=True)
def _fresh_vocabulary():
    cache.clear()
    yield
    cache.clear()


def with_file_text(document, text):
    """As if the document's attachment had this text (the index follows a rebuild)."""
    Document.objects.filter(pk=document.pk).update(attachments_text=text)
    search.rebuild_index()
    return document


@pytest.fixture
def guide(db):
    document = DocumentFactory(
        doc_type=doc_type("Hướng dẫn"),
        number_symbol="05-HD/VPTW",
        summary="về thể thức và kỹ thuật trình bày văn bản của Đảng",
    )
    return with_file_text(
        document,
        LETTERHEAD
        + "Về thể thức và kỹ thuật trình bày văn bản của Đảng. "
        + FILLER
        + " Mỗi chi bộ cử một đồng chí phụ trách công tác lưu trữ hồ sơ. "
        + FILLER,
    )


def results(client, q):
    html = client.get("/tim-kiem/", {"q": q}).content.decode()
    return re.findall(r'<li class="search-result">(.*?)</li>', html, re.S)


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_document_result_shows_its_type_number_and_summary_once(client, guide):
    (result,) = results(client, "van ban cua dang")
    shown = text(result)
    assert shown.count("05-HD/VPTW") == 1
    assert "5-HD/VPTW 5-HD/VPTW" not in shown and " 5-HD/VPTW" not in shown
    assert "Hướng dẫn số 05-HD/VPTW" in shown
    assert shown.count("về thể thức và kỹ thuật trình bày văn bản của Đảng") == 1
    assert shown.count("thể thức") == 1
    assert '<a href="/van-ban/' in result


def test_a_document_snippet_is_where_the_words_are_highlighted(client, guide):
    (result,) = results(client, "luu tru ho so")
    snippet = re.search(r'<p class="search-snippet">(.*?)</p>', result, re.S).group(1)
    assert "<mark>lưu trữ hồ sơ</mark>" in snippet
    assert "ĐẢNG CỘNG SẢN" not in result and "BAN TUYÊN GIÁO" not in result
    assert "ngày 05 tháng 9" not in result
    # The summary is shown once, the snippet is the text around the words.
    assert text(result).count("kỹ thuật trình bày") == 1


def test_without_the_words_in_its_text_a_document_shows_its_summary(client, guide):
    (result,) = results(client, "ky thuat trinh bay")
    assert "ĐẢNG CỘNG SẢN" not in result and "Lạng Sơn, ngày" not in result
    summary = re.search(r'<p class="doc-summary search-snippet">(.*?)</p>', result, re.S)
    assert "<mark>kỹ thuật trình bày</mark>" in summary.group(1)
    assert result.count("search-snippet") == 1


def test_a_document_found_by_its_letterhead_alone_shows_no_letterhead(client, guide):
    (result,) = results(client, "ban tuyen giao")
    assert "BAN TUYÊN GIÁO" not in result and "ĐẢNG CỘNG SẢN" not in result


def test_document_text_is_escaped_only_mark_is_markup(client, db):
    document = DocumentFactory(summary="về <script>alert(1)</script> dân vận")
    with_file_text(document, LETTERHEAD + "Nội dung <b>dân vận</b> & <img src=x>.")
    (result,) = results(client, "dan van")
    assert "<script>" not in result and "<img" not in result and "<b>" not in result
    assert "&lt;script&gt;" in result
    assert set(re.findall(r"<(\w+)", re.sub(r"<(article|div|p|h2|a|time)\b", "", result))) == {
        "mark"
    }


def test_an_article_result_is_unchanged_title_lead_snippet(client, category):
    ArticleFactory(
        title="Hội nghị Dân vận khéo",
        lead="Biểu dương điển hình dân vận khéo.",
        category=category,
    )
    (result,) = results(client, "dan van")
    assert "Hội nghị <mark>Dân vận</mark> khéo" in result
    assert '<p class="search-snippet">Biểu dương điển hình <mark>dân vận</mark> khéo.</p>' in result


@pytest.mark.parametrize(
    ("raw", "left"),
    [
        (LETTERHEAD + "Về công tác dân vận.", "Về công tác dân vận."),
        (
            "BAN CHẤP HÀNH TRUNG ƯƠNG * Số 66-QĐ/TW Hà Nội, ngày 06 tháng 02 năm 2017 "
            "QUY ĐỊNH về thể thức",
            "về thể thức",
        ),
        ("TỈNH ỦY LẠNG SƠN\n*\nSố: 12-NQ/TU\nLạng Sơn, ngày 1 tháng 2 năm 2020\nvề x", "về x"),
        ("Ngày 12 tháng 7 năm 2026, Tỉnh ủy họp.", "Ngày 12 tháng 7 năm 2026, Tỉnh ủy họp."),
        ("NGHỊ QUYẾT", "NGHỊ QUYẾT"),
        (
            "Về x. Các chi bộ thực hiện. K/T BAN TUYÊN GIÁO TRƯỞNG BAN Vy Thị Hương",
            "Về x. Các chi bộ thực hiện.",
        ),
        ("Về x. T/M BAN THƯỜNG VỤ BÍ THƯ Nơi nhận: - Như trên", "Về x."),
        ("", ""),
    ],
)
def test_the_letterhead_is_taken_off_the_start_only(raw, left):
    assert without_letterhead(raw) == left


def test_the_summary_right_after_the_letterhead_goes_too():
    raw = LETTERHEAD + "Về công tác dân vận. 1. Mục đích, yêu cầu"
    assert without_letterhead(raw, summary="về công tác dân vận") == "1. Mục đích, yêu cầu"
    assert without_letterhead("Nội dung khác", summary="về công tác") == "Nội dung khác"


@pytest.mark.parametrize("path", ["/", "/tim-kiem/", "/khong-co-trang-nay/"])
def test_the_search_boxes_say_they_find_documents_too(client, db, path):
    html = client.get(path).content.decode()
    assert (
        'placeholder="Tìm bài viết, văn bản…"' in html
        or 'aria-label="Tìm bài viết, văn bản"' in html
    )
    assert "Tìm bài viết…" not in html


def test_the_500_page_search_box_says_it_finds_documents_too():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert 'placeholder="Tìm bài viết, văn bản…"' in html
    assert 'aria-label="Tìm kiếm bài viết, văn bản"' in html


def test_a_snippet_goes_where_the_words_stand_together(client, category):
    ArticleFactory(
        title="Ngày hội toàn dân bảo vệ an ninh",
        lead="Phường tổ chức ngày hội toàn dân, hướng tới kỷ niệm ngày truyền thống.",
        body="<p>" + FILLER + " Công an phường hướng dẫn người dân phòng cháy.</p>",
        category=category,
    )
    (result,) = results(client, "Hướng dẫn")
    snippet = re.search(r'<p class="search-snippet">(.*?)</p>', result, re.S).group(1)
    assert "<mark>hướng dẫn</mark>" in snippet
