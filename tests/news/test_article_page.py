import datetime as dt
import json
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from news.models import Article
from tests.images.factories import photo_with_renditions
from tests.news.factories import ArticleFactory, CategoryFactory
from tests.public.page_helpers import count_queries

pytestmark = pytest.mark.django_db


def get(client, url):
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


@pytest.fixture
def full_article(category, photo):
    return ArticleFactory(
        category=category,
        title="Thành ủy Lạng Sơn sơ kết công tác Dân vận",
        lead="Ngày 09/10, Thành ủy Lạng Sơn đã tổ chức hội nghị.",
        body="<p>Đoạn thứ nhất.</p>",
        cover_image=photo,
        cover_caption="Đồng chí Nguyễn Văn A đọc báo cáo",
        byline="Thanh Huệ",
        source="Báo Lạng Sơn",
        published_at=timezone.make_aware(dt.datetime(2019, 10, 9, 8, 30)),
    )


def test_cover_is_a_responsive_eager_picture_with_caption_and_credit(client, full_article):
    html = get(client, full_article.get_absolute_url())
    figure = html[html.index('<figure class="cover">') : html.index("</figure>")]
    assert '<source type="image/webp" srcset="' in figure
    for width in (320, 640, 960, 1280, 1600):
        assert f"-{width}.webp {width}w" in figure
    assert "1920w" not in figure  # never wider than the 1600 px original
    assert 'width="1600" height="1000"' in figure
    assert 'fetchpriority="high"' in figure and 'loading="lazy"' not in figure
    assert 'sizes="(min-width: 48rem) 46rem, 100vw"' in figure
    assert 'alt="Hội nghị tại hội trường Thành ủy"' in figure
    assert "Đồng chí Nguyễn Văn A đọc báo cáo" in figure
    assert "(Ảnh: Minh Tuấn)" in figure


def test_article_has_seo_social_and_structured_data(client, full_article):
    html = get(client, full_article.get_absolute_url())
    url = f"http://testserver{full_article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f"<title>{full_article.title} – Tỉnh ủy Lạng Sơn</title>" in html
    assert '<meta name="description" content="Ngày 09/10, Thành ủy Lạng Sơn' in html
    assert '<meta property="og:type" content="article">' in html
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert og_image.startswith("http://testserver/media/renditions/")
    assert og_image.endswith("-1200.jpg")
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html

    news, breadcrumb = json_ld(html)
    assert news["@type"] == "NewsArticle"
    assert news["headline"] == full_article.title
    assert news["image"][0]["url"] == og_image
    assert news["datePublished"].startswith("2019-10-09T01:30:00")  # UTC
    assert news["dateModified"]
    assert news["author"] == [{"@type": "Person", "name": "Thanh Huệ"}]
    assert news["publisher"]["name"] == "Cổng thông tin điện tử Tỉnh ủy Lạng Sơn"
    assert news["publisher"]["logo"]["url"].startswith("http://testserver/static/")
    assert breadcrumb["@type"] == "BreadcrumbList"
    assert [item["name"] for item in breadcrumb["itemListElement"]] == [
        "Trang chủ",
        "Dân vận",
        full_article.title,
    ]


def test_json_ld_cannot_be_broken_out_of(client, category):
    article = ArticleFactory(category=category, title="Tiêu đề </script><script>alert(1)</script>")
    html = get(client, article.get_absolute_url())
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 2
    assert "\\u003C/script\\u003E" in scripts[0]
    assert json_ld(html)[0]["headline"] == article.title
    assert "<script>alert(1)" not in html


