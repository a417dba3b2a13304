"""“Bạn có muốn tìm …”: a corrected query when nothing matched.

The vocabulary is the words of the title and lead parts of the latest rows
the public may find, for every registered model (folded word -> how often,
most common original spelling), cached for an hour. An unknown word is replaced, in this order, by:

1. the word typed with Telex or VNI keys but without the Vietnamese keyboard
   ("thanhf uyr", "ddaang", "tha2nh") read back as letters;
2. two known words it was typed as, without the space ("langson");
3. the most frequent known word one edit away (two for long words).

A suggestion is offered only when it finds something the reader may see, so
it never reveals words of drafts or sends the reader to another empty page.
"""

import re
import string
from collections import Counter

from django.core.cache import cache

from .engine import search
from .highlight import _fold_word
from .query import TOKEN_RE, parse_query
from .registry import registered

CACHE_KEY = "search:vocabulary"
CACHE_SECONDS = 3600
VOCABULARY_ROWS = 5000  # per model, newest first
_ALPHABET = string.ascii_lowercase + string.digits

_VNI_RE = re.compile(r"(?<=[a-z])[1-9]")
_VOWEL_RE = re.compile(r"[aeiouy]")


def vocabulary():
    """{folded word: (count, display form)} from recent published articles."""
    words = cache.get(CACHE_KEY)
    if words is None:
        words = _build_vocabulary()
        cache.set(CACHE_KEY, words, CACHE_SECONDS)
    return words


def _build_vocabulary():
    counts, forms = Counter(), {}
    for entry in registered():
        rows = (
            entry.visible()
            .order_by(f"-{entry.date_field}")
            .values(*dict.fromkeys(entry.title + entry.lead))[:VOCABULARY_ROWS]
        )
        for row in rows:
            text = f"{entry.text_of(row, 'title')} {entry.text_of(row, 'lead')}"
            for word in TOKEN_RE.findall(text):
                folded = _fold_word(word)
                counts[folded] += 1
                forms.setdefault(folded, Counter())[word.lower()] += 1
    return {w: (n, forms[w].most_common(1)[0][0]) for w, n in counts.items()}


def forget_vocabulary():
    cache.delete(CACHE_KEY)


def _untelex(token):
    """'thanhf' -> 'thanh', 'ddaangr' -> 'dang', 'tha2nh' -> 'thanh' (folded letters).

    Telex writes đ as "dd", â ê ô as doubled vowels, ă ơ ư with "w", and tones
    with s f r x j. No Vietnamese syllable has one of s f r x j after its first
    vowel, so there they can only be tone keys.
    """
    token = _VNI_RE.sub("", token).replace("dd", "d")
    token = re.sub(r"([aeo])\1", r"\1", token)
    token = re.sub(r"(?<=[aou])w", "", token)
    vowel = _VOWEL_RE.search(token)
    if vowel:
        token = token[: vowel.start()] + re.sub(r"[sfrxj]", "", token[vowel.start() :])
    return token


def _edits1(word):
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return {
        *(a + b[1:] for a, b in splits if b),
        *(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1),
        *(a + c + b[1:] for a, b in splits if b for c in _ALPHABET),
        *(a + c + b for a, b in splits for c in _ALPHABET),
    }


def _best(candidates, words):
    known = [w for w in candidates if w in words]
    return max(known, key=lambda w: (words[w][0], w)) if known else None


def _correct(token, words):
    """Replacement words for an unknown ``token``, or None."""
    untelexed = _untelex(token)
    if untelexed != token and untelexed in words:
        return [untelexed]
    splits = [
        (token[:i], token[i:])
        for i in range(1, len(token))
        if token[:i] in words and token[i:] in words
    ]
    if splits:
        return list(max(splits, key=lambda s: min(words[s[0]][0], words[s[1]][0])))
    edits = _edits1(token)
    best = _best(edits, words)
    if best is None and len(token) >= 6:
        best = _best({e2 for e1 in edits for e2 in _edits1(e1)}, words)
    return [best] if best else None


def suggest(query, querysets):
    """A query string to offer instead of ``query``, or None.

    ``querysets`` (one, or a list) hold what the reader may find.
    """
    if not isinstance(querysets, list | tuple):
        querysets = [querysets]

    query = parse_query(query)
    if not query:
        return None
    words = vocabulary()
    changed, units = False, []
    for unit in query.units:
        new_unit = []
        for token in unit:
            replacement = None if token in words or token.isdigit() else _correct(token, words)
            changed = changed or replacement is not None
            new_unit += replacement or [token]
        units.append(new_unit)
    if not changed:
        return None

    def display(token):
        return words[token][1] if token in words else token

    text = " ".join(
        f'"{" ".join(map(display, unit))}"' if len(old) > 1 else " ".join(map(display, unit))
        for unit, old in zip(units, query.units, strict=True)
    )
    suggestion = parse_query(text)
    if not suggestion or not any(search(qs, suggestion).exists() for qs in querysets):
        return None
    return text
