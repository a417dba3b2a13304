"""The name a document's file is handed out under, and its Content-Disposition header.

A citizen's downloads folder fills with files of the library: each is named by
what identifies the document, its number and symbol and the start of its
summary ("66-QĐ-TW về thể thức văn bản của Đảng.pdf"), whatever the uploader
called it. Names are cut at a word, within ``MAX_BYTES`` of UTF-8: file
systems allow 255 bytes a name (ext4, APFS; NTFS 255 UTF-16 units), but a
browser adds " (1)" to a second copy, Windows' 260-character path limit
counts the folder too, and a zip of downloads keeps the name again in its own
directory; 180 bytes leaves room for all of them.
"""

import re
import unicodedata
from urllib.parse import quote

from core.text import strip_diacritics, without_hidden

MAX_BYTES = 180
# Not allowed in a file name on Windows (and "/" nowhere): a number's "/" becomes "-".
_UNSAFE = re.compile(r'[\\/:*?"<>|]')
# Left at the end of a cut name, these read as a sentence broken off.
_TRAILING = " .,;:–—-("


def clean(value):
    """``value`` in NFC, on one line, without hidden or unsafe characters."""
    value = unicodedata.normalize("NFC", without_hidden(value or ""))
    value = _UNSAFE.sub("-", value)
    return " ".join(value.split())


def _size(value):
    return len(value.encode("utf-8"))


def cut(value, limit):
    """``value`` at most ``limit`` UTF-8 bytes, cut after a whole word.

    A first word longer than the limit (a name without spaces) is cut between
    characters, never inside one nor between a letter and its marks.
    """
    if _size(value) <= limit:
        return value
    kept = ""
    for word in value.split(" "):
        candidate = f"{kept} {word}" if kept else word
        if _size(candidate) > limit:
            break
        kept = candidate
    if not kept:
        end = len(value)
        while _size(value[:end]) > limit or (end and unicodedata.combining(value[end])):
            end -= 1
        kept = value[:end]
    return kept.rstrip(_TRAILING) or kept


def download_name(title, kind, extra=""):
    """'66-QĐ/TW', 'về thể thức…', 'pdf' -> '66-QĐ-TW về thể thức….pdf', at most
    ``MAX_BYTES`` bytes; ``extra`` (a second file's own name) goes after the title."""
    suffix = f".{kind}"
    extra = clean(extra)
    stem = clean(title)
    if extra:
        # The title keeps at least half: the file is the document's before it is its own.
        room = MAX_BYTES - _size(suffix) - _size(" – ")
        extra = cut(extra, max(room - _size(stem), room // 2))
        stem = cut(stem, room - _size(extra))
        stem = f"{stem} – {extra}" if stem else extra
    stem = cut(stem, MAX_BYTES - _size(suffix)) or "van-ban"
    return f"{stem}{suffix}"


def ascii_name(name):
    """The fallback for clients that don't read ``filename*``: 'Đảng ủy.pdf' -> 'Dang uy.pdf'."""
    folded = strip_diacritics(name).encode("ascii", "ignore").decode("ascii")
    folded = " ".join(re.sub(r"[^\x20-\x7e]|[\"\\%]", "", folded).split())
    return folded if folded and not folded.startswith(".") else f"van-ban{folded}"


def content_disposition(name, inline=False):
    """RFC 6266: an ASCII ``filename`` for old clients, and the real name as
    ``filename*`` (RFC 5987, UTF-8) for every browser since 2012."""
    disposition = "inline" if inline else "attachment"
    fallback = ascii_name(name)
    if fallback == name:
        return f'{disposition}; filename="{name}"'
    return f"{disposition}; filename=\"{fallback}\"; filename*=utf-8''{quote(name)}"
