"""What every backend does, and the ranking rule they share.

Every registered model (``search.registry``) has the same three parts in its
index, "title", "lead" and "body"; "article" below stands for a row of any of
them, and its date is the one the model registered (``date_field``).

Score of an article for a query: each unit (word or quoted phrase) adds, per
word, the weight of the best field that contains it: title 200, lead 20,
body 2. Each pair of adjacent bare words found side by side (a Vietnamese
word is often two syllables: "dân vận") adds half the weight of the best
field that has them so, on top of ``TOGETHER`` (below). Equal scores fall
back to the newest first. The weights are far apart on purpose, so a title
hit outranks lead hits, which outrank body hits.

Marks the reader typed count first. A unit (or pair) with a word typed
with marks ("Dân vận", not "dan van") is *written* in a field that has it
with exactly those marks (either tone placement, "hoà" or "hòa"; a word
typed bare matches any of its spellings). Each written unit or pair adds
``PRESENT``, so the pages that have more of the query as typed come first,
whatever their fields: "dân vận" in a body outranks "Hướng dẫn ... văn" in
a title, and "dân vận" outranks "dân ... vận". Next, each pair of bare words
side by side anywhere adds ``TOGETHER``: words standing together outrank the
same words scattered, with or without marks. Only then the field weights
count, each written unit (and pair) ``MARKED`` times its best field's
weight. A query typed without marks is ranked by the folded words alone.

Scoring reads the title and lead of each row it ranks, so only *candidates*
are ranked (``Backend.apply``): every match when there are at most
``RANKED_RESULTS``; otherwise the newest ``RANKED_RESULTS`` matches plus the
newest ``TITLE_CANDIDATES`` with every word in the title (so an older article
about exactly this still comes first). "Đảng bộ" matches most of 100,000
articles: ranking all of them took half a second, ranking the candidates
takes milliseconds. Past ``RANKED_RESULTS`` results, readers sort by date,
which lists every match.
"""

from django.db.models import F, FloatField
from django.db.models.expressions import Expression

from core.text import fold

from ..query import spellings

TITLE, LEAD, BODY = 200, 20, 2
# Tiers, each above the most the ones below can add up to: field weights
# (folded, at most 3,500 for 12 title words and 11 pairs; MARKED times those,
# at most 7,000,000), then TOGETHER per pair (at most 11), then PRESENT.
MARKED = 2000
TOGETHER = 10**7
PRESENT = 10**9
# A relevance-ordered search holds at least min(matches, RANKED_RESULTS) rows.
RANKED_RESULTS = 200
TITLE_CANDIDATES = 100


class RowSQL(Expression):
    """Raw SQL about the current row.

    ``{t}`` in ``sql`` stands for the model table's alias, taken from the
    compiled primary key column, so the SQL stays right when the queryset is
    used as a subquery (the admin does ``pk__in=...search(q)``) and Django
    renames its tables.
    """

    def __init__(self, sql, params=(), output_field=None):
        super().__init__(output_field=output_field or FloatField())
        self.sql = sql
        self.params = list(params)
        self.pk = F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        clone = self.copy()
        clone.is_summary = summarize
        clone.pk = self.pk.resolve_expression(query, allow_joins, reuse, summarize, for_save)
        return clone

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(self.pk.alias)
        return self.sql.replace("{t}", alias), list(self.params)


class Backend:
    vendor = ""

    def apply(self, entry, queryset, query, order):
        """``queryset`` (of ``entry.model``) narrowed to ``query``, a non-empty SearchQuery."""
        newest_first = (f"-{entry.date_field}", "-pk")
        matching = queryset.filter(self.match(entry, query))
        if order == "date":
            return matching.order_by(*newest_first)

        def newest(candidates, count):
            return candidates.order_by(*newest_first).values("pk")[:count]

        # Every word in the title implies a match, so the title candidates
        # never read the large document column.
        ranked = queryset.filter(
            self.any_of(
                newest(matching, RANKED_RESULTS),
                newest(queryset.filter(self.match_title_all(entry, query)), TITLE_CANDIDATES),
            )
        )
        return ranked.annotate(search_rank=self.score(entry, query)).order_by(
            "-search_rank", *newest_first
        )

    def match(self, entry, query):
        """Every unit somewhere in the row."""
        raise NotImplementedError

    def match_title_all(self, entry, query):
        """Every unit in the title part."""
        raise NotImplementedError

    def any_of(self, *subqueries):
        """A filter: the pk is in one of ``subqueries`` (sliced ``values("pk")`` querysets)."""
        raise NotImplementedError

    def score(self, entry, query):
        raise NotImplementedError

    def marked_score(self, entry, query):
        """(SQL, params) of the marked part of the score; ("", []) for a bare query."""
        terms = [
            (words, len(unit), PRESENT)
            for unit, spelling in zip(query.units, query.spelled, strict=False)
            if any(spelling)
            for words in [written(unit, spelling)]
        ]
        terms += [
            (written(pair, spelling), 0.5, PRESENT)
            for pair, spelling in zip(query.pairs, query.spelled_pairs, strict=False)
            if any(spelling)
        ]
        parts, params = [], []
        for words, n, present in terms:
            cases = []
            for part, weight in (("title", TITLE), ("lead", LEAD), ("body", BODY)):
                sql, part_params = self.spelled_in(entry, part, words)
                if sql:
                    cases.append(f"WHEN {sql} THEN {self.number(present + MARKED * weight * n)}")
                    params += part_params
            if cases:
                parts.append(f"(CASE {' '.join(cases)} ELSE 0 END)")
        return " + ".join(parts), params

    def number(self, value):
        """``value`` as an SQL literal that may exceed 32 bits."""
        return f"{value:.0f}"

    def spelled_in(self, entry, part, words):
        """(SQL, params): ``part`` of the row has ``words`` side by side, as written.

        ``words`` come from :func:`written`: per word, the lower-case letters
        each of its characters may be. ("", []) when ``part`` has no column.
        """
        raise NotImplementedError

    def index(self, entry, instance, using):
        """Bring the index row of ``instance`` up to date (after a save)."""

    def remove(self, entry, pk, using):
        """Forget the row ``pk`` (after a delete)."""

    def rebuild(self, entry, using):
        """Rebuild the index of ``entry``'s model; return the number of rows indexed."""
        raise NotImplementedError


def _letters_folding_to():
    found = {}
    for code in list(range(0x61, 0x7B)) + list(range(0xC0, 0x250)) + list(range(0x1EA0, 0x1F00)):
        letter = chr(code).lower()
        folded = fold(letter)
        if len(folded) == 1 and "a" <= folded <= "z":
            found.setdefault(folded, set()).add(letter)
    return {key: "".join(sorted(letters)) for key, letters in found.items()}


# "a" -> "aàáảãạăằắ...": every lower-case letter that folds to a, for words typed bare.
FOLDS_TO = _letters_folding_to()


def written(tokens, spelling):
    """Per token, the spellings that count as written: alternatives, or letter classes.

    A token typed with marks: its spellings (``query.spellings``), e.g.
    ("hoà", "hòa"). A token typed bare: one string of bracket classes, e.g.
    "v[aàá…]n", which any spelling of it matches, and nothing else.
    """
    words = []
    for token, spelled in zip(tokens, spelling, strict=False):
        if spelled:
            words.append(spellings(spelled))
        else:
            words.append(("".join(f"[{FOLDS_TO[ch]}]" if ch in FOLDS_TO else ch for ch in token),))
    return words
