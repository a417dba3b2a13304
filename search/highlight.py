"""Matched words highlighted in their original spelling, and snippets around them.

The stored text keeps its diacritics; matching happens on folded tokens. Each
word of the original text is folded on its own, so a folded match maps back
to the exact characters the editor wrote ("Thành uỷ" stays "uỷ" even when the
query was "thanh ủy"). Everything is escaped here; the only markup added is
``<mark>``.
"""

import functools
from html import escape

from django.utils.safestring import mark_safe

from core.text import fold, nfc

from .document import html_to_text
from .query import TOKEN_RE, spellings

SNIPPET_WORDS = 36
WORDS_BEFORE_MATCH = 10


@functools.lru_cache(maxsize=65536)
def _fold_word(word):
    return fold(word)


def _words(text):
    return [(m.start(), m.end(), _fold_word(m.group())) for m in TOKEN_RE.finditer(text)]


def _matches(text, words, query):
    """Indexes of the words that belong to a match of one of the query's units.

    A unit the reader typed with marks ("Dân vận") marks only the words spelled
    so ("dân", not "dẫn") when ``text`` has any; else, as for an unmarked unit,
    every folded match.
    """
    folded = [w[2] for w in words]
    marked = set()
    spelled = query.spelled or ((None,) * len(unit) for unit in query.units)
    for unit, spelling in zip(query.units, spelled, strict=False):
        n, first = len(unit), unit[0]
        found = [
            i for i, word in enumerate(folded) if word == first and tuple(folded[i : i + n]) == unit
        ]
        exact = [i for i in found if _spelled_as(text, words[i : i + n], spelling)]
        for i in exact or found:
            marked.update(range(i, i + n))
    return marked


@functools.lru_cache(maxsize=4096)
def _spellings(word):
    return frozenset(spellings(word))


def _spelled_as(text, words, spelling):
    """Whether ``words`` of ``text`` carry the marks the reader typed (None: any)."""
    return all(
        typed is None or nfc(text[start:end]).lower() in _spellings(typed)
        for (start, end, _), typed in zip(words, spelling, strict=False)
    )


def _render(text, words, marked, first=0, last=None):
    """Escaped ``text`` from word ``first`` to word ``last``, marked words in <mark>.

    Adjacent marked words share one <mark> ("<mark>Thành uỷ Lạng Sơn</mark>").
    """
    if not words:
        return escape(text)
    last = len(words) - 1 if last is None else last
    start = words[first][0] if first > 0 else 0
    end = words[last][1] if last < len(words) - 1 else len(text)
    out, pos, i = [], start, first
    while i <= last:
        if i not in marked:
            i += 1
            continue
        j = i
        while j < last and j + 1 in marked and not text[words[j][1] : words[j + 1][0]].strip():
            j += 1
        out += [escape(text[pos : words[i][0]]), "<mark>", escape(text[words[i][0] : words[j][1]])]
        out.append("</mark>")
        pos, i = words[j][1], j + 1
    out.append(escape(text[pos:end]))
    return "".join(out)


def highlight(text, query):
    """All of ``text``, escaped, with the words of ``query`` in <mark>."""
    text = nfc(text or "")
    words = _words(text)
    return mark_safe(_render(text, words, _matches(text, words, query)))  # noqa: S308


def snippet(lead, body_html, query, length=SNIPPET_WORDS):
    """About ``length`` words around the first match in the lead, else in the body.

    Without a match there (the title matched), the start of the lead or body.
    """
    return snippet_of([lead or "", html_to_text(body_html)], query, length)


def snippet_of(texts, query, length=SNIPPET_WORDS, fallback=True):
    """About ``length`` words around the first match in the first of ``texts`` that has one.

    The query's words all side by side count first, wherever they are.
    ``texts`` are plain text. Without a match in any, the start of the first
    non-empty one, or "" when not ``fallback``.
    """
    candidates = [nfc(text or "") for text in texts]
    # Where the words stand together as typed, if they do anywhere: for
    # "Hướng dẫn", the "hướng dẫn" further on, not "toàn dân ... hướng tới".
    together = [query.tokens] if len(query.tokens) > 1 else []
    for units in (together, query.units):
        for text in candidates if units else ():
            words, first = _window(text, units, length)
            if first is not None:
                return _cut(text, words, _matches(text, words, query), first, length)
    for text in candidates if fallback else ():
        if text.strip():
            words, _ = _window(text, (), length)
            return _cut(text, words, set(), 0, length)
    return ""


def _window(text, units, length):
    """Words of ``text`` up to the end of the snippet window, and where it starts.

    Reads no further than needed: a body is long, the window short.
    """
    words, first, stop = [], None, length + 1
    for match in TOKEN_RE.finditer(text):
        words.append((match.start(), match.end(), _fold_word(match.group())))
        if first is None:
            for unit in units:
                n = len(unit)
                if words[-1][2] == unit[-1] and tuple(w[2] for w in words[-n:]) == unit:
                    first = max(0, len(words) - n - WORDS_BEFORE_MATCH)
                    stop = first + length + 1
                    break
        if len(words) >= stop and (first is not None or not units):
            break
    return words, first


def _cut(text, words, marked, first, length):
    last = min(len(words), first + length) - 1
    html = _render(text, words, marked, first, last)
    if first > 0:
        html = "… " + html.lstrip()
    if last < len(words) - 1:
        html += " …"
    return mark_safe(html)  # noqa: S308
