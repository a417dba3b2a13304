"""Crafted files sent through the real admin form, as a reporter (Phóng viên) would send them.

Each test is a reported attack or a well-known one (issue 17 and after):
files that held a web worker, macros and remote content, PDF actions, polyglot
files and misleading names, and pypdf's own errors. What is asserted is what
the reporter sees (the message, or the stored row and its download name) and
that a refused file leaves nothing behind: no Document, no Attachment, no
file under PORTAL_PRIVATE_ROOT. Costs are never asserted as times (the
project measures those in bench/); each file is judged by what happens.
"""

import html
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from core import sandbox
from documents import uploads
from documents.filecheck import xmlstream
from documents.models import Attachment, Document
from tests.documents import attack_samples as attacks
from tests.documents import samples
from tests.documents.test_files import errors_of, form_data, post

pytestmark = pytest.mark.django_db
BROKEN_XML = "bị hỏng (phần “{part}”, dòng 1 không đọc được)"


@pytest.fixture
def reporter(client, contributor):
    client.force_login(contributor)
    return client


def stored_files(settings):
    root = Path(settings.PORTAL_PRIVATE_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def refused(client, content, name, settings, **overrides):
    """Post ``content`` as ``name``; the form's messages, once nothing is seen stored."""
    response = post(client, content, name=name, **overrides)
    assert response.status_code == 200
    messages = errors_of(response)
    assert messages, "the form shows why the file was refused"
    assert Document.objects.count() == 0 and Attachment.objects.count() == 0
    assert stored_files(settings) == []
    return messages


def accepted(client, content, name, **overrides):
    response = post(client, content, name=name, **overrides)
    assert response.status_code == 302, errors_of(response)
    return Attachment.objects.get()


# ---------------------------------------------------------------- files that held a worker


@pytest.mark.parametrize(
    ("name", "build", "part"),
    [
        ("ke-hoach.docx", attacks.docx_of_angle_brackets, "word/document.xml"),
        ("thong-bao.odt", attacks.odt_of_angle_brackets, "content.xml"),
    ],
    ids=["docx", "odt"],
)
def test_400_kb_of_angle_brackets_is_refused_as_broken_xml(reporter, settings, name, build, part):
    """A regex went quadratic on it (30 s); expat stops at the second byte."""
    messages = refused(reporter, build(), name, settings)
    assert BROKEN_XML.format(part=part) in messages


def test_a_docx_unpacking_to_190_mb_is_refused_at_the_16_mb_allowance(reporter, settings):
    """Under the old 200 MB limit, it took a worker to 5 GB."""
    messages = refused(reporter, attacks.docx_of_short_words(190), "bao-cao.docx", settings)
    mb = xmlstream.MAX_XML_BYTES // (1024 * 1024)
    assert f"Tệp DOCX quá lớn khi giải nén: hơn {mb} MB nội dung" in messages
    assert "“word/document.xml”" in messages


@pytest.mark.parametrize(
    ("crc_of_prefix", "message"),
    [
        (False, "bị hỏng (phần “word/document.xml” không giải nén được)"),
        (True, BROKEN_XML.format(part="word/document.xml")),
    ],
    ids=["real-crc", "crc-of-what-it-declares"],
)
def test_a_docx_declaring_small_sizes_is_read_no_further_than_it_declares(
    reporter, settings, crc_of_prefix, message
):
    """Its directory says 1 KB; it unpacks to 64 MB. What is read is bounded by bytes
    read, not by the sizes declared: the reader stops at 1 KB and finds the lie."""
    content = attacks.docx_declaring_small_sizes(64, crc_of_prefix=crc_of_prefix)
    assert len(content) < 100_000
    assert message in refused(reporter, content, "bao-cao.docx", settings)


@pytest.mark.parametrize("pages", [500, 8])
def test_a_pdf_of_path_operators_is_kept_with_its_text_marked_as_stopped(reporter, pages):
    """Pages sharing one content stream of 200,000 path operators (3.5 s of pypdf
    each; 500 pages made 30 minutes). Taking out the text stops at its budget;
    the file is kept and the admin says why its text is missing."""
    attachment = accepted(reporter, attacks.pdf_of_path_operators(pages), "Bao cao.pdf")
    assert attachment.pages == pages
    assert attachment.text_state in (Attachment.TextState.NONE, Attachment.TextState.PARTIAL)
    assert attachment.text_note == "time"
    label = attachment.text_label
    seconds = f"{uploads.TEXT_SECONDS:g}".replace(".", ",")
    assert f"việc lấy chữ dừng sau {seconds} giây xử lý" in label
    change = reporter.get(f"/admin/documents/document/{attachment.document_id}/change/")
    assert change.status_code == 200
    assert label in html.unescape(change.content.decode())


# ---------------------------------------------------------------- never inside a transaction


def test_a_check_refuses_to_start_inside_a_transaction():
    with transaction.atomic(), pytest.raises(sandbox.TransactionOpen):
        sandbox.run(uploads.TARGET, samples.pdf_bytes(), uploads.LIMITS, kind="pdf",
                    text_seconds=1)  # fmt: skip
    with transaction.atomic(), pytest.raises(sandbox.TransactionOpen):
        uploads.check_attachment(_upload(samples.pdf_bytes(), "a.pdf"))


def _upload(content, name):
    return SimpleUploadedFile(name, content)


def test_an_admin_upload_is_checked_before_the_admin_opens_its_transaction(reporter):
    """Django's admin saves inside ``atomic()``; the check inside it would raise
    TransactionOpen (a 500). A saved document proves it ran before."""
    attachment = accepted(reporter, samples.pdf_bytes("Ke hoach 30"), "Ke hoach.pdf")
    assert "Ke hoach 30" in attachment.text
    # The change form too: a second file added to the saved document.
    document = attachment.document
    data = {
        **_change_data(document),
        "attachments-TOTAL_FORMS": "2",
        "attachments-INITIAL_FORMS": "1",
        "attachments-0-id": str(attachment.pk),
        "attachments-0-document": str(document.pk),
        "attachments-0-original_name": attachment.original_name,
        "attachments-0-order": "0",
        "attachments-1-document": str(document.pk),
        "attachments-1-original_name": "",
        "attachments-1-order": "1",
        "attachments-1-file": _upload(samples.docx_bytes("Phu luc"), "Phu luc.docx"),
    }
    response = reporter.post(f"/admin/documents/document/{document.pk}/change/", data)
    assert response.status_code == 302, errors_of(response)
    assert sorted(document.attachments.values_list("kind", flat=True)) == ["docx", "pdf"]


def _change_data(document):
    data = form_data(expected_version=str(document.version))
    data.pop("attachments-0-file", None)
    return data


# ---------------------------------------------------------------- download names and polyglots


def _filenames(disposition):
    """Every file name a Content-Disposition header gives (filename= and filename*=)."""
    names = [unquote(value) for value in re.findall(r"filename\*=utf-8''([^;\s]+)", disposition)]
    names += re.findall(r'filename="((?:[^"\\]|\\.)*)"', disposition)
    return names


def _publish(document):
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.PUBLISHED, published_at=timezone.now() - timezone.timedelta(hours=1)
    )


