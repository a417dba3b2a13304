import datetime as dt
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import timezone

from core import versioning
from editorial import workflow
from news.models import Article
from public import pagecache
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_settings(db):
    # Created once on a real site; creating it during a test would bump the version.
    from core.models import SiteSettings

    SiteSettings.load()


def test_anonymous_pages_are_cached_and_cdn_friendly(client, article):
    first = client.get("/")
    assert first.status_code == 200 and first.get("X-Cache") is None
    second = client.get("/")
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    cache_control = second["Cache-Control"]
    assert "public" in cache_control and "max-age=" in cache_control and "s-maxage" in cache_control
    assert second["ETag"] and second["Last-Modified"]


def test_conditional_get_answers_304(client, article):
    etag = client.get(article.get_absolute_url())["ETag"]
    response = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_a_bogus_if_modified_since_is_harmless(client, article):
    response = client.get("/", HTTP_IF_MODIFIED_SINCE="hôm qua, 99 tháng 13")
    assert response.status_code == 200


def test_an_edit_is_visible_at_once(client, article):
    client.get(article.get_absolute_url())
    article.title = "Tiêu đề đã sửa"
    article.save()
    response = client.get(article.get_absolute_url(), follow=True)
    assert "Tiêu đề đã sửa" in response.content.decode()
    assert response.get("X-Cache") is None


def test_unpublishing_removes_the_cached_page(client, article, editor):
    assert client.get(article.get_absolute_url()).status_code == 200
    workflow.transition(article, Article.Status.UNPUBLISHED, editor)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_scheduled_article_appears_at_its_time_despite_the_cache(client, category, settings):
    settings.PAGE_CACHE_LOCAL_TTL = 0  # look at the shared version on every request
    soon = timezone.now() + dt.timedelta(minutes=5)
    scheduled = ArticleFactory(category=category, title="Tin hẹn giờ", published_at=soon)
    assert "Tin hẹn giờ" not in client.get("/").content.decode()
    assert client.get("/")["X-Cache"] == "HIT"
    # Five minutes later: nothing was saved, yet the cached home page is stale.
    later = soon.timestamp() + 1
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now())
    with mock.patch("core.versioning.time.time", return_value=later):
        assert "Tin hẹn giờ" in client.get("/").content.decode()


def test_staff_always_get_fresh_private_pages(client, editor, article):
    client.get("/")
    client.force_login(editor)
    response = client.get("/")
    assert response.get("X-Cache") is None
    assert "private" in response["Cache-Control"]


def test_unknown_query_parameters_do_not_bust_the_cache(client, article):
    client.get("/")
    for query in ("?utm_source=zalo", "?fbclid=abc", "?x=1&y=2", "?page=1&utm_medium=x"):
        assert client.get("/" + query).get("X-Cache") == "HIT", query


def test_odd_page_values_are_not_cached(client, article):
    assert client.get("/?page=abc").status_code == 404
    # Every junk value is one key (so none can fill the cache or bypass it on
    # a page that ignores the parameter), and a list page's 404 isn't stored.
    version = versioning.current_version()
    keys = {
        pagecache._cache_key(RequestFactory().get("/", {"page": value}), version)
        for value in ("abc", "²", "1.0", "-1")
    }
    assert len(keys) == 1
    assert cache.get(keys.pop()) is None
    assert client.get("/gioi-thieu/?page=abc").status_code == 200
    assert client.get("/gioi-thieu/?page=xyz")["X-Cache"] == "HIT"


def test_database_outage_serves_last_good_copy_or_503(client, article):
    assert client.get("/").status_code == 200
    broken = OperationalError("database is down")
    with mock.patch("core.versioning.current_version", side_effect=broken):
        stale = client.get("/")
        assert stale.status_code == 200 and stale["X-Cache"] == "STALE"
        missing = client.get("/khong-co-trang-nay/")
        assert missing.status_code == 503
        assert "Hệ thống đang tạm gián đoạn" in missing.content.decode()
        assert missing["Retry-After"]
    assert client.get("/").status_code == 200  # recovers by itself


def test_database_error_inside_a_view_gives_503_not_500(client, article):
    # handler500 answers it (tests/test_database_outage.py); the test client
    # would re-raise the exception Django signals on the way.
    client.raise_request_exception = False
    with mock.patch("public.views.HomeView.get", side_effect=OperationalError("down")):
        response = client.get("/?page=1")
    assert response.status_code in (200, 503)
    assert b"Traceback" not in response.content


def test_a_change_made_by_another_worker_reaches_this_one_within_the_ttl(client, article):
    from django.core.cache import cache

    client.get("/")
    assert client.get("/")["X-Cache"] == "HIT"
    # Another gunicorn worker saves an article: only the shared state changes.
    state = cache.get(versioning.STATE_KEY)
    cache.set(versioning.STATE_KEY, {**state, "version": state["version"] + 1}, None)
    assert client.get("/")["X-Cache"] == "HIT"  # still inside this worker's 0.5 s
    with mock.patch(
        "core.versioning.time.monotonic", return_value=versioning._Local.checked_at + 0.6
    ):
        assert client.get("/").get("X-Cache") is None  # re-read: the new version
