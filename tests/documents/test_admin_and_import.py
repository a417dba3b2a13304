"""The documents admin (workflow, secrecy, duplicates) and `manage.py import_documents`."""

import csv

import pytest
from django.core.management import CommandError, call_command

from documents.models import Attachment, Document, Signer
from tests.documents import samples
from tests.documents.factories import DocumentFactory, attach_pdf
from tests.documents.test_files import errors_of, form_data

pytestmark = pytest.mark.django_db
Status = Document.Status
ADD_URL = "/admin/documents/document/add/"
LIST_URL = "/admin/documents/document/"


def no_files(**overrides):
    return form_data(**{"attachments-TOTAL_FORMS": "0", **overrides})


def test_publishing_a_classified_document_is_refused_in_the_form(client, editor):
    client.force_login(editor)
    response = client.post(
        ADD_URL, no_files(classification="mat", status="published", number_symbol="09-NQ/TU")
    )
    assert response.status_code == 200
    assert "không bao giờ được đăng" in errors_of(response)
    assert not Document.objects.exists()


def test_classifying_a_published_document_is_refused_while_it_is_published(client, editor):
    document = DocumentFactory()
    client.force_login(editor)
    data = no_files(
        number_symbol=document.number_symbol,
        status="published",
        circulation="internal",
        expected_version=document.version,
        published_at_0=f"{document.published_at:%Y-%m-%d}",
        published_at_1=f"{document.published_at:%H:%M:%S}",
    )
    response = client.post(f"{LIST_URL}{document.pk}/change/", data)
    assert response.status_code == 200 and "nội bộ" in errors_of(response)
    document.refresh_from_db()
    assert document.circulation == "public"


def test_publishing_a_classified_document_is_refused_by_the_action(client, editor):
    document = DocumentFactory(status=Status.DRAFT, published_at=None, classification="toi_mat")
    client.force_login(editor)
    response = client.post(
        LIST_URL, {"action": "publish_now", "_selected_action": [document.pk]}, follow=True
    )
    assert "không bao giờ được đăng" in response.content.decode()
    document.refresh_from_db()
    assert document.status == Status.DRAFT


def test_a_contributor_cannot_publish_a_document(client, contributor):
    client.force_login(contributor)
    response = client.post(ADD_URL, no_files(status="published"))
    assert response.status_code == 200 and "status" in response.context["adminform"].form.errors
    response = client.post(ADD_URL, no_files(status="pending"))
    assert response.status_code == 302, errors_of(response)
    document = Document.objects.get()
    assert document.status == Status.PENDING and document.author == contributor


def test_a_duplicate_number_is_named_and_can_be_confirmed(client, editor):
    existing = DocumentFactory(number_symbol="15-NQ/TU", summary="về công tác dân vận")
    client.force_login(editor)
    response = client.post(ADD_URL, no_files(number_symbol="15-NQ/TU"))
    assert response.status_code == 200
    message = errors_of(response)
    assert "Nghị quyết số 15-NQ/TU" in message and "về công tác dân vận" in message
    assert Document.objects.count() == 1
    response = client.post(ADD_URL, no_files(number_symbol="15-NQ/TU", confirm_duplicate="on"))
    assert response.status_code == 302
    assert Document.objects.filter(number_symbol=existing.number_symbol).count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"number_symbol": "15/NQ/TU/"}, "number_symbol"),
        ({"effective_on": "2026-09-01"}, "effective_on"),
        ({"effective_on": "2026-10-01", "expires_on": "2026-09-30"}, "expires_on"),
        ({"issued_on": "garbage"}, "issued_on"),
    ],
)
def test_bad_input_in_the_admin_form_gets_a_message(client, editor, overrides, field):
    client.force_login(editor)
    response = client.post(ADD_URL, no_files(**overrides))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not Document.objects.exists()


def test_admin_search_finds_a_number_typed_any_way(client, editor):
    wanted = DocumentFactory(number_symbol="05-QĐ/TU")
    DocumentFactory(number_symbol="06-NQ/TU")
    client.force_login(editor)
    for typed in ("5 qd tu", "Số 05-QĐ/TU", "05-qđ/tu"):
        found = client.get(LIST_URL, {"q": typed}).context["cl"].result_list
        assert list(found) == [wanted], typed


def test_only_admins_manage_the_vocabularies(client, editor, site_admin):
    data = {"name": "Nghị quyết liên tịch", "abbreviation": "NQLT", "order": 50, "slug": ""}
    client.force_login(editor)
    client.post("/admin/documents/documenttype/add/", data)
    assert not Document.doc_type.field.related_model.objects.filter(abbreviation="NQLT").exists()
    client.force_login(site_admin)
    client.post("/admin/documents/documenttype/add/", data)
    assert Document.doc_type.field.related_model.objects.filter(abbreviation="NQLT").exists()


# ------------------------------------------------------------------ import


def write_csv(path, rows, delimiter=","):
    headers = ["Số ký hiệu", "Loại", "Cơ quan", "Nhiệm kỳ", "Ngày ban hành", "Trích yếu",
               "Người ký", "Lĩnh vực", "Độ mật", "Tệp", "Xuất bản"]  # fmt: skip
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(headers)
        writer.writerows(rows)


