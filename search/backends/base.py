"""What every backend does, and the ranking rule they share.

Every registered model (``search.registry``) has the same three parts in its
index, "title", "lead" and "body"; "article" below stands for a row of any of
them, and its date is the one the model registered (``date_field``).

Score of an article for a query: each unit (word or quoted phrase) adds, per
word, the weight of the best field that contains it: title 200, lead 20,
body 2. Each pair of adjacent bare words found side by side in the title or
lead (a Vietnamese word is often two syllables: "dân vận") adds half that
field's weight. Equal scores fall back to the newest first. The weights are
far apart on purpose, so a title hit outranks lead hits, which outrank body
hits.

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

TITLE, LEAD, BODY = 200, 20, 2
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

    def index(self, entry, instance, using):
        """Bring the index row of ``instance`` up to date (after a save)."""

    def remove(self, entry, pk, using):
        """Forget the row ``pk`` (after a delete)."""

    def rebuild(self, entry, using):
        """Rebuild the index of ``entry``'s model; return the number of rows indexed."""
        raise NotImplementedError
