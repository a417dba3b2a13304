"""The number and symbol of a Party or state document ("số và ký hiệu").

Party documents: ``15-NQ/TU``, ``08-QĐi/TW``, ``05-HD/VPTW`` (number, a hyphen,
the type's abbreviation, a slash, the issuing body's). State documents:
``959/QĐ-UBND`` or ``40/2024/QĐ-UBND``. People type them every which way:
"15 nq tu", "Số 15-NQ/TU", "05-QĐ/TU" for "5-QD/TU". ``key()`` reduces any of
those to one form for lookup: upper case, Đ as D, no "Số", no spaces or
punctuation, no leading zeros.

The type is never derived from the symbol: "Quy định" is both QĐ and QĐi.
"""

import re
import unicodedata
from dataclasses import dataclass

from core.text import strip_diacritics

_SO = r"(?:s[oố]\s*:?\s*)?"
PARTY = re.compile(
    rf"^{_SO}(?P<number>\d{{1,4}})\s*-\s*(?P<kind>[A-Za-zĐđ]{{1,8}})\s*/\s*(?P<issuer>[A-Za-zĐđ][A-Za-zĐđ0-9-]{{0,20}})$",
    re.IGNORECASE,
)
STATE = re.compile(
    rf"^{_SO}(?P<number>\d{{1,5}})\s*/\s*(?:(?P<year>\d{{4}})\s*/\s*)?(?P<kind>[A-Za-zĐđ]{{1,8}})\s*-\s*(?P<issuer>[A-Za-zĐđ0-9][A-Za-zĐđ0-9-]{{0,20}})$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberSymbol:
    number: str  # as printed, leading zeros kept ("05")
    symbol: str  # "NQ/TU", "QĐ-UBND", "2024/QĐ-UBND"
    kind: str  # the type's abbreviation as printed ("QĐi")
    printed: str  # "15-NQ/TU"

    @property
    def key(self):
        return key(self.printed)


def _clean(text):
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def parse(text):
    """A NumberSymbol for ``text``, or None if it is no document number we know."""
    text = _clean(text)
    match = PARTY.match(text)
    if match:
        kind, issuer = match["kind"], match["issuer"].upper()
        number = match["number"]
        return NumberSymbol(number, f"{kind}/{issuer}", kind, f"{number}-{kind}/{issuer}")
    match = STATE.match(text)
    if match:
        kind, issuer, number = match["kind"], match["issuer"].upper(), match["number"]
        year = f"{match['year']}/" if match["year"] else ""
        symbol = f"{year}{kind}-{issuer}"
        return NumberSymbol(number, symbol, kind, f"{number}/{symbol}")
    return None


def key(text):
    """'Số 05-QĐ/TU', '5 qd tu', '05-qđ/tu' -> '5QDTU'; '' for text with no digits."""
    text = strip_diacritics(_clean(text)).upper()
    text = re.sub(r"^SO\s*:?\s*", "", text)
    parts = re.findall(r"[A-Z0-9]+", text)
    if not parts or not any(ch.isdigit() for ch in "".join(parts)):
        return ""
    return "".join(p.lstrip("0") or "0" if p.isdigit() else p for p in parts)


def variants(printed):
    """Spellings of a number-symbol for the search index: as printed, and the
    number without its leading zeros ("05-QĐ/TU 5-QĐ/TU"), so that either typed
    finds it."""
    parsed = parse(printed)
    if parsed is None:
        return printed or ""
    bare = parsed.number.lstrip("0") or "0"
    spellings = [parsed.printed]
    if bare != parsed.number:
        spellings.append(parsed.printed.replace(parsed.number, bare, 1))
    return " ".join(spellings)
