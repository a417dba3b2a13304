import datetime as dt

import pytest
import reversion
from django.utils import timezone
from reversion.models import Version

from news.models import Article
from tests.news.admin_helpers import ADD_URL, CHANGELIST_URL, change_url, errors_of, form_data
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db
Status = Article.Status


def own_draft(user, category, **kwargs):
    return ArticleFactory(
        author=user, category=category, status=Status.DRAFT, published_at=None, **kwargs
    )


def test_contributor_creates_and_submits_article(client, contributor, category):
    client.force_login(contributor)
    response = client.post(
        ADD_URL,
        form_data(
            title="Đảng bộ phường Đông Kinh ra mắt mô hình dân vận khéo",
            category=category.pk,
            status="pending",
            body="<p>Nội dung <strong>đậm</strong></p><script>alert(1)</script>",
        ),
    )
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    assert article.status == Status.PENDING
    assert article.author == contributor
    assert article.byline == "Thanh Huệ"
    assert article.slug == "dang-bo-phuong-dong-kinh-ra-mat-mo-hinh-dan-van-kheo"
    assert "<script" not in article.body and "<strong>đậm</strong>" in article.body
    assert article.version == 1


def test_contributor_forging_publish_gets_error_and_nothing_changes(client, contributor, category):
    article = own_draft(contributor, category, title="Bản nháp của phóng viên")
    client.force_login(contributor)
    response = client.post(
        change_url(article),
        form_data(
            article,
            title="Đổi tiêu đề",
            status="published",
            published_at_0="2020-01-01",
            published_at_1="08:00:00",
            featured="on",
        ),
    )
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.title == "Bản nháp của phóng viên"
    assert article.published_at is None and not article.featured


def test_contributor_forging_publish_action_is_refused(client, contributor, category):
    article = own_draft(contributor, category)
    client.force_login(contributor)
    response = client.post(
        CHANGELIST_URL, {"action": "publish_now", "_selected_action": [article.pk]}
    )
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_contributor_cannot_edit_or_see_others_drafts(
    client, contributor, other_contributor, category
):
    theirs = own_draft(other_contributor, category, title="Nháp của người khác")
    client.force_login(contributor)
    assert client.get(change_url(theirs)).status_code == 302  # "does not exist" redirect
    listing = client.get(CHANGELIST_URL)
    assert "Nháp của người khác" not in listing.content.decode()
    response = client.post(change_url(theirs), form_data(theirs, title="Chiếm quyền"))
    theirs.refresh_from_db()
    assert theirs.title == "Nháp của người khác"
    assert response.status_code in (302, 403)


def test_contributor_sees_own_articles_first(client, contributor, editor, category):
    published = ArticleFactory(category=category, author=editor, title="Tin đã đăng")
    mine = own_draft(contributor, category, title="Nháp của tôi")
    Article.objects.filter(pk=published.pk).update(updated_at=timezone.now() + dt.timedelta(1))
    client.force_login(contributor)
    html = client.get(CHANGELIST_URL).content.decode()
    assert html.index(mine.title) < html.index(published.title)


def test_contributor_cannot_edit_published_article(client, contributor, category):
    article = ArticleFactory(author=contributor, category=category)
    client.force_login(contributor)
    client.post(change_url(article), form_data(article, title="Sửa sau khi đăng"))
    article.refresh_from_db()
    assert article.title != "Sửa sau khi đăng"


def test_editor_publishes_with_schedule(client, editor, contributor, category):
    article = own_draft(contributor, category)
    when = timezone.localtime(timezone.now() + dt.timedelta(days=1))
    client.force_login(editor)
    response = client.post(
        change_url(article),
        form_data(
            article,
            status="published",
            published_at_0=f"{when:%Y-%m-%d}",
            published_at_1=f"{when:%H:%M:%S}",
        ),
    )
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.is_scheduled and article.published_by == editor
    listing = client.get(CHANGELIST_URL).content.decode()
    assert "status-scheduled" in listing and "Hẹn giờ" in listing


def test_editor_list_actions(client, editor, contributor, category):
    a = own_draft(contributor, category)
    b = own_draft(contributor, category)
    client.force_login(editor)
    client.post(CHANGELIST_URL, {"action": "publish_now", "_selected_action": [a.pk, b.pk]})
    assert Article.objects.published().count() == 2
    client.post(CHANGELIST_URL, {"action": "unpublish", "_selected_action": [a.pk]})
    a.refresh_from_db()
    assert a.status == Status.UNPUBLISHED


