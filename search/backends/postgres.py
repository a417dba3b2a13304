"""PostgreSQL: a weighted tsvector per row, kept by a trigger (``search/sql.py``).

Each registered model's table has three columns the model doesn't declare,
filled by its ``<table>_search_update`` trigger on every insert and on
updates of the registered columns, so bulk_create, ``QuerySet.update()`` and
raw SQL keep the index right too:

- ``search_title`` and ``search_lead``: small tsvectors, used for scoring;
  a GIN index on ``search_title`` finds the title candidates;
- ``search_document``: title (A) || lead (B) || body without tags (C),
  under a GIN index, used for matching.

Text is folded by ``search_fold()``: ``unaccent`` (đ -> d, no tone marks),
lower case, anything but letters and digits becomes a space. With the
'simple' configuration (no stemming, no stop words) each lexeme is then
exactly a token of ``search.query.tokens()``, so queries are built as tsquery
literals from those tokens and cast, never parsed.
"""

from django.db import connections
from django.db.models import BooleanField, Q

from .base import BODY, LEAD, TITLE, TOGETHER, Backend, RowSQL

# Between words, and around them: anything but a letter or digit (the
# database's own notion, which is Unicode-aware with a UTF-8 ctype).
_GAP, _EDGE_START, _EDGE_END = "[^[:alnum:]]+", "(^|[^[:alnum:]])", "([^[:alnum:]]|$)"


def _lexeme(token):
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsquery(unit):
    return " <-> ".join(_lexeme(token) for token in unit)


def _condition(sql, query, joiner):
    tsquery = joiner.join(f"({_tsquery(unit)})" for unit in query.units)
    return RowSQL(sql, [tsquery], output_field=BooleanField())


class PostgresBackend(Backend):
    vendor = "postgresql"

    def match(self, entry, query):
        return _condition('{t}."search_document" @@ %s::tsquery', query, " & ")

    def match_title_all(self, entry, query):
        return _condition('{t}."search_title" @@ %s::tsquery', query, " & ")

    def any_of(self, *subqueries):
        # One IN over a UNION: PostgreSQL looks the few ids up by primary key
        # (an OR of several INs would scan the table).
        first, *others = subqueries
        return Q(pk__in=first.union(*others))

    def score(self, entry, query):
        parts, params = [], []
        for unit in query.units:
            n = len(unit)
            parts.append(
                f'(CASE WHEN {{t}}."search_title" @@ %s::tsquery THEN {TITLE * n}'
                f' WHEN {{t}}."search_lead" @@ %s::tsquery THEN {LEAD * n} ELSE {BODY * n} END)'
            )
            params += [_tsquery(unit)] * 2
        for pair in query.pairs:
            parts.append(
                f'(CASE WHEN {{t}}."search_title" @@ %s::tsquery'
                f" THEN {self.number(TOGETHER + TITLE // 2)}"
                f' WHEN {{t}}."search_lead" @@ %s::tsquery THEN {self.number(TOGETHER + LEAD // 2)}'
                f' WHEN {{t}}."search_document" @@ %s::tsquery'
                f" THEN {self.number(TOGETHER + BODY // 2)}"
                " ELSE 0 END)"
            )
            params += [_tsquery(pair)] * 3
        marked, marked_params = self.marked_score(entry, query)
        if marked:
            # Each part's text, stripped and lowered once per row for all the
            # words (OFFSET 0 keeps the planner from copying it into each).
            texts = ", ".join(
                f"lower({self._text(entry, part)}) AS {part}"
                for part in ("title", "lead", "body")
                if entry.columns(part)
            )
            parts.append(f"(SELECT {marked} FROM (SELECT {texts} OFFSET 0) AS written)")  # noqa: S608
            params += marked_params
        return RowSQL("(" + " + ".join(parts) + ")", params)

    def number(self, value):
        # An integer literal is an int4, and the tiers' sums overflow it.
        return f"{value:.0f}::float8"

    def spelled_in(self, entry, part, words):
        # Read from the row's own columns, as the editor wrote them (the
        # tsvectors hold folded words only); only candidates are scored.
        if not entry.columns(part):
            return "", []
        pattern = _EDGE_START + _GAP.join(f"(?:{'|'.join(w)})" for w in words) + _EDGE_END
        return f"(written.{part} ~ %s)", [pattern]

    def _text(self, entry, part):
        return " || ' ' || ".join(
            f"search_strip_html(coalesce({{t}}.\"{c}\"::text, ''))"
            if c in entry.html
            else f"coalesce({{t}}.\"{c}\"::text, '')"
            for c in entry.columns(part)
        )

    def rebuild(self, entry, using):
        column = connections[using].ops.quote_name(entry.title[0])
        table = connections[using].ops.quote_name(entry.table)
        with connections[using].cursor() as cursor:
            # The trigger recomputes the vectors of every updated row.
            cursor.execute(f"UPDATE {table} SET {column} = {column}")  # noqa: S608
            count = cursor.rowcount
            cursor.execute(f"ANALYZE {table}")
        return count
