import datetime as dt

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from documents.models import Attachment, Document, DocumentType, Issuer, Signer, Term
from tests.documents.samples import pdf_bytes

# The vocabularies come from documents/migrations/0002; transactional tests
# flush them, so each is taken or made again here.
TYPES = {"Nghị quyết": "NQ", "Quyết định": "QĐ", "Quy định": "QĐ, QĐi"}
ISSUERS = {"Ban Thường vụ Tỉnh ủy": ("TU", "province"), "Bộ Chính trị": ("TW", "central")}


def doc_type(name="Nghị quyết"):
    found, _ = DocumentType.objects.get_or_create(
        name=name, defaults={"abbreviation": TYPES.get(name, "VB")}
    )
    return found


def issuer(name="Ban Thường vụ Tỉnh ủy"):
    symbol, level = ISSUERS.get(name, ("TU", "province"))
    found, _ = Issuer.objects.get_or_create(name=name, defaults={"symbol": symbol, "level": level})
    return found


def term(name="Tỉnh ủy khóa XVIII (2025–2030)"):
    found, _ = Term.objects.get_or_create(
        name=name, defaults={"level": "province", "starts_on": dt.date(2025, 10, 1)}
    )
    return found


class SignerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signer
        django_get_or_create = ("name",)

    name = "Hoàng Văn Nghiệm"
    position = "Bí thư Tỉnh ủy"


class DocumentFactory(factory.django.DjangoModelFactory):
    """A published provincial resolution; vocabularies come from the seeding migration."""

    class Meta:
        model = Document

    doc_type = factory.LazyFunction(doc_type)
    number_symbol = factory.Sequence(lambda n: f"{n + 100}-NQ/TU")
    issuer = factory.LazyFunction(issuer)
    term = factory.LazyFunction(term)
    issued_on = dt.date(2026, 9, 5)
    summary = "về tăng cường công tác dân vận của hệ thống chính trị trong tình hình mới"
    status = Document.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))


def attach_pdf(document, text="Nghi quyet ve cong tac dan van", name="Nghị quyết 15.pdf"):
    attachment = Attachment(
        document=document, file=ContentFile(pdf_bytes(text), name=name), original_name=name
    )
    attachment.save()
    return attachment
