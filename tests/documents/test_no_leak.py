"""No page, message, preview, autocomplete or form option shows a document the user may not see.

What a user may see of documents is what the documents admin lists for them
(``DocumentAdmin.get_queryset``: their scope; contributors their own items and
others' published ones, never a classified or internal one). A classified
(Mật) or internal document entered by someone else is none of a reporter's
business: not its number's owner in the duplicate warning, not a relation on a
preview or the public page, not a choice in a form or an autocomplete, not a
file. Where it can, each test also shows that the same thing *is* shown to an
editor, so that it can fail.
"""

import datetime as dt
import re
from urllib.parse import urlencode, urlsplit

import pytest
import reversion
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from reversion.models import Version

from documents.models import Document, DocumentRelation
from editorial import workflow
from editorial.admin import hidden_choice_message
from editorial.models import Autosave
from news.models import Article
from tests.core import test_admin_vietnamese as admin_crawl
from tests.documents.factories import DocumentFactory, attach_pdf
from tests.documents.scope_helpers import (
    ADD_URL,
    LIST_URL,
    SECRET_SUMMARY,
    bodies,
    change_data,
    change_url,
    classified,
    draft,
    fresh,
    give_documents,
    limit_sections,
    no_files,
    preview_url,
)
from tests.documents.test_files import errors_of
from tests.news import admin_helpers as articles
from tests.news.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db
Status = Document.Status
HEADING = "Nghị quyết số 09-NQ/TU"


def page(response):
    return response.content.decode()


def shows(response, text):
    """Whether ``text`` is anywhere in the response, as written or HTML-escaped."""
    body = page(response)
    return text in body or escape(text) in body


def relation_row(target, kind="related"):
    return {
        "outgoing_relations-TOTAL_FORMS": "1",
        "outgoing_relations-0-kind": kind,
        "outgoing_relations-0-target": str(target.pk),
    }


@pytest.fixture
def secret(other_contributor):
    """Another reporter's classified draft, numbered 09-NQ/TU of the Ban Thường vụ."""
    return classified(other_contributor)


# --------------------------------------------------------------------------- 1. the duplicate


def test_the_duplicate_warning_names_a_classified_holder_only_to_an_editor(
    client, contributor, editor, secret
):
    client.force_login(contributor)
    response = client.post(ADD_URL, no_files(number_symbol="09-NQ/TU", summary="về dân vận"))
    assert response.status_code == 200
    message = errors_of(response)
    assert "Số này đã được dùng cho một văn bản khác" in message
    assert not shows(response, HEADING) and not shows(response, SECRET_SUMMARY)
    assert Document.objects.count() == 1

    client.force_login(editor)
    response = client.post(ADD_URL, no_files(number_symbol="09-NQ/TU", summary="về dân vận"))
    assert response.status_code == 200
    message = errors_of(response)
    assert HEADING in message and SECRET_SUMMARY in message
    assert Document.objects.count() == 1


def test_trying_every_number_never_shows_a_reporter_the_classified_summary(
    client, contributor, secret
):
    client.force_login(contributor)
    refused = []
    for number in range(1, 13):
        for typed in (f"{number:02d}-NQ/TU", f"{number}-NQ/TU"):
            response = client.post(
                ADD_URL, no_files(number_symbol=typed, summary=f"về việc thử số {typed}")
            )
            assert not shows(response, SECRET_SUMMARY), typed
            assert not shows(response, HEADING), typed
            if response.status_code == 200:
                refused.append(typed)
    # Only 09 (typed either way) is taken; the reporter's own saved ones are
    # theirs, and naming them is fine (2, 3 … were saved once as "02", "03").
    assert {"09-NQ/TU", "9-NQ/TU"} <= set(refused)


# --------------------------------------------------------------------------- 2. forged relations


