"""Whole-page caching for anonymous readers.

Pages are stored in the default cache (Redis, or a file cache that every worker
process shares) under a key made of the path, the query parameters the page
really uses, and the *content version* (``core.versioning``): any change to
public content moves it, so every worker serves fresh pages from the next
request on, and scheduled content appears on time without a cron job.

What is never cached comes from the URL configuration
(``core.urlspace.uncached_prefixes``): the admin, static files, media and the
views that say ``page_cache = False``.

Every page is also kept under a version-less "last good" key for a day, served
when the database is unreachable (``offline_response()``, which handler500
answers with for every view and middleware that hit an outage).

Each worker also keeps its hottest pages in memory, keyed by the same version,
so a hot page costs no cache round trip at all.
"""

import hashlib
import logging
import re
from importlib import import_module

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from core import versioning
from core.memo import LRU
from core.numbers import parse_page
from core.urlspace import admin_prefix, uncached_prefixes, varying_params

logger = logging.getLogger(__name__)

# Query parameters that change what a public page shows (list pages, and the
# sitemap's "p"); all others (utm_*, fbclid, random cache-busters) are ignored
# so they cannot fill the cache. Their values are read by the one number
# parser the views use too (core.numbers), so key and page always agree.
VARYING_PARAMS = ("page", "p")
MAX_FILTER_LENGTH = 200
_SESSION_KEY = re.compile(r"[a-z0-9]{32}")
# A database outage, as Django reports it whatever the backend: the server is
# down or restarting (psycopg's AdminShutdown, "server closed the connection"),
# the pool found no live connection in time (PoolTimeout), a connection is
# already closed. OperationalError also covers a statement timeout or a
# deadlock: "try again later" too. DataError, IntegrityError and
# ProgrammingError are bugs in the code, and stay 500s.
OUTAGE_ERRORS = (OperationalError, InterfaceError)


_pages = LRU(200)
versioning.on_new_version(_pages.clear)
MAX_LOCAL_BYTES = 128 * 1024


def _local_set(key, payload):
    if len(payload[1]) <= MAX_LOCAL_BYTES:
        _pages.put(key, payload)


def _cache_key(request, version=None):
    params = []
    for name in varying_params(request.path):
        # A filtered list's own filters (documents by type, issuer, words ...),
        # bounded in length: the view reads no more of them either.
        value = request.GET.get(name)
        if value:
            params.append(f"{name}={value[:MAX_FILTER_LENGTH]}")
    for name in VARYING_PARAMS:
        value = request.GET.get(name)
        if value is not None:
            number = parse_page(value)
            if value == "last":  # Django's paginated views take it
                params.append(f"{name}=last")
            elif number is None:
                # Every non-number is one key: list pages answer it with a 404
                # (not stored), other pages ignore the parameter.
                params.append(f"{name}=?")
            elif number != 1:  # ?page=1 is the first page
                params.append(f"{name}={number}")
    # Pages carry absolute addresses (canonical link, feeds, sitemaps). With a
    # canonical site address set they come from it (core.http), so the host
    # the request named doesn't matter; without one, each (validated) host
    # gets its own copies, so no Host header can change other readers' pages.
    site = "" if settings.PORTAL_SITE_URL else f"{request.scheme}://{request.get_host()}"
    raw = f"{site}{request.path}?{'&'.join(params)}"  # hashed: any text is a key
    digest = hashlib.sha256(raw.encode()).hexdigest()
    prefix = f"page:{version}" if version is not None else "page:last-good"
    return f"{prefix}:{digest}"


def _is_staff_session(request, look_up=True):
    """True if the request carries a session cookie of a logged-in user.

    Only staff log in, and their pages must be fresh; but a made-up cookie
    must not buy anyone an uncached page (about 30 times the work of a cached
    one). So the session is looked up: one indexed read (none for a value that
    can't be a session key), against a full render for a bypass. With
    ``look_up=False`` (the database is down) any well-formed cookie counts.
    """
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key or not _SESSION_KEY.fullmatch(key):
        return False
    if not look_up:
        return True
    store = import_module(settings.SESSION_ENGINE).SessionStore(key)
    return "_auth_user_id" in store.load()


def _cacheable_request(request, look_up_session=True):
    return (
        getattr(settings, "PAGE_CACHE_ENABLED", True)
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(uncached_prefixes())
        and not _is_staff_session(request, look_up_session)
    )


class PageCacheMiddleware:
    """Serve and store whole public pages for anonymous readers."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.max_age = getattr(settings, "PAGE_CACHE_MAX_AGE", 60)
        self.timeout = getattr(settings, "PAGE_CACHE_TIMEOUT", 600)

    def __call__(self, request):
        if not _cacheable_request(request):
            response = self.get_response(request)
            if (
                request.path.startswith(admin_prefix())
                or getattr(request, "user", None)
                and (request.user.is_authenticated)
            ):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        try:
            version = versioning.current_version()
        except OUTAGE_ERRORS:
            # Our own read (a version bump looks up the next scheduled article):
            # answer here rather than let handler500 log it as a failed request.
            logger.error("Database unavailable while serving %s", request.path)
            return offline_response(request)
        key = _cache_key(request, version)
        cached = _pages.get(key)
        if cached is None:
            cached = cache.get(key)
            if cached is not None:
                _local_set(key, cached)
        if cached is not None:
            return _from_cache(cached)
        # Django turns any exception below into a response before it gets here;
        # an outage becomes offline_response() in handler500 (public.views.server_error).
        response = self.get_response(request)
        if self._storable(response):
            self._store(request, key, response)
        return response

    def _storable(self, response):
        return (
            response.status_code == 200
            # A copy (a stale one, during an outage) must not become the new version.
            and not response.has_header("X-Cache")
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

    def _store(self, request, key, response):
        response.content  # noqa: B018 - render lazy responses before pickling
        if not response.has_header("ETag"):
            response["ETag"] = (
                f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
            )
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date()
        patch_cache_control(response, public=True, max_age=self.max_age, s_maxage=self.max_age)
        payload = (response.status_code, response.content, list(response.items()))
        cache.set(key, payload, self.timeout)
        cache.set(_cache_key(request), payload, 24 * 3600)
        _local_set(key, payload)


def _from_cache(payload):
    status, content, headers = payload
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Cache"] = "HIT"
    return response


def offline_response(request):
    """The database is unreachable: the last good copy of the page, or the 503 page.

    Only anonymous readers' GETs of public pages get a copy (what the page cache
    stores); staff, the admin, search and forms get the 503 page, which reads
    neither the database nor the request's session.
    """
    key = _cache_key(request) if _cacheable_request(request, look_up_session=False) else None
    payload = cache.get(key) if key else None
    if payload is not None:
        response = _from_cache(payload)
        response["X-Cache"] = "STALE"
        patch_cache_control(response, max_age=10, s_maxage=10)
        return response
    html = render_to_string("503.html", {"portal_name": settings.PORTAL_NAME})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "30"
    patch_cache_control(response, no_store=True)
    return response
