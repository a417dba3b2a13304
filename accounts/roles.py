"""Newsroom roles, as Django groups with exactly these permissions.

``sync_roles()`` creates or updates the groups; the data migrations run it, and
``manage.py sync_roles`` re-runs it after a change here. A change here that must
reach existing databases on their next ``migrate`` also gets a new data migration
calling ``sync_roles_in_migration`` (as 0003 does).
"""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

CONTRIBUTOR = "Phóng viên"
EDITOR = "Biên tập viên"
ADMIN = "Quản trị"

# Custom permissions that are not one of Django's add/change/delete/view.
CUSTOM_PERMISSIONS = {
    ("news", "article"): [
        ("publish_article", "Có thể xuất bản, hẹn giờ và gỡ bài viết"),
        ("edit_any_article", "Có thể sửa bài viết của người khác"),
        ("purge_article", "Có thể xóa vĩnh viễn bài viết đã xóa"),
    ],
}

_CONTRIBUTOR = [
    "news.add_article",
    "news.change_article",
    "news.view_article",
    "news.add_image",
    "news.view_image",
    "news.view_category",
]
_EDITOR = _CONTRIBUTOR + [
    "news.delete_article",
    "news.publish_article",
    "news.edit_any_article",
    "news.change_image",
    "news.delete_image",
]
_ADMIN = _EDITOR + [
    "news.purge_article",
    "news.add_category",
    "news.change_category",
    "news.delete_category",
    "news.view_sitesettings",
    "news.change_sitesettings",
    "accounts.add_user",
    "accounts.change_user",
    "accounts.delete_user",
    "accounts.view_user",
    # Groups only to view (what each role may do). Whoever may change a group may
    # give their own every permission, and the roles live here, in code, anyway:
    # only superusers add, change or delete groups (accounts.admin.GroupAdmin).
    "auth.view_group",
    "admin.view_logentry",
]

ROLES = {CONTRIBUTOR: _CONTRIBUTOR, EDITOR: _EDITOR, ADMIN: _ADMIN}


def ensure_custom_permissions(permission_model=Permission, content_type_model=ContentType):
    for (app_label, model), perms in CUSTOM_PERMISSIONS.items():
        content_type, _ = content_type_model.objects.get_or_create(app_label=app_label, model=model)
        for codename, name in perms:
            permission_model.objects.update_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )


def sync_roles(group_model=Group, permission_model=Permission, content_type_model=ContentType):
    """Make each role group hold exactly its permissions. Returns the group names."""
    with transaction.atomic():
        ensure_custom_permissions(permission_model, content_type_model)
        for name, perm_names in ROLES.items():
            group, _ = group_model.objects.get_or_create(name=name)
            permissions = []
            for perm_name in perm_names:
                app_label, codename = perm_name.split(".")
                permissions.append(
                    permission_model.objects.get(
                        content_type__app_label=app_label, codename=codename
                    )
                )
            group.permissions.set(permissions)
    return list(ROLES)


def sync_roles_in_migration(apps):
    """``sync_roles`` from a data migration, with the migration's historical models."""
    # On a fresh database Django creates model permissions only after all
    # migrations ran (post_migrate); create them now so the groups can use them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(
        apps.get_model("auth", "Group"),
        apps.get_model("auth", "Permission"),
        apps.get_model("contenttypes", "ContentType"),
    )


def role_of(user):
    """The user's highest role name, or '' (superusers count as admins)."""
    if user.is_superuser:
        return ADMIN
    names = {g.name for g in user.groups.all()}
    for role in (ADMIN, EDITOR, CONTRIBUTOR):
        if role in names:
            return role
    return ""
