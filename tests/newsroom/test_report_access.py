"""Who may read the publication report: editors and admins, not contributors."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory

from .helpers import EXPORT, REPORT

pytestmark = pytest.mark.django_db


def test_the_report_lives_in_the_admin():
    assert reverse("admin:newsroom_publication_report") == REPORT
    assert reverse("admin:newsroom_publication_report_xlsx") == EXPORT


@pytest.mark.parametrize("url", [REPORT, EXPORT])
def test_anonymous_visitors_are_sent_to_the_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


@pytest.mark.parametrize("url", [REPORT, EXPORT])
def test_logged_in_non_staff_are_sent_to_the_login(client, url):
    client.force_login(UserFactory(username="docgia", is_staff=False))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("url", [REPORT, EXPORT])
def test_contributors_are_refused(client, contributor, url):
    client.force_login(contributor)
    assert client.get(url).status_code == 403


def test_staff_without_a_role_are_refused(client):
    client.force_login(UserFactory(username="nhanvien"))
    assert client.get(REPORT).status_code == 403


@pytest.mark.parametrize("role", ["editor", "site_admin"])
@pytest.mark.parametrize("url", [REPORT, EXPORT])
def test_editors_and_admins_read_and_download_it(client, request, role, url):
    client.force_login(request.getfixturevalue(role))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")  # admin_view: never cached


def test_superusers_read_it(client):
    client.force_login(UserFactory(username="sieuquantri", is_superuser=True))
    assert client.get(REPORT).status_code == 200


def test_the_admin_index_and_sidebar_link_it_for_editors(client, editor):
    client.force_login(editor)
    index = client.get("/admin/").content.decode()
    assert "Công cụ tòa soạn" in index
    assert f'href="{REPORT}"' in index
    # The navigation sidebar on every admin page, and the current page marked in it.
    page = client.get(REPORT).content.decode()
    assert f'<a href="{REPORT}" aria-current="page">Báo cáo xuất bản</a>' in page


def test_the_download_is_not_listed_as_a_page_of_its_own(client, editor):
    client.force_login(editor)
    assert EXPORT not in client.get("/admin/").content.decode()


def test_contributors_see_no_link(client, contributor):
    client.force_login(contributor)
    index = client.get("/admin/").content.decode()
    assert REPORT not in index
    assert "Công cụ tòa soạn" not in index


def test_other_app_pages_keep_only_their_own_models(client, editor):
    client.force_login(editor)
    response = client.get("/admin/news/")
    assert response.status_code == 200
    assert [app["app_label"] for app in response.context["app_list"]] == ["news"]
