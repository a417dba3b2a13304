"""A user's role is one choice, with what it means, on the user's admin form."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import ADMIN, CONTRIBUTOR, EDITOR, MEANINGS, ROLES, role_of
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def change_data(user, **extra):
    return {
        "username": user.username,
        "display_name": user.display_name,
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "section_access-TOTAL_FORMS": "0",
        "section_access-INITIAL_FORMS": "0",
        "document_access-TOTAL_FORMS": "0",
        "document_access-INITIAL_FORMS": "0",
        **extra,
    }


def url(user):
    return f"/admin/accounts/user/{user.pk}/change/"


def test_the_form_offers_each_role_once_with_its_meaning_as_radio_buttons(
    client, site_admin, contributor
):
    client.force_login(site_admin)
    page = client.get(url(contributor)).content.decode()
    for name in ROLES:
        assert page.count(f'type="radio" name="role" value="{name}"') == 1
        assert str(MEANINGS[name]) in page
    assert f'value="{CONTRIBUTOR}" id="id_role_1" checked' in page  # their one group
    # No two-pane group widget for the admin role.
    assert "selectfilter" not in page and 'name="groups"' not in page


def test_choosing_a_role_replaces_the_role_and_keeps_the_sections(client, site_admin, contributor):
    client.force_login(site_admin)
    response = client.post(url(contributor), change_data(contributor, role=EDITOR))
    assert response.status_code == 302
    assert list(contributor.groups.values_list("name", flat=True)) == [EDITOR]


def test_no_role_takes_every_role_away(client, site_admin, contributor):
    client.force_login(site_admin)
    client.post(url(contributor), change_data(contributor, role=""))
    assert not contributor.groups.exists()


def test_a_user_with_several_roles_is_shown_so_and_saved_untouched_keeps_them(client, site_admin):
    legacy = UserFactory(username="cu", display_name="Tài khoản cũ")
    legacy.groups.add(Group.objects.get(name=CONTRIBUTOR), Group.objects.get(name=EDITOR))
    client.force_login(site_admin)
    page = client.get(url(legacy)).content.decode()
    assert "cùng lúc nhiều vai trò" in page and f"{EDITOR}, {CONTRIBUTOR}" in page
    assert 'name="role" value="Biên tập viên" id="id_role_2" checked' not in page
    listed = client.get("/admin/accounts/user/").content.decode()
    assert f"{EDITOR} + {CONTRIBUTOR}" in listed

    client.post(url(legacy), change_data(legacy))  # saved without choosing
    assert set(legacy.groups.values_list("name", flat=True)) == {CONTRIBUTOR, EDITOR}
    client.post(url(legacy), change_data(legacy, role=EDITOR))
    assert set(legacy.groups.values_list("name", flat=True)) == {EDITOR}


def test_a_new_user_gets_the_chosen_role_and_staff(client, site_admin):
    client.force_login(site_admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "bt_moi",
            "display_name": "Biên tập mới",
            "role": EDITOR,
            "password1": "mot-mat-khau-du-dai-2026",
            "password2": "mot-mat-khau-du-dai-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="bt_moi")
    assert user.is_staff and role_of(user) == EDITOR


def test_a_forged_role_is_refused(client, site_admin, contributor):
    client.force_login(site_admin)
    response = client.post(url(contributor), change_data(contributor, role="Siêu quyền"))
    assert response.status_code == 200
    assert list(contributor.groups.values_list("name", flat=True)) == [CONTRIBUTOR]


def test_a_superuser_keeps_other_groups_beside_the_role(client, contributor):
    root = UserFactory(username="goc", is_superuser=True)
    technical = Group.objects.create(name="Kỹ thuật")
    client.force_login(root)
    page = client.get(url(contributor)).content.decode()
    assert 'name="groups"' in page
    client.post(url(contributor), change_data(contributor, role=ADMIN, groups=[technical.pk]))
    assert set(contributor.groups.values_list("name", flat=True)) == {ADMIN, "Kỹ thuật"}
