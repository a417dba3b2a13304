"""The report as an Excel file: what the committee's quarterly report is pasted from."""

import datetime as dt
import re
from urllib.parse import unquote

import pytest
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.news.factories import CategoryFactory

from .helpers import EXPORT, local, published, table, workbook

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def quarter(db, editor):
    """Q4 2025: 3 articles by Lan Hương, 2 under a byline only, 1 outside the quarter."""
    party = CategoryFactory(name="Xây dựng Đảng", menu_order=1)
    organisation = CategoryFactory(name="Tổ chức", parent=party)
    mass = CategoryFactory(name="Dân vận", menu_order=2)
    published(local(2025, 10, 1, 0, 0), category=party, author=editor)
    published(local(2025, 10, 20, 9, 0), category=organisation, author=editor)
    published(local(2025, 12, 31, 23, 59), category=mass, author=editor)
    published(local(2025, 12, 2, 9, 0), category=mass, byline="Cộng tác viên")
    published(local(2025, 12, 3, 9, 0), category=organisation, byline="Cộng tác viên")
    published(local(2026, 1, 1, 0, 0), category=mass, author=editor)


def download(client, user, **query):
    client.force_login(user)
    return client.get(EXPORT, query or {"nam": "2025", "ky": "4"})


def test_the_file_is_an_xlsx_named_for_its_period(client, editor):
    response = download(client, editor)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert 'filename="bao-cao-xuat-ban-2025-Q4.xlsx"' in disposition
    encoded = re.search(r"filename\*=UTF-8''(\S+)$", disposition).group(1)
    assert unquote(encoded) == "Báo cáo xuất bản quý 4 năm 2025.xlsx"
    assert disposition.isascii()
    assert response.content.startswith(b"PK")  # a zip, as every .xlsx


@pytest.mark.parametrize(
    ("query", "ascii_name", "name"),
    [
        ({"nam": "2024"}, "bao-cao-xuat-ban-2024.xlsx", "Báo cáo xuất bản năm 2024.xlsx"),
        ({"tu_ngay": "2025-02-01", "den_ngay": "2025-02-28"}, "bao-cao-xuat-ban-2025-02.xlsx",
         "Báo cáo xuất bản tháng 2 năm 2025.xlsx"),
        ({"tu_ngay": "2025-01-15", "den_ngay": "2025-02-20"},
         "bao-cao-xuat-ban-2025-01-15_2025-02-20.xlsx",
         "Báo cáo xuất bản từ 15-01-2025 đến 20-02-2025.xlsx"),
    ],
)  # fmt: skip
def test_file_names_of_other_periods(client, editor, query, ascii_name, name):
    disposition = download(client, editor, **query)["Content-Disposition"]
    assert f'filename="{ascii_name}"' in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == name


def test_one_sheet_per_table_with_vietnamese_names(client, editor, quarter):
    book = workbook(download(client, editor))
    assert book.sheetnames == ["Theo tác giả", "Theo chuyên mục", "Theo tháng", "Văn bản theo loại"]


def test_per_author(client, editor, quarter):
    sheet = workbook(download(client, editor))["Theo tác giả"]
    assert [c.value for c in sheet[3]] == ["Tác giả / bút danh", "Tài khoản", "Số bài"]
    assert table(sheet) == [
        ("Lan Hương", "bientap", 3),
        ("Cộng tác viên", None, 2),
        ("Tổng cộng", None, 5),
    ]


def test_per_category(client, editor, quarter):
    sheet = workbook(download(client, editor))["Theo chuyên mục"]
    assert [c.value for c in sheet[3]] == ["Chuyên mục", "Chuyên mục con", "Số bài"]
    assert table(sheet) == [
        ("Xây dựng Đảng", None, 3),
        ("Xây dựng Đảng", "Tổ chức", 2),
        ("Xây dựng Đảng", "(bài đăng thẳng vào chuyên mục)", 1),
        ("Dân vận", None, 2),
        ("Tổng cộng", None, 5),
    ]
    assert sheet["A4"].font.b and sheet["C4"].font.b  # a section, with its subcategories
    assert not sheet["B5"].font.b and sheet["B5"].alignment.indent


