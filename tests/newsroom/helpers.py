import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl

from tests.news.factories import ArticleFactory

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
REPORT = "/admin/bao-cao/"
EXPORT = "/admin/bao-cao/xlsx/"


def local(*args):
    """A time on the wall clocks of Lạng Sơn."""
    return dt.datetime(*args, tzinfo=VIETNAM)


def published(at, **kwargs):
    return ArticleFactory(published_at=at, **kwargs)


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


def table(sheet):
    """The rows under the header (row 3) as tuples of values, the total row included."""
    return [row for row in sheet.iter_rows(min_row=4, values_only=True)]
