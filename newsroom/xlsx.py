"""The publication report as an Excel workbook (openpyxl): one sheet per table
(articles per author, section and month; documents per type).

Each sheet: a title row (what, the period, when it was exported), a bold
header row, the rows, a bold total row; widths fitted to the text and the
header kept in view when scrolling.

Names come from users (bylines, display names, sections). Text is always
written as text: openpyxl would store "=HYPERLINK(…)" as a formula that Excel
runs, and refuses control characters outright.
"""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

TITLE = Font(bold=True, size=13)
BOLD = Font(bold=True)
INDENT = Alignment(indent=2)
COUNT_FORMAT = "#,##0"
HEADER_ROW = 3  # after the title row and an empty one
# Excel's column width unit is about one "0" of the default font; Vietnamese
# letters with marks are no wider.
MIN_WIDTH, MAX_WIDTH = 10, 60


@dataclass(frozen=True)
class Line:
    texts: list
    count: int
    bold: bool = False
    indented: bool = False  # its last text is indented (a subcategory under its section)


def workbook_bytes(report):
    """The report as the bytes of an .xlsx file."""
    book = Workbook()
    book.remove(book.active)
    exported = f"{report.generated_at:%d/%m/%Y %H:%M}"

    def title(table):
        return _("%(table)s – %(period)s – xuất ngày %(exported)s") % {
            "table": table,
            "period": report.period.describe(),
            "exported": exported,
        }

    _sheet(
        book,
        _("Theo tác giả"),
        title(_("Số bài xuất bản theo tác giả")),
        [_("Tác giả / bút danh"), _("Tài khoản"), _("Số bài")],
        [Line([row.name, row.username], row.count) for row in report.by_author],
        report.total,
    )
    _sheet(
        book,
        _("Theo chuyên mục"),
        title(_("Số bài xuất bản theo chuyên mục")),
        [_("Chuyên mục"), _("Chuyên mục con"), _("Số bài")],
        # A section's row counts its subcategories too: bold, and they follow it.
        [
            Line([row.section, row.subcategory], row.count, row.is_section, not row.is_section)
            for row in report.by_category
        ],
        report.total,
    )
    _sheet(
        book,
        _("Theo tháng"),
        title(_("Số bài xuất bản theo tháng")),
        [_("Tháng"), _("Số bài")],
        [Line([row.label], row.count) for row in report.by_month],
        report.total,
    )
    _sheet(
        book,
        _("Văn bản theo loại"),
        title(_("Số văn bản đăng tải theo loại văn bản")),
        [_("Loại văn bản"), _("Số văn bản")],
        [Line([row.kind], row.count) for row in report.documents_by_kind],
        report.documents_total,
    )
    book.properties.title = _("Báo cáo xuất bản") + " " + report.period.name()
    book.properties.creator = ""  # openpyxl's default names itself
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value):
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _put_text(sheet, row, column, value, font=None):
    """Write ``value`` as text (an empty one leaves the cell empty)."""
    cell = sheet.cell(row=row, column=column)
    cell.value = _text(value) or None
    if cell.value is not None:
        cell.data_type = "s"  # never a formula, whatever it starts with
    if font:
        cell.font = font
    return cell


def _put_count(sheet, row, column, value, font=None):
    cell = sheet.cell(row=row, column=column, value=value)
    cell.number_format = COUNT_FORMAT
    if font:
        cell.font = font
    return cell


def _sheet(book, name, title, headers, lines, total):
    sheet = book.create_sheet(name)
    count_column = len(headers)
    widths = [len(header) for header in headers]

    _put_text(sheet, 1, 1, title, TITLE)
    for column, header in enumerate(headers, start=1):
        _put_text(sheet, HEADER_ROW, column, header, BOLD)

    row = HEADER_ROW
    for row, line in enumerate(lines, start=HEADER_ROW + 1):  # noqa: B007 - used after
        font = BOLD if line.bold else None
        for column, text in enumerate(line.texts, start=1):
            cell = _put_text(sheet, row, column, text, font)
            indent = line.indented and column == len(line.texts)
            if indent:
                cell.alignment = INDENT
            widths[column - 1] = max(widths[column - 1], len(cell.value or "") + 2 * indent)
        _put_count(sheet, row, count_column, line.count, font)

    _put_text(sheet, row + 1, 1, _("Tổng cộng"), BOLD)
    _put_count(sheet, row + 1, count_column, total, BOLD)

    # The title row is left out: it may run across the empty cells beside it.
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(
            MIN_WIDTH, min(MAX_WIDTH, width + 2)
        )
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    return sheet
