"""The kept parts of article pages (news/fragments.py): fast, and never stale."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from core.models import SiteSettings
from editorial import workflow
from images.renditions import generate_renditions
from news.models import Article
from tests.images.factories import ImageFactory, jpeg_bytes
from tests.news.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_off(settings, db):
    # What these tests look at is what a request costs when the page cache misses.
    settings.PAGE_CACHE_ENABLED = False
    SiteSettings.load()


def html(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_kept_article_page_runs_no_sql(client, article, photo, django_assert_num_queries):
    article.cover_image = photo
    article.save()
    ArticleFactory(category=article.category, title="Tin liên quan")
    first = html(client, article)
    with django_assert_num_queries(0):
        again = html(client, article)
    assert again == first
    assert "Tin liên quan" in again and 'srcset="' in again


def test_editing_the_article_shows_at_once(client, article):
    html(client, article)
    article.title = "Tiêu đề đã sửa"
    article.save()
    page = html(client, article)
    assert "Tiêu đề đã sửa" in page and "<title>Tiêu đề đã sửa" in page


def test_publishing_another_article_keeps_this_part_and_renews_the_related_list(
    client, article, django_assert_max_num_queries
):
    html(client, article)
    ArticleFactory(category=article.category, title="Bài mới cùng chuyên mục")
    # The article's state and own part are reused: only the related part (the
    # related articles and the related documents, one query each) and the
    # categories (read once per content version) are read again.
    with django_assert_max_num_queries(3) as queries:
        page = html(client, article)
    assert "Bài mới cùng chuyên mục" in page
    tables = sorted(re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in queries)
    assert tables == ["documents_document", "news_article", "news_category"]
    related_list = next(q["sql"] for q in queries if 'FROM "news_article"' in q["sql"])
    assert "NOT" in related_list, "only the related list, not the article itself, is read"


def test_a_category_rename_reaches_the_kept_part(client, article):
    html(client, article)
    article.category.name = "Công tác Dân vận"
    article.category.save()
    assert "Công tác Dân vận" in html(client, article)


def test_a_photo_caption_and_credit_change_reach_the_kept_part(client, article, photo):
    article.cover_image = photo
    article.cover_caption = ""
    article.save()
    html(client, article)
    photo.caption = "Chú thích mới"
    photo.credit = "Hoàng Nam"
    photo.save()
    page = html(client, article)
    assert "Chú thích mới" in page and "Hoàng Nam" in page


def test_renditions_made_after_the_page_was_kept_are_used(client, article):
    photo = ImageFactory(file=ContentFile(jpeg_bytes((1600, 1000)), name="photo.jpg"))
    article.cover_image = photo
    article.save()
    assert 'srcset="' not in html(client, article)
    generate_renditions(photo)
    assert 'srcset="' in html(client, article)


def test_site_settings_reach_the_kept_part(client, article):
    html(client, article)
    site = SiteSettings.load()
    site.short_name = "Cổng TTĐT Thành ủy"
    site.save()
    assert f"{article.title} – Cổng TTĐT Thành ủy" in html(client, article)


def test_an_unpublished_or_deleted_article_is_gone_although_its_part_is_kept(
    client, article, editor
):
    html(client, article)
    workflow.transition(article, Article.Status.UNPUBLISHED, editor)
    assert client.get(article.get_absolute_url()).status_code == 404
    workflow.transition(article, Article.Status.PUBLISHED, editor)
    assert client.get(article.get_absolute_url()).status_code == 200
    workflow.soft_delete(article, editor)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_rescheduled_article_is_gone_until_its_time(client, article):
    html(client, article)
    article.published_at = timezone.now() + dt.timedelta(hours=2)
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_kept_scheduled_article_appears_at_its_time(client, article):
    article.published_at = timezone.now() + dt.timedelta(hours=1)
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404
    # Nothing is saved in between: the kept state is judged again on each request.
    later = timezone.now() + dt.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_a_missing_or_moved_article(client, article):
    assert client.get("/dan-van/khong-co-999999/").status_code == 404
    article.category = CategoryFactory(name="Xây dựng Đảng", slug="xay-dung-dang")
    article.save()
    moved = client.get(f"/dan-van/{article.slug}-{article.pk}/")
    assert moved.status_code == 301 and moved["Location"] == article.get_absolute_url()


def test_the_host_is_part_of_the_key(client, article, settings):
    settings.ALLOWED_HOSTS = ["testserver", "thanhuy.example.vn"]
    assert 'href="http://testserver/' in html(client, article)
    other = client.get(article.get_absolute_url(), HTTP_HOST="thanhuy.example.vn")
    assert 'href="http://thanhuy.example.vn/' in other.content.decode()
    assert "testserver" not in other.content.decode()


def test_a_preview_shows_the_draft_not_the_kept_part(client, article, editor):
    html(client, article)
    # An edit saved without touching updated_at (as a raw update would) must
    # still show in the preview, which never reads kept parts.
    Article.objects.filter(pk=article.pk).update(title="Bản nháp đang sửa")
    client.force_login(editor)
    preview = client.get(f"/admin/news/article/{article.pk}/preview/")
    assert preview.status_code == 200
    assert "Bản nháp đang sửa" in preview.content.decode()


def test_a_state_read_racing_an_unpublish_is_not_kept(
    client, article, editor, django_capture_on_commit_callbacks
):
    """A reader reads the article as published; before it stores what it read,
    an editor's unpublish commits and its on-commit hooks run. The late write
    must not keep the article public (it did, for an hour, with one fixed key)."""
    from core import versioning
    from news import fragments

    read = fragments._read_state

    def racing(pk):
        state = read(pk)
        with django_capture_on_commit_callbacks(execute=True):
            workflow.transition(Article.objects.get(pk=pk), Article.Status.UNPUBLISHED, editor)
        return state

    with mock.patch("news.fragments._read_state", side_effect=racing):
        assert fragments.article_state(article.pk).is_published()  # what the reader saw
    # Another worker, or this one once its local view of the version expires.
    versioning.forget_local()
    fragments._states.clear()
    assert client.get(article.get_absolute_url()).status_code == 404
