"""Deep pages of a category: read by key (news/pagination.py), same articles as OFFSET.

A deep page's rows are fetched as ``pk IN (SELECT pk ... LIMIT/OFFSET)`` so
that it walks past the earlier articles by key only; these tests prove it
shows exactly what plain OFFSET shows (ties on published_at included), in the
same number of queries at any depth, and that odd page numbers never give a 500.
"""

import datetime as dt
import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.pagination import DeferredJoinPaginator
from news.models import Article
from tests.news.factories import ArticleFactory, CategoryFactory
from tests.public.page_helpers import count_queries

pytestmark = pytest.mark.django_db

PER_PAGE = 10  # CategoryView.paginate_by
VISIBLE = 37  # four pages, the last one short


@pytest.fixture(autouse=True)
def _deep_from_page_two(monkeypatch):
    """Page 1 keeps plain OFFSET and every later page counts as deep, so both
    ways of reading a page are exercised with a few dozen articles."""
    monkeypatch.setattr(DeferredJoinPaginator, "deferred_from", PER_PAGE)


@pytest.fixture
def section():
    """A category with a subcategory: 37 visible articles on five timestamps
    (so most of them tie on published_at), and some that must not be listed."""
    parent = CategoryFactory(name="Xây dựng Đảng", slug="xay-dung-dang")
    child = CategoryFactory(name="Tổ chức cán bộ", slug="to-chuc-can-bo", parent=parent)
    other = CategoryFactory(name="Dân vận", slug="dan-van")
    base = timezone.make_aware(dt.datetime(2024, 5, 1, 8, 0))
    for n in range(VISIBLE):
        ArticleFactory(
            title=f"Bài phân trang số {n:02d}",
            category=child if n % 3 else parent,
            published_at=base - dt.timedelta(hours=n % 5),
        )
    hidden = [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.PENDING},
        {"status": Article.Status.UNPUBLISHED},
        {"deleted_at": timezone.now()},
        {"published_at": timezone.now() + dt.timedelta(days=1)},  # scheduled
        {"category": other},
    ]
    for n, fields in enumerate(hidden):
        ArticleFactory(
            **{"title": f"Bài ẩn số {n:02d}", "category": parent, "published_at": base, **fields}
        )
    return parent


def listed(category):
    return Article.objects.published().in_category(category).for_cards()


def expected_order(category):
    """The listing order worked out in Python: newest first, then the higher pk."""
    articles = [a for a in Article.objects.all() if a.is_published()]
    section = {category.pk, *category.children.values_list("pk", flat=True)}
    articles = [a for a in articles if a.category_id in section]
    return [a.pk for a in sorted(articles, key=lambda a: (a.published_at, a.pk), reverse=True)]


def titles_in(html):
    """The numbers of the listed articles, in the order the page shows them."""
    seen = []
    for number in re.findall(r"Bài (?:phân trang|ẩn) số (\d\d)", html):
        if number not in seen:
            seen.append(number)
    return seen


@pytest.mark.parametrize("deferred_from", [0, 2 * PER_PAGE])
@pytest.mark.parametrize("orphans", [0, 3])
def test_every_page_holds_what_offset_gives(section, orphans, deferred_from):
    order = expected_order(section)
    assert len(order) == VISIBLE
    assert len({a.published_at for a in Article.objects.filter(pk__in=order)}) == 5
    by_key = DeferredJoinPaginator(listed(section), PER_PAGE, orphans=orphans)
    by_key.deferred_from = deferred_from
    by_offset = Paginator(listed(section), PER_PAGE, orphans=orphans)
    assert by_key.num_pages == by_offset.num_pages
    shown = []
    for number in by_key.page_range:
        page = [a.pk for a in by_key.page(number).object_list]
        assert page == [a.pk for a in by_offset.page(number).object_list]
        shown += page
    assert shown == order


def test_category_pages_show_the_right_articles_in_order(client, section):
    order = expected_order(section)
    numbers = {a.pk: a.title[-2:] for a in Article.objects.filter(pk__in=order)}
    for page in range(1, 5):
        response = client.get(f"/xay-dung-dang/?page={page}")
        assert response.status_code == 200
        want = order[(page - 1) * PER_PAGE : page * PER_PAGE]
        assert titles_in(response.content.decode()) == [numbers[pk] for pk in want]


def test_subcategory_pages_list_only_their_own_articles(client, section):
    response = client.get("/to-chuc-can-bo/?page=2")
    assert response.status_code == 200
    child = section.children.get()
    want = expected_order(child)[PER_PAGE : 2 * PER_PAGE]
    numbers = {a.pk: a.title[-2:] for a in Article.objects.filter(pk__in=want)}
    assert titles_in(response.content.decode()) == [numbers[pk] for pk in want]


KEY_SUBQUERY = re.compile(r'IN \(SELECT (\w+)\."id" AS "pk" FROM "news_article" \1 ')


def test_only_the_keys_walk_past_earlier_articles(client, section):
    """On a deep page the OFFSET is in a subquery that selects the primary key
    alone; the query reading full rows has no LIMIT or OFFSET of its own."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/xay-dung-dang/?page=4").status_code == 200
    [sql] = [q["sql"] for q in queries if "OFFSET" in q["sql"]]
    key_subquery = KEY_SUBQUERY.search(sql)
    assert key_subquery, sql
    assert sql.index("OFFSET") > key_subquery.start()
    assert not re.search(r"(LIMIT|OFFSET) \d+\s*$", sql), sql


def test_the_first_pages_keep_plain_offset(client, section):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/xay-dung-dang/").status_code == 200
    assert not any(KEY_SUBQUERY.search(q["sql"]) for q in queries)


def test_deep_pages_run_as_many_queries_as_the_first(client, section):
    first = count_queries(client, "/xay-dung-dang/")
    assert count_queries(client, "/xay-dung-dang/?page=3") == first
    assert count_queries(client, "/xay-dung-dang/?page=4") == first
    assert count_queries(client, "/xay-dung-dang/?page=last") == first


@pytest.mark.parametrize(
    "page",
    # " 2" and "２" (full-width) were page 2 while int() read page numbers; a
    # page number is ASCII digits only now, as the page cache reads it.
    ["0", "-1", "abc", "1.5", "5", "999999999", "9" * 40, "1e3", "0x2", "%00", "２%27", "%202",
     "２"],
)  # fmt: skip
def test_pages_that_do_not_exist_are_404(client, section, page):
    client.raise_request_exception = False
    assert client.get(f"/xay-dung-dang/?page={page}").status_code == 404


@pytest.mark.parametrize("page", ["", "4", "last", "04", "0004"])
def test_other_page_values_give_a_sensible_page(client, section, page):
    client.raise_request_exception = False
    assert client.get(f"/xay-dung-dang/?page={page}").status_code == 200


def test_a_new_subcategory_is_listed_at_once(section):
    """in_category() takes the subcategories from the per-version category map;
    adding one changes the content version, so its articles show at once."""
    assert listed(section).count() == VISIBLE
    late = CategoryFactory(name="Kiểm tra Đảng", slug="kiem-tra-dang", parent=section)
    ArticleFactory(category=late, published_at=timezone.now() - dt.timedelta(minutes=5))
    assert listed(section).count() == VISIBLE + 1
    assert listed(section).first().category_id == late.pk
