"""The image picker's callback number travels as ``?ham=``; ``?CKEditorFuncNum=``, the name
django-prose-editor opens it with (and old links carry), still works."""

import pytest

from tests.images import samples
from tests.images.factories import ImageFactory
from tests.images.test_uploads import upload

pytestmark = pytest.mark.django_db
PICKER_URL = "/admin/images/image/picker/"


def test_the_picker_uses_the_neutral_name(client, contributor):
    ImageFactory(title="Đại hội chi bộ")
    client.force_login(contributor)
    response = client.get(PICKER_URL, {"ham": "-2"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-func-num="-2"' in html
    assert 'action="?ham=-2"' in html and 'name="ham" value="-2"' in html
    assert "CKEditorFuncNum" not in html


def test_the_editors_old_name_is_sent_on_to_the_neutral_one(client, contributor):
    ImageFactory(title="Đại hội chi bộ")
    ImageFactory(title="Lễ ra quân")
    client.force_login(contributor)
    response = client.get(PICKER_URL, {"CKEditorFuncNum": "-1", "q": "Đại hội"})
    assert response.status_code == 302
    assert response["Location"].startswith(PICKER_URL + "?")
    assert "ham=-1" in response["Location"] and "CKEditorFuncNum" not in response["Location"]
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and 'data-func-num="-1"' in html
    assert "Đại hội chi bộ" in html and "Lễ ra quân" not in html


def test_an_upload_under_the_old_name_still_works(client, contributor):
    client.force_login(contributor)
    response = upload(
        client,
        samples.png_bytes(),
        name="anh.png",
        url=PICKER_URL + "?CKEditorFuncNum=-4",
        prefix="upload-",
    )
    assert response.status_code == 200
    assert 'data-func-num="-4"' in response.content.decode()


@pytest.mark.parametrize("value", ["", "abc", "-", "9" * 40, "--1"])
def test_a_bad_number_is_no_error(client, contributor, value):
    client.force_login(contributor)
    assert client.get(PICKER_URL, {"ham": value}).status_code == 200
    assert client.get(PICKER_URL, {"CKEditorFuncNum": value}, follow=True).status_code == 200
