"""What follows a photo's save: its renditions, and fresh pages around it."""

from django.db.models.signals import post_delete, post_save

from core import versioning

from .models import Image, Rendition
from .renditions import schedule_renditions


def renditions_for_new_file(sender, instance, raw=False, **kwargs):
    if not raw and getattr(instance, "new_file", None):
        schedule_renditions(instance, replaced=instance.new_file == "replaced")


def pages_show_it(sender, **kwargs):
    """A photo or a rendition surrounds many pieces of content: their kept parts go stale."""
    versioning.changed(presentation=True)


def connect():
    post_save.connect(renditions_for_new_file, sender=Image, dispatch_uid="image_renditions")
    for model in (Image, Rendition):
        post_save.connect(pages_show_it, sender=model, dispatch_uid=f"bump_{model.__name__}")
        post_delete.connect(pages_show_it, sender=model, dispatch_uid=f"bump_d_{model.__name__}")
