"""Marks the reader types count, on SQLite and PostgreSQL alike (issue 18).

"dan van" finds every spelling; "Dân vận" puts the pages that write "dân
vận" above those that only match once the marks are folded away ("Hướng
dẫn", "Hoàng Văn Thụ"); words standing together rank above the same words
scattered. Run again with ``DATABASE_URL=postgres://...``.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Article
from search import parse_query
from search.query import spellings
from tests.documents.factories import DocumentFactory, doc_type
from tests.news.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_vocabulary():
    cache.clear()
    yield
    cache.clear()


def ago(**kwargs):
    return timezone.now() - dt.timedelta(**kwargs)


def found(query):
    return [article.title for article in Article.objects.published().search(query)]


@pytest.fixture
def corpus(db):
    """The Dân vận section's own articles, and newer pages that only fold to its words."""
    dan_van = CategoryFactory(name="Dân vận", slug="dan-van")
    other = CategoryFactory(name="Tin tức", slug="tin-tuc")
    pages = {
        # Newest first: the folded-only pages would win on date alone.
        "guide": ArticleFactory(
            title="Hướng dẫn văn nghệ quần chúng mừng Đảng",
            lead="Các đội văn nghệ nhân dân tập luyện.",
            body="<p>Chương trình văn nghệ.</p>",
            category=other,
            published_at=ago(hours=1),
        ),
        "hero": ArticleFactory(
            title="Học tập tấm gương đồng chí Hoàng Văn Thụ",
            lead="Nhân dân xã Tân Đoàn tưởng nhớ người chiến sĩ cách mạng.",
            body="<p>Di tích ở thôn Kéo Coong.</p>",
            category=other,
            published_at=ago(hours=2),
        ),
        "title": ArticleFactory(
            title="Sơ kết phong trào Dân vận khéo năm 2026",
            lead="Nhiều mô hình hay ở cơ sở.",
            body="<p>Hội nghị biểu dương 20 điển hình.</p>",
            category=dan_van,
            published_at=ago(days=20),
        ),
        "lead": ArticleFactory(
            title="Xã Mẫu Sơn hiến đất làm đường",
            lead="Làm tốt công tác dân vận, người dân hiến 3.000 m² đất.",
            body="<p>Con đường mới dài 2 km.</p>",
            category=dan_van,
            published_at=ago(days=30),
        ),
        "body": ArticleFactory(
            title="Đối thoại với cử tri phường Đông Kinh",
            lead="Lãnh đạo phường lắng nghe ý kiến.",
            body="<p>Đây là một việc làm thiết thực của công tác dân vận chính quyền.</p>",
            category=dan_van,
            published_at=ago(days=40),
        ),
    }
    return {key: article.title for key, article in pages.items()}


def test_without_marks_every_spelling_is_found(corpus):
    assert sorted(found("dan van")) == sorted(corpus.values())
    assert sorted(found("Dân vận")) == sorted(corpus.values())


def test_typed_marks_put_the_exact_words_first_whatever_the_field(corpus):
    assert found("Dân vận") == [
        corpus["title"],
        corpus["lead"],
        corpus["body"],
        corpus["guide"],
        corpus["hero"],
    ]
    assert found("DÂN VẬN") == found("dân vận") == found("Dân vận")


def test_a_query_without_marks_ranks_by_the_folded_words_alone(corpus):
    # "Hướng dẫn văn nghệ" has "dan van" side by side in its title, and is the
    # newest: typed bare, the query honours no marks and ranks it first.
    ranked = found("dan van")
    assert ranked[:2] == [corpus["guide"], corpus["title"]]
    assert ranked.index(corpus["lead"]) < ranked.index(corpus["body"])


def test_partly_marked_queries_honour_the_marked_words(corpus):
    # "vận" is marked, "dan" is not: "dẫn văn" does not have "vận".
    assert found("dan vận")[:3] == [corpus["title"], corpus["lead"], corpus["body"]]