def test_stale_save_is_refused_naming_who_saved(client, editor, contributor, category):
    article = own_draft(contributor, category, title="Tiêu đề gốc")
    client.force_login(contributor)
    opened = client.get(change_url(article)).context["adminform"].form
    stale_version = opened["expected_version"].value()

    client.force_login(editor)
    first = client.post(change_url(article), form_data(article, title="Biên tập sửa trước"))
    assert first.status_code == 302

    client.force_login(contributor)
    response = client.post(
        change_url(article),
        form_data(article, title="Phóng viên sửa sau", expected_version=stale_version),
    )
    assert response.status_code == 200
    message = errors_of(response)
    assert "Lan Hương" in message and "Không lưu được" in message
    assert "Phóng viên sửa sau" in response.content.decode()  # the text stays on screen
    article.refresh_from_db()
    assert article.title == "Biên tập sửa trước"


def test_every_save_keeps_a_revision_and_one_can_be_restored(client, editor, category):
    article = ArticleFactory(category=category, author=editor, title="Phiên bản một")
    client.force_login(editor)
    for title in ("Phiên bản hai", "Phiên bản ba"):
        article.refresh_from_db()
        response = client.post(change_url(article), form_data(article, title=title))
        assert response.status_code == 302, errors_of(response)
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    first = versions.last()
    assert first.field_dict["title"] == "Phiên bản hai"
    history = client.get(f"/admin/news/article/{article.pk}/history/")
    assert history.status_code == 200
    compare = client.get(
        f"/admin/news/article/{article.pk}/history/compare/",
        {"version_id1": versions.last().pk, "version_id2": versions.first().pk},
    )
    assert compare.status_code == 200

    # Restore the first revision through reversion's revision view.
    restore_url = f"/admin/news/article/{article.pk}/history/{first.pk}/"
    page = client.get(restore_url)
    assert page.status_code == 200
    restored = page.context["adminform"].form
    assert restored["title"].value() == "Phiên bản hai"
    response = client.post(
        restore_url,
        form_data(
            article, title="Phiên bản hai", expected_version=restored["expected_version"].value()
        ),
    )
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.title == "Phiên bản hai"
    assert Version.objects.get_for_object(article).count() == 3


def test_preview_is_staff_only_and_not_cached(client, contributor, category):
    article = own_draft(contributor, category, title="Bản nháp xem trước")
    url = f"/admin/news/article/{article.pk}/preview/"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    client.force_login(contributor)
    response = client.get(url)
    assert response.status_code == 200
    assert "Bản nháp xem trước" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    # The public URL still 404s.
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_article_list_shows_newsroom_columns(client, editor, category):
    from tests.images.factories import ImageFactory

    ArticleFactory(category=category, cover_image=ImageFactory(), last_edited_by=editor)
    client.force_login(editor)
    html = client.get(CHANGELIST_URL).content.decode()
    for text in ("admin-thumb", "status-published", "Dân vận", "Thanh Huệ", "Lan Hương"):
        assert text in html


@pytest.mark.parametrize("status_filter", ["draft", "pending", "scheduled", "live", "unpublished"])
def test_status_filters(client, editor, status_filter):
    client.force_login(editor)
    assert client.get(CHANGELIST_URL, {"trang_thai": status_filter}).status_code == 200


def test_revision_context_is_used_for_importer_too(category):
    with reversion.create_revision():
        ArticleFactory(category=category)
    assert Version.objects.count() == 1


def test_admin_search_ignores_diacritics(client, editor, category):
    ArticleFactory(category=category, title="Hội nghị công tác Dân vận khéo", author=editor)
    ArticleFactory(
        category=category,
        title="Tin về giao thông",
        lead="Đường phố thông thoáng.",
        body="<p>Xe cộ đi lại an toàn.</p>",
        author=editor,
    )
    draft = ArticleFactory(
        category=category, title="Bản nháp Dân vận", status=Status.DRAFT, published_at=None
    )
    client.force_login(editor)
    for query in ("dan van", "DÂN VẬN", "Dân vận"):
        results = client.get(CHANGELIST_URL, {"q": query}).context["cl"].result_list
        titles = {a.title for a in results}
        assert titles == {"Hội nghị công tác Dân vận khéo", draft.title}, query


def test_contributor_list_is_sorted_as_its_header_says(client, contributor, editor, category):
    """Newest publication first, as the "Xuất bản" column is marked, whoever wrote it."""
    now = timezone.now()
    old_mine = ArticleFactory(
        category=category, author=contributor, title="Bài cũ của tôi",
        published_at=now - dt.timedelta(days=9),
    )  # fmt: skip
    newer = ArticleFactory(
        category=category, author=editor, title="Bài mới của người khác",
        published_at=now - dt.timedelta(days=1),
    )  # fmt: skip
    draft = own_draft(contributor, category, title="Nháp chưa đăng")
    # Edited last, which sorted it first when the list ignored its header.
    Article.objects.filter(pk=old_mine.pk).update(updated_at=now + dt.timedelta(1))
    client.force_login(contributor)
    html = client.get(CHANGELIST_URL).content.decode()
    assert html.index(draft.title) < html.index(newer.title) < html.index(old_mine.title)
    # The header marks the publication column as the sorted one, descending.
    assert 'class="sortable column-published sorted descending"' in html
