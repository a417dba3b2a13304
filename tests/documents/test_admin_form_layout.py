"""The document form and list: the file first, one delete box, room to read the summary."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.documents.factories import DocumentFactory, attach_pdf

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/documents/document/add/"
LIST_URL = "/admin/documents/document/"


def test_the_file_comes_right_after_number_type_and_summary(client, editor):
    client.force_login(editor)
    page = client.get(ADD_URL).content.decode()
    files = page.index('id="attachments-group"')
    assert page.index('name="summary"') < files
    for later in ('name="signer"', 'name="fields"', 'name="body"', 'name="internal_note"'):
        assert files < page.index(later), later
    # The other inline (relations to other documents) stays at the end.
    assert page.index('name="internal_note"') < page.index('id="outgoing_relations-group"')


def test_a_saved_file_row_has_one_delete_box(client, editor):
    document = DocumentFactory()
    attach_pdf(document)
    client.force_login(editor)
    page = client.get(reverse("admin:documents_document_change", args=[document.pk]))
    html = page.content.decode()
    row = re.search(r'<tr[^>]*id="attachments-0".*?</tr>', html, re.S).group(0)
    assert re.findall(r'type="checkbox"[^>]*name="([^"]+)"', row) == ["attachments-0-DELETE"]
    assert "attachments-0-file-clear" not in html


def test_the_list_gives_the_summary_room_and_cuts_a_long_one_at_a_word(client, editor):
    long = "về " + " ".join(["tăng cường công tác dân vận của hệ thống chính trị"] * 6)
    DocumentFactory(summary=long)
    client.force_login(editor)
    html = client.get(LIST_URL).content.decode()
    cell = re.search(r'<td class="field-summary_short">(.*?)</td>', html, re.S).group(1)
    assert f'title="{long}"' in cell
    shown = re.sub(r"<[^>]+>", "", cell)
    assert shown.endswith("…") and len(shown) <= 161
    assert long.startswith(shown[:-1]) and long[len(shown) - 1] == " "  # cut at a word
    css = (Path(settings.BASE_DIR) / "core/static/core/admin.css").read_text(encoding="utf-8")
    assert ".model-document #result_list th.column-summary_short { width: 100%; }" in css
