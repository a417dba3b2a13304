import unicodedata

import pytest
from django.core import serializers
from django.core.management import call_command

from news.models import Article
from tests.news.factories import ArticleFactory
from tests.public.xss_vectors import VECTORS, assert_no_executable_markup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("vector", VECTORS)
def test_no_xss_vector_survives_in_the_stored_body(category, vector):
    article = ArticleFactory(category=category, body=f"<p>Trước</p>{vector}<p>Sau</p>")
    stored = Article.objects.get(pk=article.pk).body
    assert_no_executable_markup(stored, context=vector)
    assert "Trước" in stored


def test_at_least_fifty_vectors():
    assert len(VECTORS) >= 50


def test_editor_markup_survives(category):
    html = (
        "<h2>Tiêu đề</h2><h3>Mục</h3><h4>Ý</h4><p><strong>Đậm</strong> <em>nghiêng</em> "
        '<u>gạch</u> <a href="https://langson.gov.vn">liên kết</a></p>'
        "<ul><li><p>một</p></li></ul><ol><li><p>hai</p></li></ol><blockquote><p>trích</p>"
        "</blockquote><hr><table><tbody><tr><th>A</th><td>B</td></tr></tbody></table>"
        '<figure><img src="/media/images/a.jpg" alt="Ảnh" width="10" height="5">'
        "<figcaption>Chú thích</figcaption></figure>"
    )
    stored = ArticleFactory(category=category, body=html).body
    for fragment in (
        "<h2>", "<h4>", "<strong>", "<em>", "<u>", 'href="https://langson.gov.vn"', "<ul>",
        "<ol>", "<blockquote>", "<hr>", "<table>", "<th>", "<figure>", "<figcaption>",
        'src="/media/images/a.jpg"', 'alt="Ảnh"',
    ):  # fmt: skip
        assert fragment in stored, fragment


def test_word_paste_keeps_structure_and_drops_office_styles(category):
    word = (
        "<p class=MsoNormal style='font-family:\"Times New Roman\"'><b><span "
        "style='mso-bidi-font-size:12pt'>Đậm</span></b> và <i>nghiêng</i><o:p></o:p></p>"
        "<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><![if !supportLists]>"
        "<span style='mso-list:Ignore'>1.<span>&nbsp;&nbsp;</span></span><![endif]>Mục một</p>"
        "<p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'><![if !supportLists]>"
        "<span style='mso-list:Ignore'>2.<span>&nbsp;</span></span><![endif]>Mục hai</p>"
        '<p class=MsoNormal><a href="https://langson.gov.vn"><font face=Arial>Cổng</font></a></p>'
    )
    stored = ArticleFactory(category=category, body=word).body
    assert "<strong>Đậm</strong>" in stored and "<em>nghiêng</em>" in stored
    assert "<ol><li><p>Mục một</p></li><li><p>Mục hai</p></li></ol>" in stored
    assert '<a href="https://langson.gov.vn">Cổng</a>' in stored
    for dropped in ("mso-", "Mso", "font", "style=", "o:p", "supportLists"):
        assert dropped not in stored


def test_fixtures_are_sanitised_and_normalised_too(category, tmp_path):
    article = ArticleFactory(category=category, body="<p>ok</p>")
    data = serializers.serialize("json", [article])
    nfd_title = unicodedata.normalize("NFD", "Tiêu đề từ fixture")
    data = data.replace('"<p>ok</p>"', '"<p>ok</p><script>alert(1)</script>"')
    data = data.replace(f'"{article.title}"', f'"{nfd_title}"')
    fixture = tmp_path / "bai.json"
    fixture.write_text(data, encoding="utf-8")
    call_command("loaddata", str(fixture), verbosity=0)
    article.refresh_from_db()
    assert "<script" not in article.body
    assert article.title == unicodedata.normalize("NFC", nfd_title)
