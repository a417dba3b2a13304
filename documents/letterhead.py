"""The letterhead of a Party document, taken off the start of its text.

A document's first lines are its letterhead, the same on every document of
an issuer (Hướng dẫn 36-HD/VPTW, thể thức văn bản của Đảng):

    ĐẢNG CỘNG SẢN VIỆT NAM        BAN TUYÊN GIÁO TỈNH ỦY
    *                             Số 05-HD/BTG
    Lạng Sơn, ngày 05 tháng 9 năm 2026
    HƯỚNG DẪN
    về công tác dân vận ...

Text extracted from a file runs these lines together. As search text they
only repeat what the result shows already (type, number, issuer, date), and
a snippet of them says nothing: ``without_letterhead`` drops them, up to the
first line in ordinary case, and the summary when it comes next (it is shown
beside the snippet already); the signature block at the end goes too.
``search_text`` is the search cleaner of a document's text columns
(``apps.py``).
"""

import re

from core.text import fold

_CHUNK_RE = re.compile(r"\S+")
# "Lạng Sơn, ngày 05 tháng 9 năm 2026": at most four words of place name.
_DATE_LINE_RE = re.compile(
    r"(?:[^\W\d_][\w.]*\s+){0,4}?[^\W\d_][\w.]*\s*,\s*"
    r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}",
    re.IGNORECASE,
)
# The signature block and the recipients close a document: "T/M BAN THƯỜNG
# VỤ ... BÍ THƯ ...", "K/T TRƯỞNG BAN ...", "Nơi nhận: ...".
_CLOSING_RE = re.compile(r"(?:^|\s)(?:T/M|K/T|T/L|TM\.|KT\.|TL\.|Nơi nhận:)\s")
CLOSING_CHARS = 600
_NUMBER_LABELS = frozenset({"Số", "Số:", "số", "số:"})
# Past this many words it is not a letterhead but a document typed in capitals.
MAX_WORDS = 60


def _in_capitals(chunk):
    """'ĐẢNG', 'ỦY', '05-HD/BTG', '*', '---': no lower-case letter."""
    return not any(ch.islower() for ch in chunk) and not chunk.isdigit()


def search_text(text, document):
    """A document's text as a search result shows it (``search.registry`` cleaner)."""
    get = document.get if isinstance(document, dict) else lambda name: getattr(document, name)
    return without_letterhead(text, summary=get("summary") or "")


def files_search_text(texts, summary=""):
    """A document's ``attachments_text``: its files' texts, each without its letterhead."""
    return "\n".join(without_letterhead(text, summary=summary or "") for text in texts)


def without_letterhead(text, summary=""):
    """``text`` without the letterhead it starts with, nor ``summary`` right after it,
    nor the signature block it ends with. Unchanged when it has none of them.
    """
    text = _without_closing(text)
    if not text:
        return text or ""
    chunks = list(_CHUNK_RE.finditer(text))
    i, end = 0, 0
    while i < len(chunks) and i <= MAX_WORDS:
        chunk = chunks[i].group()
        if _in_capitals(chunk):
            i += 1
        elif (
            chunk in _NUMBER_LABELS
            and i + 1 < len(chunks)
            and any(ch.isdigit() for ch in chunks[i + 1].group())
        ):
            i += 2
        else:
            date = _DATE_LINE_RE.match(text, chunks[i].start())
            if not date:
                break
            while i < len(chunks) and chunks[i].start() < date.end():
                i += 1
        end = chunks[i - 1].end() if i else 0
    if i > MAX_WORDS or i == len(chunks):
        return text  # all in capitals: nothing to tell letterhead from text
    words = fold(summary).split()
    if words and i + len(words) <= len(chunks):
        repeated = chunks[i : i + len(words)]
        if fold(" ".join(c.group() for c in repeated)).rstrip(".;:") == " ".join(words):
            end = repeated[-1].end()
    return text[end:].lstrip(" .;:\n\t") if end else text


def _without_closing(text):
    if not text:
        return text or ""
    tail_start = max(0, len(text) - CLOSING_CHARS)
    found = _CLOSING_RE.search(text, tail_start)
    return text[: found.start()].rstrip() if found and found.start() > 0 else text
