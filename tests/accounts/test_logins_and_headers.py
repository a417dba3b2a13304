import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client, RequestFactory

from accounts.models import User
from core.clientip import client_address

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "mat-khau-rat-dai-123"


def attempt(client, password, username="bientap", **request_meta):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, **request_meta
    )


def test_five_failed_logins_lock_the_account_with_a_clear_message(client, editor):
    for _ in range(4):
        assert attempt(client, "sai-mat-khau").status_code == 200
    assert attempt(client, "sai-mat-khau").status_code == 429  # the fifth failure locks
    locked = attempt(client, PASSWORD)  # even the right password is refused now
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "tạm thời bị khóa" in text and "5 lần" in text
    assert "_auth_user_id" not in client.session

    call_command("axes_reset_username", "bientap")
    assert attempt(client, PASSWORD).status_code == 302


def test_lockout_is_per_username_and_ip(client, editor, contributor):
    for _ in range(5):
        attempt(client, "sai-mat-khau")
    assert attempt(client, PASSWORD, username="phongvien").status_code == 302


def test_behind_the_proxy_a_lockout_holds_only_for_the_forwarded_address(editor, settings):
    settings.BEHIND_PROXY = True
    # Through nginx every request comes from 127.0.0.1; nginx appends the address
    # it saw. The stranger also forges a first hop naming the editor's address.
    stranger = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.66")
    for _ in range(5):
        attempt(stranger, "sai-mat-khau")
    assert attempt(stranger, PASSWORD).status_code == 429
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [
        ("bientap", "198.51.100.66")
    ]

    the_editor = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert attempt(the_editor, PASSWORD).status_code == 302
    assert the_editor.session["_auth_user_id"] == str(editor.pk)


def test_without_the_proxy_setting_a_forged_forwarded_for_changes_nothing(editor, settings):
    settings.BEHIND_PROXY = False
    for hop in range(5):  # a new forged address on every try
        stranger = Client(REMOTE_ADDR="198.51.100.66", HTTP_X_FORWARDED_FOR=f"192.0.2.{hop}")
        attempt(stranger, "sai-mat-khau")
    again = Client(REMOTE_ADDR="198.51.100.66", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert attempt(again, PASSWORD).status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.66"]


@pytest.mark.parametrize(
    ("behind_proxy", "forwarded_for", "expected"),
    [
        (True, "198.51.100.66", "198.51.100.66"),
        (True, "203.0.113.5,198.51.100.66", "198.51.100.66"),  # only nginx's own hop
        (True, "2001:DB8:0:0::7", "2001:db8::7"),
        (True, "198.51.100.66, garbage", "127.0.0.1"),  # a request that bypassed nginx
        (True, "fe80::1%eth0", "127.0.0.1"),
        (True, "", "127.0.0.1"),
        (False, "198.51.100.66", "127.0.0.1"),
    ],
)
def test_client_address(settings, behind_proxy, forwarded_for, expected):
    settings.BEHIND_PROXY = behind_proxy
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_address(request) == expected


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "", None]
)
def test_a_login_with_a_missing_or_foreign_next_lands_on_the_admin_index(client, editor, next_url):
    data = {"username": "bientap", "password": PASSWORD}
    if next_url is not None:
        data["next"] = next_url
    response = client.post("/admin/login/", data)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(editor.pk)
    assert client.get(response["Location"]).status_code == 200


def test_staff_sessions_expire_when_idle(client, editor, settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(editor)
    client.get("/admin/")
    first = client.session.get_expiry_date()
    client.get("/admin/")
    assert client.session.get_expiry_date() >= first  # the expiry slides while active


def test_public_pages_get_a_strict_policy_and_hardening_headers(client, article):
    response = client.get(article.get_absolute_url())
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp or csp.endswith("script-src 'self'")
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_admin_policy_allows_only_the_editors_import_map(client, editor):
    client.force_login(editor)
    csp = client.get("/admin/news/article/add/")["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'self'" in script_src and "'sha256-" in script_src
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src


def test_production_settings_are_hardened():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60, DJANGO_ALLOWED_HOSTS="thanhuy.example.vn"
    )
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.SECURE_SSL_REDIRECT,"
        " s.PORTAL_ADMIN_2FA_REQUIRED)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
    )
    assert result.stdout.split() == ["31536000", "True", "True", "True", "Lax", "True", "True"]


def test_password_validators_require_twelve_characters():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("ngan-qua-11", User(username="a"))
    validate_password("du-dai-mot-chut-roi", User(username="a"))
