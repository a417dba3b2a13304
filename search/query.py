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


# Tone marks (NFD); Vietnamese writes one per syllable, on one of its vowels.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aeiouyAEIOUY")


def spelled(word):
    """``word`` (one token as typed) in lower case, or None if it has no marks to honour.

    'Vận' -> 'vận', 'Đảng' -> 'đảng'; 'van' -> None: a word typed without
    marks asks for every spelling alike.
    """
    word = nfc(word).lower()
    return None if word == fold(word) else word


def spellings(word):
    """The ways to write the marked ``word`` with its tone on any of its vowels.

    Both conventions are in use ('hoà' and 'hòa', 'uỷ' and 'ủy'); they are
    the same word with the same marks, so either counts as an exact match.
    """
    letters = list(unicodedata.normalize("NFD", word))
    tones = [i for i, ch in enumerate(letters) if ch in _TONES]
    if len(tones) != 1:
        return (word,)
    tone = letters.pop(tones[0])
    found = {word}
    for i, ch in enumerate(letters):
        if ch in _VOWELS:
            # After the vowel's own marks (circumflex, breve, horn), as NFD does.
            end = i + 1
            while end < len(letters) and unicodedata.combining(letters[end]):
                end += 1
            found.add(unicodedata.normalize("NFC", "".join([*letters[:end], tone, *letters[end:]])))
    return tuple(sorted(found))


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query. ``units`` must all match; ``pairs`` are adjacent bare words.

    ``spelled`` and ``spelled_pairs`` go with ``units`` and ``pairs``, token by
    token: the word as the reader wrote it when it carries marks (``spelled``),
    else None. Matching ignores them; ranking puts the exact spelling first.
    """

    text: str = ""
    units: tuple[tuple[str, ...], ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    truncated: bool = False
    spelled: tuple[tuple[str | None, ...], ...] = ()
    spelled_pairs: tuple[tuple[str | None, str | None], ...] = ()

    def __bool__(self):
        return bool(self.units)

    @property
    def tokens(self):
        return tuple(token for unit in self.units for token in unit)

    @property
    def marked(self):
        """Whether the reader typed any marks that ranking honours."""
        return any(word for unit in self.spelled for word in unit)

    def __str__(self):
        return " ".join(f'"{" ".join(unit)}"' if len(unit) > 1 else unit[0] for unit in self.units)


def _words(text):
    """(folded token, spelling or None) of each token of ``text``, as typed."""
    words = []
    for raw in TOKEN_RE.findall(nfc(text)):
        folded = tokens(raw)
        if len(folded) == 1:
            words.append((folded[0][:MAX_TOKEN_LENGTH], spelled(raw)))
        else:  # folding split or dropped it: nothing to honour
            words += [(token[:MAX_TOKEN_LENGTH], None) for token in folded]
    return words


def parse_query(value):
    """Parse user input into a :class:`SearchQuery`; an unusable input gives an empty one."""
    if isinstance(value, SearchQuery):
        return value
    raw = value if isinstance(value, str) else ""
    text = clean_input(raw)
    truncated = len(" ".join(raw.split())) > MAX_QUERY_LENGTH
    units, spelled_units, pairs, spelled_pairs, count = [], [], [], [], 0
    # Even pieces are outside quotes, odd ones inside a balanced pair; a lone
    # quote left over is just punctuation.
    pieces = _PHRASE_RE.split(text.translate(_QUOTES))
    for index, piece in enumerate(pieces):
        if index % 2:
            words = _words(piece)
            candidates = [tuple(words)] if words else []
            piece_pairs = []
        else:
            words = [w for word in piece.split() if word not in _OPERATORS for w in _words(word)]
            candidates = [(w,) for w in words]
            piece_pairs = list(zip(words, words[1:], strict=False))
        for candidate in candidates:
            unit = tuple(token for token, _ in candidate)
            if unit in units:
                continue
            if count + len(unit) > MAX_TERMS:
                unit, candidate = unit[: MAX_TERMS - count], candidate[: MAX_TERMS - count]
                truncated = True
                if not unit:
                    break
            units.append(unit)
            spelled_units.append(tuple(spelling for _, spelling in candidate))
            count += len(unit)
        for (first, first_spelled), (second, second_spelled) in piece_pairs:
            pair = (first, second)
            if first != second and pair not in pairs and (second,) in units and (first,) in units:
                pairs.append(pair)
                spelled_pairs.append((first_spelled, second_spelled))
        if count >= MAX_TERMS:
            break
    return SearchQuery(
        text=text,
        units=tuple(units),
        pairs=tuple(pairs),
        truncated=truncated,
        spelled=tuple(spelled_units),
        spelled_pairs=tuple(spelled_pairs),
    )