@pytest.mark.parametrize(
    "typed", ["Nghi quyet 15.hta", "Nghị quyết 15.hta"], ids=["ascii", "vietnamese"]
)
def test_an_hta_original_name_is_served_as_a_pdf(reporter, client, typed):
    attachment = accepted(
        reporter, samples.pdf_bytes(), "Nghi quyet.pdf", **{"attachments-0-original_name": typed}
    )
    assert attachment.original_name == f"{typed}.pdf"
    # A second file carries its own name in the download's: still a .pdf.
    first = Attachment.objects.create(
        document=attachment.document, file=ContentFile(samples.pdf_bytes(), name="a.pdf"), order=0
    )
    Attachment.objects.filter(pk=attachment.pk).update(order=1)
    _publish(attachment.document)
    client.logout()
    response = client.get(attachment.get_download_url(), HTTP_USER_AGENT="Mozilla/5.0 Chrome")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    names = _filenames(disposition)
    assert len(names) == 2 and names[0].endswith(f" – {typed}.pdf")
    assert all(name.endswith(".hta.pdf") for name in names)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    # Opened in the browser's viewer, it has the same name.
    view = client.get(attachment.get_view_url())
    assert view["Content-Disposition"].startswith("inline;")
    assert _filenames(view["Content-Disposition"]) == names
    assert typed not in _filenames(client.get(first.get_download_url())["Content-Disposition"])[0]


