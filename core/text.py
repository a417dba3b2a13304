"""Vietnamese text handling: the one place for NFC, folding and slugs.

Django's ``slugify`` drops "đ" (it has no ASCII decomposition) and the admin's
urlify.js drops every accented letter, so neither may produce a stored slug.
"""

import re
import unicodedata

from django.utils.text import slugify as django_slugify

# "Ð" (U+00D0, Icelandic eth) is often typed by mistake for "Đ"; PostgreSQL's
# unaccent maps both, so folding must too.
_D_MAP = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})
_SPACE_RE = re.compile(r"\s+")


def nfc(value):
    """Return ``value`` in Unicode NFC; non-strings pass through unchanged."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def strip_diacritics(value):
    """'Thành ủy Đảng' -> 'Thanh uy Dang', keeping case."""
    decomposed = unicodedata.normalize("NFD", value.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def fold(value):
    """Fold text for matching: no diacritics, đ -> d, lower case, single spaces.

    Both tone-mark conventions fold alike ("Thành uỷ" and "Thành ủy" -> "thanh uy").
    """
    return _SPACE_RE.sub(" ", strip_diacritics(value).casefold()).strip()


def slugify(value, max_length=200):
    """Vietnamese-aware slug: 'Đảng bộ Lạng Sơn' -> 'dang-bo-lang-son'."""
    slug = django_slugify(strip_diacritics(nfc(value)))
    return slug[:max_length].strip("-")


# Control characters (C0, DEL, C1) and the bidirectional formatting marks.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def hidden_characters(value):
    """The characters of ``value`` a reader can't see or that reorder what they see.

    Control characters and the bidirectional marks: with U+202E (right-to-left
    override) "hồ-sơ\u202efdp.hta" reads as "hồ-sơatch.pdf". Returned as
    "U+202E" strings, in order, without repeats.
    """
    found = dict.fromkeys(_HIDDEN.findall(value or ""))
    return [f"U+{ord(character):04X}" for character in found]


def without_hidden(value):
    """``value`` with each hidden character (``hidden_characters``) made a space."""
    return _HIDDEN.sub(" ", value or "")