@pytest.mark.parametrize("query", ["Dân vận", "dan van"])
def test_words_together_rank_above_words_scattered(db, query):
    scattered = ArticleFactory(
        title="Tin cơ sở",
        lead="",
        body="<p>Người dân thôn Bản Chắt vận chuyển hàng hóa.</p>",
        published_at=ago(hours=1),
    )
    together = ArticleFactory(
        title="Tin cơ sở tuần trước",
        lead="",
        body="<p>Công tác <strong>dân</strong>&nbsp;vận ở thôn Bản Chắt.</p>",
        published_at=ago(days=9),
    )
    assert found(query) == [together.title, scattered.title]


def test_either_tone_placement_is_the_same_spelling(db):
    assert set(spellings("hoà")) == {"hoà", "hòa"}
    assert set(spellings("thuỷ")) == {"thuỷ", "thủy"}
    new_style = ArticleFactory(title="Họa sĩ nhận giải", lead="", published_at=ago(hours=1))
    old_style = ArticleFactory(title="Tổ hoà giải ở cơ sở", lead="", published_at=ago(days=5))
    assert found("hòa giải") == [old_style.title, new_style.title]
    assert found("hoà giải") == [old_style.title, new_style.title]


def test_the_parser_keeps_what_was_typed_beside_the_folded_words():
    query = parse_query('Dân van "Hoà giải"')
    assert query.units == (("dan",), ("van",), ("hoa", "giai"))
    assert query.spelled == (("dân",), (None,), ("hoà", "giải"))
    assert query.spelled_pairs == (("dân", None),)
    assert query.marked and not parse_query("dan van").marked


def test_ranking_by_marks_is_one_query(corpus, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert len(found("Dân vận")) == 5


def test_site_search_lists_the_section_before_folded_only_pages_and_documents(client, corpus):
    DocumentFactory(
        doc_type=doc_type("Hướng dẫn"),
        number_symbol="05-HD/VPTW",
        summary="về thể thức văn bản của Đảng",
    )

    def page(q):
        with CaptureQueriesContext(connection) as ctx:
            html = client.get("/tim-kiem/", {"q": q}).content.decode()
        return html, len(ctx.captured_queries)

    page("dan van")  # warm caches (site settings)
    html, marked_queries = page("Dân vận")
    order = [html.index(marker) for marker in ("Dân vận</mark> khéo", "Xã Mẫu Sơn", "Đông Kinh")]
    assert order == sorted(order)
    assert order[-1] < html.index("05-HD/VPTW") and order[-1] < html.index("Hoàng")
    _, bare_queries = page("dan van")
    assert marked_queries == bare_queries


def test_a_long_marked_query_ranks_without_overflow(db):
    # Twelve marked words, eleven pairs: every tier at its largest.
    title = "Thành ủy Lạng Sơn sơ kết công tác Dân vận chín tháng đầu năm"
    ArticleFactory(title=title, lead=title, body=f"<p>{title}</p>")
    ArticleFactory(title="Thanh uy Lang Son so ket cong tac Dan van chin thang dau nam")
    ranked = Article.objects.published().search(title)
    assert [article.title for article in ranked][0] == title
    assert ranked[0].search_rank > 12 * 10**9


def test_marks_typed_by_the_reader_decide_what_is_highlighted():
    from search import highlight
    from search.query import parse_query

    text = "Hướng dẫn công tác dân vận của Ban Dân vận"
    marked = str(highlight(text, parse_query("Dân vận")))
    assert "<mark>dân vận</mark>" in marked and "<mark>Dân vận</mark>" in marked
    assert "<mark>dẫn</mark>" not in marked
    # Without marks every spelling is the reader's word.
    assert "<mark>dẫn</mark>" in str(highlight(text, parse_query("dan van")))
    # A text with none spelled as typed still shows where it matched.
    assert "<mark>dẫn</mark>" in str(highlight("Hướng dẫn thi hành", parse_query("dân")))
    # Either tone placement is the same spelling.
    assert "<mark>Hòa</mark>" in str(highlight("Xã Hòa Bình", parse_query("hoà")))
