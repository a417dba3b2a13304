"""Vietnamese search: the same behaviour on SQLite (FTS5) and PostgreSQL (tsvector).

Run on both: ``pytest tests/test_search*.py`` and again with
``DATABASE_URL=postgres://...``.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Article
from public import search_views
from search import count, parse_query, search
from search.backends import base
from tests.news.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

SEED_TITLE = "Thành ủy Lạng Sơn sơ kết công tác Dân vận 9 tháng đầu năm 2019"


@pytest.fixture(autouse=True)
def _fresh_vocabulary():
    cache.clear()
    yield
    cache.clear()


def ago(**kwargs):
    return timezone.now() - dt.timedelta(**kwargs)


def titles(queryset):
    return [article.title for article in queryset]


def found(query, order="relevance"):
    return titles(Article.objects.published().search(query, order=order))


@pytest.fixture
def seed(category):
    return ArticleFactory(
        title=SEED_TITLE,
        lead="Ngày 09/10, Thành uỷ Lạng Sơn tổ chức hội nghị sơ kết công tác dân vận.",
        body=(
            "<p>Trong 9 tháng, <strong>Đảng bộ</strong> thành phố đã lãnh đạo hệ thống"
            " chính trị thực hiện tốt công tác hoà giải ở cơ sở.</p>"
        ),
        category=category,
        published_at=ago(days=2),
    )


@pytest.fixture
def other(db):
    return ArticleFactory(
        title="Khai giảng lớp bồi dưỡng nghiệp vụ",
        lead="Trung tâm chính trị khai giảng lớp học.",
        body="<p>Học viên là bí thư chi bộ khu dân cư.</p>",
        published_at=ago(days=1),
    )


# ---------------------------------------------------------------- matching


@pytest.mark.parametrize(
    "query",
    [
        "dan van",
        "DÂN VẬN",
        "thanh uy lang son",
        "Thành uỷ",
        "Thành ủy",
        "THÀNH UỶ LẠNG SƠN",
        "dang bo",
        "Đảng bộ",
        "ĐẢNG BỘ",
        "hoà giải",
        "hòa giải",
        "hoa giai",
        "van dan",
        "son lang",
        '"lang son"',
        "“dân vận”",
        "dân vận 😀",
        "2019",
        "  dan   van  ",
        "dan-van",
        "dân vận, lạng sơn!",
    ],
)
def test_finds_the_seed_article_however_it_is_typed(seed, other, query):
    assert found(query) == [SEED_TITLE]


@pytest.mark.parametrize("query", ["dan van xyzabc", '"son lang"', '"dan van 9 thang" nam 2018'])
def test_every_word_must_match_and_phrases_match_as_written(seed, query):
    assert found(query) == []


def test_words_match_whole_syllables_not_parts(seed):
    assert found("lan") == []
    assert found("cong tac dan va") == []


def test_only_published_articles_are_found(seed, category):
    shared = dict(category=category, lead="", body="<p>Tin về hội thi dân vận khéo.</p>")
    ArticleFactory(title="Bản nháp hội thi", status=Article.Status.DRAFT, **shared)
    ArticleFactory(title="Chờ duyệt hội thi", status=Article.Status.PENDING, **shared)
    ArticleFactory(title="Đã gỡ hội thi", status=Article.Status.UNPUBLISHED, **shared)
    ArticleFactory(
        title="Hẹn giờ hội thi", published_at=timezone.now() + dt.timedelta(hours=1), **shared
    )
    ArticleFactory(title="Đã xóa hội thi", deleted_at=ago(minutes=5), **shared)
    visible = ArticleFactory(title="Công khai hội thi", **shared)
    assert found("hoi thi") == [visible.title]
    # The index holds every article; visibility is decided when searching.
    assert len(search(Article.objects.all(), "hoi thi")) == 6
    assert count(Article.objects.all(), "hoi thi") == 6
    assert count(Article.objects.published(), "hoi thi") == 1


def test_a_scheduled_article_appears_when_its_time_comes(category):
    scheduled = ArticleFactory(
        title="Lễ ra quân tình nguyện hè",
        category=category,
        published_at=timezone.now() + dt.timedelta(hours=2),
    )
    assert found("ra quan") == []
    # Time passes (no save, no signal: nothing but the clock changes).
    Article.objects.filter(pk=scheduled.pk).update(published_at=ago(minutes=1))
    assert found("ra quan") == [scheduled.title]


# ---------------------------------------------------------------- ranking


def test_title_hit_outranks_lead_hit_outranks_body_hit(category):
    body = ArticleFactory(
        title="Tin cơ sở tuần này",
        lead="Các phường báo cáo kết quả.",
        body="<p>Phường Chi Lăng làm tốt công tác hòa giải.</p>",
        published_at=ago(hours=1),
    )
    lead = ArticleFactory(
        title="Kết quả công tác tư pháp",
        lead="Công tác hoà giải ở cơ sở được chú trọng.",
        body="<p>Không có gì thêm.</p>",
        published_at=ago(days=1),
    )
    title = ArticleFactory(
        title="Nâng cao hiệu quả hòa giải ở cơ sở",
        lead="Tổ hòa giải phường Đông Kinh.",
        body="<p>Nội dung.</p>",
        published_at=ago(days=30),
    )
    assert found("hoa giai") == [title.title, lead.title, body.title]
    assert found("hoa giai", order="date") == [body.title, lead.title, title.title]


def test_more_words_in_the_title_rank_higher(category):
    two = ArticleFactory(
        title="Phong trào Dân vận khéo",
        lead="Thành phố Lạng Sơn nhân rộng mô hình.",
        published_at=ago(hours=1),
    )
    three = ArticleFactory(
        title="Dân vận khéo ở Lạng Sơn",
        lead="Nhân rộng mô hình.",
        published_at=ago(days=10),
    )
    assert found("dan van lang son") == [three.title, two.title]


def test_words_side_by_side_rank_above_scattered_words(category):
    scattered = ArticleFactory(
        title="Ủy ban phường Tam Thanh họp bàn",
        lead="",
        body="<p>Nội dung.</p>",
        published_at=ago(hours=1),
    )
    together = ArticleFactory(
        title="Thành ủy họp bàn",
        lead="",
        body="<p>Nội dung.</p>",
        published_at=ago(days=5),
    )
    assert found("thanh uy") == [together.title, scattered.title]


def test_recency_breaks_ties(category):
    older = ArticleFactory(title="Hội nghị sơ kết dân vận A", published_at=ago(days=3))
    newer = ArticleFactory(title="Hội nghị sơ kết dân vận B", published_at=ago(days=1))
    assert found("so ket dan van") == [newer.title, older.title]


# ---------------------------------------------------------------- index updates


def test_index_follows_edits_publishing_unpublishing_and_deletes(category):
    article = ArticleFactory(title="Hội nghị cán bộ chủ chốt", status=Article.Status.DRAFT)
    assert found("can bo chu chot") == []
    article.status = Article.Status.PUBLISHED
    article.save()
    assert found("can bo chu chot") == [article.title]

    article.title = "Tập huấn báo cáo viên"
    article.save()
    assert found("can bo chu chot") == []
    assert found("bao cao vien") == [article.title]

    article.body = "<p>Ba mươi học viên dự lớp ở Mẫu Sơn.</p>"
    article.save()
    assert found("mau son") == [article.title]

    article.status = Article.Status.UNPUBLISHED
    article.save()
    assert found("bao cao vien") == []

    article.status = Article.Status.PUBLISHED
    article.save()
    assert found("bao cao vien") == [article.title]

    article.delete()
    assert found("bao cao vien") == []
    assert list(search(Article.objects.all(), "bao cao vien")) == []


def test_admin_style_subquery_finds_drafts_too(seed):
    draft = ArticleFactory(title="Dân vận khéo (bản nháp)", status=Article.Status.DRAFT)
    matches = Article.objects.filter(pk__in=Article.objects.search("dan van").values("pk"))
    assert set(matches) == {seed, draft}


def test_rebuild_command_indexes_bulk_created_articles(category, capsys):
    Article.objects.bulk_create(
        [
            Article(
                title=f"Tin nhập khẩu từ cổng cũ số {n}",
                slug=f"tin-nhap-{n}",
                lead="Bài nhập từ cổng thông tin cũ.",
                body="<p>Nội dung nhập khẩu.</p>",
                category=category,
                status=Article.Status.PUBLISHED,
                published_at=ago(days=n + 1),
            )
            for n in range(3)
        ]
    )
    call_command("rebuild_search_index")
    assert "3" in capsys.readouterr().out
    assert len(found("cong cu")) == 3


# ---------------------------------------------------------------- the page


def get(client, query_string):
    return client.get("/tim-kiem/", QUERY_STRING=query_string)


def test_results_page_shows_title_date_category_highlighted_snippet(client, seed, other):
    response = client.get("/tim-kiem/", {"q": "thanh uỷ lang son"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tìm thấy 1 bài viết" in html
    assert "<mark>Thành ủy Lạng Sơn</mark> sơ kết" in html  # title, original spelling
    assert "<mark>Thành uỷ Lạng Sơn</mark> tổ chức" in html  # lead snippet keeps "uỷ"
    assert seed.get_absolute_url() in html
    assert ">Dân vận</a>" in html  # category
    assert timezone.localtime(seed.published_at).strftime("%d/%m/%Y") in html
    assert other.title not in html
    assert response["X-Robots-Tag"] == "noindex"
    assert 'content="noindex' in html


def test_snippet_comes_from_the_body_around_a_far_match(client, category):
    words = " ".join(f"từ{n}" for n in range(300))
    ArticleFactory(
        title="Bài dài",
        lead="Sapo không liên quan.",
        body=f"<p>{words}</p><p>Đồng chí Bí thư Thành uỷ phát biểu.</p>",
    )
    html = client.get("/tim-kiem/", {"q": "bi thu"}).content.decode()
    assert "… " in html
    assert "<mark>Bí thư</mark> Thành uỷ phát biểu" in html
    assert "từ0 " not in html


def test_user_text_and_article_text_are_escaped(client, category):
    ArticleFactory(title="Tin <script>alert(1)</script> dân vận", category=category)
    html = client.get("/tim-kiem/", {"q": "dân vận <script>"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; <mark>dân vận" in html
    assert "dân vận &lt;script&gt;" in html


def test_results_are_paginated_with_the_query_kept(client, category):
    for n in range(13):
        ArticleFactory(title=f"Hội thao dân vận lần {n}", published_at=ago(hours=n + 1))
    first = client.get("/tim-kiem/", {"q": "hoi thao", "sort": "date"}).content.decode()
    assert "Tìm thấy 13 bài viết" in first
    assert "Trang 1 / 2" in first
    assert "?q=hoi+thao&amp;sort=date&amp;page=2" in first
    second = client.get("/tim-kiem/", {"q": "hoi thao", "sort": "date", "page": 2})
    assert "lần 12" in second.content.decode()


@pytest.mark.parametrize("page", ["99", "0", "-1", "abc", "1e9", "99999999999999999999999", "%00"])
def test_a_bad_page_shows_a_page_not_an_error(client, seed, page):
    response = get(client, f"q=dan+van&page={page}")
    assert response.status_code == 200
    assert SEED_TITLE.split()[0] in response.content.decode()


def test_counts_stop_at_the_cap(client, category, monkeypatch):
    monkeypatch.setattr(search_views, "COUNT_CAP", 3)
    for n in range(5):
        ArticleFactory(title=f"Hội thao số {n}")
    html = client.get("/tim-kiem/", {"q": "hoi thao"}).content.decode()
    assert "Tìm thấy hơn 3 bài viết" in html


@pytest.fixture
def few_ranked(monkeypatch):
    """Rank only 3 candidates per kind, as if the portal had thousands of matches."""
    monkeypatch.setattr(base, "RANKED_RESULTS", 3)
    monkeypatch.setattr(base, "TITLE_CANDIDATES", 3)
    monkeypatch.setattr(search_views, "RANKED_RESULTS", 3)


def test_with_many_matches_an_older_title_hit_still_comes_first(category, few_ranked):
    for n in range(6):
        ArticleFactory(
            title=f"Tin tuần {n}",
            lead="Không liên quan.",
            body="<p>Công tác hòa giải.</p>",
            published_at=ago(hours=n + 1),
        )
    title = ArticleFactory(title="Hòa giải viên giỏi", lead="", published_at=ago(days=900))
    assert found("hoa giai")[:3] == [title.title, "Tin tuần 0", "Tin tuần 1"]
    assert len(found("hoa giai", order="date")) == 7


def test_relevance_pages_stop_at_the_ranked_results_and_offer_the_date_order(
    client, category, few_ranked
):
    for n in range(5):
        ArticleFactory(title=f"Hội thao số {n}", published_at=ago(hours=n + 1))
    html = client.get("/tim-kiem/", {"q": "hoi thao"}).content.decode()
    assert "Tìm thấy 5 bài viết" in html
    assert "Đã hiển thị 3 kết quả phù hợp nhất" in html
    assert "sort=date" in html
    dated = client.get("/tim-kiem/", {"q": "hoi thao", "sort": "date"}).content.decode()
    assert all(f"<mark>Hội thao</mark> số {n}" in dated for n in range(5))


def test_number_of_queries_does_not_grow_with_results(client, category):
    def queries(q):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/tim-kiem/", {"q": q}).status_code == 200
        return len(ctx.captured_queries)

    for n in range(2):
        ArticleFactory(title=f"Tiếp xúc cử tri {n}", category=category)
    for n in range(10):
        ArticleFactory(title=f"Hội thao {n}", category=CategoryFactory())
    queries("tiep xuc")  # warm caches (site settings)
    assert queries("tiep xuc") == queries("hoi thao")


def test_sort_by_date_is_offered(client, seed):
    html = client.get("/tim-kiem/", {"q": "dan van"}).content.decode()
    assert "Mới nhất" in html and "sort=date" in html


# ---------------------------------------------------------------- filters


def test_category_filter_includes_subcategories(client, category):
    child = CategoryFactory(name="Dân vận khéo", slug="dan-van-kheo", parent=category)
    elsewhere = CategoryFactory(name="Kinh tế", slug="kinh-te")
    ArticleFactory(title="Mô hình hay vùng cao", category=category)
    ArticleFactory(title="Mô hình hay khu phố", category=child)
    ArticleFactory(title="Mô hình hay kinh tế", category=elsewhere)
    html = client.get("/tim-kiem/", {"q": "mo hinh hay", "category": "dan-van"}).content.decode()
    assert "Tìm thấy 2 bài viết" in html
    assert "kinh tế</mark>" not in html and "Mô hình hay</mark> kinh tế" not in html


def test_date_range_is_inclusive_in_local_time(client, category):
    tz = timezone.get_current_timezone()
    for day in (1, 2, 3):
        ArticleFactory(
            title=f"Hội nghị ngày {day}",
            published_at=dt.datetime(2019, 10, day, 23, 30, tzinfo=tz),
        )
    html = client.get(
        "/tim-kiem/", {"q": "hoi nghi", "from": "2019-10-02", "to": "02/10/2019"}
    ).content.decode()
    assert "Tìm thấy 1 bài viết" in html
    assert "ngày 2" in html
    assert 'name="to" value="2019-10-02"' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2019-10-05", "to": "2019-10-01"}, "phải trước hoặc bằng"),
        ({"from": "2019-13-45"}, "không phải là ngày hợp lệ"),
        ({"to": "hôm qua"}, "không phải là ngày hợp lệ"),
        ({"from": "0001-01-01"}, "Ngày phải trong khoảng"),
        ({"to": "9999-12-31"}, "Ngày phải trong khoảng"),
        ({"category": "khong-co"}, "Không có chuyên mục này"),
        ({"category": "<b>'; --"}, "Không có chuyên mục này"),
    ],
)
def test_bad_filters_give_a_message_and_are_ignored(client, seed, params, message):
    response = client.get("/tim-kiem/", {"q": "dan van", **params})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Tìm thấy 1 bài viết" in html


# ---------------------------------------------------------------- bad input


BAD_QUERY_STRINGS = [
    "",
    "q=",
    "q=+++++",
    "q=%09%0A%0D",
    "q=!!!...???",
    "q=%22+*+%3A+(+)+-+NEAR+AND+OR+%5E+~",
    "q=%22",
    "q=%22%22%22",
    "q=*",
    "q=NEAR(dan+van)",
    "q=title%3Adan",
    "q=%27%3B+DROP+TABLE+news_article%3B+--",
    "q=1%27+OR+%271%27%3D%271",
    "q=%25%25%25",
    "q=\\",
    "q=%00",
    "q=dan%00van",
    "q=%E0%A4%A",
    "q=%FF%FE%FD",
    "q=%ZZ%",
    "q=%F0%9F%98%80%F0%9F%87%BB%F0%9F%87%B3",
    "q=%E2%80%8B",
    "q=dan&q=van",
    "q[]=dan",
    "category=%00&from=%00&to=%00&sort=%00&page=%00",
]


@pytest.mark.parametrize("query_string", BAD_QUERY_STRINGS)
def test_bad_input_gets_a_friendly_page(client, seed, query_string):
    response = get(client, query_string)
    assert response.status_code == 200
    assert "Tìm kiếm" in response.content.decode()


@pytest.mark.parametrize(
    "query_string", ["", "q=", "q=+++", "q=%21%21%3F", "q=%F0%9F%98%80", "q=%00", "q=%22%22"]
)
def test_an_empty_query_does_not_touch_articles(client, seed, query_string):
    with CaptureQueriesContext(connection) as ctx:
        response = get(client, query_string)
    assert response.status_code == 200
    searching = ("news_article_fts", "search_document", "COUNT(")
    assert not [q for q in ctx.captured_queries if any(s in q["sql"] for s in searching)]
    html = response.content.decode()
    assert "Nhập từ khóa" in html or "không có chữ hay số" in html


def test_a_very_long_query_is_cut(client, seed):
    response = client.get("/tim-kiem/", {"q": "dân vận " + "ừ" * 10_000})
    assert response.status_code == 200
    html = response.content.decode()
    assert "quá dài" in html
    assert "ừ" * 300 not in html


def test_many_words_are_cut_to_the_maximum(seed):
    query = parse_query(" ".join(f"tu{n}" for n in range(50)))
    assert len(query.tokens) == 12 and query.truncated


def test_operator_characters_are_only_ever_ignored(seed):
    for query in [
        "dan* van",
        '"dan van',
        "dan NEAR van",
        "(dan) OR (van)",
        "dan AND van",
        ":dan van",
        "dan -van",
        "^dan ~van",
        "dan'van",
        'dan" van"',
        "{dan} van",
    ]:
        assert found(query) == [SEED_TITLE], query


def test_parser_keeps_phrases_and_drops_operators():
    query = parse_query('“Dân vận khéo” AND Lạng-Sơn OR near "x')
    assert query.units == (("dan", "van", "kheo"), ("lang",), ("son",), ("near",), ("x",))
    assert ("lang", "son") in query.pairs


# ---------------------------------------------------------------- suggestions


@pytest.fixture
def vocabulary_articles(seed, category):
    ArticleFactory(title="Hội nghị Ban Chấp hành Đảng bộ thành phố", category=category)
    ArticleFactory(title="Ban Dân vận Thành ủy tổng kết", category=category)


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("dan vna", "dân vận"),
        ("thanhf uyr", "thành ủy"),
        ("ddangr booj", "đảng bộ"),
        ("langson", "lạng sơn"),
        ("hooi nghi", "hội nghị"),
    ],
)
def test_did_you_mean(client, vocabulary_articles, query, suggestion):
    html = client.get("/tim-kiem/", {"q": query}).content.decode()
    assert "Không tìm thấy bài viết nào" in html
    assert "Bạn có muốn tìm" in html
    assert f">{suggestion}</a>" in html


def test_no_suggestion_for_nonsense_or_for_words_of_drafts(client, vocabulary_articles):
    ArticleFactory(title="Kế hoạch mật xyzw", status=Article.Status.DRAFT)
    for query in ["qqqqzzzz", "xyzv"]:
        html = client.get("/tim-kiem/", {"q": query}).content.decode()
        assert "Bạn có muốn tìm" not in html
        assert "xyzw" not in html


def test_search_results_can_be_read_as_values(category):
    """values_list() over a search resolves the raw-SQL expressions for it (it raised TypeError)."""
    article = ArticleFactory(category=category, title="Dân vận khéo ở phường")
    ranked = Article.objects.published().search("dan van")
    assert list(ranked.values_list("pk", flat=True)) == [article.pk]
    assert list(ranked.values_list("pk", "search_rank"))[0][0] == article.pk
