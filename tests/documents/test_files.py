"""Attached files: checked by content through the real admin form, served with the right headers."""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from documents.models import Attachment, Document
from documents.uploads import MAX_BYTES
from tests.documents import samples
from tests.documents.factories import DocumentFactory, attach_pdf, doc_type, issuer, term

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/documents/document/add/"


def form_data(**overrides):
    data = {
        "doc_type": doc_type().pk,
        "number_symbol": "15-NQ/TU",
        "issuer": issuer().pk,
        "term": term().pk,
        "issued_on": "2026-09-05",
        "place": "Lạng Sơn",
        "summary": "về tăng cường công tác dân vận",
        "signer": "",
        "signing_authority": "T/M",
        "signer_position": "BÍ THƯ",
        "effective_on": "",
        "expires_on": "",
        "body": "",
        "classification": "",
        "circulation": "public",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "internal_note": "",
        "expected_version": "",
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-0-original_name": "",
        "attachments-0-order": "0",
        "outgoing_relations-TOTAL_FORMS": "0",
        "outgoing_relations-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def post(client, content, name="Nghị quyết 15.pdf", **overrides):
    data = form_data(**overrides)
    data["attachments-0-file"] = SimpleUploadedFile(name, content)
    return client.post(ADD_URL, data)


def errors_of(response):
    context = response.context
    messages = [str(e) for errs in context["adminform"].form.errors.values() for e in errs]
    for formset in context["inline_admin_formsets"]:
        for form_errors in formset.formset.errors:
            messages += [str(e) for errs in form_errors.values() for e in errs]
        messages += [str(e) for e in formset.formset.non_form_errors()]
    return " ".join(messages)


def test_a_document_with_its_pdf_is_saved_through_the_admin(client, editor):
    client.force_login(editor)
    response = post(client, samples.pdf_bytes("Nghi quyet ve dan van kheo"))
    assert response.status_code == 302, errors_of(response)
    document = Document.objects.get()
    attachment = document.attachments.get()
    assert attachment.kind == "pdf" and attachment.pages == 1
    assert attachment.original_name == "Nghị quyết 15.pdf"
    assert "dan van kheo" in attachment.text and "dan van kheo" in document.attachments_text
    # Stored under a random name, outside MEDIA_ROOT.
    assert "Nghị" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    assert "private" in attachment.file.path


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bao-cao.pdf", samples.HTML_AS_PDF, "HTML"),
        ("bao-cao.pdf", samples.SVG_AS_PDF, "SVG"),
        ("bao-cao.pdf", samples.SCRIPT_AS_PDF, "tệp lệnh"),
        ("bao-cao.pdf", samples.EXE_AS_PDF, "chương trình Windows"),
        ("bao-cao.pdf", b"day khong phai pdf", "không phải PDF"),
        ("bao-cao.pdf", b"%PDF-1.7\n garbage", "hỏng"),
        ("bao-cao.pdf", b"   ", "rỗng"),
        ("bao-cao.pdf", samples.pdf_with_javascript(), "JavaScript"),
        ("bao-cao.pdf", samples.pdf_with_launch_action(), "chạy chương trình"),
        ("bao-cao.docx", samples.pdf_bytes(), "không phải tệp Office"),
        ("bao-cao.docx", samples.odt_bytes(), "không phải văn bản DOCX"),
        ("bao-cao.odt", samples.docx_bytes(), "không phải văn bản ODT"),
        ("bao-cao.doc", samples.docx_bytes(), "không phải văn bản Word"),
        ("bao-cao.docx", samples.zip_bomb_docx(), "quá lớn"),
        ("bao-cao.exe", samples.pdf_bytes(), "chỉ nhận PDF"),
        ("bao-cao.pdf", b"%PDF-1.4" + b"0" * MAX_BYTES, "20 MB"),
    ],
    ids=["html", "svg", "script", "exe", "not-pdf", "broken-pdf", "empty", "javascript",
         "launch", "pdf-as-docx", "odt-as-docx", "docx-as-odt", "docx-as-doc", "zip-bomb",
         "exe-name", "oversized"],
)  # fmt: skip
def test_disguised_and_dangerous_files_are_refused_through_the_admin_form(
    client, editor, name, content, message
):
    client.force_login(editor)
    response = post(client, content, name=name)
    assert response.status_code == 200
    assert message in errors_of(response)
    assert Document.objects.count() == 0 and Attachment.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "kind", "text"),
    [
        ("ke-hoach.docx", samples.docx_bytes("Ke hoach so hoa"), "docx", "Ke hoach so hoa"),
        ("thong-bao.odt", samples.odt_bytes("Thong bao ket luan"), "odt", "Thong bao ket luan"),
        ("cong-van.doc", samples.doc_bytes(), "doc", ""),
    ],
)
def test_office_files_are_accepted_and_their_text_kept(client, editor, name, content, kind, text):
    client.force_login(editor)
    response = post(client, content, name=name)
    assert response.status_code == 302, errors_of(response)
    attachment = Attachment.objects.get()
    assert attachment.kind == kind and text in attachment.text


