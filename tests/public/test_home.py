import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from documents.models import Circulation, Classification
from news.models import Article, ArticleDailyViews
from tests.documents.factories import DocumentFactory
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
    # Newer stories fill the top and "Tin mới", so the two below reach the blocks.
    for n in range(9):
        ArticleFactory(title=f"Tin mới số {n}", category=politics, published_at=hours_ago(0.5))
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
    # featured, count, latest, menu, category blocks, most read, documents,
    # renditions (and the documents' validity, once there are documents)
    assert many <= 9


def test_home_images_are_pictures_and_only_the_lead_is_eager(client):
    make_articles(12)
    html = home(client)
    assert html.count('fetchpriority="high"') == 1
    first_picture = html.index("<picture>")
    assert html.index('fetchpriority="high"') < html.index('loading="lazy"', first_picture)
    assert html.count("<picture>") == html.count('type="image/webp"')
    assert "style=" not in html


def test_a_story_shows_at_most_twice_on_the_home_page(client):
    make_articles(40)
    today = timezone.localdate()
    for article in Article.objects.all():
        ArticleDailyViews.objects.create(article=article, date=today, count=article.pk)
    html = home(client)
    main = html.split("<main", 1)[1].split("</main>")[0]
    for article in Article.objects.all():
        assert main.count(f'href="{article.get_absolute_url()}"') <= 2, article.title
    # "Đọc nhiều" is the only box that may repeat a story: the news boxes don't.
    news = main[: main.index('id="most-read-title"')] + main[main.index('class="home-blocks"') :]
    for article in Article.objects.all():
        assert news.count(f'href="{article.get_absolute_url()}"') <= 1, article.title


def test_latest_news_on_the_home_page_links_to_the_archive_not_to_page_two(client):
    make_articles(30)
    html = home(client)
    latest = html[html.index('id="latest-title"') : html.index('class="home-side"')]
    assert latest.count('<article class="card') == 6
    assert 'href="/luu-tru/"' in latest
    assert "?page=2" not in html
    assert 'class="pagination"' not in html
    # Old links to later pages keep working.
    assert "Tin mới – Trang 2" in home(client, "/?page=2")


def test_most_read_is_left_out_while_nobody_has_read_anything(client):
    make_articles(8)
    html = home(client)
    assert "Đọc nhiều" not in html
    assert "Chưa có số liệu" not in html


def test_home_lists_the_newest_public_documents(client):
    for day in range(1, 8):
        DocumentFactory(number_symbol=f"{day}-NQ/TU", issued_on=dt.date(2026, 9, day))
    DocumentFactory(number_symbol="90-NQ/TU", issued_on=dt.date(2026, 10, 1),
                    circulation=Circulation.INTERNAL)  # fmt: skip
    DocumentFactory(number_symbol="91-NQ/TU", issued_on=dt.date(2026, 10, 2),
                    classification=Classification.SECRET)  # fmt: skip
    DocumentFactory(number_symbol="92-NQ/TU", issued_on=dt.date(2026, 10, 3), status="draft")

    html = home(client)
    box = html[
        html.index('id="documents-title"') : html.index(
            "</section>", html.index('id="documents-title"')
        )
    ]
    assert 'href="/van-ban/"' in box
    assert box.count('class="doc-item"') == 5
    for day in (7, 6, 5, 4, 3):
        assert f"Nghị quyết số {day}-NQ/TU" in box
        assert f"{day:02d}/09/2026" in box
    assert "Nghị quyết số 2-NQ/TU" not in box
    assert "về tăng cường công tác dân vận" in box
    for hidden in ("90-NQ/TU", "91-NQ/TU", "92-NQ/TU"):
        assert hidden not in html


def test_home_query_count_with_documents_stays_flat(client):
    make_articles(8)
    DocumentFactory()
    few = count_queries(client, "/")
    for _ in range(10):
        DocumentFactory()
    assert count_queries(client, "/") == few
