"""Numbers typed into URLs: one parser for the query string and the path.

``str.isdigit()`` and ``int()`` accept far more than ASCII digits: "²" and "①"
are digits to ``isdigit()`` but ``int()`` refuses them (a 500 on every cached
page once), while ``int()`` reads "１２" (full-width), "٣" (Arabic-Indic),
" 1", "+1" and "1_000". A page number or an id is 1 to ``MAX_DIGITS`` ASCII
digits and nothing else; everything else is "not a number".
"""

import re

MAX_DIGITS = 9  # page 999,999,999 is far past any archive; ids have their own converter
_DIGITS = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")


def parse_int(value):
    """``value`` as an int if it is 1–9 ASCII digits (leading zeros allowed), else None."""
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        return int(value)
    return None


def parse_page(value):
    """A page number from the query string: absent or empty is page 1, junk is None.

    Page 0 is returned as 0: it is a number, and the paginator says it is out of range.
    """
    if value is None or value == "":
        return 1
    return parse_int(value)


class IdConverter:
    """``<id:pk>`` in URL patterns: a database id of at most 18 digits.

    Django's ``int`` converter takes any number of digits; a 400-digit id would
    reach the database (where it is out of range for a bigint) for nothing.
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(int(value))
