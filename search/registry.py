"""What is searchable: each content app registers its models here.

The engine knows no content model. A model registers which of its columns
feed the three weighted parts of its index ("title", "lead", "body", ranked
in that order; see ``backends/base.py``), which of them hold HTML, what the
public may find (``visible``) and the date results are sorted by. The
receivers (``signals.py``), both backends, suggestions and
``rebuild_search_index`` then work for every registered model.

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

    @property
    def table(self):
        return self.model._meta.db_table

    def columns(self, part):
        return getattr(self, part)

    def text_of(self, source, part):
        """``part`` of ``source`` (an instance or a ``values()`` dict) as plain text."""
        get = source.get if isinstance(source, dict) else lambda name: getattr(source, name)
        return " ".join(
            html_to_text(get(name)) if name in self.html else str(get(name) or "")
            for name in self.columns(part)
        )

    @property
    def source_columns(self):
        return tuple(dict.fromkeys(self.title + self.lead + self.body))


_registry = {}


def register(model, **options):
    """Make ``model`` searchable (see the module docstring); returns its entry."""
    options = {k: tuple(v) if isinstance(v, list) else v for k, v in options.items()}
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
