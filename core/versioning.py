"""The content version: one number that every change to public content moves.

Whatever reads public content and keeps the result (the page cache, the
kept article parts, the menu and the site settings in each worker) keys it by
the version, so a change is visible on every worker from the next request.
Each content app's ``signals.py`` calls ``bump()`` when its content changes.

Scheduled content needs no cron: the state also records when the next
scheduled item goes public, asked of every provider registered with
``register_next_change()`` (each content app registers its own), and the
first request after that moment bumps the version. ``core`` imports no
content app.

The state also holds a *presentation version*, which moves only when what
surrounds the content changes (categories, photos and their renditions, site
settings); kept parts of one item's page are keyed by it, so publishing an
article does not throw away the other articles' rendered parts.

Each worker re-reads the version from the shared cache at most every
PAGE_CACHE_LOCAL_TTL seconds (0.5): a change reaches every worker within that
time, while a hot page costs no cache round trip at all.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from . import memo

STATE_KEY = "pagecache:state"
_next_change_providers = []


def register_next_change(provider):
    """``provider()`` returns when its content next changes by itself (a timestamp) or None."""
    if provider not in _next_change_providers:
        _next_change_providers.append(provider)
    return provider


def _next_change():
    moments = [m for m in (provider() for provider in _next_change_providers) if m is not None]
    return min(moments, default=None)


class _Local:
    """This worker's view of the content version, and what it keeps for it."""

    version = None
    presentation = None
    checked_at = 0.0
    values = {}
    on_change = []  # callables run when this worker sees a new version

    @classmethod
    def forget_content(cls):
        cls.values.clear()
        for forget in cls.on_change:
            forget()


def on_new_version(forget):
    """Call ``forget()`` whenever this worker sees a new content version."""
    _Local.on_change.append(forget)
    return forget


def bump(presentation=False):
    """Make everything kept for the current version stale. Called on every content change.

    ``presentation=True`` for changes to what surrounds the content
    (categories, photos, site settings): the kept page parts go stale too.
    """
    now = time.time_ns()
    previous = None if presentation else cache.get(STATE_KEY)
    state = {
        "version": now,
        "next": _next_change(),
        "presentation": (previous or {}).get("presentation") or now,
    }
    cache.set(STATE_KEY, state, None)
    _Local.version, _Local.checked_at = state["version"], time.monotonic()
    _Local.presentation = state["presentation"]
    _Local.forget_content()
    return state


def current_version():
    now = time.monotonic()
    ttl = getattr(settings, "PAGE_CACHE_LOCAL_TTL", 0.5)
    if _Local.version is not None and now - _Local.checked_at < ttl:
        return _Local.version
    state = cache.get(STATE_KEY)
    if (
        state is None
        or "presentation" not in state
        or (state["next"] is not None and time.time() >= state["next"])
    ):
        state = bump()
    if state["version"] != _Local.version:
        _Local.forget_content()
    _Local.version, _Local.checked_at = state["version"], now
    _Local.presentation = state["presentation"]
    return state["version"]


def current_presentation():
    """The presentation version (see the module docstring)."""
    current_version()
    return _Local.presentation


@memo.register
def forget_local():
    """Drop this worker's view of the version (a fresh worker starts so)."""
    _Local.version, _Local.checked_at, _Local.presentation = None, 0.0, None
    _Local.forget_content()


def per_version(name, compute):
    """``compute()``, run once per content version in this worker.

    For the small read-only things every page shows (menu, site settings):
    they change only with the content, and every change bumps the version.
    """
    current_version()  # empties _Local.values when the content changed
    if name not in _Local.values:
        _Local.values[name] = compute()
    return _Local.values[name]


def changed(presentation=False):
    """Content changed in the current transaction: bump now and again after commit.

    Now, for this process's next read; after commit, so that no page rendered
    from not-yet-committed data outlives the transaction.
    """
    bump(presentation=presentation)
    transaction.on_commit(lambda: bump(presentation=presentation))
