import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from accounts.models import User
from accounts.roles import ADMIN, CONTRIBUTOR, EDITOR, ROLES, role_of
from news.models import Article
from tests.news.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def perms(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_migration_created_the_three_roles():
    for name, expected in ROLES.items():
        assert perms(name) == set(expected)


def test_sync_roles_is_rerunnable_and_repairs_groups():
    group = Group.objects.get(name=EDITOR)
    group.permissions.remove(Permission.objects.get(codename="publish_article"))
    call_command("sync_roles")
    call_command("sync_roles")
    assert "news.publish_article" in perms(EDITOR)
    assert Group.objects.filter(name__in=ROLES).count() == 3


def test_no_role_may_add_change_or_delete_groups():
    group_editing = {"auth.add_group", "auth.change_group", "auth.delete_group"}
    for name in ROLES:
        assert not perms(name) & group_editing, name
    assert "auth.view_group" in perms(ADMIN)


def test_role_names(contributor, editor, site_admin):
    assert role_of(contributor) == CONTRIBUTOR
    assert role_of(editor) == EDITOR
    assert role_of(site_admin) == ADMIN


# (url, method) -> which roles may use it: (contributor, editor, admin)
MATRIX = [
    ("/admin/news/article/add/", (True, True, True)),
    ("/admin/images/image/add/", (True, True, True)),
    ("/admin/images/image/tai-len/", (True, True, True)),
    ("/admin/news/category/add/", (False, False, True)),
    ("/admin/accounts/user/", (False, False, True)),
    ("/admin/auth/group/", (False, False, True)),
    ("/admin/auth/group/add/", (False, False, False)),  # superusers only
    ("/admin/core/sitesettings/", (False, False, True)),
    ("/admin/admin/logentry/", (False, False, True)),
]


@pytest.mark.parametrize(("url", "allowed"), MATRIX)
def test_admin_pages_by_role(client, contributor, editor, site_admin, url, allowed):
    for user, may in zip((contributor, editor, site_admin), allowed, strict=True):
        client.force_login(user)
        status = client.get(url).status_code
        assert (status == 200) is may, (user.username, url, status)


def test_only_editors_delete_articles(client, contributor, editor):
    own = ArticleFactory(author=contributor, status=Article.Status.DRAFT, published_at=None)
    client.force_login(contributor)
    assert client.get(f"/admin/news/article/{own.pk}/delete/").status_code == 403
    client.force_login(editor)
    assert client.get(f"/admin/news/article/{own.pk}/delete/").status_code == 200


def test_contributor_cannot_change_or_delete_images(client, contributor):
    from tests.images.factories import ImageFactory

    image = ImageFactory()
    client.force_login(contributor)
    response = client.post(
        f"/admin/images/image/{image.pk}/change/", {"title": "Đổi", "alt_text": "x"}
    )
    image.refresh_from_db()
    assert image.title != "Đổi"
    assert response.status_code in (200, 403)
    assert (
        client.post(f"/admin/images/image/{image.pk}/delete/", {"post": "yes"}).status_code == 403
    )


def test_site_admin_manages_users_but_cannot_make_superusers(client, site_admin):
    client.force_login(site_admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "pv_moi",
            "display_name": "Phóng viên mới",
            "email": "pv@example.vn",
            "role": CONTRIBUTOR,
            "password1": "mot-mat-khau-du-dai-2026",
            "password2": "mot-mat-khau-du-dai-2026",
            "is_superuser": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="pv_moi")
    assert user.is_staff and not user.is_superuser
    assert role_of(user) == CONTRIBUTOR


def test_site_admin_hands_out_roles_only_never_other_groups(client, site_admin, contributor):
    technical = Group.objects.create(name="Kỹ thuật")  # a superuser's, with every permission
    technical.permissions.set(Permission.objects.all())
    client.force_login(site_admin)
    response = client.post(
        f"/admin/accounts/user/{site_admin.pk}/change/",
        {
            "username": site_admin.username,
            "display_name": site_admin.display_name,
            "is_active": "on",
            "is_staff": "on",
            # A forged list of groups: the admin role's form has no such field.
            "groups": [Group.objects.get(name=ADMIN).pk, technical.pk],
            "role": ADMIN,
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
            "section_access-TOTAL_FORMS": "0",
            "section_access-INITIAL_FORMS": "0",
            "document_access-TOTAL_FORMS": "0",
            "document_access-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert not site_admin.groups.filter(pk=technical.pk).exists()
    assert not site_admin.has_perm("auth.change_group")

    # The role is one choice among the three roles (or none), no other group.
    offered = client.get(f"/admin/accounts/user/{contributor.pk}/change/")
    form = offered.context["adminform"].form
    assert "groups" not in form.fields
    assert [value for value, _label in form.fields["role"].choices] == ["", *ROLES]


def test_password_validators_apply(client, site_admin):
    client.force_login(site_admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {"username": "yeu", "password1": "123456", "password2": "123456"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="yeu").exists()


def test_site_admin_manages_categories(client, site_admin):
    client.force_login(site_admin)
    response = client.post(
        "/admin/news/category/add/",
        {"name": "Đối ngoại", "slug": "", "description": "", "menu_order": 9, "show_in_menu": "on"},
    )
    assert response.status_code == 302
    assert CategoryFactory._meta.model.objects.get(name="Đối ngoại").slug == "doi-ngoai"
