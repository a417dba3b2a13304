"""Narrowing a queryset to a query, and counting matches (see the package docstring)."""

from .backends import backend_for
from .query import parse_query
from .registry import entry_for

ORDERS = ("relevance", "date")


def search(queryset, query, order="relevance"):
    """``queryset`` narrowed to the rows matching ``query`` (text or SearchQuery).

    An empty or unusable query (only spaces, punctuation, emoji...) matches
    nothing and runs no SQL. With ``order="date"``: every match, newest first.
    Otherwise the best ranked first, annotated with ``search_rank``; beyond
    ``RANKED_RESULTS`` matches only the best candidates are ranked (see
    ``backends/base.py``), so count matches with :func:`count`.
    """
    query = parse_query(query)
    if not query:
        return queryset.none()
    entry = entry_for(queryset.model)
    return backend_for(queryset.db).apply(entry, queryset, query, order)


def count(queryset, query, limit=None):
    """How many rows of ``queryset`` match ``query``, counting no further than ``limit``."""
    matches = search(queryset, query, order="date").order_by().values("pk")
    return matches[:limit].count() if limit else matches.count()