def test_a_forged_relation_to_a_classified_document_is_refused(client, contributor, secret):
    client.force_login(contributor)
    message = hidden_choice_message(Document)
    response = client.post(ADD_URL, no_files(number_symbol="31-NQ/TU", **relation_row(secret)))
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not shows(response, SECRET_SUMMARY)
    assert not Document.objects.filter(number_symbol="31-NQ/TU").exists()
    assert not DocumentRelation.objects.exists()

    own = draft(contributor, number_symbol="32-NQ/TU", summary="về công tác dân vận khéo")
    response = client.post(
        change_url(own), change_data(own, summary="về dân vận (sửa)", **relation_row(secret))
    )
    assert response.status_code == 200
    assert message in errors_of(response)
    assert fresh(own).summary == "về công tác dân vận khéo"
    assert not DocumentRelation.objects.exists()

    # Nothing of it reaches the reporter's preview of their own draft.
    response = client.get(preview_url(own))
    assert response.status_code == 200
    assert not shows(response, SECRET_SUMMARY) and not shows(response, HEADING)


def test_relations_an_editor_recorded_on_a_reporters_draft_stay_out_of_their_view(
    client, contributor, editor, secret
):
    own = draft(contributor, number_symbol="32-NQ/TU", summary="về công tác dân vận khéo")
    # The editor links the draft both ways to the classified document.
    DocumentRelation.objects.create(source=own, target=secret, kind="related")
    DocumentRelation.objects.create(source=secret, target=own, kind="amends")

    client.force_login(contributor)
    for url in (preview_url(own), change_url(own)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not shows(response, SECRET_SUMMARY) and not shows(response, HEADING), url
    # Saving the draft leaves the editor's relation alone (it is not theirs to drop).
    response = client.post(change_url(own), change_data(own, summary="về dân vận khéo (sửa)"))
    assert response.status_code == 302, errors_of(response)
    assert fresh(own).summary == "về dân vận khéo (sửa)"
    assert DocumentRelation.objects.filter(source=own, target=secret).exists()

    client.force_login(editor)
    response = client.get(preview_url(own))
    assert shows(response, HEADING) and shows(response, SECRET_SUMMARY)


# --------------------------------------------------------------------------- 3. others' relations


@pytest.mark.parametrize("secrecy", [{"classification": "toi_mat"}, {"circulation": "internal"}])
def test_a_relation_from_a_hidden_document_to_a_public_one_shows_only_to_editors(
    client, contributor, editor, other_contributor, secrecy
):
    public = DocumentFactory(number_symbol="15-NQ/TU", summary="về công tác dân vận")
    hidden = draft(other_contributor, number_symbol="09-NQ/TU", summary=SECRET_SUMMARY, **secrecy)
    DocumentRelation.objects.create(source=hidden, target=public, kind="replaces")
    DocumentRelation.objects.create(source=public, target=hidden, kind="related")

    client.force_login(contributor)
    response = client.get(preview_url(public))
    assert response.status_code == 200 and shows(response, "về công tác dân vận")
    assert not shows(response, SECRET_SUMMARY) and not shows(response, HEADING)
    # Nor does a hidden replacement mark the public document as replaced.
    assert not shows(response, "Bị thay thế bởi")

    client.logout()
    response = client.get(public.get_absolute_url())
    assert response.status_code == 200 and shows(response, "về công tác dân vận")
    assert not shows(response, SECRET_SUMMARY) and not shows(response, HEADING)

    client.force_login(editor)
    response = client.get(preview_url(public))
    assert shows(response, HEADING) and shows(response, SECRET_SUMMARY)
    assert shows(response, "Bị thay thế bởi")


# --------------------------------------------------------------------------- 4. articles


def article_form(article=None, **overrides):
    return articles.form_data(article, **overrides)


def test_a_reporter_cannot_forge_a_classified_document_into_an_article(client, contributor, secret):
    category = CategoryFactory(name="Dân vận", slug="dan-van")
    public = DocumentFactory(number_symbol="15-NQ/TU")
    client.force_login(contributor)
    message = hidden_choice_message(Document)
    response = client.post(
        articles.ADD_URL,
        article_form(title="Bài có văn bản mật", category=category.pk,
                     related_documents=[public.pk, secret.pk]),
    )  # fmt: skip
    assert response.status_code == 200
    assert message in articles.errors_of(response)
    assert not shows(response, SECRET_SUMMARY) and not shows(response, HEADING)
    assert not Article.objects.filter(title="Bài có văn bản mật").exists()

    own = ArticleFactory(author=contributor, category=category, status="draft", published_at=None)
    response = client.post(
        articles.change_url(own), article_form(own, related_documents=[secret.pk])
    )
    assert response.status_code == 200 and message in articles.errors_of(response)
    assert not own.related_documents.exists()


def test_a_link_an_editor_made_to_a_classified_document_survives_the_reporters_save(
    client, contributor, editor, secret
):
    category = CategoryFactory(name="Dân vận", slug="dan-van")
    public = DocumentFactory(number_symbol="15-NQ/TU", summary="về công tác dân vận")
    own = ArticleFactory(author=contributor, category=category, status="draft", published_at=None)
    client.force_login(editor)
    response = client.post(
        articles.change_url(own), article_form(own, related_documents=[secret.pk])
    )
    assert response.status_code == 302, articles.errors_of(response)
    assert set(own.related_documents.all()) == {secret}

    client.force_login(contributor)
    for url in (articles.change_url(own), f"/admin/news/article/{own.pk}/preview/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not shows(response, SECRET_SUMMARY) and not shows(response, HEADING), url
    form = client.get(articles.change_url(own)).context["adminform"].form
    assert secret not in form.fields["related_documents"].queryset
    own = fresh(own)
    response = client.post(
        articles.change_url(own),
        article_form(own, title="Bài đã sửa", related_documents=[public.pk]),
    )
    assert response.status_code == 302, articles.errors_of(response)
    own = fresh(own)
    assert own.title == "Bài đã sửa"
    # The hidden choice is kept, not dropped; the reporter's own choice is added.
    assert set(own.related_documents.all()) == {secret, public}
    # Emptying the field leaves the hidden one too.
    response = client.post(articles.change_url(own), article_form(own, related_documents=[]))
    assert response.status_code == 302, articles.errors_of(response)
    assert set(fresh(own).related_documents.all()) == {secret}


# --------------------------------------------------------------------------- 5. the contract
#
# Every role, every admin page it reaches (the crawl of
# tests/core/test_admin_vietnamese.py), every autocomplete and autosave
# endpoint, the previews, the file view: the whole of each response (headers,
# HTML, JSON) is searched for words only the hidden documents carry.

CLASSIFIED_MARKER = "zqmatkinxv"  # in the classified document's summary, body, note and file
INTERNAL_MARKER = "zqnoibowy"  # the same for the internal one
# A classified document whose row says "published" (an old import, a hand edit
# in the database): ``published()`` leaves it out, and so must the admin.
LEGACY_MARKER = "zqcudangmat"
CLASSIFIED_NUMBER = "917-NQ/TU"
MARKERS = (CLASSIFIED_MARKER, INTERNAL_MARKER, LEGACY_MARKER, CLASSIFIED_NUMBER)
# Searches type them otherwise than they are stored, so a page repeating what
# was typed ("Kết quả cho “ZQMATKINXV”") is no finding; the match is exact.
SEARCHES = (CLASSIFIED_MARKER.upper(), INTERNAL_MARKER.upper(), "917 nq tu", "917-nq/tu")
# role: (user fixture, a SectionAccess purpose or None, limited to the Ban Thường vụ's documents)
CONTRACT_ROLES = {
    "contributor": ("contributor", None, False),
    "section_reporter": ("contributor", "write", False),
    "section_editor": ("editor", "write", False),
    "body_reporter": ("contributor", None, True),
    "editor": ("editor", None, False),
    "site_admin": ("site_admin", None, False),
}
MAY_SEE = {"editor", "site_admin"}
CRAWL_PAGES = 250  # the crawl's page limit here: every role's pages in bounded time


class Recorder:
    """A test client that keeps the whole of every response: status, headers and body."""

    def __init__(self, client):
        self.client = client
        self.seen = []  # (channel, "METHOD url", status, text)
        self.channel = "crawl"

    def get(self, url, *args, **kwargs):
        return self._keep("GET", url, self.client.get(url, *args, **kwargs))

    def post(self, url, *args, **kwargs):
        return self._keep("POST", url, self.client.post(url, *args, **kwargs))

    def _keep(self, method, url, response):
        # A file is read here (the crawl reads HTML pages only).
        body = b"".join(response.streaming_content) if response.streaming else response.content
        headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
        text = headers + "\n\n" + body.decode("utf-8", "replace")
        self.seen.append((self.channel, f"{method} {url}", response.status_code, _plain(text)))
        return response

    def found(self, marker, channel=None):
        """[(channel, request, status)] of the responses showing ``marker``, as stored."""
        return [
            (where, request, status)
            for where, request, status, text in self.seen
            if (channel is None or where == channel) and marker in text
        ]


def _plain(text):
    # JSON- or entity-escaped slashes read as written; a form's random CSRF
    # token is nobody's data (and could, once in a blue moon, spell a marker).
    text = text.replace("\\/", "/").replace("&#x2f;", "/").replace("&#47;", "/")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def _path(request):
    return urlsplit(request.split(" ", 1)[1]).path


def autocomplete_sources():
    """(app_label, model_name, field_name) of every autocomplete field of every admin
    and inline, and of every other field pointing at a document (a forged request)."""
    sources = set()
    for model, model_admin in admin.site._registry.items():
        for field in model_admin.autocomplete_fields:
            sources.add((model._meta.app_label, model._meta.model_name, field))
        for inline in model_admin.inlines:
            for field in inline.autocomplete_fields:
                sources.add((inline.model._meta.app_label, inline.model._meta.model_name, field))
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is Document:
                sources.add((model._meta.app_label, model._meta.model_name, field.name))
    assert {
        ("news", "article", "related_documents"),
        ("news", "article", "cover_image"),
        ("documents", "documentrelation", "target"),
        ("documents", "document", "signer"),
    } <= sources
    return sorted(sources)


def compare_url(obj):
    """The page comparing the item's two latest revisions, or None."""
    versions = list(Version.objects.get_for_object(obj).values_list("pk", flat=True)[:2])
    if len(versions) < 2:
        return None
    opts = obj._meta
    return (
        f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/history/compare/"
        f"?version_id1={versions[1]}&version_id2={versions[0]}"
    )


@pytest.fixture
def hidden_world(other_contributor):
    """Another reporter's classified and internal documents, each with its file, related
    both ways to a public one."""
    places = bodies()
    # Created first: the crawl's seeds open the first document's change,
    # history and delete pages.
    with reversion.create_revision():
        reversion.set_user(other_contributor)
        secret = classified(
            other_contributor,
            number=CLASSIFIED_NUMBER,
            summary=f"về {CLASSIFIED_MARKER} công tác bảo vệ chính trị nội bộ",
            body=f"<p>Toàn văn {CLASSIFIED_MARKER}</p>",
            internal_note=f"Ghi chú {CLASSIFIED_MARKER}",
            issuer=places["btv"],
        )
    workflow.transition(fresh(secret), Status.PENDING, other_contributor)  # the editors' queue
    with reversion.create_revision():
        reversion.set_user(other_contributor)
        internal = draft(
            other_contributor,
            number_symbol="",
            summary=f"về {INTERNAL_MARKER} kế hoạch kiểm tra nội bộ",
            body=f"<p>Toàn văn {INTERNAL_MARKER}</p>",
            internal_note=f"Ghi chú {INTERNAL_MARKER}",
            circulation="internal",
            issuer=places["sub"],  # under the Ban Thường vụ
        )
    legacy = classified(
        other_contributor, number="918-NQ/TU", summary=f"về {LEGACY_MARKER} công tác cán bộ"
    )
    Document.objects.filter(pk=legacy.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now() - dt.timedelta(days=30)
    )
    files = [
        attach_pdf(secret, f"To trinh {CLASSIFIED_MARKER}", f"{CLASSIFIED_MARKER}.pdf"),
        attach_pdf(internal, f"Ke hoach {INTERNAL_MARKER}", f"{INTERNAL_MARKER}.pdf"),
    ]
    public = DocumentFactory(
        number_symbol="15-NQ/TU", summary="về công tác dân vận", issuer=places["btv"]
    )
    DocumentRelation.objects.create(source=secret, target=public, kind="replaces")
    DocumentRelation.objects.create(source=internal, target=public, kind="amends")
    DocumentRelation.objects.create(source=public, target=internal, kind="related")
    return {
        "secret": fresh(secret),
        "internal": internal,
        "public": public,
        "legacy": fresh(legacy),
        "files": files,
        "places": places,
        "category": CategoryFactory(name="Dân vận", slug="dan-van"),
    }


def own_items(user, editor, client, world):
    """``user``'s own draft document and article, which an editor then linked to the
    hidden documents through the admin (so revisions and change messages hold them)."""
    with reversion.create_revision():
        reversion.set_user(user)
        own_doc = draft(
            user, number_symbol="41-NQ/TU", summary="về việc của tôi", issuer=world["places"]["btv"]
        )
    with reversion.create_revision():
        reversion.set_user(user)
        own_article = ArticleFactory(
            author=user, category=world["category"], status="draft", published_at=None,
            title="Bài của tôi",
        )  # fmt: skip
    client.force_login(editor)
    rows = {
        "outgoing_relations-TOTAL_FORMS": "2",
        "outgoing_relations-0-kind": "related",
        "outgoing_relations-0-target": str(world["secret"].pk),
        "outgoing_relations-1-kind": "amends",
        "outgoing_relations-1-target": str(world["internal"].pk),
    }
    response = client.post(change_url(own_doc), change_data(own_doc, **rows))
    assert response.status_code == 302, errors_of(response)
    linked = [world["secret"].pk, world["internal"].pk, world["public"].pk]
    response = client.post(
        articles.change_url(own_article), article_form(own_article, related_documents=linked)
    )
    assert response.status_code == 302, articles.errors_of(response)
    client.logout()
    return fresh(own_doc), fresh(own_article)


def as_role(request, role, world):
    fixture, sections, body_limited = CONTRACT_ROLES[role]
    user = request.getfixturevalue(fixture)
    if sections:
        limit_sections(user, world["category"], sections)
    if body_limited:
        give_documents(user, world["places"]["btv"])
    return user


@pytest.mark.parametrize("role", list(CONTRACT_ROLES))
def test_no_admin_page_or_endpoint_shows_a_hidden_document(
    client, request, monkeypatch, role, editor, hidden_world
):
    world = hidden_world
    secret, internal, public = world["secret"], world["internal"], world["public"]
    legacy = world["legacy"]
    user = request.getfixturevalue(CONTRACT_ROLES[role][0])
    own_doc, own_article = own_items(user, editor, client, world)
    user = as_role(request, role, world)
    client.force_login(user)
    recorder = Recorder(client)

    recorder.channel = "autocomplete"
    offered = set()  # the documents any autocomplete offered
    for app_label, model_name, field_name in autocomplete_sources():
        remote = apps.get_model(app_label, model_name)._meta.get_field(field_name).related_model
        for term in ("", *SEARCHES, "917", "kiểm tra nội bộ", "bảo vệ chính trị"):
            query = {"app_label": app_label, "model_name": model_name,
                     "field_name": field_name, "term": term}  # fmt: skip
            response = recorder.get("/admin/autocomplete/?" + urlencode(query))
            if response.status_code == 200 and remote is Document:
                offered |= {int(result["id"]) for result in response.json()["results"]}

    recorder.channel = "autosave"
    forged = {"related_documents": [secret.pk, internal.pk], "summary": "về việc của tôi",
              "outgoing_relations-0-target": secret.pk, "_tab": "mot"}  # fmt: skip
    for base in ("/admin/documents/document/", "/admin/news/article/"):
        recorder.post(base + "tu-dong-luu/", forged)
    for document in (secret, internal, public, own_doc):
        recorder.post(f"/admin/documents/document/{document.pk}/tu-dong-luu/", forged)
    recorder.post(f"/admin/news/article/{own_article.pk}/tu-dong-luu/", forged)

    recorder.channel = "preview"
    for document in (own_doc, public, secret, internal, legacy):
        recorder.get(preview_url(document))
    recorder.get(f"/admin/news/article/{own_article.pk}/preview/")

    recorder.channel = "file"
    for attachment in world["files"]:
        recorder.get(reverse("admin:documents_attachment_file", args=[attachment.pk]))

    recorder.channel = "pages"
    for obj in (own_doc, own_article, secret, internal, legacy, public):
        opts = obj._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}"
        for view in ("change", "history", "delete", "tra-lai"):
            recorder.get(f"{base}/{view}/")
        if url := compare_url(obj):
            recorder.get(url)
    searched = ("/admin/documents/document/", "/admin/news/article/", "/tim-kiem/", "/van-ban/")
    for term in SEARCHES:
        for url in searched:
            recorder.get(url + "?" + urlencode({"q": term}))
    for query in (
        "classification__exact=mat",
        "circulation__exact=internal",
        "thung_rac=1",
        "trang_thai=pending",
        f"issuer__id__exact={world['places']['sub'].pk}",
    ):
        recorder.get(f"/admin/documents/document/?{query}")
    for url in (
        "/admin/",
        public.get_absolute_url(),
        secret.get_absolute_url(),
        legacy.get_absolute_url(),
    ):
        recorder.get(url)

    recorder.channel = "crawl"
    monkeypatch.setattr(admin_crawl, "MAX_PAGES", CRAWL_PAGES)
    # The add pages again, now with the autosaved (forged) copies to offer back.
    first = [change_url(own_doc), articles.change_url(own_article), ADD_URL, articles.ADD_URL]
    pages = admin_crawl.crawl(recorder, first=first)
    assert len(pages) > 10, sorted(pages)

    if CONTRACT_ROLES[role][1]:  # limited to sections, given no documents: none at all
        statuses = {status for _w, req, status, _t in recorder.seen if req == f"GET {LIST_URL}"}
        assert statuses == {403} and LIST_URL not in pages
    else:
        assert LIST_URL in pages
    hidden = {secret.pk, internal.pk, legacy.pk}
    files = [status for where, _req, status, _text in recorder.seen if where == "file"]
    if role in MAY_SEE:
        # The same probes find them for those who may see them: the test can fail.
        for marker in MARKERS:
            for channel in ("preview", "pages", "crawl"):
                assert recorder.found(marker, channel), (marker, channel)
        assert recorder.found(CLASSIFIED_NUMBER, "autocomplete")
        assert files == [200, 200]
        assert recorder.found(CLASSIFIED_MARKER, "file") and recorder.found(INTERNAL_MARKER, "file")
        assert hidden <= offered
    else:
        leaks = [
            f"{marker}: {where} {req} → {status}"
            for marker in MARKERS
            for where, req, status in recorder.found(marker)
        ]
        assert not leaks, "\n".join(leaks)
        assert not hidden & offered
        assert files == [403, 403]
    # None of it changed anything: the hidden documents and the editor's links stand.
    assert fresh(secret).summary == world["secret"].summary
    assert DocumentRelation.objects.filter(source=own_doc).count() == 2
    assert set(fresh(own_article).related_documents.all()) == {secret, internal, public}
    hidden_slots = Autosave.objects.filter(
        content_type=ContentType.objects.get_for_model(Document), object_id__in=hidden
    )
    assert not hidden_slots.exists() or role in MAY_SEE


@pytest.mark.parametrize("kind", ["document", "article"])
def test_the_history_of_ones_own_item_never_names_hidden_documents(
    client, contributor, editor, hidden_world, kind
):
    own_doc, own_article = own_items(contributor, editor, client, hidden_world)
    own = own_doc if kind == "document" else own_article
    client.force_login(contributor)
    opts = own._meta
    pages = [f"/admin/{opts.app_label}/{opts.model_name}/{own.pk}/history/", compare_url(own)]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not shows(response, CLASSIFIED_NUMBER), url
