"""SQLite: an FTS5 table of pre-folded text per model, kept in sync from Python.

Each registered model's table ``T`` has ``T_fts`` (created by the model's
migration with ``search.operations.AddSearchIndex``): one row per model row,
``rowid`` = its id, columns title, lead and body holding the folded tokens
of ``search.document.folded_fields()``. SQLite can't fold Vietnamese itself,
so the text is folded in Python on every save (``search/signals.py``);
``rebuild_search_index`` redoes it after bulk_create or ``QuerySet.update()``,
which send no signals.

Scoring uses the same rule as PostgreSQL, read from the row's folded text
(tokens joined by single spaces, so a word or phrase is a substring between
spaces). Matching uses ``id IN (SELECT rowid ... MATCH ...)``, which SQLite
evaluates once per query into a temporary index, not once per row.
"""

from django.db import connections
from django.db.models import BooleanField, Q

from ..document import folded_fields
from .base import BODY, LEAD, TITLE, TOGETHER, Backend, RowSQL

# Python's re, through Django's REGEXP function: case-blind, Unicode-aware.
# In HTML, tags and entities stand between words too.
_GAP, _HTML_GAP = r"\W+", r"(?:<[^>]*>|&#?\w+;|\W)+"


def fts_table(table):
    return f"{table}_fts"


def _phrase(unit):
    return '"' + " ".join(unit).replace('"', '""') + '"'


def _in_match(entry, expression):
    fts = fts_table(entry.table)
    # The unary + keeps SQLite from driving the query from the (possibly huge)
    # list of matches: it walks the date index instead and stops at the LIMIT.
    sql = f'+{{t}}."id" IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)'  # noqa: S608
    return RowSQL(sql, [expression], output_field=BooleanField())


class SQLiteBackend(Backend):
    vendor = "sqlite"

    def match(self, entry, query):
        return _in_match(entry, " AND ".join(_phrase(unit) for unit in query.units))

    def match_title_all(self, entry, query):
        expression = " AND ".join(_phrase(unit) for unit in query.units)
        return _in_match(entry, f"title : ({expression})")

    def any_of(self, *subqueries):
        # SQLite can't UNION sliced selects; it answers each IN from a
        # temporary index and looks the rows up by rowid.
        condition = Q()
        for subquery in subqueries:
            condition |= Q(pk__in=subquery)
        return condition

    def score(self, entry, query):
        # Scored from the stored folded text of the row: in " dan van kheo ",
        # the word "van" is " van " and the phrase "dan van" is " dan van ".
        parts, params = [], []
        for unit in query.units:
            n = len(unit)
            parts.append(
                f"(CASE WHEN instr(' ' || title || ' ', %s) THEN {TITLE * n}"
                f" WHEN instr(' ' || lead || ' ', %s) THEN {LEAD * n} ELSE {BODY * n} END)"
            )
            params += [f" {' '.join(unit)} "] * 2
        for pair in query.pairs:
            parts.append(
                f"(CASE WHEN instr(' ' || title || ' ', %s) THEN {TOGETHER + TITLE // 2}"
                f" WHEN instr(' ' || lead || ' ', %s) THEN {TOGETHER + LEAD // 2}"
                f" WHEN instr(' ' || body || ' ', %s) THEN {TOGETHER + BODY // 2} ELSE 0 END)"
            )
            params += [f" {' '.join(pair)} "] * 3
        select = " + ".join(parts)  # constant SQL; the words are parameters
        fts = fts_table(entry.table)
        sql = f'(SELECT {select} FROM {fts} WHERE rowid = {{t}}."id")'  # noqa: S608
        marked, marked_params = self.marked_score(entry, query)
        if marked:
            sql, params = f"({sql} + {marked})", params + marked_params
        return RowSQL(sql, params)

    def spelled_in(self, entry, part, words):
        # Read from the row's own columns: the FTS table holds folded words only.
        columns = entry.columns(part)
        if not columns:
            return "", []
        alternatives = [f"(?:{'|'.join(w)})" for w in words]
        conditions, params = [], []
        for column in columns:
            gap = _HTML_GAP if column in entry.html else _GAP
            conditions.append(f'{{t}}."{column}" REGEXP %s')
            params.append(r"(?i)(?<!\w)" + gap.join(alternatives) + r"(?!\w)")
        return "(" + " OR ".join(conditions) + ")", params

    def index(self, entry, instance, using):
        fts = fts_table(entry.table)
        with connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {fts} WHERE rowid = %s", [instance.pk])  # noqa: S608
            cursor.execute(
                f"INSERT INTO {fts} (rowid, title, lead, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
                [instance.pk, *folded_fields(entry, instance)],
            )

    def remove(self, entry, pk, using):
        with connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {fts_table(entry.table)} WHERE rowid = %s", [pk])  # noqa: S608

    def rebuild(self, entry, using):
        rows = entry.model._base_manager.using(using)
        return fill_index(entry, rows, connections[using])


def fill_index(entry, rows, connection, batch_size=1000):
    """Empty ``entry``'s FTS table and index every row of ``rows`` (also used by migrations).

    ``rows`` is a queryset of the model (a historical one in a migration);
    only the registered columns are read.
    """
    fts = fts_table(entry.table)
    insert = f"INSERT INTO {fts} (rowid, title, lead, body) VALUES (%s, %s, %s, %s)"  # noqa: S608
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {fts}")  # noqa: S608
        batch = []
        values = rows.order_by().values("pk", *entry.source_columns)
        for row in values.iterator(chunk_size=batch_size):
            batch.append((row["pk"], *folded_fields(entry, row)))
            if len(batch) >= batch_size:
                cursor.executemany(insert, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(insert, batch)
            count += len(batch)
        cursor.execute(f"INSERT INTO {fts} ({fts}) VALUES ('optimize')")  # noqa: S608
    return count
