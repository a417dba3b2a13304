import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache

from tests.news.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


def test_feed_has_full_text_and_cover_enclosure(client, category, photo):
    article = ArticleFactory(
        category=category,
        title="Hội nghị sơ kết <công tác> & dân vận",
        lead="Sapo của bài.",
        body=f'<p>Toàn văn bài viết.</p><figure><img src="{photo.file.url}" alt="Ảnh"></figure>',
        cover_image=photo,
        byline="Thanh Huệ",
    )
    ArticleFactory(category=category, title="Bản nháp", status="draft")
    channel = parse(client.get("/rss/"))
    assert channel.findtext("title") == "Cổng thông tin điện tử Tỉnh ủy Lạng Sơn"
    assert channel.findtext("language") == "vi"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [article.title]
    item = items[0]
    assert item.findtext("link") == f"http://testserver{article.get_absolute_url()}"
    description = item.findtext("description")
    assert "<p><strong>Sapo của bài.</strong></p>" in description
    assert "Toàn văn bài viết." in description
    assert f'src="http://testserver{photo.file.url}"' in description
    assert item.findtext("category") == "Dân vận"
    assert item.findtext("pubDate")
    enclosure = item.find("enclosure")
    assert enclosure.get("url").startswith("http://testserver/media/renditions/")
    assert enclosure.get("type") == "image/jpeg"
    rendition = photo.renditions.get(width=1200, format="jpeg")
    assert enclosure.get("length") == str(rendition.file.size)


def test_enclosure_falls_back_to_the_original_photo(client, category):
    from tests.images.factories import ImageFactory

    image = ImageFactory()  # no renditions yet
    ArticleFactory(category=category, cover_image=image)
    enclosure = parse(client.get("/rss/")).find("item/enclosure")
    assert enclosure.get("url") == f"http://testserver{image.file.url}"
    assert enclosure.get("length") == str(image.file.size)
    assert enclosure.get("type") == "image/jpeg"


def test_category_feed_has_only_that_category_and_its_subcategories(client, category):
    sub = CategoryFactory(name="Dân vận khéo", parent=category)
    ArticleFactory(category=category, title="Tin dân vận")
    ArticleFactory(category=sub, title="Tin dân vận khéo")
    ArticleFactory(title="Tin khác")
    channel = parse(client.get("/rss/dan-van/"))
    titles = {item.findtext("title") for item in channel.findall("item")}
    assert titles == {"Tin dân vận", "Tin dân vận khéo"}
    assert channel.findtext("title").startswith("Dân vận – ")
    assert client.get("/rss/khong-co/").status_code == 404


def test_feed_query_count_is_constant(client, category, django_assert_max_num_queries):
    from images.renditions import generate_renditions
    from tests.images.factories import ImageFactory

    for _ in range(20):
        image = ImageFactory()
        generate_renditions(image)
        ArticleFactory(category=category, cover_image=image)
    client.get("/gioi-thieu/")  # site settings cached, as in production
    with django_assert_max_num_queries(5):
        assert client.get("/rss/").status_code == 200
