import datetime as dt
import importlib

import pytest
from django.utils import timezone

from news.models import Article
from tests.images.factories import ImageFactory
from tests.news.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def test_home_lists_latest_published_articles(client, article):
    ArticleFactory(title="Bản nháp chưa duyệt", status=Article.Status.DRAFT)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Bỏ qua, đến nội dung chính" in html
    assert article.title in html
    assert "Bản nháp chưa duyệt" not in html


def test_category_page_is_paginated(client, category):
    for n in range(12):
        ArticleFactory(
            category=category,
            title=f"Tin dân vận {n:02d}",
            published_at=timezone.now() - dt.timedelta(hours=n + 1),
        )
    first = client.get("/dan-van/")
    assert first.status_code == 200
    assert "Tin dân vận 00" in first.content.decode()
    assert "Trang 1 / 2" in first.content.decode()
    second = client.get("/dan-van/?page=2")
    assert "Tin dân vận 11" in second.content.decode()


def test_article_page_shows_every_part(client, category):
    image = ImageFactory(caption="Quang cảnh hội nghị", credit="Minh Tuấn")
    article = ArticleFactory(
        category=category,
        title="Thành ủy Lạng Sơn sơ kết công tác Dân vận",
        lead="Ngày 09/10, Thành uỷ Lạng Sơn đã tổ chức hội nghị.",
        body="<p>Đoạn thứ nhất.</p><p>Đoạn thứ hai.</p>",
        cover_image=image,
        cover_caption="Đồng chí Nguyễn Văn A đọc báo cáo",
        byline="Thanh Huệ",
        source="Báo Lạng Sơn",
        published_at=timezone.make_aware(dt.datetime(2019, 10, 9, 8, 30)),
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h1 class="article-title">{article.title}</h1>' in html
    assert "Thứ Tư, 09/10/2019 08:30" in html
    assert "Ngày 09/10, Thành uỷ Lạng Sơn" in html
    assert "Đồng chí Nguyễn Văn A đọc báo cáo" in html
    assert "Minh Tuấn" in html
    assert "<p>Đoạn thứ hai.</p>" in html
    assert html.index("Đoạn thứ hai.") < html.index("Thanh Huệ")
    assert "Báo Lạng Sơn" in html


def test_article_url_is_readable_and_stable(client, article):
    assert article.get_absolute_url() == f"/dan-van/{article.slug}-{article.pk}/"
    old_url = article.get_absolute_url()
    article.slug = "tieu-de-moi"
    article.category = CategoryFactory(name="Tuyên giáo", slug="tuyen-giao")
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == f"/tuyen-giao/tieu-de-moi-{article.pk}/"


@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.PENDING, Article.Status.UNPUBLISHED]
)
def test_unpublished_articles_are_404(client, category, status):
    article = ArticleFactory(category=category, status=status)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_scheduled_article_is_404_until_its_time(client, category):
    article = ArticleFactory(category=category, published_at=timezone.now() + dt.timedelta(hours=3))
    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/khong-co-chuyen-muc/",
        "/dan-van/khong-co-bai-999999/",
        "/xay-dựng-đảng/",
        "/dan-van/?page=abc",
        "/dan-van/?page=0",
        "/dan-van/?page=99999",
        "/?page=-1",
        "/dan-van/bai-viet-1/rac/",
    ],
)
def test_bad_urls_are_404_not_500(client, article, url):
    assert client.get(url).status_code == 404


def test_media_are_served_by_the_app_only_when_asked(client, settings, photo):
    """`make serve` sets PORTAL_SERVE_MEDIA so the local try-out shows photos;
    production leaves them to nginx."""
    from django.urls import clear_url_caches

    import portal.urls

    def reload_urls(**overrides):
        for name, value in overrides.items():
            setattr(settings, name, value)
        clear_url_caches()
        importlib.reload(portal.urls)

    url = photo.file.url
    try:
        reload_urls(DEBUG=False, PORTAL_SERVE_MEDIA=False)
        assert client.get(url).status_code == 404
        reload_urls(PORTAL_SERVE_MEDIA=True)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
    finally:
        reload_urls(PORTAL_SERVE_MEDIA=False)
