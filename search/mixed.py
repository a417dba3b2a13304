"""One list of results from several registered models: the site search.

Each model is searched with its own visible queryset (``Source``); the ranked
keys of each (at most ``limit``: ``RANKED_RESULTS`` by relevance) are merged
in Python, by score then date for relevance, by date for "newest first". Only
the page shown is then read, one query per model on it. Scores are comparable
across models: every model has the same three weighted parts.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .engine import count, search
from .registry import entry_for


@dataclass(frozen=True)
class Source:
    queryset: Any  # what the reader may find of one model, already filtered

    @property
    def entry(self):
        return entry_for(self.queryset.model)


@dataclass(frozen=True)
class Hit:
    source: Source
    pk: int
    rank: float
    date: Any


def count_all(sources, query, limit):
    """Matches in every source, each counted no further than ``limit``."""
    return sum(count(source.queryset, query, limit=limit) for source in sources)


def merged(sources, query, order, limit):
    """Up to ``limit`` Hits from all ``sources``, best (or newest) first."""
    hits = []
    for source in sources:
        date_field = source.entry.date_field
        matches = search(source.queryset, query, order=order)
        if order == "date":
            rows = matches.values_list("pk", date_field)[:limit]
            hits += [Hit(source, pk, 0.0, date) for pk, date in rows]
        else:
            rows = matches.values_list("pk", date_field, "search_rank")[:limit]
            hits += [Hit(source, pk, rank or 0.0, date) for pk, date, rank in rows]
    # Newest first among equals, then a stable order of sources and keys.
    position = {source: n for n, source in enumerate(sources)}
    hits.sort(key=lambda hit: (position[hit.source], -hit.pk))
    hits.sort(key=lambda hit: _timestamp(hit.date), reverse=True)
    if order != "date":
        hits.sort(key=lambda hit: hit.rank, reverse=True)
    return hits[:limit]


def _timestamp(value):
    """A date or a datetime as seconds, so models dated either way sort together."""
    if value is None:
        return 0.0
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time.min, tzinfo=dt.UTC)
    return value.timestamp()


def load(hits):
    """The objects of ``hits`` in their order, one query per source."""
    by_source = {}
    for hit in hits:
        by_source.setdefault(hit.source, []).append(hit.pk)
    found = {
        (source, obj.pk): obj
        for source, pks in by_source.items()
        for obj in source.queryset.filter(pk__in=pks)
    }
    return [found[hit.source, hit.pk] for hit in hits if (hit.source, hit.pk) in found]
