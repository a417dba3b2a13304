"""The URL space comes from the URL configuration: reserved and uncached paths, sitemap pages."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from core.urlspace import reserved_segments, sitemap_pages, uncached_prefixes
from news.models import Category

pytestmark = pytest.mark.django_db


def test_every_fixed_first_segment_is_reserved():
    assert {
        "admin", "static", "media", "rss", "tim-kiem", "luu-tru", "sitemap", "robots",
        "gioi-thieu", "doc",
    } <= reserved_segments()  # fmt: skip
    # The catch-all section and article patterns reserve nothing.
    assert "<slug:slug>" not in reserved_segments()


def test_the_page_cache_keeps_out_what_the_views_say():
    prefixes = uncached_prefixes()
    for prefix in ("/admin/", "/static/", "/media/", "/tim-kiem/", "/doc/"):
        assert prefix in prefixes
    assert "/rss/" not in prefixes and "/luu-tru/" not in prefixes


def test_sitemap_pages_are_the_views_that_ask_for_it():
    assert dict(sitemap_pages()) == {
        "public:home": 1.0,
        "public:about": 0.3,
        "public:feeds": 0.2,
        "news:archive": 0.3,
        "documents:list": 0.8,
    }


@pytest.mark.parametrize("slug", ["tim-kiem", "rss", "admin", "sitemap", "doc"])
def test_a_category_cannot_take_a_reserved_path(slug):
    with pytest.raises(ValidationError) as error:
        Category(name="Thử", slug=slug).full_clean()
    assert "dành riêng" in str(error.value)


def test_the_system_check_fails_for_a_category_that_shadows_a_url():
    category = Category.objects.create(name="Thử", slug="thu")
    call_command("check", databases=["default"])  # nothing to report
    Category.objects.filter(pk=category.pk).update(slug="tim-kiem")  # past clean()
    with pytest.raises(SystemCheckError) as error:
        call_command("check", databases=["default"])
    assert "news.E001" in str(error.value) and "tim-kiem" in str(error.value)
