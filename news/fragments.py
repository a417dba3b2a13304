"""Rendered parts of public pages, kept in each worker's memory.

The page cache (``public.pagecache``) keeps whole pages until anything changes,
so every publish empties it. An article page is then rebuilt from two parts
that are kept on their own terms:

- the article's own part (head tags, the article itself, its structured data),
  named by the article's id and ``updated_at`` and by the *presentation
  version*, which moves only when categories, photos or the site settings
  change. Publishing or editing another article leaves it valid, so after a
  publish an article page comes back without rendering the article again;
- the list of related articles, named by the content version.

A key names everything its part depends on, so a stale part is never found; it
just ages out of the bounded LRU. Previews never use these parts. Every
``save()`` moves ``updated_at``; code that changes articles with
``QuerySet.update()`` or raw SQL must set ``updated_at`` too, or call
``core.versioning.bump(presentation=True)``.

The article's *state* (address, status, dates) is kept too: in the shared
cache until the article is saved or deleted (``news/signals.py`` starts a new
generation of it),
and in the worker's memory for the content version. Whether it is published
is still decided on every request, by ``Article.is_published()``, so a
scheduled article appears on time.
"""

import time

from django.core.cache import cache
from django.template import engines
from django.utils.safestring import mark_safe

from core import versioning
from core.memo import LRU

from .models import Article

MAX_PARTS = 500
MAX_BYTES = 256 * 1024
MAX_STATES = 5000
STATE_FIELDS = ("slug", "category_id", "updated_at", "status", "published_at", "deleted_at")
STATE_TIMEOUT = 3600  # bounds what a write racing a save could leave behind
_parts = LRU(MAX_PARTS)
_states = LRU(MAX_STATES)


def get(key):
    return _parts.get(key)


def put(key, value):
    if sum(len(v) for v in value.values()) <= MAX_BYTES:
        _parts.put(key, value)


def forget():
    """Drop everything kept in this worker (tests; a fresh worker starts so)."""
    _parts.clear()
    _states.clear()


def _generation(pk):
    """The shared generation of article ``pk``'s state; a save starts a new one.

    A reader that read the database just before a save committed would, with
    one fixed key, store that old state after the save had dropped it, and
    keep an unpublished article public for STATE_TIMEOUT. Stored under the
    generation it started from, a late write lands where nobody looks.
    """
    key = f"article-gen:{pk}"
    generation = cache.get(key)
    if generation is None:
        cache.add(key, time.time_ns(), None)
        generation = cache.get(key)
    return generation


def _read_state(pk):
    return Article.objects.filter(pk=pk).values(*STATE_FIELDS).first()


def article_state(pk):
    """Article ``pk`` with just its ``STATE_FIELDS`` (unsaved), or None if there is none."""
    local_key = (pk, versioning.current_version())
    state = _states.get(local_key)
    if state is None:
        shared_key = f"article-state:{pk}:{_generation(pk)}"
        state = cache.get(shared_key)
        if state is None:
            state = _read_state(pk)
            if state is None:
                return None  # not kept: unknown ids must not fill the cache
            cache.set(shared_key, state, STATE_TIMEOUT)
        _states.put(local_key, state)
    return Article(pk=pk, **state)


def forget_article_state(pk):
    """Called when article ``pk`` is saved or deleted: a new generation of its state."""
    cache.set(f"article-gen:{pk}", time.time_ns(), None)


def render_blocks(template_name, context):
    """Each top-level block of a Jinja2 template, rendered on its own."""
    template = engines["jinja2"].env.get_template(template_name)
    ctx = template.new_context(context)
    return {name: mark_safe("".join(block(ctx))) for name, block in template.blocks.items()}  # noqa: S308 - autoescaped by Jinja2
