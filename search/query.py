"""Turn what a citizen typed into a safe, folded search query.

Nothing of the input reaches a full-text engine as syntax: the query becomes
a list of *units*, each a tuple of folded tokens (letters and digits only).
A single word is a 1-tuple, a balanced "quoted phrase" a longer one. Backends
build their own MATCH / tsquery text from these tokens, so FTS operators
(``" * : ( ) - ^ ~ NEAR AND OR``), SQL, emoji and control characters can only
ever be ignored.
"""

import re
import unicodedata
from dataclasses import dataclass

from core.text import fold, nfc

MAX_QUERY_LENGTH = 200  # characters kept from the input
MAX_TERMS = 12  # folded tokens kept, phrases included
MAX_TOKEN_LENGTH = 50

# A token is a run of letters and digits; "_" and punctuation separate tokens.
TOKEN_RE = re.compile(r"[^\W_]+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "＂": '"'})
_PHRASE_RE = re.compile(r'"([^"]*)"')
# Written in capitals outside quotes, these are search-engine operators, not words.
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


def tokens(text):
    """Folded tokens of ``text``: 'Thành uỷ Lạng Sơn!' -> ['thanh', 'uy', 'lang', 'son']."""
    return TOKEN_RE.findall(fold(text)) if text else []


def clean_input(value, max_length=MAX_QUERY_LENGTH):
    """NFC text without control characters (null bytes included), cut to ``max_length``."""
    if not isinstance(value, str):
        return ""
    value = "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in nfc(value))
    return " ".join(value.split())[:max_length].strip()


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query. ``units`` must all match; ``pairs`` are adjacent bare words."""

    text: str = ""
    units: tuple[tuple[str, ...], ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    truncated: bool = False

    def __bool__(self):
        return bool(self.units)

    @property
    def tokens(self):
        return tuple(token for unit in self.units for token in unit)

    def __str__(self):
        return " ".join(f'"{" ".join(unit)}"' if len(unit) > 1 else unit[0] for unit in self.units)


def parse_query(value):
    """Parse user input into a :class:`SearchQuery`; an unusable input gives an empty one."""
    if isinstance(value, SearchQuery):
        return value
    raw = value if isinstance(value, str) else ""
    text = clean_input(raw)
    truncated = len(" ".join(raw.split())) > MAX_QUERY_LENGTH
    units, pairs, count = [], [], 0
    # Even pieces are outside quotes, odd ones inside a balanced pair; a lone
    # quote left over is just punctuation.
    pieces = _PHRASE_RE.split(text.translate(_QUOTES))
    for index, piece in enumerate(pieces):
        if index % 2:
            words = [t[:MAX_TOKEN_LENGTH] for t in tokens(piece)]
            candidates = [tuple(words)] if words else []
            piece_pairs = []
        else:
            words = [
                t[:MAX_TOKEN_LENGTH]
                for word in piece.split()
                if word not in _OPERATORS
                for t in tokens(word)
            ]
            candidates = [(w,) for w in words]
            piece_pairs = list(zip(words, words[1:], strict=False))
        for unit in candidates:
            if unit in units:
                continue
            if count + len(unit) > MAX_TERMS:
                unit = unit[: MAX_TERMS - count]
                truncated = True
                if not unit:
                    break
            units.append(unit)
            count += len(unit)
        pairs.extend(
            pair
            for pair in piece_pairs
            if pair[0] != pair[1]
            and pair not in pairs
            and (pair[1],) in units
            and (pair[0],) in units
        )
        if count >= MAX_TERMS:
            break
    return SearchQuery(text=text, units=tuple(units), pairs=tuple(pairs), truncated=truncated)
