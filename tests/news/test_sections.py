"""Permissions by section (issue 14): a user limited to some categories works only there.

Every path is tried: the form (its choices and a forged id), the list and its
tabs, the change, history and preview pages, the list actions, the dashboard,
and ``workflow.transition()`` called from the shell.
"""

import pytest

from editorial import scopes, workflow
from news.models import Article, SectionAccess
from tests.news.admin_helpers import ADD_URL, CHANGELIST_URL, change_url, errors_of, form_data
from tests.news.factories import ArticleFactory, CategoryFactory
from tests.newsroom.test_dashboard import HOME, links

pytestmark = pytest.mark.django_db
Status = Article.Status
WRITE, REVIEW = SectionAccess.Purpose.WRITE, SectionAccess.Purpose.REVIEW


@pytest.fixture
def sections():
    tuyen_giao = CategoryFactory(name="Ban Tuyên giáo", slug="tuyen-giao")
    return {
        "tuyen_giao": tuyen_giao,
        "hoc_tap": CategoryFactory(name="Học tập và làm theo", slug="hoc-tap", parent=tuyen_giao),
        "dan_van": CategoryFactory(name="Dân vận", slug="dan-van"),
    }


def limit(user, category, purpose=WRITE):
    SectionAccess.objects.create(user=user, category=category, purpose=purpose)
    scopes.forget(user)
    return user


def draft(author, category, **kwargs):
    return ArticleFactory(
        author=author, category=category, status=Status.DRAFT, published_at=None, **kwargs
    )


def listed(client, query=""):
    response = client.get(CHANGELIST_URL + query)
    assert response.status_code == 200
    return {article.title for article in response.context["cl"].result_list}


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


# --------------------------------------------------------------------------- the form


def test_a_limited_reporter_chooses_only_among_their_sections(client, contributor, sections):
    limit(contributor, sections["tuyen_giao"])
    client.force_login(contributor)
    choices = set(client.get(ADD_URL).context["adminform"].form.fields["category"].queryset)
    # The parent covers its subsection.
    assert choices == {sections["tuyen_giao"], sections["hoc_tap"]}


def test_an_editor_chooses_among_reviewed_and_written_sections(client, editor, sections):
    limit(editor, sections["hoc_tap"], REVIEW)
    limit(editor, sections["dan_van"], WRITE)
    client.force_login(editor)
    choices = set(client.get(ADD_URL).context["adminform"].form.fields["category"].queryset)
    assert choices == {sections["hoc_tap"], sections["dan_van"]}


def test_a_forged_category_is_refused_in_vietnamese(client, contributor, sections):
    limit(contributor, sections["tuyen_giao"])
    client.force_login(contributor)
    response = client.post(
        ADD_URL, form_data(title="Bài ngoài chuyên mục", category=sections["dan_van"].pk)
    )
    assert response.status_code == 200
    assert "Bạn không được phân công viết bài cho chuyên mục này" in errors_of(response)
    assert not Article.objects.filter(title="Bài ngoài chuyên mục").exists()
    # Moving one's own article out of the sections is refused the same way.
    own = draft(contributor, sections["hoc_tap"])
    response = client.post(change_url(own), form_data(own, category=sections["dan_van"].pk))
    assert "Bạn không được phân công" in errors_of(response)
    assert fresh(own).category == sections["hoc_tap"]


def test_a_limited_reporter_writes_in_a_subsection_of_their_section(client, contributor, sections):
    limit(contributor, sections["tuyen_giao"])
    client.force_login(contributor)
    response = client.post(
        ADD_URL,
        form_data(title="Bài mục con", category=sections["hoc_tap"].pk, status="pending"),
    )
    assert response.status_code == 302, errors_of(response)
    assert Article.objects.get(title="Bài mục con").status == Status.PENDING


def test_an_unlimited_reporter_chooses_any_section(client, contributor, sections):
    client.force_login(contributor)
    choices = set(client.get(ADD_URL).context["adminform"].form.fields["category"].queryset)
    assert set(sections.values()) <= choices


# --------------------------------------------------------------------------- list and pages


@pytest.fixture
def desk(sections, contributor, other_contributor, editor):
    """Articles in and out of the Ban Tuyên giáo's sections, in every state."""
    tg, con, dv = sections["tuyen_giao"], sections["hoc_tap"], sections["dan_van"]
    pending = draft(other_contributor, con, title="Chờ duyệt mục con")
    workflow.transition(pending, Status.PENDING, other_contributor)
    outside_pending = draft(other_contributor, dv, title="Chờ duyệt Dân vận")
    workflow.transition(outside_pending, Status.PENDING, other_contributor)
    return {
        "own": draft(contributor, tg, title="Nháp của tôi"),
        "own_outside": draft(contributor, dv, title="Nháp cũ ở Dân vận"),
        "published": ArticleFactory(category=tg, title="Đã đăng Tuyên giáo"),
        "published_child": ArticleFactory(category=con, title="Đã đăng mục con"),
        "outside": ArticleFactory(category=dv, title="Đã đăng Dân vận"),
        "pending": pending,
        "outside_pending": outside_pending,
    }