def test_body_images_become_lazy_pictures_in_one_query(client, category):
    inside = photo_with_renditions(size=(1200, 800), alt_text="Ảnh trong bài")
    unknown = "/media/images/2019/10/khong-co.jpg"
    article = ArticleFactory(
        category=category,
        body=(
            f'<figure><img src="{inside.file.url}" alt="Đoàn công tác thăm hỏi">'
            "<figcaption>Đoàn công tác thăm hỏi gia đình chính sách</figcaption></figure>"
            f'<figure><img src="{unknown}" alt="Ảnh cũ"></figure>'
            "<table><tbody><tr><th>Chỉ tiêu</th><td>Kết quả</td></tr></tbody></table>"
        ),
    )
    html = get(client, article.get_absolute_url())
    body = html[html.index('<div class="article-body">') :]
    body = body[: body.index('<footer class="article-footer">')]
    assert body.count("<picture>") == 1
    assert 'alt="Đoàn công tác thăm hỏi"' in body
    assert 'width="1200" height="800" loading="lazy"' in body
    assert f'<img src="{unknown}" alt="Ảnh cũ" loading="lazy" decoding="async">' in body
    assert "<figcaption>Đoàn công tác thăm hỏi gia đình chính sách</figcaption>" in body
    assert "<table>" in body


def make_related(category, count):
    for n in range(count):
        image = photo_with_renditions(size=(64, 48))
        ArticleFactory(
            category=category,
            cover_image=image,
            body=f'<figure><img src="{image.file.url}" alt="Ảnh {n}"></figure>',
            published_at=timezone.now() - dt.timedelta(hours=n + 2),
        )


def test_article_query_count_is_small_and_constant(client, category, photo):
    image = photo_with_renditions(size=(64, 48))
    article = ArticleFactory(
        category=category,
        cover_image=photo,
        body=f'<figure><img src="{image.file.url}" alt="Ảnh"></figure>' * 3,
    )
    make_related(category, 5)
    few = count_queries(client, article.get_absolute_url())
    make_related(category, 50)
    many = count_queries(client, article.get_absolute_url())
    assert few == many
    # article, related, renditions (cover, related and body photos), menu
    assert many <= 5


def test_related_articles_come_from_the_same_category(client, article):
    same = ArticleFactory(category=article.category, title="Tin cùng chuyên mục dân vận")
    other = ArticleFactory(title="Tin chuyên mục khác")
    html = get(client, article.get_absolute_url())
    related = html[html.index('id="related-title"') :]
    assert f'href="{same.get_absolute_url()}"' in related
    assert other.title not in related


def test_share_links_tools_and_beacon(client, article):
    html = get(client, article.get_absolute_url())
    encoded = "http%3A%2F%2Ftestserver" + article.get_absolute_url().replace("/", "%2F")
    assert f"https://www.facebook.com/sharer/sharer.php?u={encoded}" in html
    assert "zalo.me" in html and encoded in html
    assert "mailto:?subject=" in html
    assert 'data-copy-link="http://testserver' in html
    assert "data-print" in html
    assert 'data-text-size="-1"' in html and 'data-text-size="1"' in html
    assert f'data-read-url="/doc/{article.pk}/"' in html
    # Pages are cacheable: the article render itself counts nothing.
    assert not article.daily_views.exists()


def test_public_pages_have_no_inline_scripts_styles_or_handlers(client, full_article):
    for url in ("/", "/dan-van/", full_article.get_absolute_url(), "/gioi-thieu/", "/luu-tru/"):
        html = get(client, url)
        assert " style=" not in html and "<style" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url
        for script in re.findall(r"<script\b[^>]*>", html):
            assert 'src="/static/' in script or 'type="application/ld+json"' in script, url


def test_article_moved_to_unpublished_is_404_not_a_cached_copy(client, article):
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    article.status = Article.Status.UNPUBLISHED
    article.save()
    cache.clear()
    assert client.get(url).status_code == 404


def test_deleted_article_is_404(client, article):
    article.deleted_at = timezone.now()
    article.save()
    cache.clear()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_article_in_subcategory_has_full_breadcrumb(client):
    parent = CategoryFactory(name="Xây dựng Đảng", slug="xay-dung-dang")
    child = CategoryFactory(name="Tổ chức", slug="to-chuc", parent=parent)
    article = ArticleFactory(category=child)
    html = get(client, article.get_absolute_url())
    crumb = html[
        html.index('class="breadcrumb"') : html.index("</nav>", html.index('class="breadcrumb"'))
    ]
    assert crumb.index("Xây dựng Đảng") < crumb.index("Tổ chức")
    # The menu marks the top-level section as current.
    assert f'<a href="{parent.get_absolute_url()}" aria-current="page">' in html
