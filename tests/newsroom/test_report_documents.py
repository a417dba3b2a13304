"""The report counts documents too, per kind (document type), on the page and in the file."""

import datetime as dt

import pytest

from newsroom.reports import Period, publication_report
from tests.documents.factories import DocumentFactory, doc_type

from .helpers import EXPORT, REPORT, local, published, table, workbook

pytestmark = pytest.mark.django_db
Q4_2025 = Period(dt.date(2025, 10, 1), dt.date(2025, 12, 31))


@pytest.fixture
def documents(db):
    resolution, decision = doc_type("Nghị quyết"), doc_type("Quyết định")
    resolution.order, decision.order = 1, 2
    resolution.save()
    decision.save()
    for day in (1, 2, 3):
        DocumentFactory(doc_type=resolution, published_at=local(2025, 10, day, 9, 0))
    DocumentFactory(doc_type=decision, published_at=local(2025, 12, 31, 23, 59))
    # Not counted: before the period, a draft, a classified and an internal one.
    DocumentFactory(doc_type=decision, published_at=local(2025, 9, 30, 23, 59))
    DocumentFactory(doc_type=decision, status="draft", published_at=None)
    DocumentFactory(doc_type=decision, classification="mat", published_at=local(2025, 11, 1, 8, 0))
    DocumentFactory(
        doc_type=decision, circulation="internal", published_at=local(2025, 11, 1, 8, 0)
    )
    published(local(2025, 11, 5, 8, 0))  # an article: counted among the articles only


def test_documents_are_counted_per_type_in_the_types_order(documents):
    report = publication_report(Q4_2025)
    assert [(row.kind, row.count) for row in report.documents_by_kind] == [
        ("Nghị quyết", 3),
        ("Quyết định", 1),
    ]
    assert report.documents_total == 4
    assert report.total == 1


def test_the_page_shows_the_documents_table(client, editor, documents):
    client.force_login(editor)
    page = client.get(REPORT, {"nam": "2025", "ky": "4"}).content.decode()
    assert "Văn bản theo loại" in page and "4 văn bản đăng tải" in page
    part = page[page.index('id="report-document-kinds"') :]
    assert part.index("Nghị quyết") < part.index("Quyết định")


def test_the_file_has_a_sheet_of_documents_per_type(client, editor, documents):
    client.force_login(editor)
    book = workbook(client.get(EXPORT, {"nam": "2025", "ky": "4"}))
    assert table(book["Văn bản theo loại"]) == [
        ("Nghị quyết", 3),
        ("Quyết định", 1),
        ("Tổng cộng", 4),
    ]


def test_no_documents_is_said_so(client, editor):
    client.force_login(editor)
    page = client.get(REPORT, {"nam": "2025", "ky": "4"}).content.decode()
    assert "Không có văn bản nào trong khoảng này." in page
