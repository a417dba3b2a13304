"""Odd query strings in the admin get a page, a redirect or a 4xx, never a 500."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from images.models import Image
from tests.accounts.factories import UserFactory
from tests.images.factories import ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


@pytest.fixture
def uploads():
    """One photo uploaded in December 2019 and one in January 2020."""
    december, january = ImageFactory(title="Tháng 12"), ImageFactory(title="Tháng 1")
    local = timezone.get_current_timezone()
    Image.objects.filter(pk=december.pk).update(
        uploaded_at=dt.datetime(2019, 12, 31, 23, 30, tzinfo=local)
    )
    Image.objects.filter(pk=january.pk).update(
        uploaded_at=dt.datetime(2020, 1, 1, 0, 30, tzinfo=local)
    )
    return december, january


def listed(response):
    return [image.title for image in response.context["cl"].result_list]


@pytest.mark.parametrize(("value", "titles"), [("2019-12", ["Tháng 12"]), ("2020-01", ["Tháng 1"])])
def test_the_month_filter_lists_the_photos_of_that_local_month(
    client, editor, uploads, value, titles
):
    client.force_login(editor)
    response = client.get(f"/admin/images/image/?thang={value}")
    assert response.status_code == 200
    assert listed(response) == titles


@pytest.mark.parametrize(
    "value",
    [
        "9999-12",
        "0001-01",
        "2019-13",
        "2019-00",
        "-1-1",
        "2019-1",
        "19-12",
        "²",
        "２０１９-１２",
        "٢٠١٩-١٢",
        "2019-12-01",
        " 2019-12",
        "2019-12\n",
        "9" * 400,
    ],
)
def test_the_month_filter_lists_nothing_for_a_value_that_is_no_month(
    client, editor, uploads, value
):
    client.force_login(editor)
    response = client.get("/admin/images/image/", {"thang": value})
    assert response.status_code == 200
    assert listed(response) == []


# --------------------------------------------------------------------------- every admin

ODD_VALUES = [
    "²",
    "①",
    "１２",
    "٣",
    "1e3",
    "-1",
    "0",
    "+1",
    " 1",
    "1.0",
    "9" * 400,
    "",
    "garbage",
    "9999",
    "2019-13-45",
    "0000-00-00 25:61:61",
]
# What every changelist reads besides its filters: page, ordering, search,
# "show all", the error flag and the popup's.
CHANGELIST_PARAMETERS = ["p", "o", "q", "all", "e", "_popup", "_to_field"]
ADMINS = [
    pytest.param(model, id=model._meta.label)
    for model in sorted(admin.site._registry, key=lambda model: model._meta.label)
]


def admin_url(model, view):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")


@pytest.fixture
def staff(editor, site_admin):
    return {
        "editor": editor,
        "site_admin": site_admin,
        "superuser": UserFactory(username="sieu", is_superuser=True),
    }


@pytest.fixture
def rows(uploads, article, editor):
    """A row or two in the lists, so that their filters offer choices."""
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(article),
        object_id=str(article.pk),
        object_repr=str(article),
        action_flag=CHANGE,
    )
    AccessAttempt.objects.create(
        username="bientap", ip_address="198.51.100.66", user_agent="x", failures_since_start=1
    )
    TOTPDevice.objects.create(user=editor, name="Điện thoại", confirmed=False)


def open_as_first_who_may(client, staff, url):
    """Log in as the editor, else the admin role, else a superuser: the first who may
    open ``url``. Returns that role and the page, or (None, None) if none may."""
    for role in ("editor", "site_admin", "superuser"):
        client.force_login(staff[role])
        response = client.get(url)
        if response.status_code != 403:
            assert response.status_code == 200, (role, url, response.status_code)
            return role, response
    return None, None


def server_errors(client, role, url, queries):
    failures = []
    for query in queries:
        status = client.get(url, query).status_code
        if status >= 500:
            shown = {name: value[:20] for name, value in query.items()}
            failures.append(f"{role}: {url} {shown} → {status}")
    return failures


@pytest.mark.parametrize("model", ADMINS)
def test_changelists_survive_odd_query_values(client, staff, rows, model):
    url = admin_url(model, "changelist")
    role, page = open_as_first_who_may(client, staff, url)
    assert page is not None  # a superuser may open every list
    names = set(CHANGELIST_PARAMETERS)
    for spec in page.context["cl"].filter_specs:
        names.update(spec.expected_parameters())
    if hierarchy := admin.site.get_model_admin(model).date_hierarchy:
        names.update(f"{hierarchy}__{part}" for part in ("year", "month", "day"))
    # One parameter at a time: the first bad filter would redirect before the next is read.
    queries = [{name: value} for name in sorted(names) for value in ODD_VALUES]
    failures = server_errors(client, role, url, queries)
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("model", ADMINS)
def test_add_forms_survive_odd_initial_values(client, staff, rows, model):
    url = admin_url(model, "add")
    role, page = open_as_first_who_may(client, staff, url)
    if page is None:  # nobody adds to the audit log or django-axes' lists
        return
    fields = [*page.context["adminform"].form.fields, "_popup"]
    # Every field at once: each initial value is judged on its own. _to_field alone,
    # since it refuses the request (400) before the form is built.
    queries = [{"_to_field": value} for value in ODD_VALUES]
    queries += [dict.fromkeys(fields, value) for value in ODD_VALUES]
    failures = server_errors(client, role, url, queries)
    assert failures == [], "\n".join(failures)


def test_an_add_form_keeps_the_initial_values_its_fields_accept(client, editor, category):
    client.force_login(editor)
    response = client.get(
        "/admin/news/article/add/",
        {
            "title": "Tin nhanh",
            "category": category.pk,
            "published_at": "garbage",
            "cover_image": "abc",
            "status": "no-such-status",
        },
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.initial["title"] == "Tin nhanh"
    assert form.initial["category"] == category
    assert "published_at" not in form.initial
    assert "cover_image" not in form.initial
    assert "status" not in form.initial
    html = response.content.decode()
    assert 'value="Tin nhanh"' in html
    assert f'<option value="{category.pk}" selected>' in html


@pytest.mark.parametrize("year", ["1", "+1", "9999", "9" * 400])
def test_a_date_hierarchy_year_out_of_range_is_djangos_invalid_lookup(client, editor, year):
    client.force_login(editor)
    response = client.get("/admin/news/article/", {"published_at__year": year})
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_every_registered_admin_is_guarded():
    from core.adminsite import OddQueryGuard

    assert all(
        isinstance(model_admin, OddQueryGuard) for model_admin in admin.site._registry.values()
    )