def test_download_has_the_documents_vietnamese_name_type_and_nosniff(client):
    document = DocumentFactory(number_symbol="15-NQ/TU", summary="về công tác dân vận")
    attachment = attach_pdf(document, name="scan.pdf")
    response = client.get(attachment.get_download_url(), HTTP_USER_AGENT="Mozilla/5.0 Chrome")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('15-NQ-TU về công tác dân vận.pdf')}" in disposition
    assert 'filename="15-NQ-TU ve cong tac dan van.pdf"' in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    attachment.refresh_from_db()
    assert attachment.download_count == 1
    # Viewing opens it inline, in the browser's own viewer, and isn't a download.
    view = client.get(attachment.get_view_url())
    assert view["Content-Disposition"].startswith("inline;")
    attachment.refresh_from_db()
    assert attachment.download_count == 1


def test_downloads_count_once_per_reader_and_never_for_bots(client):
    attachment = attach_pdf(DocumentFactory())
    for _ in range(3):
        client.get(attachment.get_download_url(), HTTP_USER_AGENT="Mozilla/5.0 Chrome")
    client.get(attachment.get_download_url(), HTTP_USER_AGENT="curl/8.0")
    attachment.refresh_from_db()
    assert attachment.download_count == 1


def test_a_missing_file_is_a_404_for_that_file_not_a_500_for_the_page(client):
    document = DocumentFactory()
    attachment = attach_pdf(document)
    attachment.file.storage.delete(attachment.file.name)
    assert client.get(attachment.get_download_url()).status_code == 404
    assert client.get(document.get_absolute_url()).status_code == 200


def test_files_of_unpublished_documents_are_not_served(client):
    draft = DocumentFactory(status=Document.Status.DRAFT, published_at=None)
    secret = DocumentFactory(classification="mat")
    for document in (draft, secret):
        attachment = attach_pdf(document)
        assert client.get(attachment.get_download_url()).status_code == 404
        assert client.get(attachment.get_view_url()).status_code == 404


def test_files_are_not_under_media_and_have_no_public_address():
    attachment = attach_pdf(DocumentFactory())
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018


def test_purging_a_document_deletes_its_files(
    site_admin, client, django_capture_on_commit_callbacks
):
    document = DocumentFactory()
    attachment = attach_pdf(document)
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert not storage.exists(name)


def test_a_purge_that_rolls_back_keeps_the_files():
    """The file goes when the deletion commits: a rolled-back purge leaves row and file."""
    document = DocumentFactory()
    attachment = attach_pdf(document)
    storage, name = attachment.file.storage, attachment.file.name
    with pytest.raises(RuntimeError), transaction.atomic():
        document.delete()
        raise RuntimeError("rolled back")
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert storage.exists(name)


def _change_data(document, **attachment):
    data = form_data(
        doc_type=document.doc_type_id,
        number_symbol=document.number_symbol,
        issuer=document.issuer_id,
        term=document.term_id or "",
        issued_on=document.issued_on.isoformat(),
        summary=document.summary,
        status=document.status,
        expected_version=document.version,
        **{"attachments-INITIAL_FORMS": "1"},
    )
    existing = document.attachments.get()
    data.update(
        {
            "attachments-0-id": existing.pk,
            "attachments-0-document": document.pk,
            "attachments-0-original_name": existing.original_name,
            **attachment,
        }
    )
    return data


