"""Normalisation that must happen on every save path.

A ``pre_save`` receiver runs for model saves from the admin, the importer, the
shell and fixtures (``raw=True``) alike, so no path can store NFD text or
unsanitised HTML.
"""

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django_prose_editor.fields import ProseEditorField

from .text import nfc

NORMALISED_APPS = frozenset({"news", "accounts"})


@receiver(pre_save)
def normalise_text_fields(sender, instance, **kwargs):
    if sender._meta.app_label not in NORMALISED_APPS:
        return
    for field in sender._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if not isinstance(value, str):
            continue
        value = nfc(value)
        if isinstance(field, ProseEditorField):
            value = field.sanitize(value)
        setattr(instance, field.attname, value)


def _bump_page_cache(sender, instance, **kwargs):
    from . import fragments, pagecache

    # Anything but an article surrounds many articles: their parts go stale too.
    is_article = sender._meta.model_name == "article"

    def bump():
        pagecache.bump(presentation=not is_article)
        if is_article:
            fragments.forget_article_state(instance.pk)

    # Now, for this process's next read, and again after commit, so that no
    # page rendered from not-yet-committed data outlives the transaction.
    bump()
    transaction.on_commit(bump)


# What a public page shows; any change makes every cached page stale.
for _model in ("Article", "Category", "Image", "Rendition", "SiteSettings"):
    post_save.connect(_bump_page_cache, sender=f"news.{_model}", dispatch_uid=f"bump-{_model}")
    post_delete.connect(_bump_page_cache, sender=f"news.{_model}", dispatch_uid=f"bump-d-{_model}")
