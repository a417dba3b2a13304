import os
import warnings

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from hypothesis import settings as hypothesis_settings

from tests.news.factories import ArticleFactory, CategoryFactory

# Settings started in subprocesses by tests read only the environment the test
# gives them, never a developer's .env (written by `make run`).
os.environ["PORTAL_ENV_FILE"] = ""

# Property tests. "ci" (the default, for `make test` and .ci/run) draws the
# same examples on every run, so a verdict never depends on luck; `make fuzz`
# uses "fuzz": fresh random examples, many more of them (tests/fuzzing.py),
# and a local example database that replays what failed before. Either way a
# failure prints the example and a @reproduce_failure line to paste.
hypothesis_settings.register_profile(
    "ci", derandomize=True, database=None, deadline=None, print_blob=True
)
hypothesis_settings.register_profile("fuzz", derandomize=False, deadline=None, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _isolated_storage(settings, tmp_path):
    """Uploaded files and cached pages go to a per-test temporary place."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_PRIVATE_ROOT = tmp_path / "private"
    settings.SANDBOX_LOCK_DIR = tmp_path / "sandbox"
    # Every test user gets a password; the production hasher takes ~0.3 s per
    # hash on this machine, which made fixtures with four users take seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    from core import memo

    cache.clear()
    memo.forget_all()  # what each worker keeps in memory (core/memo.py)
    # Tests log staff in with force_login, which no second factor can follow;
    # tests/accounts/test_two_factor.py turns the requirement back on and proves it.
    settings.PORTAL_ADMIN_2FA_REQUIRED = False
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


class _OneRequestAtATime(WSGIServer):
    """The live server for browser tests, answering one request at a time.

    On SQLite the test database lives in memory, and the live server's threads
    share the test's one connection: two requests at once (a page loading while
    an autosave or a read beacon arrives) could then meet on it and fail with
    "database table is locked". Django answers HTTP/1.1 with "Connection:
    close" when its server has no threads, so the browser never waits on a
    kept-alive connection.
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = _OneRequestAtATime

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def _playwright_browser():
    """Debian's Chromium driven by Playwright (``playwright install`` cannot download here).

    Without Chromium the browser tests are skipped with a loud warning, unless
    PORTAL_REQUIRE_BROWSER=1 (set by .ci/run), where a missing browser fails.
    """
    if not os.path.exists(CHROMIUM):
        message = (
            f"BROWSER TESTS SKIPPED: {CHROMIUM} not found. "
            "Install it with `apt-get install chromium` (CI does)."
        )
        if os.environ.get("PORTAL_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        warnings.warn(message, stacklevel=1)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make around it are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(_playwright_browser):
    context = _playwright_browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def mobile_page(_playwright_browser):
    context = _playwright_browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 375, "height": 812},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _user_with_role(username, role, display_name):
    from django.contrib.auth.models import Group

    from tests.accounts.factories import UserFactory

    user = UserFactory(username=username, display_name=display_name)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def contributor(db):
    from accounts.roles import CONTRIBUTOR

    return _user_with_role("phongvien", CONTRIBUTOR, "Thanh Huệ")


@pytest.fixture
def other_contributor(db):
    from accounts.roles import CONTRIBUTOR

    return _user_with_role("phongvien2", CONTRIBUTOR, "Minh Tuấn")


@pytest.fixture
def editor(db):
    from accounts.roles import EDITOR

    return _user_with_role("bientap", EDITOR, "Lan Hương")


@pytest.fixture
def site_admin(db):
    from accounts.roles import ADMIN

    return _user_with_role("quantri", ADMIN, "Quản trị viên")


@pytest.fixture
def photo(db):
    """A 1600×1000 library photo with its renditions, as after an upload."""
    from tests.images.factories import photo_with_renditions

    return photo_with_renditions()


@pytest.fixture(scope="module")
def keep_migration_data(django_db_setup, django_db_blocker):
    """Leave the database as migrated after a module of transactional tests.

    Their flushes delete what data migrations created (roles, for one), which
    the tests running after them expect. This snapshots the database before
    the module and puts it back after it. (It needs the test database set up
    first: run alone, a module-scoped fixture comes before the tests' own
    database fixtures and would snapshot the development database.)
    """
    from django.core.management import call_command
    from django.db import connection

    with django_db_blocker.unblock():
        snapshot = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(snapshot)
