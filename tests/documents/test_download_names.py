"""Downloaded file names: the number and symbol and the start of the summary, cut
after a whole word, short enough for every browser and file system."""

import re
import unicodedata
from urllib.parse import unquote

import pytest

from documents import filenames
from documents.models import Attachment, name_files
from tests.documents.factories import DocumentFactory, attach_pdf

LONG = (
    "về tăng cường sự lãnh đạo của Đảng đối với công tác dân vận của hệ thống chính trị "
    "trong tình hình mới, gắn với thực hiện quy chế dân chủ ở cơ sở và xây dựng khối đại "
    "đoàn kết toàn dân tộc trên địa bàn tỉnh Lạng Sơn giai đoạn 2026 – 2030"
)


def _names(disposition):
    star = [unquote(v) for v in re.findall(r"filename\*=utf-8''([^;\s]+)", disposition)]
    return star, re.findall(r'filename="([^"]*)"', disposition)


def _words(text):
    return set(unicodedata.normalize("NFC", text).replace("/", "-").split())


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_a_long_vietnamese_summary_is_cut_after_a_whole_word(form):
    summary = unicodedata.normalize(form, LONG)
    name = filenames.download_name(f"66-QĐ/TW {summary}", "pdf")
    assert name == unicodedata.normalize("NFC", name)
    assert len(name.encode("utf-8")) <= filenames.MAX_BYTES
    assert name.startswith("66-QĐ-TW về tăng cường") and name.endswith(".pdf")
    stem = name.removesuffix(".pdf")
    # Every word is whole: the last one too.
    assert set(stem.split()) <= _words(f"66-QĐ-TW {LONG}")
    assert LONG.startswith(stem.removeprefix("66-QĐ-TW ")) and stem[-1] not in " ,.–-"


def test_a_short_name_is_kept_whole():
    assert (
        filenames.download_name("05-HD/VPTW về thể thức văn bản của Đảng", "pdf")
        == "05-HD-VPTW về thể thức văn bản của Đảng.pdf"
    )


def test_a_name_without_spaces_is_cut_between_characters():
    name = filenames.download_name("đảng" * 100, "docx")
    assert name.endswith(".docx") and len(name.encode("utf-8")) <= filenames.MAX_BYTES
    assert set(name.removesuffix(".docx")) <= set("đảng")
    # Decomposed, no letter loses its marks.
    name = filenames.download_name(unicodedata.normalize("NFD", "ả" * 200), "pdf")
    assert name == "ả" * ((filenames.MAX_BYTES - 4) // 3) + ".pdf"


def test_a_very_long_symbol_still_fits_and_unsafe_characters_go():
    name = filenames.download_name(
        "1234567890/QĐ-UBND-" + "ĐƠN-VỊ" * 40 + ' về "việc": a*b?', "pdf"
    )
    assert len(name.encode("utf-8")) <= filenames.MAX_BYTES and name.endswith(".pdf")
    assert not set('/\\:*?"<>|') & set(name)
    assert filenames.download_name("về\u202eviệc\tnày", "pdf") == "về việc này.pdf"
    assert filenames.download_name("  ", "pdf") == "van-ban.pdf"


def test_the_header_has_an_ascii_fallback_and_the_utf8_name():
    header = filenames.content_disposition("66-QĐ-TW về thể thức văn bản của Đảng.pdf")
    star, plain = _names(header)
    assert header.startswith("attachment; ")
    assert star == ["66-QĐ-TW về thể thức văn bản của Đảng.pdf"]
    assert plain == ["66-QD-TW ve the thuc van ban cua Dang.pdf"]
    assert filenames.content_disposition("a b.pdf", inline=True) == 'inline; filename="a b.pdf"'


@pytest.mark.django_db
def test_the_download_is_named_by_the_document(client, django_assert_max_num_queries):
    document = DocumentFactory(number_symbol="66-QĐ/TW", summary=LONG)
    first = attach_pdf(document, name="scan0001.pdf")
    second = attach_pdf(document, name="Phụ lục kèm theo.pdf")
    response = client.get(first.get_download_url(), HTTP_USER_AGENT="Mozilla/5.0 Chrome")
    assert response.status_code == 200
    star, plain = _names(response["Content-Disposition"])
    assert star[0].startswith("66-QĐ-TW về tăng cường sự lãnh đạo của Đảng")
    assert len(star[0].encode()) <= filenames.MAX_BYTES and "scan0001" not in star[0]
    assert plain[0].startswith("66-QD-TW ve tang cuong")
    # A second file keeps its own name after the document's.
    star, _plain = _names(client.get(second.get_download_url())["Content-Disposition"])
    assert star[0].startswith("66-QĐ-TW về") and star[0].endswith(" – Phụ lục kèm theo.pdf")
    assert len(star[0].encode()) <= filenames.MAX_BYTES
    # The document's page names its files the same way, with no query per file.
    files = name_files(Attachment.objects.filter(document=document).select_related("document"))
    expected = [first.download_name, second.download_name]
    with django_assert_max_num_queries(0):
        assert [f.download_name for f in files] == expected
    page = client.get(document.get_absolute_url())
    assert first.download_name in page.content.decode()


@pytest.mark.django_db
def test_an_unnumbered_document_is_named_by_its_type():
    document = DocumentFactory(number_symbol="", summary="triển khai học tập nghị quyết")
    attachment = attach_pdf(document)
    assert attachment.download_name == "Nghị quyết triển khai học tập nghị quyết.pdf"
