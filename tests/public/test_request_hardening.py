"""What a request can't do: odd numbers, forged hosts, made-up cookies, errors without headers."""

from unittest import mock

import pytest

from core.models import SiteSettings
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ODD_NUMBERS = ["²", "①", "１２", "٣", "1e3", "-1", "0", "+1", " 1", "1.0", "9" * 400, ""]


@pytest.fixture(autouse=True)
def _site_settings(db):
    SiteSettings.load()  # created once on a real site; creating it mid-test bumps the version


def public_urls(article):
    return [
        "/",
        "/dan-van/",
        article.get_absolute_url(),
        "/luu-tru/",
        "/luu-tru/2019/",
        f"/luu-tru/{article.published_at:%Y/%m}/",
        "/rss/",
        "/rss/dan-van/",
        "/gioi-thieu/",
        "/robots.txt",
        "/sitemap.xml",
        "/tim-kiem/?q=dan+van",
        "/khong-co-trang-nay/",
    ]


def assert_hardened(response, what):
    assert response.status_code < 500, f"{what} -> {response.status_code}"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"], what
    assert response["X-Frame-Options"] == "DENY", what


@pytest.mark.parametrize("value", ODD_NUMBERS, ids=repr)
def test_odd_numbers_in_the_query_string_never_500(client, article, value):
    for url in public_urls(article):
        for name in ("page", "p"):
            joiner = "&" if "?" in url else "?"
            assert_hardened(client.get(f"{url}{joiner}{name}={value}"), f"{url} {name}={value!r}")


@pytest.mark.parametrize("value", [v for v in ODD_NUMBERS if v.strip()], ids=repr)
def test_odd_numbers_in_the_path_never_500(client, article, value):
    for path in (
        f"/dan-van/{article.slug}-{value}/",
        f"/doc/{value}/",
        f"/luu-tru/{value}/",
        f"/luu-tru/2019/{value}/",
        f"/rss/{value}/",
    ):
        assert_hardened(client.get(path), path)
    assert client.post(f"/doc/{value}/").status_code < 500


@pytest.mark.parametrize("value", ["²", "１２", "1.0", "+2", "2 "])
def test_a_list_page_number_is_ascii_digits_only(client, category, value):
    ArticleFactory.create_batch(12, category=category)
    assert client.get("/dan-van/?page=2").status_code == 200
    assert client.get(f"/dan-van/?page={value}").status_code == 404
    # The cache key reads the number as the view does: a junk value never
    # finds the page 2 stored a moment ago.
    assert client.get(f"/dan-van/?page={value}").status_code == 404


def test_leading_zeros_and_page_one_share_the_cached_copy(client, category):
    ArticleFactory.create_batch(12, category=category)
    client.get("/dan-van/?page=2")
    assert client.get("/dan-van/?page=002")["X-Cache"] == "HIT"
    client.get("/dan-van/")
    assert client.get("/dan-van/?page=1")["X-Cache"] == "HIT"


def test_the_sitemap_page_parameter_is_part_of_the_cache_key(client, article):
    assert client.get("/sitemap.xml").status_code == 200
    assert client.get("/sitemap.xml?p=1")["X-Cache"] == "HIT"
    assert client.get("/sitemap.xml?p=2").status_code == 404  # one page only


# ----------------------------------------------------------------- host header


def poisoned(client, article, host):
    """Fill the cold cache through ``host``, then read every page as a reader would."""
    for url in public_urls(article)[:-1]:
        client.get(url, HTTP_HOST=host)
    return {url: client.get(url).content.decode() for url in public_urls(article)[:-1]}


def test_a_forged_port_does_not_reach_other_readers(client, article, settings):
    settings.PORTAL_SITE_URL = ""
    pages = poisoned(client, article, "localhost:31337")
    for url, html in pages.items():
        assert "31337" not in html, url
    assert "http://testserver/" in pages["/rss/"]


def test_absolute_addresses_come_from_the_canonical_site_address(client, article, settings):
    settings.PORTAL_SITE_URL = "https://thanhuy.example.vn"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "thanhuy.example.vn"]
    pages = poisoned(client, article, "localhost:31337")
    for url, html in pages.items():
        assert "31337" not in html and "testserver" not in html, url
    assert (
        f"https://thanhuy.example.vn{article.get_absolute_url()}"
        in pages[article.get_absolute_url()]
    )
    assert "https://thanhuy.example.vn/sitemap.xml" in pages["/robots.txt"]
    assert "<loc>https://thanhuy.example.vn/" in pages["/sitemap.xml"]
    assert "<link>https://thanhuy.example.vn/" in pages["/rss/"]


def test_a_disallowed_host_gets_400_even_for_a_cached_page(client, article):
    assert client.get("/").status_code == 200
    assert client.get("/")["X-Cache"] == "HIT"
    response = client.get("/", HTTP_HOST="evil.com")
    assert response.status_code == 400
    assert_hardened(response, "400")


def test_a_canonical_address_must_be_an_address(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import portal.settings

    monkeypatch.setenv("PORTAL_SITE_URL", "thanhuy.example.vn/duong-dan")
    with pytest.raises(ImproperlyConfigured):
        importlib.reload(portal.settings)
    monkeypatch.delenv("PORTAL_SITE_URL")
    importlib.reload(portal.settings)


# ----------------------------------------------------------------- cookies


@pytest.mark.parametrize("value", ["x", "a" * 32, "0123456789abcdefghijklmnopqrstuv"])
def test_a_made_up_session_cookie_gets_the_cached_page(client, article, value):
    client.get("/")
    client.cookies["sessionid"] = value
    response = client.get("/")
    assert response["X-Cache"] == "HIT"


def test_a_real_staff_session_gets_a_fresh_page(client, article, editor):
    client.get("/")
    client.force_login(editor)
    response = client.get("/")
    assert response.get("X-Cache") is None and "private" in response["Cache-Control"]


# ----------------------------------------------------------------- error pages


def test_an_error_in_a_view_gets_the_security_headers(client, article):
    client.raise_request_exception = False
    with mock.patch("public.views.HomeView.get_queryset", side_effect=RuntimeError("lỗi")):
        response = client.get("/")
    assert response.status_code == 500
    assert_hardened_error(response)


def test_an_error_in_the_page_cache_gets_the_security_headers(client, article):
    client.raise_request_exception = False
    with mock.patch("public.pagecache._cache_key", side_effect=ValueError("lỗi")):
        response = client.get("/")
    assert response.status_code == 500
    assert_hardened_error(response)


def assert_hardened_error(response):
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
