"""Keep the search index in step with article saves and deletes.

Connected from ``NewsConfig.ready()``. They run inside the saving transaction,
so a rolled-back save leaves the index as it was. PostgreSQL needs nothing
from Python (a trigger keeps its columns), SQLite gets its FTS5 row rewritten.
Publishing, unpublishing and scheduling are saves too; whether an article is
visible is decided at query time by ``published()``, never by the index.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..models import Article
from .backends import backend_for, is_supported


@receiver(post_save, dispatch_uid="news_search_index_article")
def index_article(sender, instance, using, **kwargs):
    if issubclass(sender, Article) and is_supported(using):
        backend_for(using).index(instance, using)


@receiver(post_delete, dispatch_uid="news_search_remove_article")
def remove_article(sender, instance, using, **kwargs):
    if issubclass(sender, Article) and is_supported(using):
        backend_for(using).remove(instance.pk, using)
