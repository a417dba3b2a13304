"""Section limits cover documents; ``DocumentAccess`` limits them by issuing body.

The rule (``editorial.scopes``): a user with limiting rows in any kind works
only where rows put them. An editor limited to a section, given no
documents, works on none: not through the list's actions, not through
``workflow`` called from the shell, not by address, not through the file view.
A ``DocumentAccess`` row gives a body (and the bodies under it), or every body.
Without any rows everyone works as before.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.roles import CONTRIBUTOR, EDITOR
from documents.models import Document, DocumentAccess
from editorial import workflow
from tests.documents.factories import DocumentFactory, attach_pdf
from tests.documents.scope_helpers import (
    ADD_URL,
    LIST_URL,
    bodies,
    change_data,
    change_url,
    chief_editor,
    classified,
    draft,
    fresh,
    give_documents,
    limit_sections,
    messages_of,
    no_files,
    preview_url,
    run_action,
)
from tests.documents.test_files import errors_of
from tests.news.admin_helpers import ADD_URL as ARTICLE_ADD_URL
from tests.news.factories import CategoryFactory

pytestmark = pytest.mark.django_db
Status = Document.Status
WRITE, REVIEW = DocumentAccess.Purpose.WRITE, DocumentAccess.Purpose.REVIEW
HOME = "/admin/"
ISSUER_REFUSED = "Bạn không được phân công nhập văn bản của cơ quan này"


@pytest.fixture
def places(db):
    return bodies()


@pytest.fixture
def section(db):
    return CategoryFactory(name="Dân vận", slug="dan-van")


@pytest.fixture
def shelf(places, other_contributor):
    """Documents of each body in each state, entered by others."""
    editor = chief_editor()
    btv, sub, bct = places["btv"], places["sub"], places["bct"]
    pending = draft(other_contributor, number_symbol="21-NQ/TU", issuer=btv)
    workflow.transition(pending, Status.PENDING, other_contributor)
    bct_pending = draft(other_contributor, number_symbol="22-NQ/TW", issuer=bct)
    workflow.transition(bct_pending, Status.PENDING, other_contributor)
    trashed = DocumentFactory(number_symbol="23-NQ/TU", issuer=btv, author=editor)
    workflow.soft_delete(trashed, editor)
    secret = classified(other_contributor, number="09-NQ/TU", issuer=btv)
    return {
        "published": DocumentFactory(number_symbol="15-NQ/TU", issuer=btv, author=editor),
        "sub_published": DocumentFactory(number_symbol="16-NQ/TU", issuer=sub, author=editor),
        "bct_published": DocumentFactory(number_symbol="17-NQ/TW", issuer=bct, author=editor),
        "pending": fresh(pending),
        "bct_pending": fresh(bct_pending),
        "trashed": fresh(trashed),
        "secret": secret,
        "secret_file": attach_pdf(secret, "To trinh mat", "to-trinh-mat.pdf"),
    }


def listed(client, query=""):
    response = client.get(LIST_URL + query)
    assert response.status_code == 200
    return {document.number_symbol for document in response.context["cl"].result_list}


def state(document):
    stored = fresh(document)
    return stored.status, stored.deleted_at, stored.version, stored.summary


def document_links(html):
    """Whether the page links to the documents' list or add page."""
    return LIST_URL in html or ADD_URL in html


# --------------------------------------------------------------------------- 1. a section editor


@pytest.fixture
def section_editor(editor, section):
    return limit_sections(editor, section, "write")


def test_a_section_editor_cannot_run_any_document_action(client, section_editor, shelf):
    client.force_login(section_editor)
    before = {key: state(doc) for key, doc in shelf.items() if isinstance(doc, Document)}
    for name, targets, trash in [
        ("publish_now", [shelf["pending"], shelf["bct_pending"]], False),
        ("unpublish", [shelf["published"], shelf["sub_published"]], False),
        ("delete_selected", [shelf["published"]], False),
        ("restore", [shelf["trashed"]], True),
    ]:
        response = run_action(client, name, *targets, trash=trash)
        assert response.status_code == 403, name
        # Django's confirmation of a deletion, confirmed.
        response = run_action(client, name, *targets, trash=trash, post="yes")
        assert response.status_code == 403, name
    after = {key: state(doc) for key, doc in shelf.items() if isinstance(doc, Document)}
    assert after == before


