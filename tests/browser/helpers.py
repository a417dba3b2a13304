"""What the browser tests share: logging in through the real login form."""

from tests.accounts.factories import PASSWORD


def login(page, base_url, username, then="/admin/"):
    """Log ``username`` (a factory user) in, landing on ``then``."""
    page.goto(f"{base_url}/admin/login/?next={then}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}{then}")
