"""Keep the search index in step with saves and deletes of every registered model.

Connected in ``SearchConfig.ready()``. They run inside the saving transaction,
so a rolled-back save leaves the index as it was. PostgreSQL needs nothing
from Python (a trigger keeps its columns); SQLite gets its FTS5 row
rewritten. Publishing, unpublishing and scheduling are saves too; whether a
row is visible is decided at query time (``visible``), never by the index.
"""

from django.db.models.signals import post_delete, post_save

from .backends import backend_for, is_supported
from .registry import entry_for, is_registered


def index_row(sender, instance, using, raw=False, **kwargs):
    if is_registered(sender) and is_supported(using):
        backend_for(using).index(entry_for(sender), instance, using)


def remove_row(sender, instance, using, **kwargs):
    if is_registered(sender) and is_supported(using):
        backend_for(using).remove(entry_for(sender), instance.pk, using)


def connect():
    post_save.connect(index_row, dispatch_uid="search_index_row")
    post_delete.connect(remove_row, dispatch_uid="search_remove_row")