def test_a_section_editor_is_refused_by_the_workflow_itself(section_editor, shelf):
    attempts = [
        (lambda: workflow.transition(fresh(shelf["pending"]), Status.PUBLISHED, section_editor)),
        (lambda: workflow.transition(fresh(shelf["published"]), "unpublished", section_editor)),
        (lambda: workflow.soft_delete(fresh(shelf["published"]), section_editor)),
        (lambda: workflow.restore(fresh(shelf["trashed"]), section_editor)),
        (lambda: workflow.send_back(fresh(shelf["pending"]), section_editor, "Sửa lại số.")),
        (lambda: workflow.transition(fresh(shelf["bct_pending"]), "draft", section_editor)),
    ]
    for attempt in attempts:
        with pytest.raises(workflow.TransitionError, match="không được phân công"):
            attempt()
    assert fresh(shelf["pending"]).status == Status.PENDING
    assert fresh(shelf["published"]).status == Status.PUBLISHED
    assert fresh(shelf["published"]).deleted_at is None
    assert fresh(shelf["trashed"]).deleted_at is not None


def test_a_section_editor_opens_no_document_page(client, section_editor, shelf):
    client.force_login(section_editor)
    published = shelf["published"]
    before = state(published)
    for document in (published, shelf["pending"], shelf["secret"]):
        for url in (change_url(document), preview_url(document)):
            assert client.get(url).status_code in (403, 404), url
        response = client.post(change_url(document), change_data(document, summary="về sửa trộm"))
        assert response.status_code in (403, 404)
        for view in ("history", "delete", "tra-lai"):
            response = client.get(f"{LIST_URL}{document.pk}/{view}/")
            assert response.status_code in (302, 403, 404), view
            assert response.status_code != 302 or response.url == HOME
        client.post(f"{LIST_URL}{document.pk}/delete/", {"post": "yes"})
    assert state(published) == before
    assert fresh(shelf["pending"]).deleted_at is None
    assert client.get(LIST_URL).status_code == 403
    assert client.get(ADD_URL).status_code == 403
    response = client.post(ADD_URL, no_files(number_symbol="30-NQ/TU"))
    assert response.status_code == 403
    assert not Document.objects.filter(number_symbol="30-NQ/TU").exists()


