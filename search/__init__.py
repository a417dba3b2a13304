"""Search: one interface, whatever the database, for every registered model.

    Article.objects.published().search("dân vận lạng sơn")            # by relevance
    Article.objects.published().search("dan van", order="date")      # newest first
    search.search(queryset, "15 nq tu")                                # any registered model

Matching ignores case, diacritics and tone-mark placement, and đ equals d
(folding from ``core.text.fold``). Every word must match, in any order; a
"quoted phrase" must match as written. Ranking: title hits before lead hits
before body hits, more words in better parts first, then the newest. The
backend (``backends/postgres.py``: tsvector + GIN; ``backends/sqlite.py``:
FTS5) is picked from the queryset's database; callers never see it.

Models take part by registering (``registry.register``); the engine imports
none of them. ``search()`` filters the queryset it is given and nothing else:
the caller decides what is visible (``published()`` for the public,
everything for the admin). The index therefore holds every row, drafts and
scheduled ones too, and follows saves and deletes (``signals.py``).
"""

from .backends import backend_for
from .backends.base import RANKED_RESULTS
from .engine import ORDERS, count, search
from .highlight import highlight, snippet, snippet_of
from .query import MAX_QUERY_LENGTH, MAX_TERMS, SearchQuery, parse_query, tokens
from .registry import entry_for, register, registered
from .suggest import forget_vocabulary, suggest

__all__ = [
    "MAX_QUERY_LENGTH",
    "ORDERS",
    "MAX_TERMS",
    "RANKED_RESULTS",
    "SearchQuery",
    "SearchQuerySetMixin",
    "count",
    "entry_for",
    "highlight",
    "parse_query",
    "rebuild_index",
    "register",
    "registered",
    "search",
    "snippet",
    "snippet_of",
    "suggest",
    "tokens",
]


def rebuild_index(using="default"):
    """Rebuild the index of every registered model: {model's plural name: rows indexed}."""
    backend = backend_for(using)
    counts = {
        str(entry.model._meta.verbose_name_plural): backend.rebuild(entry, using)
        for entry in registered()
    }
    forget_vocabulary()
    return counts


class SearchQuerySetMixin:
    """``.search(q, order)`` on a registered model's QuerySet."""

    def search(self, query, order="relevance"):
        return search(self, query, order=order)
