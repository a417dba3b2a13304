"""Pagination whose total is counted once per content version.

``COUNT(*)`` over a large category costs tens of milliseconds at 100,000
articles; the total only changes with the content, so it is cached under the
page cache's content version (``news.pagecache``), which every change bumps.
"""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from . import pagecache


class CachedCountPaginator(Paginator):
    def __init__(self, *args, count_key, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        key = f"count:{pagecache.current_version()}:{self.count_key}"
        total = cache.get(key)
        if total is None:
            total = super().count
            cache.set(key, total, 3600)
        return total


class CachedCountMixin:
    """For ListViews: count the pages of ``request.path`` once per content version."""

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kw):
        return CachedCountPaginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            count_key=self.request.path,
            **kw,
        )
