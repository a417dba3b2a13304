"""SQLite: an FTS5 table of pre-folded text, kept in sync from Python.

``news_article_fts`` (created by migration 0003_search) has one row per
article, ``rowid`` = article id, with the columns title, lead and body holding
the folded tokens of ``news.search.document.folded_fields()``. SQLite can't
fold Vietnamese itself, so the text is folded in Python on every save
(``news.search.receivers``); ``rebuild_search_index`` redoes it after
bulk_create or ``QuerySet.update()``, which send no signals.

Scoring uses the same rule as PostgreSQL, read from the row's folded text
(tokens joined by single spaces, so a word or phrase is a substring between
spaces). Matching uses ``id IN (SELECT rowid ... MATCH ...)``, which SQLite
evaluates once per query into a temporary index, not once per row.
"""

from django.db import connections
from django.db.models import BooleanField, Q

from ..document import folded_fields
from .base import BODY, LEAD, TITLE, Backend, RowSQL

_DELETE = "DELETE FROM news_article_fts WHERE rowid = %s"
_INSERT = "INSERT INTO news_article_fts (rowid, title, lead, body) VALUES (%s, %s, %s, %s)"
# The unary + keeps SQLite from driving the query from the (possibly huge) list
# of matches: it walks the published_at index instead and stops at the LIMIT.
_IN_MATCH = '+{t}."id" IN (SELECT rowid FROM news_article_fts WHERE news_article_fts MATCH %s)'


def _phrase(unit):
    return '"' + " ".join(unit).replace('"', '""') + '"'


class SQLiteBackend(Backend):
    vendor = "sqlite"

    def match(self, query):
        expression = " AND ".join(_phrase(unit) for unit in query.units)
        return RowSQL(_IN_MATCH, [expression], output_field=BooleanField())

    def match_title_all(self, query):
        expression = " AND ".join(_phrase(unit) for unit in query.units)
        return RowSQL(_IN_MATCH, [f"title : ({expression})"], output_field=BooleanField())

    def any_of(self, *subqueries):
        # SQLite can't UNION sliced selects; it answers each IN from a
        # temporary index and looks the rows up by rowid.
        condition = Q()
        for subquery in subqueries:
            condition |= Q(pk__in=subquery)
        return condition

    def score(self, query):
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
                f"(CASE WHEN instr(' ' || title || ' ', %s) THEN {TITLE // 2}"
                f" WHEN instr(' ' || lead || ' ', %s) THEN {LEAD // 2} ELSE 0 END)"
            )
            params += [f" {' '.join(pair)} "] * 2
        select = " + ".join(parts)  # constant SQL; the words are parameters
        sql = f'(SELECT {select} FROM news_article_fts WHERE rowid = {{t}}."id")'  # noqa: S608
        return RowSQL(sql, params)

    def index(self, article, using):
        row = folded_fields(article.title, article.lead, article.body)
        with connections[using].cursor() as cursor:
            cursor.execute(_DELETE, [article.pk])
            cursor.execute(_INSERT, [article.pk, *row])

    def remove(self, pk, using):
        with connections[using].cursor() as cursor:
            cursor.execute(_DELETE, [pk])

    def rebuild(self, using):
        from ...models import Article

        return fill_index(Article.objects.using(using), connections[using])


def fill_index(articles, connection, batch_size=1000):
    """Empty the FTS table and index every article of ``articles`` (also used by the migration)."""
    count = 0
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM news_article_fts")
        batch = []
        rows = articles.order_by().values_list("pk", "title", "lead", "body")
        for pk, title, lead, body in rows.iterator(chunk_size=batch_size):
            batch.append((pk, *folded_fields(title, lead, body)))
            if len(batch) >= batch_size:
                count += _insert(cursor, batch)
                batch = []
        count += _insert(cursor, batch)
        cursor.execute("INSERT INTO news_article_fts (news_article_fts) VALUES ('optimize')")
    return count


def _insert(cursor, batch):
    if batch:
        cursor.executemany(_INSERT, batch)
    return len(batch)
