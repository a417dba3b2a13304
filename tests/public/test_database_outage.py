"""A database outage answers 503 (or the last good copy), never 500; a bug still does.

The outage is simulated below Django, where the driver raises: every query
raises the driver's own error through Django's error wrapping, as when the
server is gone. Run on both databases; the last test needs PostgreSQL and
kills the pool's real server connections.
"""

import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.backends.utils import CursorWrapper

from core import versioning
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SEARCH = "/tim-kiem/?q=dan+van"
ADMIN = "/admin/news/article/"
OUTAGE_TEXT = "Hệ thống đang tạm gián đoạn"


@pytest.fixture(autouse=True)
def _site_settings(db):
    # Created once on a real site; creating it during a test would bump the version.
    from core.models import SiteSettings

    SiteSettings.load()


@pytest.fixture
def client(client):
    # Django signals every exception that ends in handler500, and the test client
    # re-raises it by default; here we look at the response the reader gets.
    client.raise_request_exception = False
    return client


def _failing(error):
    """A stand-in for CursorWrapper._execute: the driver raises ``error(db)``."""

    def execute(self, *args, **kwargs):
        with self.db.wrap_database_errors:
            raise error(self.db)

    return execute


def _database_fails(error):
    return mock.patch.object(CursorWrapper, "_execute", _failing(error))


OUTAGES = {
    "server gone": lambda db: db.Database.OperationalError(
        "terminating connection due to administrator command"
    ),
    "connection closed": lambda db: db.Database.InterfaceError("connection already closed"),
}


@pytest.fixture(params=list(OUTAGES))
def database_down(request):
    """Use as ``with database_down:`` once the test's data is in place."""
    return _database_fails(OUTAGES[request.param])


def assert_outage_page(response):
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert OUTAGE_TEXT in html and '<html lang="vi">' in html
    assert "Traceback" not in html


def test_search_answers_the_503_page(client, article, database_down):
    with database_down:
        assert_outage_page(client.get(SEARCH))


def test_an_admin_page_answers_the_503_page(client, editor, database_down):
    # The database is down before the view runs: the admin's middleware reads
    # the session and the user, and that is what fails.
    client.force_login(editor)
    with database_down:
        assert_outage_page(client.get(ADMIN))


def test_an_admin_login_answers_the_503_page(client, editor, database_down):
    with database_down:
        response = client.post("/admin/login/", {"username": "bientap", "password": "x" * 12})
    assert_outage_page(response)


def test_a_public_page_with_no_copy_answers_the_503_page(client, article, database_down):
    with database_down:
        assert_outage_page(client.get(article.get_absolute_url()))


def test_a_public_page_answers_its_last_good_copy(client, article):
    good = client.get(article.get_absolute_url())
    assert good.status_code == 200
    # Another worker saved something: the page must be rebuilt, and cannot be.
    state = cache.get(versioning.STATE_KEY)
    cache.set(versioning.STATE_KEY, {**state, "version": state["version"] + 1}, None)
    versioning.forget_local()
    with _database_fails(OUTAGES["server gone"]):
        stale = client.get(article.get_absolute_url())
    assert stale.status_code == 200 and stale["X-Cache"] == "STALE"
    assert stale.content == good.content
    assert "s-maxage=10" in stale["Cache-Control"]  # a CDN keeps it no longer
    # Back up: the page is rebuilt, the old copy was not stored as the new one.
    assert client.get(article.get_absolute_url()).get("X-Cache") is None


def test_staff_get_the_503_page_not_the_readers_copy(client, editor, article):
    client.get(article.get_absolute_url())  # an anonymous reader's copy is kept
    client.force_login(editor)
    with _database_fails(OUTAGES["server gone"]):
        assert_outage_page(client.get(article.get_absolute_url()))


def test_without_the_page_cache_public_pages_answer_the_503_page(
    client, article, settings, database_down
):
    settings.PAGE_CACHE_ENABLED = False
    with database_down:
        assert_outage_page(client.get("/"))


def test_the_site_recovers_by_itself(client, article):
    with _database_fails(OUTAGES["server gone"]):
        assert client.get(SEARCH).status_code == 503
    assert client.get(SEARCH).status_code == 200


@pytest.mark.parametrize(
    "error",
    [
        lambda db: db.Database.DataError("value too long for type character varying(255)"),
        lambda db: db.Database.IntegrityError("duplicate key value"),
        lambda db: db.Database.ProgrammingError("column news_article.x does not exist"),
    ],
    ids=["DataError", "IntegrityError", "ProgrammingError"],
)
@pytest.mark.parametrize("path", [SEARCH, "/", ADMIN])
def test_a_bug_is_still_a_500(client, article, editor, error, path):
    if path == ADMIN:
        client.force_login(editor)
    with _database_fails(error):
        response = client.get(path)
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()
    assert not response.has_header("Retry-After")


# ------------------------------------------------ the real thing, on PostgreSQL


def _kill_server_connections():
    """pg_terminate_backend every other connection to the test database.

    That is what `pg_ctl restart -m fast` does to them: each gets "terminating
    connection due to administrator command". Waits until they are gone.
    """
    import psycopg

    params = connection.settings_dict
    with psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        autocommit=True,
    ) as admin:
        others = (
            "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        killed = admin.execute(f"SELECT count(pg_terminate_backend(pid)) {others}").fetchone()[0]
        deadline = time.monotonic() + 10
        while admin.execute(f"SELECT count(*) {others}").fetchone()[0]:
            assert time.monotonic() < deadline, "the terminated connections did not go away"
            time.sleep(0.05)
    return killed


@pytest.fixture
def pooled_connection():
    """Django's pool for the test database, as production runs (DATABASE_POOL=1)."""
    options = connection.settings_dict["OPTIONS"]
    added = "pool" not in options
    if added:
        connection.close()
        options["pool"] = {"min_size": 2, "max_size": 4, "timeout": 10}
    yield connection.pool
    if added:
        connection.close()
        connection.close_pool()
        del options["pool"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="kills PostgreSQL connections")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("keep_migration_data")
def test_the_pool_replaces_connections_a_restart_killed(client, pooled_connection):
    ArticleFactory(title="Dân vận khéo")
    assert client.get(SEARCH).status_code == 200
    # The end of a request gives the connection back to the pool (the test
    # client skips that step); the pool now holds only idle connections.
    connection.close()
    assert pooled_connection.get_stats()["pool_available"] >= 1
    assert _kill_server_connections() >= 1

    response = client.get(SEARCH)

    assert response.status_code == 200
    assert "khéo" in response.content.decode()  # the article found, "Dân vận" highlighted
