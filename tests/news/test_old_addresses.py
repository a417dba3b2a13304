"""Addresses that worked before keep working (core.addresses, news/addresses.py).

A section or an article that changes its address never breaks the old one;
the document library, which took /van-ban/ from a section, keeps its own.
"""

import pytest

from news.models import CategoryAddress
from tests.documents.factories import DocumentFactory
from tests.news.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def test_a_section_that_changes_its_slug_keeps_its_old_address(client):
    section = CategoryFactory(name="Xây dựng Đảng", slug="xay-dung-dang")
    article = ArticleFactory(category=section)
    section.slug = "xay-dung-chinh-don-dang"
    section.save()
    assert CategoryAddress.objects.get(slug="xay-dung-dang").category == section
    response = client.get("/xay-dung-dang/", {"page": "2"})
    assert response.status_code == 301
    assert response["Location"] == "/xay-dung-chinh-don-dang/?page=2"
    assert client.get("/rss/xay-dung-dang/")["Location"] == "/rss/xay-dung-chinh-don-dang/"
    old_article = f"/xay-dung-dang/{article.slug}-{article.pk}/"
    assert client.get(old_article, follow=True).redirect_chain[-1][0] == article.get_absolute_url()


def test_a_slug_taken_by_another_section_is_its_address_now(client):
    first = CategoryFactory(name="Kinh tế", slug="kinh-te")
    first.slug = "kinh-te-xa-hoi"
    first.save()
    second = CategoryFactory(name="Kinh tế mới", slug="kinh-te")
    assert not CategoryAddress.objects.filter(slug="kinh-te").exists()
    response = client.get("/kinh-te/")
    assert response.status_code == 200 and second.name in response.content.decode()


def test_an_old_article_address_under_the_library_leads_to_the_article(client, category):
    """The section at /van-ban/ moved aside to /tin-van-ban/; its articles' old
    addresses answer 301 to their pages, even when a document has the same id."""
    article = ArticleFactory(category=category, title="Triển khai nghị quyết mới")
    while DocumentFactory().pk < article.pk:
        pass
    old = f"/van-ban/{article.slug}-{article.pk}/"
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


def test_the_library_keeps_its_own_addresses(client, category):
    document = DocumentFactory()
    ArticleFactory(category=category)
    url = document.get_absolute_url()
    assert client.get(url).status_code == 200
    stale = url.replace(document.slug, "so-cu")
    assert client.get(stale)["Location"] == url
    assert client.get(f"/van-ban/khong-co-gi-{document.pk + 1000}/").status_code == 404


def test_an_unknown_address_is_still_not_found(client, category):
    article = ArticleFactory(category=category)
    assert client.get(f"/khong-co/{article.slug}-{article.pk + 1}/").status_code == 404
    assert client.get("/chuyen-muc-chua-tung-co/").status_code == 404
