"""Permission names in Vietnamese.

Django names the permissions it creates "Can add bài viết"; the roles and the
user pages show them to admins, who read Vietnamese. Every permission of every
installed model is given its Vietnamese name after each ``migrate``.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Permission

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
    for model in global_apps.get_models():
        opts = model._meta
        for permission in Permission.objects.using(using).filter(
            content_type__app_label=opts.app_label,
            content_type__model=opts.model_name,
            name__startswith="Can ",
        ):
            name = vietnamese_name(permission.codename, str(opts.verbose_name))
            if name:
                permission.name = name
                permission.save(update_fields=["name"])
