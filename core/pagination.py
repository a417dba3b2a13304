"""Pagination for the public lists: deep pages by key, totals counted once.

Two costs grow with the archive (100,000 articles):

* ``OFFSET n`` makes the database build, sort and throw away n full rows: page
  2,000 of a category (OFFSET 19,990) took ~110 ms of SQL on PostgreSQL
  against under 1 ms for page 1. ``DeferredJoinPaginator`` walks past them
  with the primary keys alone (an index-only scan over
  ``article_cat_public_idx`` for a category, ~8 ms) and reads full rows only
  for the page's own keys. The home page and the archives page with it too:
  no index-only scan there, but only narrow rows are skipped.
* ``COUNT(*)`` over a large category costs milliseconds to tens of them; the
  total only changes with the content, so ``CachedCountPaginator`` caches it
  under the page cache's content version (``core.versioning``), which every
  change bumps.
"""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from . import versioning
from .numbers import parse_page


class DeferredJoinPaginator(Paginator):
    """Fetch a deep page of a QuerySet as
    ``WHERE pk IN (SELECT pk ... ORDER BY ... LIMIT/OFFSET)``.

    Still one SQL query per page, so pages run the same number of queries at
    any depth, and it returns what plain OFFSET returns: the subquery has the
    list's own filters and ordering (which must end with the pk, as
    ``for_listing()`` does, to be deterministic on ties), and the outer query
    sorts the page's rows the same way. Needs a database that takes LIMIT in
    an IN subquery (PostgreSQL and SQLite do; MySQL does not).
    """

    # Up to this offset plain OFFSET is cheaper: the extra subquery costs
    # ~1 ms to build and plan, and skipping a few hundred rows costs less (on
    # PostgreSQL at 100,000 articles the two meet between 200 and 500). The
    # first pages, the most read, keep the simpler query.
    deferred_from = 200

    def page(self, number):
        # As Paginator.page, with the page's rows from page_rows().
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.page_rows(bottom, top), number, self)

    def page_rows(self, bottom, top):
        if bottom < self.deferred_from:
            return self.object_list[bottom:top]
        keys = self.object_list.values("pk")[bottom:top]
        return self.object_list.filter(pk__in=keys)


class CachedCountPaginator(DeferredJoinPaginator):
    def __init__(self, *args, count_key, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        digest = hashlib.sha256(self.count_key.encode()).hexdigest()[:32]
        key = f"count:{versioning.current_version()}:{digest}"
        total = cache.get(key)
        if total is None:
            total = super().count
            cache.set(key, total, 3600)
        return total


class CachedCountMixin:
    """For ListViews: count the pages of ``request.path`` once per content version.

    The page number is read by ``core.numbers.parse_page``, as the page cache
    reads it for its key: "²", "１２" or "1.0" are not page numbers (404);
    Django's "last" still names the last page.
    """

    def paginate_queryset(self, queryset, page_size):
        value = self.request.GET.get(self.page_kwarg)
        if value != "last" and parse_page(value) is None:
            raise Http404(_("Số trang không hợp lệ."))
        return super().paginate_queryset(queryset, page_size)

    def count_key(self):
        """What the total depends on: the path, and a filtered list's filters."""
        params = getattr(self, "cache_varies_on", ())
        filters = "&".join(f"{k}={self.request.GET.get(k, '')[:200]}" for k in params)
        return f"{self.request.path}?{filters}" if filters else self.request.path

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kw):
        return CachedCountPaginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            count_key=self.count_key(),
            **kw,
        )
