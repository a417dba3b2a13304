"""Permission names in Vietnamese.

Django names the permissions it creates "Can add bài viết"; the roles and the
user pages show them to admins, who read Vietnamese. Every permission of every
installed model is given its Vietnamese name after each ``migrate``.
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import translation

ACTIONS = {
    "add": "Có thể thêm {}",
    "change": "Có thể sửa {}",
    "delete": "Có thể xóa {}",
    "view": "Có thể xem {}",
    "publish": "Có thể xuất bản, hẹn giờ và gỡ {}",
    "edit_any": "Có thể sửa {} của người khác",
    "purge": "Có thể xóa vĩnh viễn {} đã xóa",
}


def vietnamese_name(codename, verbose_name):
    for action, template in ACTIONS.items():
        if codename.startswith(f"{action}_"):
            return template.format(verbose_name)[:255]
    return None


def name_permissions(using="default"):
    """Give every model permission named in English ("Can …") its Vietnamese name."""
    # migrate runs without translations: third-party models' names
    # ("access attempt") are read in the site's language, as the admin shows them.
    with translation.override(settings.LANGUAGE_CODE):
        _name_permissions(using)


def _name_permissions(using):
    for model in global_apps.get_models():
        opts = model._meta
        for permission in Permission.objects.using(using).filter(
            content_type__app_label=opts.app_label,
            content_type__model=opts.model_name,
            name__regex=r"^(Can|Có thể) ",
        ):
            # "Có thể …" too: names given before a model's name was translated.
            name = vietnamese_name(permission.codename, str(opts.verbose_name))
            if name and name != permission.name:
                permission.name = name
                permission.save(update_fields=["name"])