def good_rows():
    return [
        ["15-NQ/TU", "NQ", "Ban Thường vụ Tỉnh ủy", "Tỉnh ủy khóa XVIII (2025–2030)",
         "05/09/2026", "về công tác dân vận", "Hoàng Văn Nghiệm", "Tuyên giáo – dân vận", "",
         "nq15.pdf", "có"],
        ["05-QĐ/TU", "Quyết định", "TU", "", "2026-10-28", "về thành lập Ban Biên tập",
         "Hoàng Văn Nghiệm", "", "Không", "qd05.docx;phu-luc.pdf", "không"],
    ]  # fmt: skip


@pytest.fixture
def files(tmp_path):
    folder = tmp_path / "tep"
    folder.mkdir()
    (folder / "nq15.pdf").write_bytes(samples.pdf_bytes("Nghi quyet dan van kheo"))
    (folder / "qd05.docx").write_bytes(samples.docx_bytes("Quyet dinh thanh lap"))
    (folder / "phu-luc.pdf").write_bytes(samples.pdf_bytes("Phu luc danh sach"))
    return folder


def test_import_documents_from_a_spreadsheet(tmp_path, files, editor):
    sheet = tmp_path / "van-ban.csv"
    write_csv(sheet, good_rows(), delimiter=";")
    call_command("import_documents", str(sheet), "--files", str(files), "--user", editor.username)
    nq, qd = Document.objects.get(number_symbol="15-NQ/TU"), Document.objects.get(number="05")
    assert nq.is_published() and nq.published_by == editor and not qd.is_published()
    assert nq.signer == qd.signer == Signer.objects.get(name="Hoàng Văn Nghiệm")
    assert [f.name for f in nq.fields.all()] == ["Tuyên giáo – dân vận"]
    assert qd.attachments.count() == 2 and "thanh lap" in qd.attachments_text
    assert Document.objects.published().search("dan van kheo").get() == nq
    # Run again: nothing added twice.
    call_command("import_documents", str(sheet), "--files", str(files), "--user", editor.username)
    assert Document.objects.count() == 2 and Attachment.objects.count() == 3


def test_an_import_with_errors_names_each_row_and_writes_nothing(tmp_path, files, editor):
    (files / "gia.pdf").write_bytes(samples.HTML_AS_PDF)
    rows = good_rows() + [
        ["16/NQ", "NQ", "TU", "", "31/02/2026", "x", "", "", "", "gia.pdf", ""],
        ["17-NQ/TU", "Loại lạ", "Cơ quan lạ", "", "2026-01-01", "", "", "Lĩnh vực lạ", "", "",
         ""],
        ["18-NQ/TU", "NQ", "TU", "", "2026-01-01", "về việc mật", "", "", "Mật", "khong-co.pdf",
         "có"],
    ]  # fmt: skip
    sheet = tmp_path / "van-ban.csv"
    write_csv(sheet, rows)
    with pytest.raises(CommandError) as error:
        call_command(
            "import_documents", str(sheet), "--files", str(files), "--user", editor.username
        )
    message = str(error.value)
    expected = [
        "Dòng 4: số ký hiệu “16/NQ”",
        "Dòng 4: ngày ban hành",
        "Dòng 4: tệp “gia.pdf”",
        "Dòng 5: không có loại văn bản",
        "Dòng 5: không có cơ quan",
        "Dòng 5: thiếu trich_yeu",
        "Dòng 5: không có lĩnh vực",
        "Dòng 6: Văn bản mật",
        "Dòng 6: không có tệp",
    ]
    for line in expected:
        assert line in message, line
    assert not Document.objects.exists() and not Attachment.objects.exists()
    assert not Signer.objects.exists()


def test_publishing_by_import_needs_someone_who_may_publish(tmp_path, files, contributor):
    sheet = tmp_path / "van-ban.csv"
    write_csv(sheet, good_rows()[:1])
    with pytest.raises(CommandError) as error:
        call_command(
            "import_documents", str(sheet), "--files", str(files), "--user", contributor.username
        )
    assert "quyền xuất bản" in str(error.value)
    assert not Document.objects.exists()


def test_import_refuses_files_that_are_not_utf8_or_lack_columns(tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"S\xf4 k\xfd hi\xea\xf9u,Lo\xe1i\n")  # an old 8-bit code page
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_documents", str(latin))
    missing = tmp_path / "thieu.csv"
    missing.write_text("Số ký hiệu,Loại\n15-NQ/TU,NQ\n", encoding="utf-8")
    with pytest.raises(CommandError, match="thiếu cột"):
        call_command("import_documents", str(missing))


def test_a_document_with_files_opens_in_the_admin_and_staff_open_a_drafts_file(
    client, editor, contributor, other_contributor
):
    """Attachments are private files (no public address): the change page names
    each one and links to the admin's own view, which serves drafts' files too
    to those who may see the document, and to nobody else."""
    draft = DocumentFactory(status=Document.Status.DRAFT, published_at=None, author=contributor)
    attachment = attach_pdf(draft, name="Dự thảo nghị quyết.pdf")
    file_url = f"/admin/documents/document/tep/{attachment.pk}/"

    client.force_login(editor)
    page = client.get(f"/admin/documents/document/{draft.pk}/change/")
    assert page.status_code == 200
    assert f'href="{file_url}"' in page.content.decode()
    assert "Dự thảo nghị quyết.pdf" in page.content.decode()
    response = client.get(file_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # The public address still refuses a draft's file.
    assert client.get(f"/van-ban/tep/{attachment.pk}/tai-ve/").status_code == 404

    client.force_login(contributor)  # the author
    assert client.get(file_url).status_code == 200
    client.force_login(other_contributor)  # may not see another's draft
    assert client.get(file_url).status_code == 403
    client.logout()
    assert client.get(file_url).status_code == 302
