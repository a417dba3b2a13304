"""What the browser tests share: logging in through the real login form, and
waiting for what they read instead of sleeping.

A browser test reads only what it has waited for: after a click that loads a
page, ``with page.expect_navigation():`` (or ``page.wait_for_url``) before
reading it; ``expect(locator)`` assertions, which retry until the default
timeout, for anything a script or the next page writes; and, on the database
side, ``query`` and ``wait_for`` below.
"""

import time

from django.db import OperationalError

from tests.accounts.factories import PASSWORD

DEADLINE = 20  # seconds a database poll waits for the live server


def login(page, base_url, username, then="/admin/"):
    """Log ``username`` (a factory user) in, landing on ``then``, fully loaded."""
    page.goto(f"{base_url}/admin/login/?next={then}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}{then}")  # waits for the load event, too


def _locked(error):
    return "locked" in str(error)


def query(read, seconds=DEADLINE):
    """``read()`` (any ORM call), tried again while the table is locked.

    On SQLite the test and the live server share one in-memory database (and
    one connection); a query that meets a request the server is answering at
    that moment (a page's image, an autosave, a read beacon) is told "database
    table is locked". Nothing else is caught, and the answer is not retried:
    what ``read`` returns first is what the test asserts on.
    """
    deadline = time.monotonic() + seconds
    while True:
        try:
            return read()
        except OperationalError as error:
            if not _locked(error) or time.monotonic() >= deadline:
                raise
        time.sleep(0.05)


def wait_for(predicate, seconds=DEADLINE):
    """Poll the database until ``predicate()`` finds something, and return it.

    For what the live server writes on its own time (an autosave a few seconds
    after the last key). A locked table (see ``query``) counts as "not yet".
    """
    deadline = time.monotonic() + seconds
    while True:
        try:
            found = predicate()
        except OperationalError as error:
            if not _locked(error):
                raise
            found = None
        if found:
            return found
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {predicate.__name__}")
        time.sleep(0.25)


def scroll_with_wheel(page, delta_y):
    """Turn the mouse wheel by ``delta_y`` and wait until the scroll has ended.

    ``page.mouse.wheel`` returns before the (smooth) scroll is done; the
    browser's ``scrollend`` event says when it is. The page must scroll.
    """
    page.evaluate(
        """() => {
            window.__testScrollEnded = false;
            window.addEventListener('scrollend', () => { window.__testScrollEnded = true; },
                                    { once: true, capture: true });
        }"""
    )
    page.mouse.wheel(0, delta_y)
    page.wait_for_function("() => window.__testScrollEnded")