def test_an_hta_name_stored_before_the_rule_is_still_served_as_a_pdf(reporter, client):
    """A row written before names were checked (or by hand) is served safely too."""
    attachment = accepted(reporter, samples.pdf_bytes(), "Nghi quyet.pdf")
    Attachment.objects.filter(pk=attachment.pk).update(original_name="hồ sơ\u202efdp.hta")
    _publish(attachment.document)
    client.logout()
    response = client.get(attachment.get_download_url(), HTTP_USER_AGENT="Mozilla/5.0 Chrome")
    names = _filenames(response["Content-Disposition"])
    assert names and all(n.endswith(".pdf") and "\u202e" not in n for n in names)


@pytest.mark.parametrize(
    ("typed", "code_point"),
    [
        ("hồ-sơ\u202efdp.hta", "U+202E"),
        ("hồ-sơ\u200ffdp.pdf", "U+200F"),
        ("hồ-sơ\u2066x\u2069.pdf", "U+2066"),
        ("bao\x07cao.pdf", "U+0007"),
        ("bao\x1bcao.pdf", "U+001B"),
        ("bao\tcao.pdf", "U+0009"),
        ("bao\x85cao.pdf", "U+0085"),
    ],
    ids=["rlo", "rlm", "isolate", "bell", "escape", "tab", "nel"],
)
def test_hidden_characters_in_the_original_name_are_refused(reporter, settings, typed, code_point):
    messages = refused(
        reporter, samples.pdf_bytes(), "a.pdf", settings, **{"attachments-0-original_name": typed}
    )
    assert code_point in messages and "ký tự ẩn" in messages


def test_hidden_characters_in_the_uploaded_file_s_name_never_reach_a_reader(reporter):
    """Django's upload parser drops unprintable characters from a sent file's name;
    a file given to the check another way (a command, an import) is refused."""
    attachment = accepted(reporter, samples.pdf_bytes(), "hồ-sơ\u202efdp.pdf")
    assert attachment.original_name == "hồ-sơfdp.pdf"
    with pytest.raises(ValidationError) as refusal:
        uploads.check_attachment(_upload(samples.pdf_bytes(), "hồ-sơ\u202efdp.pdf"))
    assert "U+202E" in " ".join(refusal.value.messages)


@pytest.mark.parametrize(
    "junk",
    [b"GARBAGE\r\n", b"\xef\xbb\xbf", b" \n", b"\0" * 16],
    ids=["text", "bom", "space", "nul"],
)
def test_a_pdf_with_bytes_before_its_header_is_refused(reporter, settings, junk):
    """Readers skip up to 1 KB before ``%PDF-``; what hides there is for another program."""
    messages = refused(reporter, attacks.pdf_with_junk_before(junk), "a.pdf", settings)
    assert "phải bắt đầu bằng “%PDF-”" in messages


def test_a_pdf_with_an_hta_after_its_end_is_refused(reporter, settings):
    messages = refused(reporter, attacks.pdf_with_hta_after(), "Nghi quyet.pdf", settings)
    assert "dữ liệu lạ sau phần kết thúc" in messages


def test_an_hta_followed_by_a_forged_end_is_refused_too(reporter, settings):
    """``startxref`` and ``%%EOF`` after the HTA make it look like the file's last
    revision: readers still open the PDF, and mshta still runs the script."""
    messages = refused(reporter, attacks.pdf_with_hta_and_forged_end(), "a.pdf", settings)
    assert "mã HTML" in messages


@pytest.mark.parametrize(
    "tail",
    [b"\n", b"\r\n\r\n", b"\0" * 512, b"\n\0\0\0\n \t\f"],
    ids=["lf", "crlf", "nul", "mixed"],
)
def test_newlines_and_nuls_after_the_end_are_accepted(reporter, tail):
    attachment = accepted(reporter, samples.pdf_bytes("Bao cao so 9") + tail, "a.pdf")
    assert "Bao cao so 9" in attachment.text


