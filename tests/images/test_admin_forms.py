"""The photo's admin form: on an add form (the popup too) only what the uploader fills in."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["", "?_popup=1&_to_field=id"])
def test_the_add_form_shows_no_read_only_rows(client, editor, query):
    client.force_login(editor)
    page = client.get(reverse("admin:images_image_add") + query).content.decode()
    for label in ("Chiều rộng", "Chiều cao", "Người tải lên", "Thời điểm tải lên", "Xem ảnh"):
        assert label not in page, label
    assert 'name="file"' in page and 'name="alt_text"' in page


def test_the_change_form_still_shows_them(client, editor, photo):
    client.force_login(editor)
    page = client.get(reverse("admin:images_image_change", args=[photo.pk])).content.decode()
    for label in ("Chiều rộng", "Người tải lên", "Xem ảnh"):
        assert label in page, label
