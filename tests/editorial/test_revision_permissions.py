"""django-reversion's views under the newsroom's rules: every role × every revision URL.

History, compare, revision (restore) and recover are judged by the response
and by what is stored afterwards, as the permission matrix does for the rest
of the admin.
"""

import datetime as dt

import pytest
import reversion
from django.contrib.admin.models import LogEntry
from django.utils import timezone
from reversion.models import Version

from editorial import workflow
from news.models import Article
from tests.news.admin_helpers import form_data
from tests.news.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db
Status = Article.Status
ROLES = ["anonymous", "contributor", "editor", "site_admin"]
BASE = "/admin/news/article/"


def saved(article, user, **changes):
    """Save ``article`` with ``changes`` as one revision by ``user``."""
    for name, value in changes.items():
        setattr(article, name, value)
    with reversion.create_revision():
        reversion.set_user(user)
        article.save()
    return article


def with_history(user, category, status, **kwargs):
    """An article with two revisions: first a draft, then ``status``."""
    article = ArticleFactory(
        author=user,
        category=category,
        title="Bản đầu",
        status=Status.DRAFT,
        published_at=None,
        **kwargs,
    )
    saved(article, user)
    published_at = timezone.now() - dt.timedelta(hours=2) if status == Status.PUBLISHED else None
    return saved(article, user, title="Bản sau", status=status, published_at=published_at)


@pytest.fixture
def world(contributor, other_contributor, editor, site_admin):
    category = CategoryFactory(name="Dân vận", slug="dan-van")
    own_published = with_history(contributor, category, Status.PUBLISHED)
    own_published.published_by = editor
    own_published.save()
    trashed = with_history(contributor, category, Status.PUBLISHED)
    workflow.soft_delete(trashed, editor)
    return {
        "own_draft": with_history(contributor, category, Status.DRAFT),
        "others_draft": with_history(other_contributor, category, Status.DRAFT),
        "own_published": own_published,
        "own_trashed": trashed,
        "users": {"contributor": contributor, "editor": editor, "site_admin": site_admin},
    }


def versions(article):
    """(oldest, newest) versions of ``article``."""
    found = list(Version.objects.get_for_object(article).order_by("pk"))
    return found[0], found[-1]


def snapshot(article):
    return Article.objects.filter(pk=article.pk).values().first()


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])


# (object, may read history) for contributor, editor, admin; anonymous never may.
READERS = {
    "own_draft": (True, True, True),
    "others_draft": (False, True, True),
    "own_published": (True, True, True),
    "own_trashed": (False, True, True),
}


def cases(table):
    """(object name, role, allowed) for every role; anonymous is never allowed."""
    return [
        pytest.param(name, role, role != "anonymous" and allowed[ROLES.index(role) - 1],
                     id=f"{name}-{role}")
        for name, allowed in table.items()
        for role in ROLES
    ]  # fmt: skip


@pytest.mark.parametrize(("name", "role", "allowed"), cases(READERS))
def test_history_and_compare_follow_the_change_view(client, world, name, role, allowed):
    article = world[name]
    login(client, world, role)
    old, new = versions(article)
    history = client.get(f"{BASE}{article.pk}/history/")
    compare = client.get(
        f"{BASE}{article.pk}/history/compare/", {"version_id1": old.pk, "version_id2": new.pk}
    )
    for response in (history, compare):
        if allowed:
            assert response.status_code == 200
        else:
            assert response.status_code in (302, 403, 404)
            assert "Bản đầu" not in response.content.decode()
            assert "Bản sau" not in response.content.decode()


# Restoring the first (draft) revision: who may, judged by the database.
# own_published and own_trashed differ from that draft in status or trash.
RESTORERS = {
    "own_draft": (True, True, True),
    "others_draft": (False, True, True),
    "own_published": (False, True, True),
    "own_trashed": (False, True, True),
}


@pytest.mark.parametrize(("name", "role", "allowed"), cases(RESTORERS))
def test_restoring_a_revision_follows_the_change_view(client, world, name, role, allowed):
    article = world[name]
    before = snapshot(article)
    login(client, world, role)
    old, _new = versions(article)
    url = f"{BASE}{article.pk}/history/{old.pk}/"
    page = client.get(url)
    stored = Article.objects.get(pk=article.pk)
    data = form_data(stored, title="Khôi phục và sửa", status=stored.status)
    response = client.post(url, data)
    after = snapshot(article)
    if not allowed:
        assert page.status_code in (302, 403, 404)
        assert response.status_code in (302, 403, 404)
        for text in ("Bản đầu", "Bản sau"):
            assert text not in page.content.decode() + response.content.decode()
        assert after == before
        return
    assert page.status_code == 200
    assert response.status_code == 302
    assert after["title"] == "Khôi phục và sửa"
    # What the workflow owns is as it was: status, dates, trash, publisher.
    for field in ("status", "published_at", "published_by_id", "deleted_at", "deleted_by_id"):
        assert after[field] == before[field], field
    assert after["version"] == before["version"] + 1


