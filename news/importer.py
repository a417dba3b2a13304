"""Parse plain-text exports of the old portal.

The format, one item per non-blank line (blank and non-breaking-space-only lines
separate items):

    Skip to main content          (optional, dropped)
    Title
    Lead, usually starting "Ngày DD/MM, ..."
    Photo caption
    Body paragraph
    ...
    Byline                        (short last line, e.g. "Thanh Huệ")
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone
from django.utils.html import escape

from core.text import nfc

SKIP_LINE = "skip to main content"
MAX_TITLE = 255
MAX_BYLINE = 100
MIN_ITEMS = 5  # title, lead, caption, at least one paragraph, byline
DEFAULT_HOUR = 8

_DAY_MONTH_RE = re.compile(r"\bngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?", re.I)
_YEAR_RE = re.compile(r"\b(19\d{2}|20\d{2})\b")


class ExportError(Exception):
    """A problem in one export file, with the file and line it was found at."""

    def __init__(self, path, line, message):
        self.path, self.line, self.message = str(path), line, message
        where = f"{self.path}, dòng {line}" if line else self.path
        super().__init__(f"{where}: {message}")


@dataclass
class ParsedArticle:
    path: str
    title: str
    lead: str
    caption: str
    paragraphs: list[str] = field(default_factory=list)
    byline: str = ""
    published_at: dt.datetime | None = None

    @property
    def body_html(self):
        return "\n".join(f"<p>{escape(p)}</p>" for p in self.paragraphs)


def read_lines(path):
    """Decode ``path`` as UTF-8 and return its non-blank lines as (number, text)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExportError(path, None, "không tìm thấy tệp.") from None
    except IsADirectoryError:
        raise ExportError(path, None, "đây là thư mục, không phải tệp.") from None
    except OSError as exc:
        raise ExportError(path, None, f"không đọc được tệp ({exc.strerror}).") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ExportError(
            path, line, "tệp không phải UTF-8; hãy lưu lại tệp với mã hóa UTF-8."
        ) from None
    if not text.strip():
        raise ExportError(path, None, "tệp rỗng.")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ExportError(path, line, "tệp chứa ký tự NUL, có lẽ không phải tệp văn bản.")
    return [
        (number, nfc(" ".join(line.split())))
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


def parse_date(path, lines, title):
    """The publication date: "Ngày DD/MM[/YYYY]" in the lead, the year from the title."""
    for number, text in lines:
        match = _DAY_MONTH_RE.search(text)
        if not match:
            continue
        day, month, year = match.groups()
        if year is None:
            years = _YEAR_RE.findall(title) or _YEAR_RE.findall(text)
            if not years:
                return None
            year = years[-1]
        try:
            date = dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ExportError(
                path, number, f"ngày không hợp lệ: “{match.group(0)}”; dùng --date."
            ) from None
        return timezone.make_aware(dt.datetime.combine(date, dt.time(DEFAULT_HOUR)))
    return None


def parse_export(path):
    lines = read_lines(path)
    if lines and lines[0][1].casefold() == SKIP_LINE:
        lines = lines[1:]
    if not lines:
        raise ExportError(path, None, "không có tiêu đề.")
    title_line, title = lines[0]
    if len(title) > MAX_TITLE:
        raise ExportError(path, title_line, f"tiêu đề dài quá {MAX_TITLE} ký tự.")
    if len(lines) < MIN_ITEMS:
        last_line = lines[-1][0]
        raise ExportError(
            path,
            last_line,
            "tệp kết thúc quá sớm: cần tiêu đề, sapo, chú thích ảnh, "
            "ít nhất một đoạn nội dung và bút danh.",
        )
    lead, caption = lines[1][1], lines[2][1]
    rest = [text for _, text in lines[3:]]
    byline = rest.pop() if len(rest) > 1 and len(rest[-1]) <= MAX_BYLINE else ""
    return ParsedArticle(
        path=str(path),
        title=title,
        lead=lead,
        caption=caption,
        paragraphs=rest,
        byline=byline,
        published_at=parse_date(path, lines[1:2], title),
    )