def test_replacing_an_attachments_file_removes_the_old_one(
    client, editor, django_capture_on_commit_callbacks
):
    """The replaced file is a version someone took back: it leaves the disk (and so
    every later backup) once the change commits."""
    document = DocumentFactory(status="draft")
    attachment = attach_pdf(document, text="Ban cu")
    storage, old_name = attachment.file.storage, attachment.file.name
    client.force_login(editor)
    data = _change_data(
        document,
        **{"attachments-0-file": SimpleUploadedFile("moi.pdf", samples.pdf_bytes("Ban moi"))},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/documents/document/{document.pk}/change/", data)
    assert response.status_code == 302, errors_of(response)
    attachment.refresh_from_db()
    assert attachment.file.name != old_name and storage.exists(attachment.file.name)
    assert not storage.exists(old_name)
    assert "Ban moi" in attachment.text


def test_deleting_an_attachment_row_removes_its_file(
    client, editor, django_capture_on_commit_callbacks
):
    document = DocumentFactory(status="draft")
    attachment = attach_pdf(document)
    storage, name = attachment.file.storage, attachment.file.name
    client.force_login(editor)
    data = _change_data(document, **{"attachments-0-DELETE": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/documents/document/{document.pk}/change/", data)
    assert response.status_code == 302, errors_of(response)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not storage.exists(name)


def test_the_download_name_always_ends_in_the_files_real_kind():
    document = DocumentFactory()
    attachment = attach_pdf(document, name="Nghị quyết 15.pdf")
    for typed, served in (
        ("Nghị quyết 15.hta", "Nghị quyết 15.hta.pdf"),
        ("Nghị quyết 15.docx", "Nghị quyết 15.pdf"),
        ("Nghị quyết 15", "Nghị quyết 15.pdf"),
    ):
        Attachment.objects.filter(pk=attachment.pk).update(original_name=typed)  # as stored
        attachment.refresh_from_db()
        assert attachment.own_name == served
        assert attachment.download_name.endswith(f".{attachment.kind}")
        attachment.save()
        assert Attachment.objects.get(pk=attachment.pk).original_name == served
    Attachment.objects.filter(pk=attachment.pk).update(original_name="hồ-sơ\u202efdp.hta")
    attachment.refresh_from_db()
    assert "\u202e" not in attachment.own_name + attachment.download_name
    assert attachment.own_name.endswith(".pdf") and attachment.download_name.endswith(".pdf")


def test_text_cut_short_at_upload_is_taken_out_later_by_the_command(monkeypatch):
    """Taking out the text stops after TEXT_SECONDS at upload, and says so; the
    command reads the file again with minutes to spare and re-indexes it."""
    from django.core.management import call_command

    from documents import uploads

    monkeypatch.setattr(uploads, "TEXT_SECONDS", 0.001)
    document = DocumentFactory()
    attachment = attach_pdf(document, text="Nghi quyet ve chuyen doi so " * 2000)
    assert attachment.text_state != Attachment.TextState.FULL
    assert attachment.text_note == "time"
    assert "dừng sau" in attachment.text_label
    monkeypatch.undo()
    call_command("extract_attachment_text")
    attachment.refresh_from_db()
    document.refresh_from_db()
    assert attachment.text_state == Attachment.TextState.FULL and attachment.text_label == ""
    assert "chuyen doi so" in attachment.text and "chuyen doi so" in document.attachments_text


def test_a_second_upload_while_the_users_first_is_checked_is_refused_at_once(
    client, contributor, settings
):
    """Five crafted uploads at once from one account took every parse slot in turn:
    a user's uploads are checked one at a time, a second is refused without waiting."""
    from core import sandbox

    client.force_login(contributor)
    with sandbox.only_one(f"uploads-of-{contributor.pk}") as held:
        assert held
        response = post(client, samples.pdf_bytes())
    assert response.status_code == 200
    assert "Một tệp khác bạn gửi đang được kiểm tra" in errors_of(response)
    assert Document.objects.count() == 0 and Attachment.objects.count() == 0
    assert post(client, samples.pdf_bytes()).status_code == 302