# ---------------------------------------------------------------- macros and remote content


@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        ("a.odt", attacks.odt_basic_macro,
         "Không nhận tệp có macro hoặc mã chạy được (“Basic/Standard/Module1.xml”)"),
        ("a.odt", attacks.odt_macro_only_in_manifest, "(“Lib/Module1.xml”)"),
        ("a.odt", attacks.odt_on_open_event, "Không nhận tệp có macro"),
        ("a.odt", lambda: attacks.odt_image("http://203.0.113.9/y.png"),
         "tải nội dung từ bên ngoài khi mở (quan hệ “image”)"),
        ("a.odt", lambda: attacks.odt_image("../anh.png"), "quan hệ “image”"),
        ("a.odt", lambda: attacks.odt_link("file:///c:/windows/system32/calc.exe"),
         "liên kết tới “file:///c:/windows/system32/calc.exe”"),
        ("a.odt", attacks.odt_dde_link, "quan hệ “dde-connection-decl”"),
        ("a.docx", lambda: attacks.docx_vba_under_image_name("override"),
         "Không nhận tệp có macro hoặc mã chạy được (“word/media/image1.png”)"),
        ("a.docx", lambda: attacks.docx_vba_under_image_name("default"),
         "(“word/media/image1.png”)"),
        ("a.docx", attacks.docx_vba_relationship, "(“word/_rels/document.xml.rels”)"),
        ("a.docx", lambda: attacks.docx_ole_under("word/vbaProject.bin"),
         "nhúng chương trình hoặc đối tượng OLE (“word/vbaProject.bin”)"),
        ("a.docx", lambda: attacks.docx_ole_under("word/media/image2.jpeg"),
         "(“word/media/image2.jpeg”)"),
        ("a.docx", lambda: attacks.docx_ole_under("customXml/item1.xml"),
         "(“customXml/item1.xml”)"),
        ("a.docx", attacks.docx_remote_template, "quan hệ “attachedtemplate”"),
        ("a.docx", attacks.docx_follina, "quan hệ “oleobject”"),
        ("a.docx", attacks.docx_with_field, "có trường DDEAUTO"),
        ("a.docx", lambda: attacks.docx_with_field(attacks.DDEAUTO, runs=4), "có trường DDEAUTO"),
        ("a.docx", attacks.docx_field_split_in_its_name, "có trường DDEAUTO"),
        ("a.docx", attacks.docx_field_named_by_a_quote_field, "cách giấu lệnh DDE"),
        ("a.docx", attacks.docx_header_field, "có trường INCLUDETEXT"),
        ("a.docx", lambda: attacks.docx_hyperlink("file:///c:/windows/system32/calc.exe"),
         "liên kết tới “file:///c:/windows/system32/calc.exe”"),
        ("a.docx", lambda: attacks.docx_hyperlink("\\\\203.0.113.9\\share\\a.exe"),
         "liên kết tới “\\\\203.0.113.9\\share\\a.exe”"),
        ("a.docx", lambda: attacks.docx_hyperlink_field("\\\\203.0.113.9\\share\\a.exe"),
         "liên kết tới “\\\\203.0.113.9\\share\\a.exe”"),
        ("a.doc", attacks.doc_with_macros, "Không nhận tệp có macro hoặc mã chạy được (“Macros"),
        ("a.doc", attacks.doc_with_package, "nhúng chương trình hoặc đối tượng OLE"),
        ("a.doc", attacks.doc_with_html_after, "dữ liệu lạ sau phần kết thúc"),
    ],
    ids=["odt-basic", "odt-manifest-basic", "odt-on-open", "odt-remote-image",
         "odt-image-outside", "odt-file-link", "odt-dde", "docx-vba-override",
         "docx-vba-default", "docx-vba-relationship", "docx-ole-vba-bin", "docx-ole-as-jpeg",
         "docx-ole-as-xml", "docx-remote-template", "docx-follina", "docx-ddeauto",
         "docx-ddeauto-split", "docx-ddeauto-split-name", "docx-quote-obfuscation",
         "docx-header-includetext", "docx-file-link", "docx-unc-link", "docx-unc-link-field",
         "doc-macros", "doc-ole10native", "doc-html-tail"],
)  # fmt: skip
def test_macros_and_remote_content_are_refused(reporter, settings, name, build, message):
    assert message in refused(reporter, build(), name, settings)


