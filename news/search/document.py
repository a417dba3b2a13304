"""The text of an article as the search index and the snippets see it."""

import re
from html import unescape

from .query import tokens

_TAG_RE = re.compile(r"<[^>]*>")


def html_to_text(html):
    """Plain text of sanitised body HTML; tags become spaces so paragraphs don't merge."""
    if not html:
        return ""
    return " ".join(unescape(_TAG_RE.sub(" ", html)).split())


def folded_fields(title, lead, body_html):
    """(title, lead, body) as space-separated folded tokens, ready for an FTS5 row."""
    return (
        " ".join(tokens(title or "")),
        " ".join(tokens(lead or "")),
        " ".join(tokens(html_to_text(body_html))),
    )
