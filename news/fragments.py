"""Rendered parts of public pages, kept in each worker's memory.

The page cache (``news.pagecache``) keeps whole pages until anything changes,
so every publish empties it. An article page is then rebuilt from two parts
that are kept on their own terms:

- the article's own part (head tags, the article itself, its structured data),
  named by the article's id and ``updated_at`` and by the *presentation
  version*, which moves only when categories, photos or the site settings
  change. Publishing or editing another article leaves it valid, so after a
  publish an article page comes back for one small query;
- the list of related articles, named by the content version.

A key names everything its part depends on, so a stale part is never found; it
just ages out of the bounded LRU. Previews never use these parts. Every
``save()`` moves ``updated_at``; code that changes articles with
``QuerySet.update()`` or raw SQL must set ``updated_at`` too, or call
``pagecache.bump(presentation=True)``.
"""

from collections import OrderedDict

from django.template import engines
from django.utils.safestring import mark_safe

MAX_PARTS = 500
MAX_BYTES = 256 * 1024
_parts = OrderedDict()


def get(key):
    found = _parts.get(key)
    if found is not None:
        _parts.move_to_end(key)
    return found


def put(key, value):
    if sum(len(v) for v in value.values()) <= MAX_BYTES:
        _parts[key] = value
        while len(_parts) > MAX_PARTS:
            _parts.popitem(last=False)
    return value


def forget():
    """Drop every kept part (tests; a fresh worker starts so)."""
    _parts.clear()


def render_blocks(template_name, context):
    """Each top-level block of a Jinja2 template, rendered on its own."""
    template = engines["jinja2"].env.get_template(template_name)
    ctx = template.new_context(context)
    return {name: mark_safe("".join(block(ctx))) for name, block in template.blocks.items()}  # noqa: S308 - autoescaped by Jinja2
