"""What is searchable: each content app registers its models here.

The engine knows no content model. A model registers which of its columns
feed the three weighted parts of its index ("title", "lead", "body", ranked
in that order; see ``backends/base.py``), which of them hold HTML, what the
public may find (``visible``) and the date results are sorted by. The
receivers (``signals.py``), both backends, suggestions and
``rebuild_search_index`` then work for every registered model.

What is matched and what is shown are kept apart. The three parts are for
matching only (a document's title part repeats its number in the ways a
reader may type it); ``display_title`` names the columns a result shows as
its title, and ``result_template`` the template that shows one result of
the kind on the site search (it gets ``result``, and ``mark(text)`` to
highlight the query's words). ``snippet_parts`` are the parts a result's
snippet is taken from, where the words were found (``snippet_fallback``:
else from the start of the first). ``cleaners`` maps a column to a function
that takes out of it what is no text to show (a Party document's
letterhead). They apply to what results show (``shown_text``), not to the
index, which PostgreSQL builds from the columns in SQL, so that both
databases match the same rows.

Columns only, never related rows: PostgreSQL keeps the index in a trigger
that sees the row alone (so ``bulk_create`` and ``update()`` keep it right). A
model whose searchable text lives elsewhere (a document's attachments) keeps a
copy of it in a column of its own.
"""

from dataclasses import dataclass
from typing import Any

from .document import html_to_text


@dataclass(frozen=True)
class Searchable:
    model: Any
    title: tuple
    lead: tuple = ()
    body: tuple = ()
    html: tuple = ()
    visible: Any = None  # () -> the QuerySet the public may find
    date_field: str = "published_at"
    label: str = ""  # what one result is, for mixed results ("Bài viết")
    display_title: tuple = ()  # columns shown as a result's title; default: ``title``
    result_template: str = ""  # one result on the site search; default: a generic one
    snippet_parts: tuple = ("lead", "body")
    # Without the words in them: the start of the first part, or no snippet
    # (when the result template shows something else instead).
    snippet_fallback: bool = True
    cleaners: tuple = ()  # (column, (text, source) -> text) pairs; see the module docstring

    @property
    def table(self):
        return self.model._meta.db_table

    def columns(self, part):
        return getattr(self, part)

    def text_of(self, source, part):
        """``part`` of ``source`` (an instance or a ``values()`` dict) as plain text."""
        return self._text(source, self.columns(part), {})

    def shown_text(self, source, part):
        """``part`` of ``source`` as a result shows it: plain text, cleaned."""
        return self._text(source, self.columns(part), dict(self.cleaners))

    def display_text(self, source):
        """What a result of ``source`` shows as its title, as plain text."""
        return self._text(source, self.display_title or self.title, dict(self.cleaners))

    def _text(self, source, columns, cleaners):
        get = source.get if isinstance(source, dict) else lambda name: getattr(source, name)
        texts = []
        for name in columns:
            text = html_to_text(get(name)) if name in self.html else str(get(name) or "")
            texts.append(cleaners[name](text, source) if name in cleaners else text)
        return " ".join(texts)

    @property
    def source_columns(self):
        return tuple(dict.fromkeys(self.title + self.lead + self.body))


_registry = {}


def register(model, **options):
    """Make ``model`` searchable (see the module docstring); returns its entry."""
    options = {k: tuple(v) if isinstance(v, list) else v for k, v in options.items()}
    if isinstance(options.get("cleaners"), dict):
        options["cleaners"] = tuple(options["cleaners"].items())
    entry = Searchable(model=model, **options)
    _registry[model] = entry
    return entry


def entry_for(model):
    """The entry of ``model`` (or of the concrete model a proxy stands for)."""
    model = getattr(model, "_meta", None) and model._meta.concrete_model or model
    try:
        return _registry[model]
    except KeyError:
        raise LookupError(f"{model.__name__} is not registered for search") from None


def is_registered(model):
    return getattr(model, "_meta", None) is not None and model._meta.concrete_model in _registry


def registered():
    """Every registered entry, in registration order."""
    return list(_registry.values())