def test_per_month(client, editor, quarter):
    sheet = workbook(download(client, editor))["Theo tháng"]
    assert [c.value for c in sheet[3]] == ["Tháng", "Số bài"]
    assert table(sheet) == [
        ("Tháng 10/2025", 2),
        ("Tháng 11/2025", 0),
        ("Tháng 12/2025", 3),
        ("Tổng cộng", 5),
    ]


def test_title_row_header_row_total_row_and_widths(client, editor, quarter):
    book = workbook(download(client, editor))
    today = f"{timezone.localdate(timezone=timezone.get_default_timezone()):%d/%m/%Y}"
    for sheet in book:
        title = sheet["A1"].value
        assert "Quý 4 năm 2025 (từ 01/10/2025 đến 31/12/2025)" in title
        assert f"xuất ngày {today}" in title
        assert sheet["A1"].font.b
        assert sheet[2][0].value is None
        assert all(cell.font.b for cell in sheet[3])
        total = sheet[sheet.max_row]
        # The articles' sheets total 5 articles; the documents' sheet, no document.
        expected = 0 if sheet.title == "Văn bản theo loại" else 5
        assert total[0].value == "Tổng cộng" and total[-1].value == expected
        assert all(cell.font.b for cell in total if cell.value is not None)
        assert sheet.freeze_panes == "A4"
        widths = [sheet.column_dimensions[c].width for c in "ABC"[: sheet.max_column]]
        assert all(10 <= width <= 60 for width in widths)
    authors = book["Theo tác giả"]
    assert authors.column_dimensions["A"].width >= len("Tác giả / bút danh")


def test_counts_are_numbers(client, editor, quarter):
    sheet = workbook(download(client, editor))["Theo tháng"]
    assert all(isinstance(row[1], int) for row in table(sheet))


def test_names_are_written_as_text_never_as_formulas(client, editor):
    at = local(2025, 11, 5, 9, 0)
    category = CategoryFactory(name="=1+2")
    published(at, category=category, byline='=HYPERLINK("http://evil.example","Bấm")')
    published(at, category=category, byline="+SUM(A1)\x01\x1f")
    user = UserFactory(username="a", display_name="@cmd|' /C calc'!A0")
    published(at, category=category, author=user)
    book = workbook(download(client, editor))
    names = [row[0] for row in table(book["Theo tác giả"])]
    assert names == [
        "+SUM(A1)",  # the control characters dropped: openpyxl refuses them
        '=HYPERLINK("http://evil.example","Bấm")',
        "@cmd|' /C calc'!A0",
        "Tổng cộng",
    ]
    for sheet in book:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)
    assert book["Theo chuyên mục"]["A4"].value == "=1+2"


def test_an_empty_period_still_gives_every_table(client, editor):
    book = workbook(download(client, editor, tu_ngay="2020-02-01", den_ngay="2020-02-29"))
    assert table(book["Theo tác giả"]) == [("Tổng cộng", None, 0)]
    assert table(book["Theo tháng"]) == [("Tháng 2/2020", 0), ("Tổng cộng", 0)]


def test_a_refused_period_gets_the_page_with_the_message(client, editor):
    response = download(client, editor, tu_ngay="2025-06-01", den_ngay="2025-01-01")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "không được sau ngày kết thúc" in response.content.decode()
    assert "Content-Disposition" not in response


def test_the_download_counts_what_the_page_shows(client, editor, quarter):
    client.force_login(editor)
    page = client.get("/admin/bao-cao/", {"nam": "2025", "ky": "4"})
    book = workbook(client.get(page.context["export_url"]))
    assert table(book["Theo tháng"])[-1] == ("Tổng cộng", page.context["report"].total)
    assert page.context["report"].period.last == dt.date(2025, 12, 31)