def test_a_limited_reporter_lists_only_their_sections(client, contributor, desk, sections):
    limit(contributor, sections["tuyen_giao"])
    client.force_login(contributor)
    assert listed(client) == {"Nháp của tôi", "Đã đăng Tuyên giáo", "Đã đăng mục con"}
    # The search runs over the same list.
    assert listed(client, "?q=Đã đăng") == {"Đã đăng Tuyên giáo", "Đã đăng mục con"}
    # The category filter offers only those sections.
    response = client.get(CHANGELIST_URL)
    (spec,) = [f for f in response.context["cl"].filter_specs if f.title == "chuyên mục"]
    assert {name for pk, name in spec.lookup_choices} == {
        str(sections["tuyen_giao"]),
        str(sections["hoc_tap"]),
    }


def test_a_limited_editor_lists_and_reviews_only_their_sections(client, editor, desk, sections):
    limit(editor, sections["tuyen_giao"], REVIEW)
    client.force_login(editor)
    assert listed(client) == {
        "Nháp của tôi",
        "Đã đăng Tuyên giáo",
        "Đã đăng mục con",
        "Chờ duyệt mục con",
    }


def test_pages_of_an_article_outside_the_sections_are_refused(client, editor, desk, sections):
    limit(editor, sections["tuyen_giao"], REVIEW)
    client.force_login(editor)
    outside = desk["outside"]
    base = f"/admin/news/article/{outside.pk}"
    # The change page redirects like for any item the user may not see.
    response = client.get(change_url(outside))
    assert response.status_code == 302 and response.url == "/admin/"
    response = client.post(change_url(outside), form_data(outside, title="Sửa trộm"))
    assert fresh(outside).title == "Đã đăng Dân vận"
    for url in (f"{base}/history/", f"{base}/preview/"):
        assert client.get(url).status_code == 404, url
    assert client.get(f"{base}/delete/").url == "/admin/"
    client.post(f"{base}/delete/", {"post": "yes"})
    assert fresh(outside).deleted_at is None
    # Inside the sections all is as before.
    inside = desk["published_child"]
    assert client.get(change_url(inside)).status_code == 200
    assert client.get(f"/admin/news/article/{inside.pk}/preview/").status_code == 200
    assert client.get(f"/admin/news/article/{inside.pk}/history/").status_code == 200


def test_an_unlimited_editor_is_unaffected(client, editor, desk):
    client.force_login(editor)
    assert listed(client) == {article.title for article in desk.values()}
    assert client.get(change_url(desk["outside"])).status_code == 200


# --------------------------------------------------------------------------- actions


def action(client, name, *articles, trash=False):
    url = CHANGELIST_URL + ("?thung_rac=1" if trash else "")
    response = client.post(
        url, {"action": name, "_selected_action": [a.pk for a in articles]}, follow=True
    )
    return " ".join(str(m) for m in response.context["messages"])


def test_actions_skip_what_is_outside_the_sections(client, editor, desk, sections):
    limit(editor, sections["tuyen_giao"], REVIEW)
    limit(editor, sections["dan_van"], WRITE)  # sees Dân vận, may not publish it
    client.force_login(editor)
    messages = action(client, "publish_now", desk["pending"], desk["outside_pending"])
    assert fresh(desk["pending"]).status == Status.PUBLISHED
    assert fresh(desk["outside_pending"]).status == Status.PENDING
    assert "Bạn không được phân công duyệt chuyên mục “Dân vận”" in messages
    action(client, "unpublish", desk["outside"])
    assert fresh(desk["outside"]).status == Status.PUBLISHED
    action(client, "delete_selected", desk["outside"])
    client.post(
        CHANGELIST_URL,
        {"action": "delete_selected", "_selected_action": [desk["outside"].pk], "post": "yes"},
    )
    assert fresh(desk["outside"]).deleted_at is None


def test_restore_and_submit_outside_the_sections_are_refused(
    client, editor, contributor, desk, sections
):
    workflow.soft_delete(desk["outside"], editor)
    limit(editor, sections["tuyen_giao"], REVIEW)
    limit(editor, sections["dan_van"], WRITE)
    client.force_login(editor)
    messages = action(client, "restore", desk["outside"], trash=True)
    assert fresh(desk["outside"]).deleted_at is not None
    assert "Dân vận" in messages
    # A reporter whose sections changed cannot send an old draft elsewhere.
    limit(contributor, sections["tuyen_giao"])
    client.force_login(contributor)
    action(client, "submit_for_review", desk["own_outside"])
    assert fresh(desk["own_outside"]).status == Status.DRAFT


