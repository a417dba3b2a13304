"""Article search: the one interface, whatever the database.

    Article.objects.published().search("dân vận lạng sơn")            # by relevance
    Article.objects.published().search("dan van", order="date")      # newest first

Matching ignores case, diacritics and tone-mark placement, and đ equals d
(folding from ``news.text.fold``). Every word must match, in any order; a
"quoted phrase" must match as written. Ranking: title hits before lead hits
before body hits, more words in better fields first, then the newest. The
backend (``backends/postgres.py``: tsvector + GIN; ``backends/sqlite.py``:
FTS5) is picked from the queryset's database; callers never see it.

``search()`` filters the queryset it is given and nothing else: the caller
decides what is visible (``published()`` for the public, everything for the
admin). The index therefore holds every article, drafts and scheduled ones
too, and follows saves and deletes (``receivers.py``).
"""

from .backends import backend_for
from .backends.base import RANKED_RESULTS
from .highlight import highlight, snippet
from .query import MAX_QUERY_LENGTH, MAX_TERMS, SearchQuery, parse_query, tokens
from .suggest import suggest

__all__ = [
    "MAX_QUERY_LENGTH",
    "MAX_TERMS",
    "RANKED_RESULTS",
    "SearchQuery",
    "count",
    "highlight",
    "parse_query",
    "rebuild_index",
    "search",
    "snippet",
    "suggest",
    "tokens",
]

ORDERS = ("relevance", "date")


def search(queryset, query, order="relevance"):
    """``queryset`` narrowed to the articles matching ``query`` (text or SearchQuery).

    An empty or unusable query (only spaces, punctuation, emoji...) matches
    nothing and runs no SQL. With ``order="date"``: every match, newest first.
    Otherwise the best ranked first, annotated with ``search_rank``; beyond
    ``RANKED_RESULTS`` matches only the best candidates are ranked (see
    ``backends/base.py``), so count matches with :func:`count`.
    """
    query = parse_query(query)
    if not query:
        return queryset.none()
    return backend_for(queryset.db).apply(queryset, query, order)


def count(queryset, query, limit=None):
    """How many articles of ``queryset`` match ``query``, counting no further than ``limit``."""
    matches = search(queryset, query, order="date").order_by().values("pk")
    return matches[:limit].count() if limit else matches.count()


def rebuild_index(using="default"):
    """Rebuild the search index of every article; return how many were indexed."""
    from .suggest import forget_vocabulary

    count = backend_for(using).rebuild(using)
    forget_vocabulary()
    return count
