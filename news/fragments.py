"""Rendered parts of public pages, kept in each worker's memory.

The page cache (``news.pagecache``) keeps whole pages until anything changes,
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
``pagecache.bump(presentation=True)``.

The article's *state* (address, status, dates) is kept too: in the shared
cache until the article is saved or deleted (``news/signals.py`` drops it),
and in the worker's memory for the content version. Whether it is published
is still decided on every request, by ``Article.is_published()``, so a
scheduled article appears on time.
"""

from django.core.cache import cache
from django.template import engines
from django.utils.safestring import mark_safe

from . import pagecache
from .models import Article

MAX_PARTS = 500
MAX_BYTES = 256 * 1024
MAX_STATES = 5000
STATE_FIELDS = ("slug", "category_id", "updated_at", "status", "published_at", "deleted_at")
STATE_TIMEOUT = 3600  # bounds what a write racing a save could leave behind
_parts = pagecache.LRU(MAX_PARTS)
_states = pagecache.LRU(MAX_STATES)


def get(key):
    return _parts.get(key)


def put(key, value):
    if sum(len(v) for v in value.values()) <= MAX_BYTES:
        _parts.put(key, value)


def forget():
    """Drop everything kept in this worker (tests; a fresh worker starts so)."""
    _parts.clear()
    _states.clear()


def _state_key(pk):
    return f"article-state:{pk}"


def article_state(pk):
    """Article ``pk`` with just its ``STATE_FIELDS`` (unsaved), or None if there is none."""
    local_key = (pk, pagecache.current_version())
    state = _states.get(local_key)
    if state is None:
        state = cache.get(_state_key(pk))
        if state is None:
            state = Article.objects.filter(pk=pk).values(*STATE_FIELDS).first()
            if state is None:
                return None  # not kept: unknown ids must not fill the cache
            cache.set(_state_key(pk), state, STATE_TIMEOUT)
        _states.put(local_key, state)
    return Article(pk=pk, **state)


def forget_article_state(pk):
    """Called when article ``pk`` is saved or deleted."""
    cache.delete(_state_key(pk))


def render_blocks(template_name, context):
    """Each top-level block of a Jinja2 template, rendered on its own."""
    template = engines["jinja2"].env.get_template(template_name)
    ctx = template.new_context(context)
    return {name: mark_safe("".join(block(ctx))) for name, block in template.blocks.items()}  # noqa: S308 - autoescaped by Jinja2
