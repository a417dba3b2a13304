"""The report's period from the query string: quick choices, dates, and what
the form refuses, with Vietnamese messages and never a 500."""

import datetime as dt

import pytest
from django.utils import timezone

from newsroom.forms import PeriodForm
from newsroom.reports import Period

from .helpers import EXPORT, REPORT, local, published

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate(timezone=timezone.get_default_timezone()).year


def period_of(query):
    form = PeriodForm(query)
    assert form.is_valid(), form.errors
    return form.cleaned_data["period"]


def errors_of(query):
    form = PeriodForm(query)
    assert not form.is_valid()
    return [message for messages in form.errors.values() for message in messages]


@pytest.mark.parametrize(
    ("query", "first", "last"),
    [
        ({"nam": "2025", "ky": "1"}, dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        ({"nam": "2025", "ky": "2"}, dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        ({"nam": "2025", "ky": "3"}, dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        ({"nam": "2024", "ky": "4"}, dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
        ({"nam": "2024", "ky": "nam"}, dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ({"nam": "2024"}, dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ({"nam": "2024", "ky": ""}, dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        # The quick choice wins over dates sent with it.
        ({"nam": "2024", "ky": "1", "tu_ngay": "2020-01-01"}, dt.date(2024, 1, 1),
         dt.date(2024, 3, 31)),
        ({"tu_ngay": "2025-01-15", "den_ngay": "2025-02-20"}, dt.date(2025, 1, 15),
         dt.date(2025, 2, 20)),
        ({"tu_ngay": "15/01/2025", "den_ngay": "20/2/2025"}, dt.date(2025, 1, 15),
         dt.date(2025, 2, 20)),
        ({"tu_ngay": "2025-03-01", "den_ngay": "2025-03-01"}, dt.date(2025, 3, 1),
         dt.date(2025, 3, 1)),
        ({"tu_ngay": "2016-01-01", "den_ngay": "2025-12-31"}, dt.date(2016, 1, 1),
         dt.date(2025, 12, 31)),
        ({"tu_ngay": "2016-02-29", "den_ngay": "2026-02-28"}, dt.date(2016, 2, 29),
         dt.date(2026, 2, 28)),
    ],
)  # fmt: skip
def test_the_period_chosen(query, first, last):
    assert period_of(query) == Period(first, last)


def test_a_quarter_without_a_year_is_of_this_year():
    assert period_of({"ky": "2"}) == Period.quarter(THIS_YEAR, 2)


def test_nothing_chosen_is_the_current_quarter():
    assert period_of({}) == Period.current_quarter()
    assert period_of({"nam": "", "ky": "", "tu_ngay": "", "den_ngay": ""}) == (
        Period.current_quarter()
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"tu_ngay": "2025-03-01", "den_ngay": "2025-02-28"},
         "Ngày bắt đầu (01/03/2025) không được sau ngày kết thúc (28/02/2025)."),
        ({"tu_ngay": "2015-01-01", "den_ngay": "2025-01-01"},
         "Một báo cáo tính tối đa 10 năm; hãy chọn khoảng ngắn hơn."),
        ({"tu_ngay": "2025-01-01"}, "Hãy nhập cả ngày bắt đầu và ngày kết thúc."),
        ({"den_ngay": "2025-01-01"}, "Hãy nhập cả ngày bắt đầu và ngày kết thúc."),
        ({"tu_ngay": "2025-02-30", "den_ngay": "2025-03-01"},
         "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 31/12/2026."),
        ({"tu_ngay": "1999-12-31", "den_ngay": "2000-01-31"},
         f"Ngày phải nằm trong khoảng từ 01/01/2000 đến 31/12/{THIS_YEAR}."),
        ({"tu_ngay": "2025-01-01", "den_ngay": f"{THIS_YEAR + 1}-01-01"},
         f"Ngày phải nằm trong khoảng từ 01/01/2000 đến 31/12/{THIS_YEAR}."),
        ({"nam": "1999"}, "Hãy chọn một năm trong danh sách."),
        ({"nam": str(THIS_YEAR + 1)}, "Hãy chọn một năm trong danh sách."),
        ({"nam": "2025", "ky": "5"}, "Hãy chọn quý 1–4 hoặc cả năm."),
    ],
)  # fmt: skip
def test_what_the_form_refuses_and_says(query, message):
    assert errors_of(query) == [message]


ODD = [
    "²",
    "1e3",
    "１２",
    "٢٠٢٥",
    "２０２５-０１-０１",
    "-1",
    "0",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2025-13-01",
    "2025-00-10",
    "31/02/2025",
    "2025/01/01",
    "NaN",
    "None",
    " ",
    "\x00",
    "<script>",
    "'; DROP TABLE news_article; --",
    "9" * 400,
    "2025-01-01T00:00",
    "1735689600",
]


@pytest.mark.parametrize("value", ODD)
@pytest.mark.parametrize("name", ["nam", "ky", "tu_ngay", "den_ngay"])
def test_odd_values_get_the_page_back_with_a_message(client, editor, name, value):
    client.force_login(editor)
    query = {name: value}
    if name == "tu_ngay":
        query["den_ngay"] = "2025-12-31"
    if name == "den_ngay":
        query["tu_ngay"] = "2025-01-01"
    response = client.get(REPORT, query)
    assert response.status_code == 200
    if value.strip():
        assert response.context["report"] is None
        assert 'class="errorlist' in response.content.decode()
    download = client.get(EXPORT, query)
    assert download.status_code in (200, 400)
    if response.context["report"] is None:
        assert download.status_code == 400
        assert download["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "query",
    [
        "nam=2025&nam=²",
        "tu_ngay[]=2025-01-01",
        "tu_ngay=%FF%FE&den_ngay=%C0",
        "ky=4&ky=5",
        "nam",
        "&&&=&=",
        "tu_ngay=2025-01-01&den_ngay=2025-12-31&xuat=xlsx&page=²",
    ],
)
def test_broken_query_strings(client, editor, query):
    client.force_login(editor)
    assert client.get(f"{REPORT}?{query}").status_code == 200
    assert client.get(f"{EXPORT}?{query}").status_code in (200, 400)


@pytest.mark.parametrize("value", [" 2025-01-01 ", "2025-1-1\n", "1/1/2025"])
def test_a_date_with_spaces_or_single_digits_is_still_a_date(value):
    assert period_of({"tu_ngay": value, "den_ngay": "2025-01-31"}).first == dt.date(2025, 1, 1)


def test_a_refused_period_keeps_what_was_typed_and_shows_no_figures(client, editor, category):
    published(local(2025, 5, 1, 8, 0), category=category)
    client.force_login(editor)
    response = client.get(REPORT, {"tu_ngay": "2025-06-01", "den_ngay": "2025-01-01"})
    page = response.content.decode()
    assert 'value="2025-06-01"' in page
    assert "Tải về Excel" not in page
    assert "Ngày bắt đầu (01/06/2025) không được sau ngày kết thúc (01/01/2025)." in page