@pytest.mark.parametrize(
    ("name", "build", "kind", "text"),
    [
        ("a.docx", lambda: attacks.docx_hyperlink("https://langson.dcs.vn/van-ban"), "docx",
         "Xem them"),
        ("a.docx", lambda: attacks.docx_hyperlink_field("https://langson.dcs.vn/"), "docx", ""),
        ("a.docx", lambda: attacks.docx_with_field(" PAGE \\* MERGEFORMAT ", runs=3), "docx", ""),
        ("a.docx", attacks.docx_with_ordinary_fields, "docx", "I. Muc tieu"),
        ("a.odt", lambda: attacks.odt_image("Pictures/1.png", {"Pictures/1.png": attacks.png()}),
         "odt", ""),
        ("a.odt", lambda: attacks.odt_link("https://langson.dcs.vn/"), "odt", "Xem them"),
        ("a.doc", samples.doc_bytes, "doc", ""),
    ],
    ids=["docx-https-link", "docx-https-link-field", "docx-page-field", "docx-toc-if-bookmark",
         "odt-internal-image", "odt-https-link", "clean-doc"],
)  # fmt: skip
def test_what_looks_like_them_but_is_harmless_is_accepted(
    reporter, settings, name, build, kind, text
):
    attachment = accepted(reporter, build(), name)
    assert attachment.kind == kind and text in attachment.text
    assert stored_files(settings) == [Path(attachment.file.path)]


# ---------------------------------------------------------------- PDF actions


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (attacks.pdf_launch_with_indirect_kind, "chạy chương trình, mở tệp khác hoặc mã "
         "JavaScript (/Launch)"),
        (attacks.pdf_goto_remote_unc, "(/GoToR)"),
        (attacks.pdf_goto_embedded, "(/GoToE)"),
        (attacks.pdf_thread, "(/Thread)"),
        (attacks.pdf_uri_on_open, "tự mở một địa chỉ web khi được mở"),
        (attacks.pdf_uri_in_page_trigger, "tự mở một địa chỉ web khi được mở"),
        (attacks.pdf_uri_in_next_of_open_action, "tự mở một địa chỉ web khi được mở"),
        (attacks.pdf_escaped_javascript, "có chứa mã JavaScript"),
    ],
    ids=["launch-indirect-s", "gotor-unc", "gotoe", "thread", "uri-open-action", "uri-page-aa",
         "uri-next-of-open", "escaped-javascript"],
)  # fmt: skip
def test_pdf_actions_that_run_or_reach_out_are_refused(reporter, settings, build, message):
    assert message in refused(reporter, build(), "Nghi quyet.pdf", settings)


def test_a_pdf_link_the_reader_clicks_is_accepted(reporter):
    attachment = accepted(reporter, attacks.pdf_uri_link(), "Nghi quyet.pdf")
    assert attachment.kind == "pdf" and attachment.pages == 1


# ---------------------------------------------------------------- pypdf's own errors


@pytest.fixture
def without_jbig2dec(monkeypatch):
    """The child finds no jbig2dec on its PATH (the child gets the PATH of this process)."""
    keep = [
        folder
        for folder in os.environ.get("PATH", "").split(os.pathsep)
        if folder and not shutil.which("jbig2dec", path=folder)
    ]
    monkeypatch.setenv("PATH", os.pathsep.join(keep))


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (attacks.pdf_jbig2_content, "dùng cách nén hoặc tính năng mà máy chủ không đọc được"),
        (attacks.pdf_unknown_filter, "dùng cách nén hoặc tính năng mà máy chủ không đọc được"),
        (attacks.pdf_flate_bomb, "vượt giới hạn đọc của máy chủ"),
    ],
    ids=["jbig2-dependency", "unknown-filter", "flate-bomb"],
)
def test_pypdf_errors_are_a_refusal_not_an_error_page(
    reporter, settings, without_jbig2dec, build, message
):
    messages = refused(reporter, build(), "Bao cao.pdf", settings)
    assert message in messages and "“Bao cao.pdf”" in messages
