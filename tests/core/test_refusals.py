"""A refused page (403) and a failed CSRF check: Vietnamese, in the admin's or the site's frame."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory

from core import errors
from tests.newsroom.helpers import REPORT

pytestmark = pytest.mark.django_db
ADMIN_HEADER = "Quản trị cổng thông tin"


def test_a_contributor_refused_the_report_gets_a_vietnamese_admin_page(client, contributor):
    client.force_login(contributor)
    response = client.get(REPORT)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Không có quyền truy cập" in page and "không được giao quyền mở trang này" in page
    assert ADMIN_HEADER in page and 'id="site-name"' in page  # the admin's frame
    assert 'href="/admin/"' in page
    assert "Forbidden" not in page and "403 Forbidden" not in page
    assert '<html lang="vi"' in page


def test_a_refusal_with_a_reason_of_ours_shows_it(rf_admin):
    request = rf_admin("/admin/news/article/1/history/")
    response = errors.permission_denied(request, PermissionDenied("Chỉ biên tập viên mới được."))
    assert response.status_code == 403
    assert "Chỉ biên tập viên mới được." in response.content.decode()
    response = errors.permission_denied(request, PermissionDenied("Not allowed"))
    assert "Not allowed" not in response.content.decode()


def test_a_failed_csrf_check_in_the_admin_is_vietnamese(contributor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor)
    response = client.post("/admin/news/article/add/", {"title": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Không gửi được biểu mẫu" in page and ADMIN_HEADER in page
    assert "Forbidden" not in page and "CSRF verification failed" not in page


def test_the_login_form_without_its_cookie_is_refused_in_vietnamese():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Không gửi được biểu mẫu" in page and "Forbidden" not in page


def test_a_public_refusal_is_in_the_public_frame(category):
    request = RequestFactory().get("/mot-trang/")
    request.user = AnonymousUser()
    for response in (
        errors.permission_denied(request, PermissionDenied()),
        errors.csrf_failure(request, "CSRF cookie not set."),
    ):
        assert response.status_code == 403
        page = response.content.decode()
        assert 'class="site-header"' in page and "Về trang chủ" in page
        assert "Forbidden" not in page and "CSRF" not in page


@pytest.fixture
def rf_admin(editor):
    def make(path):
        request = RequestFactory().get(path)
        request.user = editor
        return request

    return make
