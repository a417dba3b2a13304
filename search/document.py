"""Text as the search index and the snippets see it."""

import re
from html import unescape

from .query import tokens

PARTS = ("title", "lead", "body")

_TAG_RE = re.compile(r"<[^>]*>")


def html_to_text(html):
    """Plain text of sanitised HTML; tags become spaces so paragraphs don't merge."""
    if not html:
        return ""
    return " ".join(unescape(_TAG_RE.sub(" ", html)).split())


def folded_fields(entry, source):
    """(title, lead, body) of ``source`` as space-separated folded tokens, for an FTS5 row."""
    return tuple(
        " ".join(tokens(entry.text_of(source, part))) for part in ("title", "lead", "body")
    )
