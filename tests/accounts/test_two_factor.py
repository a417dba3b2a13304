import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-rat-dai-123"


@pytest.fixture(autouse=True)
def _require_2fa(settings):
    settings.PORTAL_ADMIN_2FA_REQUIRED = True
    # django-otp slows down retries after a wrong code; these tests retry at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def code_for(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def login(client, username, token=""):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": PASSWORD, "otp_token": token, "next": "/admin/"},
    )


def test_admin_must_set_up_two_factor_before_using_the_admin(client, site_admin):
    assert login(client, "quantri").status_code == 302
    response = client.get("/admin/news/article/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/bao-mat-2-lop/")

    setup = client.get("/admin/bao-mat-2-lop/")
    assert setup.status_code == 200 and "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=site_admin)
    assert not device.confirmed
    bad = client.post("/admin/bao-mat-2-lop/", {"token": "000000"})
    assert "không đúng" in bad.content.decode()
    done = client.post(
        "/admin/bao-mat-2-lop/?next=/admin/news/article/", {"token": code_for(device)}
    )
    assert done["Location"] == "/admin/news/article/"
    assert client.get("/admin/news/article/").status_code == 200


def test_login_asks_for_the_code_once_enabled(client, site_admin):
    device = TOTPDevice.objects.create(user=site_admin, name="app", confirmed=True)
    without = login(client, "quantri")
    assert without.status_code == 200
    assert "hãy nhập mã 6 số" in without.content.decode()
    wrong = login(client, "quantri", "123456")
    assert "không đúng" in wrong.content.decode()
    right = login(client, "quantri", code_for(device))
    assert right.status_code == 302
    assert client.get("/admin/news/article/").status_code == 200


def test_other_roles_may_opt_in_but_are_not_forced(client, editor):
    assert login(client, "bientap").status_code == 302
    assert client.get("/admin/news/article/").status_code == 200
    assert client.get("/admin/bao-mat-2-lop/").status_code == 200  # offered


def test_login_page_shows_the_code_field(client):
    html = client.get("/admin/login/").content.decode()
    assert 'name="otp_token"' in html
