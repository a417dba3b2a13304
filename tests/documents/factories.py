import datetime as dt

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from documents.models import Attachment, Document, DocumentType, Issuer, Signer, Term
from tests.documents.samples import pdf_bytes


def doc_type(name="Nghị quyết"):
    return DocumentType.objects.get(name=name)


def issuer(name="Ban Thường vụ Tỉnh ủy"):
    return Issuer.objects.get(name=name)


def term(name="Tỉnh ủy khóa XVIII (2025–2030)"):
    return Term.objects.get(name=name)


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
