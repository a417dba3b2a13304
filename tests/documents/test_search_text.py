"""A document's file text is searched without its letterhead (documents/letterhead.py)."""

import importlib

import pytest
from django.apps import apps as global_apps

from documents.models import Attachment, Document
from tests.documents.factories import DocumentFactory

pytestmark = pytest.mark.django_db

FILE_TEXT = (
    "ĐẢNG CỘNG SẢN VIỆT NAM BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY * Số 05-HD/BTG "
    "Lạng Sơn, ngày 05 tháng 9 năm 2026 HƯỚNG DẪN về việc học tập chuyên đề năm 2026. "
    "1. Mục đích, yêu cầu: các chi bộ tổ chức học tập. "
    "K/T TRƯỞNG BAN PHÓ TRƯỞNG BAN Vy Thị Hương"
)
LEFT = "1. Mục đích, yêu cầu: các chi bộ tổ chức học tập."


def _with_file_text(text):
    document = DocumentFactory(summary="về việc học tập chuyên đề năm 2026")
    Attachment.objects.bulk_create(
        [Attachment(document=document, file="private/x.pdf", original_name="x.pdf", text=text)]
    )
    return document


def test_a_saved_document_keeps_its_files_text_without_letterhead_or_signature():
    document = _with_file_text(FILE_TEXT)
    document.save()
    document.refresh_from_db()
    assert document.attachments_text == LEFT
    assert "DÂN VẬN" not in document.attachments_text


def test_the_upgrade_rewrites_the_text_of_documents_saved_before():
    document = _with_file_text(FILE_TEXT)
    Document.objects.filter(pk=document.pk).update(attachments_text=FILE_TEXT)
    migration = importlib.import_module(
        "documents.migrations.0008_attachments_text_without_letterhead"
    )
    migration.forwards(global_apps, None)
    document.refresh_from_db()
    assert document.attachments_text == LEFT
    migration.forwards(global_apps, None)  # a second run changes nothing
    document.refresh_from_db()
    assert document.attachments_text == LEFT
