"""`make run` (``manage.py ensure_local_admin``): an admin, an editor and a contributor to try.

Only in development: with DEBUG off the command refuses, and makes no account.
"""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.roles import ADMIN, CONTRIBUTOR, EDITOR, role_of

pytestmark = pytest.mark.django_db


def run():
    out = io.StringIO()
    call_command("ensure_local_admin", "--url", "http://127.0.0.1:8000/", stdout=out)
    return out.getvalue()


@pytest.fixture
def development(settings, tmp_path):
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path / "var"


def test_prints_a_login_for_the_admin_an_editor_and_a_contributor(development):
    out = run()
    for username, role in (
        ("admin", ADMIN),
        ("bientap_demo", EDITOR),
        ("phongvien_demo", CONTRIBUTOR),
    ):
        user = User.objects.get(username=username)
        assert user.is_active and user.is_staff and role_of(user) == role
        assert f"Tên đăng nhập: {username}" in out
        block = out[out.index(f"Tên đăng nhập: {username}") :]
        password = block.split("Mật khẩu:", 1)[1].split()[0]
        assert user.check_password(password)
    assert not User.objects.get(username="bientap_demo").is_superuser
    assert not User.objects.get(username="phongvien_demo").is_superuser


def test_each_has_only_its_roles_rights(development):
    run()
    editor = User.objects.get(username="bientap_demo")
    contributor = User.objects.get(username="phongvien_demo")
    assert editor.has_perm("news.publish_article") and not editor.has_perm("accounts.change_user")
    assert contributor.has_perm("news.add_article")
    assert not contributor.has_perm("news.publish_article")


def test_running_again_prints_the_same_logins_and_makes_no_more(development):
    first = run()
    assert run() == first
    assert User.objects.count() == 3


def test_a_changed_password_is_not_printed(development):
    run()
    user = User.objects.get(username="phongvien_demo")
    user.set_password("mat-khau-moi-rat-dai-2026")
    user.save()
    assert "changepassword phongvien_demo" in run()


def test_production_never_gets_them(settings, tmp_path):
    settings.DEBUG = False
    settings.VAR_DIR = tmp_path / "var"
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        run()
    assert not User.objects.filter(
        username__in=["admin", "bientap_demo", "phongvien_demo"]
    ).exists()
    assert not (tmp_path / "var").exists()
