"""Who may do what: every role against every admin action and data-changing URL.

Each operation is tried for real and judged by its effect in the database, not
by the status code alone.
"""

import pytest
from django.contrib.auth.models import Group

from accounts.models import User
from core.models import SiteSettings
from images.models import Image
from news.models import Article, Category, SectionAccess
from tests.images import samples as image_samples
from tests.images.factories import ImageFactory
from tests.news.admin_helpers import ADD_URL, CHANGELIST_URL, change_url, form_data
from tests.news.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db
Status = Article.Status
# "limited_contributor": the contributor, limited to a section other than the
# one every article here is in (news.SectionAccess, issue 14).
ROLES = ["anonymous", "contributor", "limited_contributor", "editor", "site_admin", "superuser"]


@pytest.fixture
def world(contributor, other_contributor, editor, site_admin):
    # Logged in with force_login: no password, so no second of hashing per test.
    superuser = User.objects.create(username="sieu", is_staff=True, is_superuser=True)
    category = CategoryFactory(name="Dân vận", slug="dan-van")
    return {
        "category": category,
        "own_draft": ArticleFactory(
            author=contributor, category=category, status=Status.DRAFT, published_at=None
        ),
        "others_draft": ArticleFactory(
            author=other_contributor, category=category, status=Status.DRAFT, published_at=None
        ),
        "published": ArticleFactory(author=editor, category=category),
        "trashed": ArticleFactory(author=editor, category=category),
        "image": ImageFactory(title="Ảnh gốc"),
        "users": {
            "contributor": contributor,
            "limited_contributor": contributor,
            "editor": editor,
            "site_admin": site_admin,
            "superuser": superuser,
        },
    }


def action(client, name, article, trash=False):
    url = CHANGELIST_URL + ("?thung_rac=1" if trash else "")
    client.post(url, {"action": name, "_selected_action": [article.pk]})


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def op_add_article(client, w):
    client.post(ADD_URL, form_data(title="Bài mới theo ma trận", category=w["category"].pk))
    return Article.objects.filter(title="Bài mới theo ma trận").exists()


def op_edit_own_draft(client, w):
    client.post(change_url(w["own_draft"]), form_data(w["own_draft"], title="Sửa nháp của mình"))
    return fresh(w["own_draft"]).title == "Sửa nháp của mình"


def op_edit_others_draft(client, w):
    article = w["others_draft"]
    client.post(change_url(article), form_data(article, title="Sửa nháp người khác"))
    return fresh(article).title == "Sửa nháp người khác"


def op_submit_own_draft(client, w):
    action(client, "submit_for_review", w["own_draft"])
    return fresh(w["own_draft"]).status == Status.PENDING


def op_publish(client, w):
    action(client, "publish_now", w["own_draft"])
    return fresh(w["own_draft"]).status == Status.PUBLISHED


def op_publish_via_form(client, w):
    client.post(change_url(w["own_draft"]), form_data(w["own_draft"], status="published"))
    return fresh(w["own_draft"]).status == Status.PUBLISHED


def op_unpublish(client, w):
    action(client, "unpublish", w["published"])
    return fresh(w["published"]).status == Status.UNPUBLISHED


def op_delete(client, w):
    client.post(f"/admin/news/article/{w['published'].pk}/delete/", {"post": "yes"})
    return fresh(w["published"]).deleted_at is not None


def _trash(w):
    from django.utils import timezone

    Article.objects.filter(pk=w["trashed"].pk).update(deleted_at=timezone.now())


def op_restore(client, w):
    _trash(w)
    action(client, "restore", w["trashed"], trash=True)
    return fresh(w["trashed"]).deleted_at is None


def op_purge(client, w):
    _trash(w)
    action(client, "purge", w["trashed"], trash=True)
    return not Article.objects.filter(pk=w["trashed"].pk).exists()


def _image_post(client, url, prefix=""):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        url,
        {
            f"{prefix}file": SimpleUploadedFile("anh.png", image_samples.png_bytes()),
            f"{prefix}title": "Ảnh ma trận",
            f"{prefix}alt_text": "Mô tả",
        },
    )
    return Image.objects.filter(title="Ảnh ma trận").exists()


def op_add_image(client, w):
    return _image_post(client, "/admin/images/image/add/")


def op_picker_upload(client, w):
    return _image_post(client, "/admin/images/image/picker/?CKEditorFuncNum=1", prefix="upload-")


def op_bulk_upload_images(client, w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        "/admin/images/image/tai-len/",
        {
            "anh-TOTAL_FORMS": "1",
            "anh-INITIAL_FORMS": "0",
            "anh-0-file": SimpleUploadedFile("anh.png", image_samples.png_bytes()),
            "anh-0-title": "Ảnh tải nhiều",
            "anh-0-alt_text": "Mô tả",
        },
    )
    return Image.objects.filter(title="Ảnh tải nhiều").exists()


def op_change_image(client, w):
    client.post(
        f"/admin/images/image/{w['image'].pk}/change/", {"title": "Ảnh đổi tên", "alt_text": "x"}
    )
    return fresh(w["image"]).title == "Ảnh đổi tên"


def op_delete_image(client, w):
    client.post(f"/admin/images/image/{w['image'].pk}/delete/", {"post": "yes"})
    return not Image.objects.filter(pk=w["image"].pk).exists()


def op_add_category(client, w):
    client.post(
        "/admin/news/category/add/",
        {"name": "Đối ngoại", "slug": "", "description": "", "menu_order": 1},
    )
    return Category.objects.filter(name="Đối ngoại").exists()


