"""Odd query strings in the admin get a page, a redirect or a 4xx, never a 500."""

import datetime as dt

import pytest
from django.utils import timezone

from news.models import Image
from tests.factories import ImageFactory

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
    response = client.get(f"/admin/news/image/?thang={value}")
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
    response = client.get("/admin/news/image/", {"thang": value})
    assert response.status_code == 200
    assert listed(response) == []