def test_contributor_cannot_unpublish_own_article_through_an_old_revision(client, world):
    """The reported attack: the draft-era revision of a published article, posted back."""
    article = world["own_published"]
    before = snapshot(article)
    client.force_login(world["users"]["contributor"])
    old, _new = versions(article)
    url = f"{BASE}{article.pk}/history/{old.pk}/"
    assert client.get(url).status_code == 403
    forged = form_data(article, title="Viết lại", body="<p>Viết lại</p>", status="draft")
    assert client.post(url, forged).status_code == 403
    assert snapshot(article) == before
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_contributor_cannot_take_own_article_out_of_the_trash_by_a_revision(client, world):
    article = world["own_trashed"]
    client.force_login(world["users"]["contributor"])
    old, _new = versions(article)
    forged = form_data(article, title="Ra khỏi thùng rác", status="draft")
    response = client.post(f"{BASE}{article.pk}/history/{old.pk}/", forged)
    assert response.status_code == 404
    assert Article.objects.get(pk=article.pk).deleted_at is not None


def test_a_version_of_another_article_is_not_found(client, world):
    own, others = world["own_draft"], world["others_draft"]
    client.force_login(world["users"]["contributor"])
    foreign, _ = versions(others)
    before = snapshot(others)
    response = client.get(f"{BASE}{own.pk}/history/{foreign.pk}/")
    assert response.status_code == 404
    assert "Bản đầu" not in response.content.decode()
    client.post(f"{BASE}{own.pk}/history/{foreign.pk}/", form_data(own, title="Lẫn bài"))
    assert snapshot(others) == before


def test_editor_restoring_a_draft_revision_of_a_published_article_keeps_it_published(client, world):
    article = world["own_published"]
    editor = world["users"]["editor"]
    client.force_login(editor)
    old, _new = versions(article)
    url = f"{BASE}{article.pk}/history/{old.pk}/"
    form = client.get(url).context["adminform"].form
    assert form["title"].value() == "Bản đầu"
    assert form["status"].value() == "draft"  # what the revision had
    # Posting the revision's draft status is an ordinary status change: refused
    # (published → draft is not a move), with nothing stored.
    before = snapshot(article)
    refused = client.post(url, form_data(article, title="Bản đầu", status="draft"))
    assert refused.status_code == 200 and "status" in refused.context["adminform"].form.errors
    assert snapshot(article) == before
    # Unpublishing through a revision goes through the workflow and the audit log.
    response = client.post(url, form_data(article, title="Bản đầu", status="unpublished"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.UNPUBLISHED and article.title == "Bản đầu"
    assert LogEntry.objects.filter(
        object_id=str(article.pk), user=editor, change_message="Gỡ bài"
    ).exists()


def purged(world):
    article = world["own_draft"]
    pk = article.pk
    with reversion.create_revision():
        article.delete()
    return Version.objects.get_deleted(Article).get(object_id=str(pk))


@pytest.mark.parametrize("role", ROLES)
def test_recover_list_and_recover_are_for_editors_and_admins(client, world, role):
    version = purged(world)
    login(client, world, role)
    listing = client.get(f"{BASE}recover/")
    page = client.get(f"{BASE}recover/{version.pk}/")
    allowed = role in ("editor", "site_admin")
    if not allowed:
        for response in (listing, page):
            assert response.status_code in (302, 403)
            assert "Bản sau" not in response.content.decode()
        return
    assert listing.status_code == 200 and "Bản sau" in listing.content.decode()
    assert page.status_code == 200
    data = form_data(None, title="Bản sau", category=world["own_published"].category_id)
    data["status"] = "published"
    response = client.post(f"{BASE}recover/{version.pk}/", data)
    assert response.status_code == 302
    recovered = Article.objects.get(pk=version.object_id)
    assert recovered.status == Status.PUBLISHED and recovered.deleted_at is None
    assert recovered.published_by == world["users"][role]
    assert LogEntry.objects.filter(object_id=version.object_id, change_message="Xuất bản").exists()


def test_recover_takes_only_purged_articles(client, world):
    """A version of a live article (or of another model) is not recoverable here."""
    live, _ = versions(world["others_draft"])
    client.force_login(world["users"]["editor"])
    assert client.get(f"{BASE}recover/{live.pk}/").status_code == 404