def op_change_site_settings(client, w):
    settings_row = SiteSettings.load()
    data = {f.name: getattr(settings_row, f.name) for f in SiteSettings._meta.fields[1:-1]}
    data["phone"] = "0205 000 000"
    client.post(f"/admin/core/sitesettings/{settings_row.pk}/change/", data)
    return SiteSettings.objects.get(pk=1).phone == "0205 000 000"


def op_add_user(client, w):
    client.post(
        "/admin/accounts/user/add/",
        {
            "username": "nguoi_moi",
            "password1": "mot-mat-khau-du-dai-2026",
            "password2": "mot-mat-khau-du-dai-2026",
            "role": "Phóng viên",
        },
    )
    return User.objects.filter(username="nguoi_moi").exists()


def op_change_role(client, w):
    contributor = w["users"]["contributor"]
    editors = Group.objects.get(name="Biên tập viên")
    data = {
        "username": contributor.username,
        "display_name": contributor.display_name,
        "is_active": "on",
        "is_staff": "on",
        "role": editors.name,
        "last_login_0": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        # The sections and documents inlines on the user's page, left empty.
        "section_access-TOTAL_FORMS": "0",
        "section_access-INITIAL_FORMS": "0",
        "document_access-TOTAL_FORMS": "0",
        "document_access-INITIAL_FORMS": "0",
    }
    client.post(f"/admin/accounts/user/{contributor.pk}/change/", data)
    return contributor.groups.filter(name="Biên tập viên").exists()


def _all_permissions(*app_labels):
    from django.contrib.auth.models import Permission

    permissions = Permission.objects.all()
    if app_labels:
        permissions = permissions.filter(content_type__app_label__in=app_labels)
    return list(permissions.values_list("pk", flat=True))


def op_grant_admin_role_every_permission(client, w):
    admins = Group.objects.get(name="Quản trị")
    before = admins.permissions.count()
    client.post(
        f"/admin/auth/group/{admins.pk}/change/",
        {"name": admins.name, "permissions": _all_permissions()},
    )
    return admins.permissions.count() > before


def op_add_permission_to_a_role(client, w):
    editors = Group.objects.get(name="Biên tập viên")
    purge = Group.objects.get(name="Quản trị").permissions.get(codename="purge_article")
    current = list(editors.permissions.values_list("pk", flat=True))
    client.post(
        f"/admin/auth/group/{editors.pk}/change/",
        {"name": editors.name, "permissions": [*current, purge.pk]},
    )
    return editors.permissions.filter(pk=purge.pk).exists()


def op_create_group_with_auth_and_accounts_permissions(client, w):
    client.post(
        "/admin/auth/group/add/",
        {"name": "Toàn quyền", "permissions": _all_permissions("auth", "accounts")},
    )
    return Group.objects.filter(name="Toàn quyền").exists()


def op_delete_a_role(client, w):
    editors = Group.objects.get(name="Biên tập viên")
    client.post(f"/admin/auth/group/{editors.pk}/delete/", {"post": "yes"})
    return not Group.objects.filter(pk=editors.pk).exists()


# operation -> allowed for (anonymous, contributor, limited contributor, editor, site admin,
# superuser)
MATRIX = {
    op_add_article: (False, True, False, True, True, True),
    op_edit_own_draft: (False, True, False, True, True, True),
    op_edit_others_draft: (False, False, False, True, True, True),
    op_submit_own_draft: (False, True, False, True, True, True),
    op_publish: (False, False, False, True, True, True),
    op_publish_via_form: (False, False, False, True, True, True),
    op_unpublish: (False, False, False, True, True, True),
    op_delete: (False, False, False, True, True, True),
    op_restore: (False, False, False, True, True, True),
    op_purge: (False, False, False, False, True, True),
    op_add_image: (False, True, True, True, True, True),
    op_picker_upload: (False, True, True, True, True, True),
    op_bulk_upload_images: (False, True, True, True, True, True),
    op_change_image: (False, False, False, True, True, True),
    op_delete_image: (False, False, False, True, True, True),
    op_add_category: (False, False, False, False, True, True),
    op_change_site_settings: (False, False, False, False, True, True),
    op_add_user: (False, False, False, False, True, True),
    op_change_role: (False, False, False, False, True, True),
    # Only superusers edit groups: the admin role could otherwise grant itself anything.
    op_grant_admin_role_every_permission: (False, False, False, False, False, True),
    op_add_permission_to_a_role: (False, False, False, False, False, True),
    op_create_group_with_auth_and_accounts_permissions: (False, False, False, False, False, True),
    op_delete_a_role: (False, False, False, False, False, True),
}


def login(client, world, role):
    if role == "anonymous":
        return
    if role == "limited_contributor":
        SectionAccess.objects.create(
            user=world["users"][role], category=CategoryFactory(name="Tuyên giáo")
        )
    client.force_login(world["users"][role])


CASES = [
    pytest.param(op, role, allowed[i], id=f"{op.__name__[3:]}-{role}")
    for op, allowed in MATRIX.items()
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("operation", "role", "allowed"), CASES)
def test_permission_matrix(client, world, operation, role, allowed):
    login(client, world, role)
    assert operation(client, world) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_read_beacon_is_public_and_changes_only_counts(client, world, role):
    login(client, world, role)
    response = client.post(f"/doc/{world['published'].pk}/")
    assert response.status_code == 204


@pytest.mark.parametrize("url", ["/", "/dan-van/", "/tim-kiem/?q=dan", "/rss/", "/gioi-thieu/"])
def test_public_pages_change_nothing_on_post(client, world, url):
    before = Article.objects.count(), Image.objects.count(), Category.objects.count()
    response = client.post(url, {"title": "x"})
    assert response.status_code < 500
    assert (Article.objects.count(), Image.objects.count(), Category.objects.count()) == before
