"""The document model: numbers, validity, relations, secrecy, search."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from documents import numbering
from documents.models import Document, DocumentRelation, Validity
from editorial import workflow
from tests.documents.factories import DocumentFactory, attach_pdf, doc_type, issuer

pytestmark = pytest.mark.django_db
Status = Document.Status


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("15-NQ/TU", "15NQTU"),
        ("15 nq tu", "15NQTU"),
        ("15-nq/tu", "15NQTU"),
        ("Số 15-NQ/TU", "15NQTU"),
        ("số: 15-NQ/TU", "15NQTU"),
        ("05-QĐ/TU", "5QDTU"),
        ("5-QD/TU", "5QDTU"),
        ("08-QĐi/TW", "8QDITW"),
        ("959/QĐ-UBND", "959QDUBND"),
        ("40/2024/QĐ-UBND", "402024QDUBND"),
        ("dân vận", ""),
    ],
)
def test_a_number_typed_any_way_has_one_key(typed, key):
    assert numbering.key(typed) == key


@pytest.mark.parametrize(
    ("printed", "number", "symbol"),
    [
        ("15-NQ/TU", "15", "NQ/TU"),
        ("05-QĐ/TU", "05", "QĐ/TU"),
        ("08-QĐi/TW", "08", "QĐi/TW"),
        ("45-CV/BTGDVTU", "45", "CV/BTGDVTU"),
        ("959/QĐ-UBND", "959", "QĐ-UBND"),
        ("40/2024/QĐ-UBND", "40", "2024/QĐ-UBND"),
    ],
)
def test_party_and_state_numbers_parse_keeping_the_leading_zero(printed, number, symbol):
    parsed = numbering.parse(printed)
    assert (parsed.number, parsed.symbol, parsed.printed) == (number, symbol, printed)


@pytest.mark.parametrize("text", ["15/NQ/TU/", "NQ/TU", "15-", "abc", "15--NQ/TU", "15-NQ/"])
def test_a_symbol_that_does_not_parse_is_refused_with_a_message(text):
    assert numbering.parse(text) is None
    document = DocumentFactory.build(number_symbol=text, doc_type=doc_type(), issuer=issuer())
    with pytest.raises(ValidationError) as error:
        document.clean()
    assert "không phải số và ký hiệu" in str(error.value)


def test_heading_citation_and_stored_keys():
    document = DocumentFactory(number_symbol="Số 05-QĐ/TU", doc_type=doc_type("Quyết định"))
    assert document.number_symbol == "05-QĐ/TU"
    assert (document.number, document.symbol, document.number_key) == ("05", "QĐ/TU", "5QDTU")
    assert document.heading == "Quyết định số 05-QĐ/TU"
    assert document.citation.startswith(
        "Quyết định số 05-QĐ/TU ngày 05/9/2026 của Ban Thường vụ Tỉnh ủy về tăng cường"
    )
    assert "5-QĐ/TU" in document.search_keys
    assert document.get_absolute_url() == f"/van-ban/05-qd-tu-{document.pk}/"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("effective_on", dt.date(2026, 9, 1), "trước ngày ban hành"),
        ("expires_on", dt.date(2026, 9, 5), "sau ngày ban hành"),
        ("issued_on", dt.date(1900, 1, 1), "1930"),
    ],
)
def test_dates_in_the_wrong_order_are_refused(field, value, message):
    document = DocumentFactory.build(doc_type=doc_type(), issuer=issuer(), **{field: value})
    with pytest.raises(ValidationError) as error:
        document.clean()
    assert message in str(error.value)


def test_expiry_before_effective_date_is_refused():
    document = DocumentFactory.build(
        doc_type=doc_type(),
        issuer=issuer(),
        effective_on=dt.date(2026, 10, 1),
        expires_on=dt.date(2026, 9, 30),
    )
    with pytest.raises(ValidationError) as error:
        document.clean()
    assert "sau ngày có hiệu lực" in str(error.value)


def test_validity_comes_from_dates_and_replacements():
    today = dt.date.today()
    in_force = DocumentFactory()
    expired = DocumentFactory(expires_on=today - dt.timedelta(days=1))
    not_yet = DocumentFactory(effective_on=today + dt.timedelta(days=10))
    replaced = DocumentFactory()
    newer = DocumentFactory()
    DocumentRelation.objects.create(source=newer, kind="replaces", target=replaced)
    assert in_force.validity == Validity.IN_FORCE
    assert expired.validity == Validity.EXPIRED
    assert not_yet.validity == Validity.NOT_YET
    assert Document.objects.get(pk=replaced.pk).validity == Validity.REPLACED
    # The same rule as a filter.
    published = Document.objects.published()
    assert set(published.with_validity(Validity.REPLACED)) == {replaced}
    assert set(published.with_validity(Validity.EXPIRED)) == {expired}
    assert set(published.with_validity(Validity.NOT_YET)) == {not_yet}
    assert set(published.with_validity(Validity.IN_FORCE)) == {in_force, newer}
    # A draft that "replaces" something replaces nothing yet.
    workflow.transition(newer, Status.UNPUBLISHED, _publisher())
    assert Document.objects.get(pk=replaced.pk).validity == Validity.IN_FORCE


def _publisher():
    from django.contrib.auth.models import Group

    from tests.accounts.factories import UserFactory

    user = UserFactory(username="bientap-vb")
    user.groups.add(Group.objects.get(name="Biên tập viên"))
    return user


def test_duplicates_are_found_within_a_term_only():
    first = DocumentFactory(number_symbol="15-NQ/TU")
    same = DocumentFactory.build(
        number_symbol="15-NQ/TU", doc_type=first.doc_type, issuer=first.issuer, term=first.term
    )
    same.number = "15"
    assert list(same.duplicates()) == [first]
    other_term = DocumentFactory.build(
        number_symbol="15-NQ/TU", doc_type=first.doc_type, issuer=first.issuer, term=None
    )
    other_term.number = "15"
    assert not other_term.duplicates().exists()


@pytest.mark.parametrize(
    ("classification", "circulation"), [("mat", "public"), ("toi_mat", "public"),
                                        ("tuyet_mat", "public"), ("", "internal")]
)  # fmt: skip
def test_a_classified_or_internal_document_is_never_published(classification, circulation):
    editor = _publisher()
    document = DocumentFactory(
        status=Status.DRAFT,
        published_at=None,
        classification=classification,
        circulation=circulation,
    )
    with pytest.raises(workflow.TransitionError) as error:
        workflow.transition(document, Status.PUBLISHED, editor)
    assert "không" in str(error.value)
    document.refresh_from_db()
    assert document.status == Status.DRAFT
    # Even a row forced to "published" behind the workflow's back stays hidden.
    Document.objects.filter(pk=document.pk).update(status=Status.PUBLISHED)
    assert not Document.objects.published().filter(pk=document.pk).exists()


def test_files_text_is_searchable_and_follows_the_files():
    document = DocumentFactory(summary="về công tác dân vận")
    attachment = attach_pdf(document, text="Phong trao camera giam sat chay rung")
    document.refresh_from_db()
    assert "camera giam sat" in document.attachments_text
    found = Document.objects.published().search("camera giám sát")
    assert list(found) == [document]
    attachment.delete()
    assert not Document.objects.published().search("camera giám sát").exists()


def test_search_finds_the_number_typed_any_way_first():
    wanted = DocumentFactory(number_symbol="15-NQ/TU", summary="về dân vận")
    DocumentFactory(number_symbol="16-NQ/TU", summary="thực hiện Nghị quyết số 15-NQ/TU")
    for typed in ("15-NQ/TU", "15 nq tu", "15-nq/tu", "Số 15-NQ/TU"):
        assert list(Document.objects.published().search(typed))[0] == wanted, typed
