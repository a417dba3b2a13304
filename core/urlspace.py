"""The first path segments the URL configuration takes: one source, read from it.

Content addressed by a slug at the top level (a category at ``/<slug>/``)
must not take a segment an app's URLs start with (``/van-ban/``,
``/tim-kiem/``, ``/rss/``, ``/admin/`` ...). Rather than keep a list beside
the URL configuration, the list is read from it: every top-level pattern,
and the patterns of includes mounted at the root, that start with a literal
segment; plus where static files and media are served.
"""

import functools
import re

from django.conf import settings
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

_LITERAL = re.compile(r"[-\w.~]+")


def _first_segment(pattern):
    """The literal first path segment of ``pattern``, "" for none (the root), None if variable."""
    if isinstance(pattern, RoutePattern):
        segment = pattern._route.split("/", 1)[0]
        return None if "<" in segment else segment
    if isinstance(pattern, RegexPattern):
        regex = pattern._regex.removeprefix("^")
        match = _LITERAL.match(regex.replace("\\", ""))
        if not regex:
            return ""
        if match is None:
            return None
        rest = regex.replace("\\", "")[match.end() :]
        return match.group() if not rest or rest[0] in "/$" else None
    return None


def _segments(patterns):
    for item in patterns:
        segment = _first_segment(item.pattern)
        if segment is None:
            continue
        if segment == "" and isinstance(item, URLResolver):
            yield from _segments(item.url_patterns)
        elif segment:
            yield segment


@functools.cache
def _reserved(urlconf):
    segments = set(_segments(get_resolver(urlconf).url_patterns))
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        if url and url.startswith("/"):
            segments.add(url.strip("/").split("/", 1)[0])
    # "sitemap.xml" and "robots.txt" reserve "sitemap" and "robots" too: a
    # section of that name would read as one of them.
    segments |= {segment.split(".", 1)[0] for segment in segments}
    return frozenset(segment for segment in segments if segment)


def reserved_segments():
    """The set of first path segments the site's URLs take."""
    return _reserved(settings.ROOT_URLCONF)


def _view(callback):
    return getattr(callback, "view_class", callback)


def _walk(patterns, prefix="", namespace=None):
    """(route so far, pattern, namespace) for every URL pattern, includes opened."""
    for item in patterns:
        segment = _first_segment(item.pattern)
        route = prefix + (str(item.pattern) if segment is not None else "\0")
        if isinstance(item, URLResolver):
            inner = ":".join(filter(None, [namespace, item.namespace])) or None
            yield from _walk(item.url_patterns, route, inner)
        else:
            yield route, item, namespace


def _uncached_in(patterns):
    for item in patterns:
        segment = _first_segment(item.pattern)
        if segment is None:
            continue
        if isinstance(item, URLResolver):
            if not segment:
                yield from _uncached_in(item.url_patterns)
                continue
            views = [_view(p.callback) for _r, p, _n in _walk(item.url_patterns)]
            # The admin, or an include made only of views kept out of the cache.
            if item.app_name == "admin" or all(
                getattr(v, "page_cache", True) is False for v in views
            ):
                yield f"/{segment}/"
        elif segment and getattr(_view(item.callback), "page_cache", True) is False:
            yield f"/{segment}/" if str(item.pattern).endswith("/") else f"/{segment}"


@functools.cache
def _uncached(urlconf):
    prefixes = set(_uncached_in(get_resolver(urlconf).url_patterns))
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        if url and url.startswith("/") and len(url) > 1:
            prefixes.add(url)
    return tuple(sorted(prefixes))


def uncached_prefixes():
    """Path prefixes the page cache never serves: the admin, static files, media,
    and every URL whose view says ``page_cache = False`` (search, the read beacon)."""
    return _uncached(settings.ROOT_URLCONF)


@functools.cache
def _sitemap_pages(urlconf):
    pages = []
    for _route, item, namespace in _walk(get_resolver(urlconf).url_patterns):
        priority = getattr(_view(item.callback), "sitemap_priority", None)
        if priority is not None and item.name and not item.pattern.converters:
            name = f"{namespace}:{item.name}" if namespace else item.name
            pages.append((name, priority))
    return tuple(pages)


def sitemap_pages():
    """(URL name, priority) of the fixed pages whose view has ``sitemap_priority``."""
    return _sitemap_pages(settings.ROOT_URLCONF)


@functools.cache
def _admin_prefix(urlconf):
    return reverse("admin:index", urlconf=urlconf)


def admin_prefix():
    """Where the admin lives ("/admin/")."""
    return _admin_prefix(settings.ROOT_URLCONF)


@functools.cache
def _varying(urlconf):
    """(path, exact?, params) of every URL whose view says ``cache_varies_on``."""
    rules = []
    for route, item, _namespace in _walk(get_resolver(urlconf).url_patterns):
        params = getattr(_view(item.callback), "cache_varies_on", ())
        if not params or "\0" in route:
            continue
        literal = route.split("<", 1)[0]
        rules.append(("/" + literal, "<" not in route, tuple(params)))
    return tuple(rules)


def varying_params(path):
    """The query parameters that change what the page at ``path`` shows, beyond
    "page": a filtered list's filters (its view's ``cache_varies_on``)."""
    params = ()
    for prefix, exact, names in _varying(settings.ROOT_URLCONF):
        if path == prefix if exact else path.startswith(prefix):
            params += names
    return params
