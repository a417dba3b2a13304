"""The demo's documents are issued where their issuers are: Central ones in Hà Nội."""

import re
from urllib.parse import unquote

import pytest
from django.core.management import call_command

from documents import filenames
from documents.models import Document

pytestmark = pytest.mark.django_db


def test_demo_documents_are_issued_where_their_issuer_is(client):
    call_command("load_demo")
    central = Document.objects.filter(issuer__level="central")
    assert central.exists() and set(central.values_list("place", flat=True)) == {"Hà Nội"}
    provincial = Document.objects.exclude(issuer__level="central")
    assert set(provincial.values_list("place", flat=True)) == {"Lạng Sơn"}
    qd66 = Document.objects.get(number_symbol="66-QĐ/TW")
    page = client.get(qd66.get_absolute_url()).content.decode()
    assert re.search(r"06/02/2017</time>, Hà Nội", page)
    # The drawn PDF says so too.
    assert "Hà Nội, ngày 06 tháng 02 năm 2017" in qd66.attachments.get().text


def test_demo_downloads_are_named_by_number_and_whole_words(client):
    call_command("load_demo")
    for document in Document.objects.published().filter(attachments__isnull=False)[:40]:
        url = document.attachments.first().get_download_url()
        disposition = client.get(url, HTTP_USER_AGENT="Mozilla/5.0 Chrome")["Content-Disposition"]
        name = unquote(re.search(r"filename\*=utf-8''([^;\s]+)", disposition).group(1))
        assert len(name.encode()) <= filenames.MAX_BYTES
        stem = name.removesuffix(".pdf")
        symbol = document.number_symbol.replace("/", "-")
        assert stem.startswith(symbol)
        summary = document.summary.replace("/", "-")
        shown = stem.removeprefix(symbol).strip()
        assert summary.startswith(shown)
        rest = summary[len(shown) :]
        assert rest == "" or rest[0] in " ,.;:", (name, rest[:10])
