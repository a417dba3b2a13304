"""Rules that hold on every save path, and what site settings changes affect.

A ``pre_save`` receiver runs for model saves from the admin, importers, the
shell and fixtures (``raw=True``) alike, so no path can store NFD text or
unsanitised HTML: every text field of every model is stored in NFC, and every
rich-text field (``ProseEditorField``) through its own allowlist.
"""

from django.core.cache import cache
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django_prose_editor.fields import ProseEditorField

from . import versioning
from .models import SiteSettings
from .text import nfc


def normalise_text_fields(sender, instance, **kwargs):
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


def site_settings_changed(sender, **kwargs):
    cache.delete(SiteSettings.CACHE_KEY)
    # Every page's footer and header: the kept page parts go stale too.
    versioning.changed(presentation=True)


def connect():
    pre_save.connect(normalise_text_fields, dispatch_uid="core_normalise_text")
    post_save.connect(site_settings_changed, sender=SiteSettings, dispatch_uid="core_site_saved")
    post_delete.connect(site_settings_changed, sender=SiteSettings, dispatch_uid="core_site_del")
