import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from news.models import Article, Category
from tests.accounts.factories import UserFactory
from tests.news.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def test_published_is_status_published_and_date_not_in_future(category):
    now = timezone.now()
    visible = ArticleFactory(category=category, published_at=now - dt.timedelta(minutes=1))
    ArticleFactory(category=category, published_at=now + dt.timedelta(hours=2))  # scheduled
    ArticleFactory(category=category, status=Article.Status.DRAFT)
    ArticleFactory(category=category, status=Article.Status.PENDING)
    ArticleFactory(category=category, status=Article.Status.UNPUBLISHED)
    ArticleFactory(category=category, published_at=None)

    assert list(Article.objects.published()) == [visible]
    assert visible.is_published()


def test_scheduled_article_is_flagged_and_hidden(category):
    scheduled = ArticleFactory(
        category=category, published_at=timezone.now() + dt.timedelta(days=1)
    )
    assert scheduled.is_scheduled
    assert not scheduled.is_published()


def test_in_category_includes_subcategories():
    parent = CategoryFactory(name="Xây dựng Đảng")
    child = CategoryFactory(name="Tổ chức cán bộ", parent=parent)
    other = CategoryFactory(name="Văn bản")
    a = ArticleFactory(category=parent)
    b = ArticleFactory(category=child)
    ArticleFactory(category=other)
    assert set(Article.objects.published().in_category(parent)) == {a, b}
    assert set(Article.objects.published().in_category(child)) == {b}


def test_byline_defaults_to_author_display_name(category):
    author = UserFactory(display_name="Thanh Huệ")
    article = ArticleFactory(category=category, author=author, byline="")
    assert article.byline == "Thanh Huệ"


def test_categories_have_at_most_two_levels():
    top = CategoryFactory()
    child = CategoryFactory(parent=top)
    grandchild = Category(name="Cấp ba", slug="cap-ba", parent=child)
    with pytest.raises(ValidationError):
        grandchild.full_clean()


def test_category_slug_cannot_shadow_site_urls():
    with pytest.raises(ValidationError):
        Category(name="Quản trị", slug="admin").full_clean()


def test_cover_caption_falls_back_to_image_caption(category):
    from tests.images.factories import ImageFactory

    image = ImageFactory(caption="Quang cảnh hội nghị")
    article = ArticleFactory(category=category, cover_image=image)
    assert article.cover_caption_text == "Quang cảnh hội nghị"
    article.cover_caption = "Đồng chí Bí thư phát biểu"
    assert article.cover_caption_text == "Đồng chí Bí thư phát biểu"


def test_body_is_sanitised_on_every_save(category):
    article = ArticleFactory(
        category=category,
        body='<p onclick="x()">Xin chào<script>alert(1)</script></p>'
        '<iframe src="https://evil"></iframe><a href="javascript:alert(1)">a</a>',
    )
    stored = Article.objects.get(pk=article.pk).body
    assert "<script" not in stored and "onclick" not in stored
    assert "<iframe" not in stored and "javascript:" not in stored
    assert "Xin chào" in stored
