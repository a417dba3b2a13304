"""Browser tests wait as long for an ``expect(...)`` as for any other action."""

from playwright.sync_api import expect

# The contexts' default timeout (tests/conftest.py); expect's own is 5 s, too
# short on a loaded machine for an autosave or the next page to show.
expect.set_options(timeout=15_000)
