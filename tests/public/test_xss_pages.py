"""Every XSS vector, in every text field, must reach no page as executable markup:
the public article, category and home pages, the feeds and the admin list."""

import pytest

from news.models import Category
from tests.images.factories import ImageFactory
from tests.news.factories import ArticleFactory, CategoryFactory
from tests.public.xss_vectors import VECTORS, page_problems

pytestmark = pytest.mark.django_db


def test_baseline_pages_have_no_problems(client, article):
    for url in ("/", article.get_absolute_url(), "/dan-van/"):
        assert page_problems(client.get(url).content.decode()) == [], url


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_in_every_field_stays_inert(client, editor, vector):
    category = CategoryFactory(name=f"Chuyên mục {vector}"[:120], description=vector)
    image = ImageFactory(
        title=vector[:255], alt_text=vector[:255], caption=vector, credit=vector[:255]
    )
    article = ArticleFactory(
        category=category,
        title=f"Tin {vector}"[:255],
        lead=vector,
        body=f"<p>Mở đầu</p>{vector}",
        byline=vector[:255],
        source=vector[:255],
        cover_image=image,
        cover_caption=vector,
    )
    category = Category.objects.get(pk=category.pk)
    urls = [
        "/",
        article.get_absolute_url(),
        category.get_absolute_url(),
        "/rss/",
        f"/rss/{category.slug}/",
        "/tim-kiem/?q=" + "Tin",
    ]
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert page_problems(response.content.decode()) == [], (url, vector)

    client.force_login(editor)
    for url in (
        "/admin/news/article/",
        "/admin/images/image/",
        f"/admin/news/article/{article.pk}/change/",
    ):
        html = client.get(url).content.decode()
        assert page_problems(html) == [], (url, vector)
