"""What follows a change to articles and sections.

Saving any Publishable bumps the content version already (editorial/signals.py);
here: a saved article's kept state starts a new generation, and a section
(category) surrounds many articles, so their kept page parts go stale too.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from core import versioning

from . import fragments
from .models import Article, Category, CategoryAddress


def article_changed(sender, instance, **kwargs):
    fragments.forget_article_state(instance.pk)
    transaction.on_commit(lambda: fragments.forget_article_state(instance.pk))


def category_changed(sender, **kwargs):
    versioning.changed(presentation=True)


def slug_kept(sender, instance, raw=False, **kwargs):
    """A section that changes its slug keeps its old address (``news/addresses.py``);
    a slug a section takes is nobody's old address any more."""
    if raw:
        return
    if instance.pk:
        old = Category.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        if old and old != instance.slug:
            CategoryAddress.objects.update_or_create(slug=old, defaults={"category": instance})
    if instance.slug:
        CategoryAddress.objects.filter(slug=instance.slug).delete()


def connect():
    post_save.connect(article_changed, sender=Article, dispatch_uid="news_article_saved")
    post_delete.connect(article_changed, sender=Article, dispatch_uid="news_article_deleted")
    pre_save.connect(slug_kept, sender=Category, dispatch_uid="news_category_slug_kept")
    post_save.connect(category_changed, sender=Category, dispatch_uid="news_category_saved")
    post_delete.connect(category_changed, sender=Category, dispatch_uid="news_category_deleted")
