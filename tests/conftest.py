import pytest

from tests.factories import ArticleFactory, CategoryFactory


@pytest.fixture(autouse=True)
def _isolated_storage(settings, tmp_path):
    """Uploaded files and cached pages go to a per-test temporary place."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def category(db):
    return CategoryFactory(name="Dân vận", slug="dan-van")


@pytest.fixture
def article(category):
    return ArticleFactory(
        title="Thành ủy Lạng Sơn sơ kết công tác Dân vận 9 tháng đầu năm 2019",
        category=category,
    )
