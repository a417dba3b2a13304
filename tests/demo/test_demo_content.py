import pytest
from django.core.management import call_command

from images.models import Image
from news.models import Article, Category

pytestmark = pytest.mark.django_db


def test_demo_content_loads_once(client):
    call_command("load_demo")
    counts = (Category.objects.count(), Article.objects.count(), Image.objects.count())
    call_command("load_demo")
    assert (Category.objects.count(), Article.objects.count(), Image.objects.count()) == counts

    assert 8 <= Category.objects.filter(parent__isnull=True).count() <= 12
    assert Category.objects.filter(parent__isnull=False).exists()
    assert Article.objects.published().count() == 40
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    scheduled = [a for a in Article.objects.all() if a.is_scheduled]
    assert len(scheduled) == 1
    published = Article.objects.published().select_related("cover_image")
    assert all(a.cover_image and a.cover_image.caption for a in published)
    assert len({a.byline for a in published}) > 3
    assert len({a.published_at.date() for a in published}) > 20

    home = client.get("/")
    assert home.status_code == 200
    article = published.first()
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get(article.category.get_absolute_url()).status_code == 200
    assert client.get(article.cover_image.file.url).status_code in (200, 404)