# --------------------------------------------------------------------------- the shell


def test_transition_refuses_a_move_outside_the_sections(editor, contributor, desk, sections):
    limit(editor, sections["tuyen_giao"], REVIEW)
    with pytest.raises(workflow.TransitionError, match="duyệt chuyên mục “Dân vận”"):
        workflow.transition(fresh(desk["outside_pending"]), Status.PUBLISHED, editor)
    with pytest.raises(workflow.TransitionError, match="Dân vận"):
        workflow.soft_delete(fresh(desk["outside"]), editor)
    assert fresh(desk["outside_pending"]).status == Status.PENDING
    # The parent's review covers the subsection.
    workflow.transition(fresh(desk["pending"]), Status.PUBLISHED, editor)
    assert fresh(desk["pending"]).status == Status.PUBLISHED

    limit(contributor, sections["tuyen_giao"])
    with pytest.raises(workflow.TransitionError, match="viết bài cho chuyên mục “Dân vận”"):
        workflow.transition(fresh(desk["own_outside"]), Status.PENDING, contributor)
    workflow.transition(fresh(desk["own"]), Status.PENDING, contributor)


def test_writing_a_section_does_not_give_its_review(editor, desk, sections):
    limit(editor, sections["dan_van"], WRITE)
    with pytest.raises(workflow.TransitionError):
        workflow.transition(fresh(desk["outside_pending"]), Status.PUBLISHED, editor)


def test_superusers_and_unlimited_users_are_never_limited(editor, desk):
    workflow.transition(fresh(desk["outside_pending"]), Status.PUBLISHED, editor)
    assert fresh(desk["outside_pending"]).status == Status.PUBLISHED


# --------------------------------------------------------------------------- counts


@pytest.mark.parametrize("role", ["contributor", "editor"])
def test_dashboard_and_tab_counts_match_the_limited_lists(client, request, role, desk, sections):
    user = request.getfixturevalue(role)
    limit(user, sections["tuyen_giao"], REVIEW if role == "editor" else WRITE)
    client.force_login(user)
    html = client.get(HOME).content.decode()
    found = links(html)
    assert found
    for url, count, label in found:
        response = client.get(url)
        assert response.context["cl"].result_count == count, (url, label)
    if role == "editor":
        assert "Chờ duyệt Dân vận" not in html
        assert "Chờ duyệt mục con" in html
    tabs = client.get(CHANGELIST_URL).context["queue_tabs"]
    for tab in tabs:
        listed_page = client.get(CHANGELIST_URL + tab["url"])
        assert listed_page.context["cl"].result_count == tab["count"], tab["label"]
    assert tabs[0]["count"] == len(listed(client))


# --------------------------------------------------------------------------- the user page


def test_an_admin_sets_a_users_sections_on_their_page(client, site_admin, contributor, sections):
    client.force_login(site_admin)
    url = f"/admin/accounts/user/{contributor.pk}/change/"
    page = client.get(url)
    assert "Chuyên mục phụ trách" in page.content.decode()
    data = {
        "username": contributor.username,
        "display_name": contributor.display_name,
        "is_active": "on",
        "is_staff": "on",
        "role": "Phóng viên",
        "last_login_0": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "section_access-TOTAL_FORMS": "1",
        "section_access-INITIAL_FORMS": "0",
        "section_access-0-category": sections["tuyen_giao"].pk,
        "section_access-0-purpose": "write",
        "document_access-TOTAL_FORMS": "0",
        "document_access-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    assert list(contributor.section_access.values_list("category", "purpose")) == [
        (sections["tuyen_giao"].pk, "write")
    ]


def test_a_section_in_use_cannot_be_deleted_and_lift_the_limit(contributor, sections):
    from django.db.models import ProtectedError

    limit(contributor, sections["dan_van"])
    with pytest.raises(ProtectedError):
        sections["dan_van"].delete()


def test_a_limited_editor_recovers_only_their_sections_purged_articles(
    client, editor, desk, sections
):
    import reversion
    from reversion.models import Version

    outside_pk = desk["outside"].pk
    for key in ("published", "outside"):
        with reversion.create_revision():
            desk[key].save()
        desk[key].delete()
    limit(editor, sections["tuyen_giao"], REVIEW)
    client.force_login(editor)
    response = client.get(CHANGELIST_URL + "recover/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đã đăng Tuyên giáo" in page
    assert "Đã đăng Dân vận" not in page
    outside = Version.objects.get_deleted(Article).get(object_id=str(outside_pk))
    assert client.get(f"{CHANGELIST_URL}recover/{outside.pk}/").status_code in (302, 403, 404)
