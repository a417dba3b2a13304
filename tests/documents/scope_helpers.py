"""Builders shared by the tests of who sees and works on which document.

(tests/documents/test_no_leak.py, tests/documents/test_document_scope.py)
"""

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.roles import EDITOR
from documents.models import Document, DocumentAccess, Issuer
from editorial import scopes
from news.models import SectionAccess
from tests.accounts.factories import UserFactory
from tests.documents.factories import DocumentFactory, issuer
from tests.documents.test_files import form_data

Status = Document.Status
LIST_URL = "/admin/documents/document/"
ADD_URL = LIST_URL + "add/"
TRASH_URL = LIST_URL + "?thung_rac=1"
# Every classified or internal document here is about this, so a page that
# shows one of them shows these words.
SECRET_SUMMARY = "về công tác bảo vệ chính trị nội bộ năm 2026"


def bodies():
    """The Ban Thường vụ Tỉnh ủy, the Thường trực Tỉnh ủy under it, and the Bộ Chính trị.

    (The seeded bodies put nothing under the Ban Thường vụ; the Thường trực is
    made here, as an admin would add it.)
    """
    btv = issuer("Ban Thường vụ Tỉnh ủy")
    standing, _ = Issuer.objects.get_or_create(
        name="Thường trực Tỉnh ủy", defaults={"symbol": "TU", "level": "province", "parent": btv}
    )
    return {"btv": btv, "sub": standing, "bct": issuer("Bộ Chính trị")}


def chief_editor():
    """An editor no row limits, who sets the scene (the ``editor`` fixture may be limited)."""
    user = UserFactory(username="tongbientap", display_name="Tổng biên tập")
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


def limit_sections(user, category, purpose=SectionAccess.Purpose.WRITE):
    SectionAccess.objects.create(user=user, category=category, purpose=purpose)
    scopes.forget(user)
    return user


def give_documents(user, body=None, purpose=DocumentAccess.Purpose.WRITE):
    """A ``DocumentAccess`` row: ``body`` (None: every body) for ``purpose``."""
    DocumentAccess.objects.create(user=user, issuer=body, purpose=purpose)
    scopes.forget(user)
    return user


def draft(author, **kwargs):
    return DocumentFactory(author=author, status=Status.DRAFT, published_at=None, **kwargs)


def classified(author, number="09-NQ/TU", summary=SECRET_SUMMARY, **kwargs):
    """A classified (Mật) draft, as the Văn phòng enters one for the record."""
    return draft(author, number_symbol=number, summary=summary, classification="mat", **kwargs)


def fresh(obj):
    return type(obj)._base_manager.get(pk=obj.pk)


def no_files(**overrides):
    """The add form's POST data, without an attachment."""
    return form_data(**{"attachments-TOTAL_FORMS": "0", **overrides})


def change_data(document, **overrides):
    """The change form's POST data, from ``document`` as stored."""
    document = fresh(document)
    local = timezone.localtime(document.published_at) if document.published_at else None
    data = no_files(
        doc_type=document.doc_type_id,
        number_symbol=document.number_symbol,
        issuer=document.issuer_id,
        term=document.term_id or "",
        issued_on=f"{document.issued_on:%Y-%m-%d}",
        place=document.place,
        summary=document.summary,
        classification=document.classification,
        circulation=document.circulation,
        status=document.status,
        published_at_0=f"{local:%Y-%m-%d}" if local else "",
        published_at_1=f"{local:%H:%M:%S}" if local else "",
        expected_version=document.version,
        **{"attachments-INITIAL_FORMS": "0", "outgoing_relations-INITIAL_FORMS": "0"},
    )
    data.update(overrides)
    return data


def change_url(document):
    return f"{LIST_URL}{document.pk}/change/"


def preview_url(document):
    return f"{LIST_URL}{document.pk}/preview/"


def messages_of(response):
    return " ".join(str(m) for m in response.context["messages"])


def run_action(client, name, *documents, trash=False, **extra):
    """POST a list action on ``documents``; the response after the redirect (or the refusal)."""
    data = {"action": name, "_selected_action": [d.pk for d in documents], **extra}
    return client.post(TRASH_URL if trash else LIST_URL, data, follow=True)
