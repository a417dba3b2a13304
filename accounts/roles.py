"""Newsroom roles, as Django groups with exactly these permissions.

``sync_roles()`` makes the groups hold exactly what is written here. It runs
after every ``migrate`` (``accounts/signals.py``), so a change here, or a new
kind of content, reaches every database on its next deploy; ``manage.py
sync_roles`` runs it by hand. The data migrations that ran it before (0002,
0003) take from here only the permissions that exist at their point in the
migration history.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext_lazy as _

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

# Every kind of content that goes through the editorial workflow.
CONTENT = ["news.article", "documents.document"]
# The lists admins keep for documents (types, issuing bodies, terms, signers, fields).
VOCABULARIES = [
    "documents.documenttype",
    "documents.issuer",
    "documents.term",
    "documents.signer",
    "documents.field",
]


def _each(actions, models=CONTENT):
    return [f"{model.split('.')[0]}.{action}_{model.split('.')[1]}" for model in models
            for action in actions]  # fmt: skip


_CONTRIBUTOR = [
    *_each(["add", "change", "view"]),
    *_each(["view"], VOCABULARIES),
    "documents.view_documentrelation",
    "documents.add_documentrelation",
    "documents.change_documentrelation",
    "documents.delete_documentrelation",
    "documents.view_attachment",
    "documents.add_attachment",
    "documents.change_attachment",
    "documents.delete_attachment",
    "images.add_image",
    "images.view_image",
    "news.view_category",
]
_EDITOR = _CONTRIBUTOR + [
    *_each(["delete", "publish", "edit_any"]),
    "images.change_image",
    "images.delete_image",
]
_ADMIN = _EDITOR + [
    *_each(["purge"]),
    "news.add_category",
    "news.change_category",
    "news.delete_category",
    *_each(["add", "change", "delete"], VOCABULARIES),
    "core.view_sitesettings",
    "core.change_sitesettings",
    "accounts.add_user",
    "accounts.change_user",
    "accounts.delete_user",
    "accounts.view_user",
    # The sections each user works in (news.SectionAccess, on the user's page).
    "news.view_sectionaccess",
    "news.add_sectionaccess",
    "news.change_sectionaccess",
    "news.delete_sectionaccess",
    # The documents each user works on (documents.DocumentAccess, on the user's page).
    "documents.view_documentaccess",
    "documents.add_documentaccess",
    "documents.change_documentaccess",
    "documents.delete_documentaccess",
    # Groups only to view (what each role may do). Whoever may change a group may
    # give their own every permission, and the roles live here, in code, anyway:
    # only superusers add, change or delete groups (accounts.admin.GroupAdmin).
    "auth.view_group",
    "admin.view_logentry",
    # Locked-out logins (django-axes): see them, and unlock by deleting the row.
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accesslog",
    "axes.view_accessfailurelog",
    # A lost phone: remove the user's authenticator so they can set up a new one.
    "otp_totp.view_totpdevice",
    "otp_totp.delete_totpdevice",
]

ROLES = {CONTRIBUTOR: _CONTRIBUTOR, EDITOR: _EDITOR, ADMIN: _ADMIN}

# What each role may do, in the words of the README's role table: the user
# form offers the roles with these (accounts.forms.RoleField).
MEANINGS = {
    CONTRIBUTOR: _(
        "Viết bài và nhập văn bản, sửa bản nháp của mình, gửi duyệt, tải ảnh lên. "
        "Không xuất bản, không hẹn giờ, không gỡ, không xóa."
    ),
    EDITOR: _(
        "Sửa mọi bài và văn bản; xuất bản, hẹn giờ, gỡ; xóa vào thùng rác và khôi phục; "
        "quản lý thư viện ảnh; xem báo cáo."
    ),
    ADMIN: _(
        "Mọi việc của biên tập viên, thêm người dùng và vai trò của họ, chuyên mục, danh mục "
        "văn bản, thông tin cổng, nhật ký thao tác, khóa đăng nhập, xác thực hai lớp, "
        "xóa hẳn khỏi thùng rác."
    ),
}


def ensure_custom_permissions(permission_model=Permission, content_type_model=ContentType):
    for (app_label, model), perms in CUSTOM_PERMISSIONS.items():
        content_type, _ = content_type_model.objects.get_or_create(app_label=app_label, model=model)
        for codename, name in perms:
            permission_model.objects.update_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )


def sync_roles(
    group_model=Group, permission_model=Permission, content_type_model=ContentType, partial=False
):
    """Make each role group hold exactly its permissions. Returns the group names.

    ``partial``: leave out the permissions that don't exist yet (a data
    migration sees the models as they were at its point in the history).
    """
    with transaction.atomic():
        ensure_custom_permissions(permission_model, content_type_model)
        for name, perm_names in ROLES.items():
            group, _ = group_model.objects.get_or_create(name=name)
            permissions = []
            for perm_name in perm_names:
                app_label, codename = perm_name.split(".")
                found = permission_model.objects.filter(
                    content_type__app_label=app_label, codename=codename
                ).first()
                if found is None and not partial:
                    raise permission_model.DoesNotExist(perm_name)
                if found is not None:
                    permissions.append(found)
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
        partial=True,
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
