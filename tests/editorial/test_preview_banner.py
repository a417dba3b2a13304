"""The staff preview says it is a preview, and of what, above the page as the public renders it."""

import datetime as dt
from html import unescape

import pytest
from django.utils import timezone

from editorial import workflow
from news.models import Article
from tests.documents.factories import DocumentFactory
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db
Status = Article.Status


def preview(client, obj):
    opts = obj._meta
    response = client.get(f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/preview/")
    assert response.status_code == 200
    return response


def banner(response):
    page = unescape(response.content.decode())
    assert page.count('class="preview-banner') == 1
    return page.split('class="preview-banner', 1)[1].split("</aside>", 1)[0]


def test_a_draft_article_preview_says_it_is_an_unpublished_draft(client, contributor, category):
    draft = ArticleFactory(author=contributor, category=category, status=Status.DRAFT)
    client.force_login(contributor)
    response = preview(client, draft)
    text = banner(response)
    assert "Bản xem trước — bài viết chưa xuất bản (Bản nháp)" in text
    assert "Người đọc chưa thấy trang này." in text
    assert f"/admin/news/article/{draft.pk}/change/" in text
    page = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "noindex" in response["X-Robots-Tag"] and "no-store" in response["Cache-Control"]
    # The banner comes first in the page, before the site's own header.
    assert page.index("preview-banner") < page.index('class="site-header"')


def test_a_pending_and_a_scheduled_article_say_so(client, editor, contributor, category):
    pending = ArticleFactory(author=contributor, category=category, status=Status.DRAFT)
    workflow.transition(pending, Status.PENDING, contributor)
    scheduled = ArticleFactory(author=contributor, category=category, status=Status.DRAFT)
    when = timezone.now() + dt.timedelta(days=1)
    workflow.transition(scheduled, Status.PUBLISHED, editor, published_at=when)
    client.force_login(editor)
    assert "chưa xuất bản (Chờ duyệt)" in banner(preview(client, pending))
    local = timezone.localtime(when)
    assert f"hẹn giờ đăng lúc {local:%H:%M %d/%m/%Y}, chưa hiển thị (Hẹn giờ)" in banner(
        preview(client, scheduled)
    )


def test_a_live_article_preview_says_it_is_public(client, editor, article):
    client.force_login(editor)
    text = banner(preview(client, article))
    assert "đang hiển thị công khai (Đã xuất bản)" in text
    assert article.get_absolute_url() in text


def test_a_draft_document_preview_has_the_banner(client, editor):
    document = DocumentFactory(status=Status.DRAFT, published_at=None)
    client.force_login(editor)
    response = preview(client, document)
    assert "Bản xem trước — văn bản chưa xuất bản (Bản nháp)" in banner(response)
    assert "noindex" in response["X-Robots-Tag"] and "no-store" in response["Cache-Control"]


def test_the_public_pages_have_no_banner(client, article):
    document = DocumentFactory()
    for url in (article.get_absolute_url(), document.get_absolute_url(), "/"):
        response = client.get(url)
        assert response.status_code == 200 and "preview-banner" not in response.content.decode()


def test_the_page_cache_never_keeps_a_preview(client, editor, contributor, category, settings):
    draft = ArticleFactory(author=contributor, category=category, status=Status.DRAFT)
    client.force_login(editor)
    preview(client, draft)
    client.logout()
    # Neither the preview's address nor the article's public one serves it afterwards.
    assert client.get(f"/admin/news/article/{draft.pk}/preview/").status_code == 302
    assert client.get(draft.get_absolute_url()).status_code == 404