def test_a_section_editor_cannot_download_a_classified_file(client, section_editor, shelf):
    url = reverse("admin:documents_attachment_file", args=[shelf["secret_file"].pk])
    client.force_login(section_editor)
    response = client.get(url)
    assert response.status_code == 403
    assert not getattr(response, "streaming", False)
    # Unlimited, the same editor has it.
    section_editor.section_access.all().delete()
    client.force_login(fresh(section_editor))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_section_editor_has_no_documents_in_the_menu_or_on_the_dashboard(
    client, section_editor, shelf
):
    client.force_login(section_editor)
    response = client.get(HOME)
    assert response.status_code == 200
    html = response.content.decode()
    assert not document_links(html)
    assert "Thêm văn bản" not in html
    assert "Viết bài mới" in html and ARTICLE_ADD_URL in html  # their section's work stays
    models = [m["object_name"] for app in response.context["available_apps"] for m in app["models"]]
    assert "Document" not in models and "Article" in models
    # No other page lists it in its sidebar, nor the app's own page (the
    # vocabularies are still theirs to read).
    for url in ("/admin/news/article/", "/admin/documents/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not document_links(response.content.decode()), url


# --------------------------------------------------------------------------- 2. a section reporter


def test_a_section_reporter_sees_no_document_list(client, contributor, section, shelf):
    limit_sections(contributor, section)
    client.force_login(contributor)
    assert client.get(LIST_URL).status_code == 403
    html = client.get(HOME).content.decode()
    assert not document_links(html)
    assert "Thêm văn bản" not in html
    assert "Viết bài mới" in html
    own = draft(contributor, number_symbol="40-NQ/TU")
    assert client.get(change_url(own)).status_code == 403
    with pytest.raises(workflow.TransitionError, match="không được phân công"):
        workflow.transition(fresh(own), Status.PENDING, contributor)
    # Given a body as well, they are back at work there.
    give_documents(contributor, bodies()["btv"])
    client.force_login(fresh(contributor))
    assert client.get(LIST_URL).status_code == 200
    assert "Thêm văn bản" in client.get(HOME).content.decode()


# --------------------------------------------------------------------------- 3. DocumentAccess


def test_a_body_reporter_sees_and_writes_only_that_bodys_documents(
    client, contributor, places, shelf
):
    give_documents(contributor, places["btv"])
    own = draft(contributor, number_symbol="41-NQ/TU", issuer=places["btv"])
    own_elsewhere = draft(contributor, number_symbol="42-NQ/TW", issuer=places["bct"])
    client.force_login(contributor)
    # The body and the body under it; others' drafts and the classified one stay out.
    assert listed(client) == {"15-NQ/TU", "16-NQ/TU", "41-NQ/TU"}
    assert listed(client, "?q=17-NQ/TW") == set()
    choices = client.get(ADD_URL).context["adminform"].form.fields["issuer"].queryset
    assert set(choices) == {places["btv"], places["sub"]}

    response = client.post(ADD_URL, no_files(number_symbol="43-NQ/TW", issuer=places["bct"].pk))
    assert response.status_code == 200
    assert ISSUER_REFUSED in errors_of(response)
    assert not Document.objects.filter(number_symbol="43-NQ/TW").exists()
    response = client.post(
        ADD_URL, no_files(number_symbol="44-NQ/TU", issuer=places["sub"].pk, status="pending")
    )
    assert response.status_code == 302, errors_of(response)
    assert Document.objects.get(number_symbol="44-NQ/TU").status == Status.PENDING

    # Moving one's own draft to another body is refused the same way.
    response = client.post(change_url(own), change_data(own, issuer=places["bct"].pk))
    assert ISSUER_REFUSED in errors_of(response)
    assert fresh(own).issuer == places["btv"]
    # An old draft of another body is out of reach now.
    assert client.get(change_url(own_elsewhere)).status_code == 302
    client.post(change_url(own_elsewhere), change_data(own_elsewhere, summary="về sửa"))
    assert fresh(own_elsewhere).summary == own_elsewhere.summary
    with pytest.raises(workflow.TransitionError, match="nhập văn bản của “Bộ Chính trị”"):
        workflow.transition(fresh(own_elsewhere), Status.PENDING, contributor)
    workflow.transition(fresh(own), Status.PENDING, contributor)


def test_an_editor_reviews_only_the_bodies_given_for_review(client, editor, places, shelf):
    give_documents(editor, places["btv"], REVIEW)
    give_documents(editor, places["bct"], WRITE)  # sees the Bộ Chính trị's, may not publish them
    client.force_login(editor)
    response = run_action(client, "publish_now", shelf["pending"], shelf["bct_pending"])
    assert fresh(shelf["pending"]).status == Status.PUBLISHED
    assert fresh(shelf["bct_pending"]).status == Status.PENDING
    assert "Bạn không được phân công duyệt văn bản của “Bộ Chính trị”" in messages_of(response)
    response = run_action(client, "unpublish", shelf["bct_published"])
    assert "Bạn không được phân công duyệt văn bản của “Bộ Chính trị”" in messages_of(response)
    response = run_action(client, "delete_selected", shelf["bct_published"], post="yes")
    assert response.status_code in (200, 403)
    assert fresh(shelf["bct_published"]).status == Status.PUBLISHED
    assert fresh(shelf["bct_published"]).deleted_at is None
    # The body's own sub-body is reviewed with it.
    response = run_action(client, "unpublish", shelf["sub_published"])
    assert fresh(shelf["sub_published"]).status == Status.UNPUBLISHED

    # From the shell, the same refusal, naming the body.
    with pytest.raises(workflow.TransitionError, match="duyệt văn bản của “Bộ Chính trị”"):
        workflow.transition(fresh(shelf["bct_pending"]), Status.PUBLISHED, editor)
    with pytest.raises(workflow.TransitionError, match="Bộ Chính trị"):
        workflow.soft_delete(fresh(shelf["bct_published"]), editor)
    # Another's document there is not theirs to edit; their own draft there
    # they edit, and publishing it through the form is refused, naming the body.
    others = shelf["bct_pending"]
    response = client.post(change_url(others), change_data(others, status="published"))
    assert response.status_code == 403
    assert fresh(others).status == Status.PENDING
    mine = draft(editor, number_symbol="24-NQ/TW", issuer=places["bct"])
    response = client.post(change_url(mine), change_data(mine, status="published"))
    assert response.status_code == 200
    assert "Bạn không được phân công duyệt văn bản của “Bộ Chính trị”" in errors_of(response)
    assert fresh(mine).status == Status.DRAFT
    response = client.post(change_url(mine), change_data(mine, status="pending"))
    assert response.status_code == 302, errors_of(response)
    assert fresh(mine).status == Status.PENDING


def test_an_editor_with_review_of_one_body_sees_nothing_else(client, editor, places, shelf):
    give_documents(editor, places["btv"], REVIEW)
    client.force_login(editor)
    assert "17-NQ/TW" not in listed(client) and "22-NQ/TW" not in listed(client)
    assert {"15-NQ/TU", "16-NQ/TU", "21-NQ/TU", "09-NQ/TU"} <= listed(client)
    with pytest.raises(workflow.TransitionError, match="Bộ Chính trị"):
        workflow.transition(fresh(shelf["bct_pending"]), Status.PUBLISHED, editor)


def test_a_row_without_a_body_means_every_body(client, contributor, editor, places, section, shelf):
    limit_sections(contributor, section)
    give_documents(contributor, None)
    client.force_login(contributor)
    assert {"15-NQ/TU", "16-NQ/TU", "17-NQ/TW"} <= listed(client)
    choices = client.get(ADD_URL).context["adminform"].form.fields["issuer"].queryset
    assert set(places.values()) <= set(choices)

    limit_sections(editor, section)
    give_documents(editor, None, REVIEW)
    workflow.transition(fresh(shelf["bct_pending"]), Status.PUBLISHED, editor)
    assert fresh(shelf["bct_pending"]).status == Status.PUBLISHED
    # Writing for every body does not give reviewing any: the reporter made an editor.
    contributor.groups.set([Group.objects.get(name=EDITOR)])
    with pytest.raises(workflow.TransitionError, match="duyệt văn bản"):
        workflow.transition(fresh(shelf["pending"]), Status.PUBLISHED, fresh(contributor))


def test_an_admin_sets_a_users_documents_on_their_page(client, site_admin, contributor, places):
    client.force_login(site_admin)
    url = f"/admin/accounts/user/{contributor.pk}/change/"
    assert "Văn bản phụ trách" in client.get(url).content.decode()
    data = {
        "username": contributor.username,
        "display_name": contributor.display_name,
        "is_active": "on",
        "is_staff": "on",
        "role": CONTRIBUTOR,
        "last_login_0": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "section_access-TOTAL_FORMS": "0",
        "section_access-INITIAL_FORMS": "0",
        "document_access-TOTAL_FORMS": "1",
        "document_access-INITIAL_FORMS": "0",
        "document_access-0-issuer": places["btv"].pk,
        "document_access-0-purpose": "write",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    assert list(contributor.document_access.values_list("issuer", "purpose")) == [
        (places["btv"].pk, "write")
    ]
    # And it binds at once: the contributor now works on that body's documents only.
    DocumentFactory(number_symbol="17-NQ/TW", issuer=places["bct"])
    DocumentFactory(number_symbol="15-NQ/TU", issuer=places["btv"])
    client.force_login(fresh(contributor))
    assert listed(client) == {"15-NQ/TU"}


# --------------------------------------------------------------------------- 4. no rows


def test_without_rows_everyone_works_as_before(client, editor, contributor, places, shelf):
    client.force_login(contributor)
    assert {"15-NQ/TU", "16-NQ/TU", "17-NQ/TW"} <= listed(client)
    choices = client.get(ADD_URL).context["adminform"].form.fields["issuer"].queryset
    assert set(places.values()) <= set(choices)
    assert "Thêm văn bản" in client.get(HOME).content.decode()

    client.force_login(editor)
    response = run_action(client, "publish_now", shelf["pending"], shelf["bct_pending"])
    assert "không được phân công" not in messages_of(response)
    assert fresh(shelf["pending"]).status == Status.PUBLISHED
    assert fresh(shelf["bct_pending"]).status == Status.PUBLISHED
    run_action(client, "unpublish", shelf["bct_published"])
    assert fresh(shelf["bct_published"]).status == Status.UNPUBLISHED
    run_action(client, "restore", shelf["trashed"], trash=True)
    assert fresh(shelf["trashed"]).deleted_at is None
    workflow.soft_delete(fresh(shelf["sub_published"]), editor)
    assert fresh(shelf["sub_published"]).deleted_at is not None
    later = timezone.now() + dt.timedelta(days=1)
    workflow.transition(fresh(shelf["bct_published"]), Status.PUBLISHED, editor, published_at=later)
    assert fresh(shelf["bct_published"]).is_scheduled
    assert client.get(change_url(shelf["secret"])).status_code == 200
