import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from news.models import ArticleDailyViews
from tests.images.factories import photo_with_renditions
from tests.news.factories import ArticleFactory, CategoryFactory
from tests.public.page_helpers import count_queries

pytestmark = pytest.mark.django_db


def hours_ago(n):
    return timezone.now() - dt.timedelta(hours=n)


def home(client, url="/"):
    cache.clear()  # the page cache would answer a second request from memory
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_home_has_lead_featured_latest_blocks_and_most_read(client):
    politics = CategoryFactory(name="Xây dựng Đảng", slug="xay-dung-dang", menu_order=1)
    economy = CategoryFactory(name="Kinh tế", slug="kinh-te", menu_order=2)
    sub = CategoryFactory(name="Nông nghiệp", slug="nong-nghiep", parent=economy)
    lead = ArticleFactory(
        title="Tin nổi bật mới nhất", featured=True, category=politics, published_at=hours_ago(1)
    )
    older_featured = ArticleFactory(
        title="Tin nổi bật cũ", featured=True, category=politics, published_at=hours_ago(30)
    )
    plain = ArticleFactory(title="Tin thường", category=economy, published_at=hours_ago(2))
    in_sub = ArticleFactory(title="Tin nông nghiệp", category=sub, published_at=hours_ago(3))
    ArticleDailyViews.objects.create(article=plain, date=timezone.localdate(), count=40)
    ArticleDailyViews.objects.create(article=in_sub, date=timezone.localdate(), count=90)

    html = home(client)

    assert html.count("<h1") == 1
    assert f'<h3 class="lead-title"><a href="{lead.get_absolute_url()}">' in html
    featured = html[html.index('class="featured-list"') : html.index('id="latest-title"')]
    assert older_featured.title in featured
    # Featured stories fill the top; the latest list doesn't repeat them.
    latest = html[html.index('id="latest-title"') : html.index('id="most-read-title"')]
    assert lead.title not in latest
    most_read = html[html.index('id="most-read-title"') : html.index("</aside>")]
    assert most_read.index("Tin nông nghiệp") < most_read.index("Tin thường")
    # A block per top-level category, subcategory articles included.
    assert f'<h2 id="block-{economy.pk}" class="section-title">' in html
    block = html[html.index(f'id="block-{economy.pk}"') :]
    assert "Tin nông nghiệp" in block
    assert "Xem thêm tin Kinh tế" in block


def test_most_read_counts_only_the_last_seven_days_of_published_articles(client):
    recent = ArticleFactory(title="Đọc nhiều tuần này")
    old = ArticleFactory(title="Đọc nhiều tháng trước")
    gone = ArticleFactory(title="Bài đã gỡ", status="unpublished")
    today = timezone.localdate()
    ArticleDailyViews.objects.create(article=recent, date=today - dt.timedelta(days=6), count=5)
    ArticleDailyViews.objects.create(article=old, date=today - dt.timedelta(days=7), count=500)
    ArticleDailyViews.objects.create(article=gone, date=today, count=900)

    html = home(client)
    most_read = html[html.index('id="most-read-title"') : html.index("</aside>")]
    assert "Đọc nhiều tuần này" in most_read
    assert "Đọc nhiều tháng trước" not in most_read
    assert "Bài đã gỡ" not in most_read


def test_later_home_pages_show_only_the_latest_list(client):
    for n in range(30):
        ArticleFactory(title=f"Tin số {n:02d}", published_at=hours_ago(n + 1))
    html = home(client, "/?page=2")
    assert '<h1 class="page-title">Tin mới – Trang 2</h1>' in html
    assert "Đọc nhiều" not in html.split("<main", 1)[1].split("</main>")[0]
    assert "<title>Tin mới – Trang 2" in html
    assert 'rel="canonical" href="http://testserver/?page=2"' in html


def make_articles(count):
    categories = [CategoryFactory(menu_order=n) for n in range(4)]
    for n in range(count):
        image = photo_with_renditions(size=(64, 48))
        ArticleFactory(
            category=categories[n % 4],
            cover_image=image,
            featured=n % 7 == 0,
            published_at=hours_ago(n + 1),
        )
        if n % 3 == 0:
            CategoryFactory(parent=categories[n % 4])


def test_home_query_count_does_not_grow_with_content(client):
    make_articles(8)  # more than the five top stories, so the latest list is not empty
    few = count_queries(client, "/")
    make_articles(50)
    many = count_queries(client, "/")
    assert few == many
    # featured, count, latest, menu, category blocks, most read, renditions
    assert many <= 8


def test_home_images_are_pictures_and_only_the_lead_is_eager(client):
    make_articles(12)
    html = home(client)
    assert html.count('fetchpriority="high"') == 1
    first_picture = html.index("<picture>")
    assert html.index('fetchpriority="high"') < html.index('loading="lazy"', first_picture)
    assert html.count("<picture>") == html.count('type="image/webp"')
    assert "style=" not in html
