"""What the publication report counts: published articles whose publication
time falls in the period, local days in Asia/Ho_Chi_Minh, per author, section
and month, in a constant number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsroom.reports import Period, publication_report
from tests.accounts.factories import UserFactory
from tests.news.factories import ArticleFactory, CategoryFactory

from .helpers import REPORT, local, published

pytestmark = pytest.mark.django_db

Q4_2025 = Period(dt.date(2025, 10, 1), dt.date(2025, 12, 31))


def counted(period=Q4_2025):
    return publication_report(period).total


def test_the_period_starts_and_ends_at_midnight_in_vietnam(category):
    published(local(2025, 9, 30, 23, 59, 59), category=category)  # 16:59:59 UTC: Q3
    first = published(local(2025, 10, 1, 0, 0), category=category)  # 17:00 UTC on 30/9
    last = published(local(2025, 12, 31, 23, 59, 59, 999999), category=category)
    published(local(2026, 1, 1, 0, 0), category=category)  # 17:00 UTC on 31/12: Q1 2026
    start, end = Q4_2025.bounds()
    assert (start, end) == (first.published_at, local(2026, 1, 1))
    assert start == dt.datetime(2025, 9, 30, 17, 0, tzinfo=dt.UTC)
    assert counted() == 2
    assert last.published_at < end


def test_the_site_time_zone_counts_even_when_another_one_is_active(category):
    published(local(2025, 10, 1, 3, 0), category=category)  # 30/9 20:00 UTC
    with timezone.override("UTC"):
        report = publication_report(Q4_2025)
    assert report.total == 1
    assert [(m.month, m.count) for m in report.by_month] == [(10, 1), (11, 0), (12, 0)]


def test_months_are_local_months(category):
    # Both are on 31 October in UTC; the second is on 1 November in Vietnam.
    published(local(2025, 10, 31, 23, 30), category=category)
    published(local(2025, 11, 1, 0, 30), category=category)
    report = publication_report(Q4_2025)
    assert [(m.label, m.count) for m in report.by_month] == [
        ("Tháng 10/2025", 1),
        ("Tháng 11/2025", 1),
        ("Tháng 12/2025", 0),
    ]


def test_only_what_the_public_could_read_is_counted(category):
    at = local(2025, 11, 10, 9, 0)
    published(at, category=category)
    published(at, category=category, status="draft")
    published(at, category=category, status="pending")
    published(at, category=category, status="unpublished")
    published(at, category=category, deleted_at=timezone.now())
    assert counted() == 1


def test_scheduled_articles_are_not_published_yet(category):
    now = timezone.localtime(timezone=timezone.get_default_timezone())
    published(now - dt.timedelta(minutes=5), category=category)
    published(now + dt.timedelta(minutes=5), category=category)  # scheduled
    this_quarter = Period.current_quarter()
    if now + dt.timedelta(minutes=5) >= this_quarter.bounds()[1]:  # the last minutes of a quarter
        pytest.skip("the scheduled one would fall after the quarter anyway")
    assert counted(this_quarter) == 1


def test_every_month_of_the_period_is_listed_zero_months_too(category):
    published(local(2025, 3, 15, 8, 0), category=category)
    report = publication_report(Period(dt.date(2025, 1, 20), dt.date(2025, 6, 5)))
    assert [(m.year, m.month, m.count) for m in report.by_month] == [
        (2025, 1, 0),
        (2025, 2, 0),
        (2025, 3, 1),
        (2025, 4, 0),
        (2025, 5, 0),
        (2025, 6, 0),
    ]


def test_a_period_across_new_year(category):
    published(local(2025, 12, 31, 12, 0), category=category)
    published(local(2026, 1, 1, 12, 0), category=category)
    report = publication_report(Period(dt.date(2025, 12, 1), dt.date(2026, 1, 31)))
    assert [(m.label, m.count) for m in report.by_month] == [
        ("Tháng 12/2025", 1),
        ("Tháng 1/2026", 1),
    ]


def test_the_longest_period_lists_its_120_months(category):
    published(local(2016, 1, 1, 0, 0), category=category)
    published(local(2020, 6, 30, 23, 59), category=category)
    published(local(2020, 7, 1, 0, 0), category=category)
    published(local(2025, 12, 31, 23, 59), category=category)
    report = publication_report(Period(dt.date(2016, 1, 1), dt.date(2025, 12, 31)))
    assert len(report.by_month) == 120
    assert [(m.year, m.month) for m in report.by_month if m.count] == [
        (2016, 1),
        (2020, 6),
        (2020, 7),
        (2025, 12),
    ]


def test_per_author_the_user_whatever_the_byline_and_the_byline_without_one(category):
    huong = UserFactory(username="lanhuong", display_name="Lan Hương")
    tuan = UserFactory(username="tuan", display_name="", first_name="Minh", last_name="Tuấn")
    at = local(2025, 11, 3, 10, 0)
    published(at, category=category, author=huong, byline="Lan Hương")
    published(at, category=category, author=huong, byline="H.L.")  # a pen name: still hers
    published(at, category=category, author=huong, byline="")
    published(at, category=category, author=tuan, byline="")
    published(at, category=category, author=None, byline="Cộng tác viên")
    published(at, category=category, author=None, byline=" Cộng  tác viên ")
    published(at, category=category, author=None, byline="Lan Hương")  # no account behind it
    published(at, category=category, author=None, byline="")
    rows = publication_report(Q4_2025).by_author
    assert [(r.name, r.username, r.count) for r in rows] == [
        ("Lan Hương", "lanhuong", 3),
        ("Cộng tác viên", "", 2),
        ("(Không ghi tác giả)", "", 1),
        ("Lan Hương", "", 1),
        ("Minh Tuấn", "tuan", 1),
    ]


def test_per_section_subcategories_roll_up_and_are_listed(db):
    party = CategoryFactory(name="Xây dựng Đảng", menu_order=1)
    organisation = CategoryFactory(name="Tổ chức", parent=party, menu_order=1)
    inspection = CategoryFactory(name="Kiểm tra", parent=party, menu_order=2)
    mass = CategoryFactory(name="Dân vận", menu_order=2)
    CategoryFactory(name="Tuyên giáo", menu_order=3)
    at = local(2025, 12, 1, 7, 0)
    for category, n in ((party, 1), (organisation, 2), (inspection, 3), (mass, 4)):
        for _ in range(n):
            published(at, category=category)
    published(local(2025, 9, 1, 7, 0), category=mass)  # before the period
    report = publication_report(Q4_2025)
    assert [(r.section, r.subcategory, r.count) for r in report.by_category] == [
        ("Xây dựng Đảng", "", 6),
        ("Xây dựng Đảng", "Tổ chức", 2),
        ("Xây dựng Đảng", "Kiểm tra", 3),
        ("Xây dựng Đảng", "(bài đăng thẳng vào chuyên mục)", 1),
        ("Dân vận", "", 4),
        ("Tuyên giáo", "", 0),
    ]
    assert report.total == 10 == sum(r.count for r in report.by_category if r.is_section)


def test_every_table_adds_up_to_the_total(category):
    other = CategoryFactory(name="Tuyên giáo")
    user = UserFactory(username="hue", display_name="Thanh Huệ")
    for day in range(1, 30, 3):
        published(local(2025, 10 + day % 3, day, 9, 0), category=(category, other)[day % 2],
                  author=(user, None)[day % 2 == 0])  # fmt: skip
    report = publication_report(Q4_2025)
    assert report.total == 10
    assert sum(r.count for r in report.by_author) == 10
    assert sum(r.count for r in report.by_month) == 10
    assert sum(r.count for r in report.by_category if r.is_section) == 10


def test_the_default_period_is_the_current_quarter(client, editor, category):
    today = timezone.localdate(timezone=timezone.get_default_timezone())
    quarter = (today.month - 1) // 3 + 1
    client.force_login(editor)
    response = client.get(REPORT)
    period = response.context["report"].period
    assert period == Period.quarter(today.year, quarter)
    assert period.first <= today <= period.last


def test_the_page_shows_the_tables(client, editor, category):
    published(local(2025, 11, 3, 10, 0), category=category, author=editor)
    client.force_login(editor)
    response = client.get(REPORT, {"nam": "2025", "ky": "4"})
    page = response.content.decode()
    assert "Quý 4 năm 2025 (từ 01/10/2025 đến 31/12/2025)" in page
    assert '<td>Lan Hương</td><td>bientap</td><td class="count">1</td>' in page
    assert '<th scope="row">Dân vận</th><td class="count">1</td>' in page
    assert '<td>Tháng 10/2025</td><td class="count">0</td>' in page
    assert '<td>Tháng 11/2025</td><td class="count">1</td>' in page
    assert 'href="/admin/bao-cao/xlsx/?tu_ngay=2025-10-01&amp;den_ngay=2025-12-31"' in page


def test_names_are_escaped_on_the_page(client, editor, category):
    published(local(2025, 11, 3, 10, 0), category=category, byline="<script>alert(1)</script>")
    client.force_login(editor)
    page = client.get(REPORT, {"nam": "2025", "ky": "4"}).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def _articles(n):
    """``n`` articles across 5 authors, 2 bylines, 2 sections with 2 subsections and 3 months."""
    sections = [CategoryFactory(name=f"Mục {i}") for i in range(2)]
    categories = [*sections, *(CategoryFactory(name=f"Mục con {i}", parent=s)
                               for i, s in enumerate(sections))]  # fmt: skip
    authors = [UserFactory(username=f"tacgia{i}") for i in range(5)] + [None, None]
    for i in range(n):
        ArticleFactory(
            category=categories[i % len(categories)],
            author=authors[i % len(authors)],
            byline=f"Bút danh {i % 3}",
            published_at=local(2025, 10 + i % 3, 1 + i % 28, 8, 0),
        )


def _queries(callable_):
    with CaptureQueriesContext(connection) as queries:
        callable_()
    return len(queries)


@pytest.mark.parametrize("n", [5, 50])
def test_the_report_takes_one_query_whatever_the_number_of_articles(n):
    _articles(n)
    # One grouped query, and one for the documents per type; the sections come
    # from Category.by_id(), kept per content version (read here with the first
    # report, then kept).
    assert _queries(lambda: publication_report(Q4_2025)) == 3
    assert _queries(lambda: publication_report(Q4_2025)) == 2
    assert publication_report(Q4_2025).total == n


def test_the_page_and_the_download_take_as_many_queries_for_50_articles_as_for_5(client, editor):
    def measure(url):
        return _queries(lambda: client.get(url, {"nam": "2025", "ky": "4"}))

    client.force_login(editor)
    _articles(5)
    few = measure(REPORT), measure("/admin/bao-cao/xlsx/")
    _articles(45)
    many = measure(REPORT), measure("/admin/bao-cao/xlsx/")
    assert few == many
    assert client.get(REPORT, {"nam": "2025", "ky": "4"}).context["report"].total == 50
