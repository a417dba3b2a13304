"""Measuring what one public page costs."""

from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from core import memo


def count_queries(client, url):
    """SQL queries of one real render of ``url`` (page cache off, no kept
    fragments), with the site settings already cached, as in production."""
    with override_settings(PAGE_CACHE_ENABLED=False):
        cache.clear()
        memo.forget_all()
        assert client.get("/gioi-thieu/").status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
    assert len(queries) > 0, "the page was not rendered"
    return len(queries)
