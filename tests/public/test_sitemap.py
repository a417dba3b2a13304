import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.documents.factories import DocumentFactory
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
}
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z))?$")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_sitemap_lists_published_articles_with_lastmod_and_images(client, category, photo):
    article = ArticleFactory(category=category, cover_image=photo)
    draft = ArticleFactory(category=category, status="draft")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    assert root.tag == f"{{{NS['s']}}}urlset"
    urls = {u.findtext("s:loc", namespaces=NS): u for u in root.findall("s:url", NS)}
    assert "http://testserver/" in urls
    assert "http://testserver/dan-van/" in urls
    assert f"http://testserver{draft.get_absolute_url()}" not in urls
    entry = urls[f"http://testserver{article.get_absolute_url()}"]
    assert W3C_DATETIME.match(entry.findtext("s:lastmod", namespaces=NS))
    assert entry.findtext("image:image/image:loc", namespaces=NS) == (
        f"http://testserver{photo.file.url}"
    )
    # The order the sitemaps.org schema requires inside <url>.
    order = [child.tag.split("}")[1] for child in entry]
    assert order == ["loc", "lastmod", "changefreq", "priority", "image"]
    for url in root.findall("s:url", NS):
        loc = url.findtext("s:loc", namespaces=NS)
        assert 12 <= len(loc) <= 2048
        priority = url.findtext("s:priority", namespaces=NS)
        assert priority is None or 0 <= float(priority) <= 1


def test_sitemap_query_count_is_constant(client, category, django_assert_max_num_queries):
    # One count and one page per section (categories, articles, documents), at
    # most: the same for one item as for thirty.
    ArticleFactory(category=category)
    DocumentFactory()
    with CaptureQueriesContext(connection) as few:
        assert client.get("/sitemap.xml").status_code == 200
    for _ in range(30):
        ArticleFactory(category=category)
        DocumentFactory()
    cache.clear()
    with django_assert_max_num_queries(6) as many:
        assert client.get("/sitemap.xml").status_code == 200
    assert len(many) == len(few)
