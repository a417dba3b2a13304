"""The frame every public page shares: the menu, the favicon, the feeds page."""

import pytest
from django.core.cache import cache

from tests.news.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def page(client, url):
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_menu_is_a_row_and_a_labelled_phone_menu_with_every_section(client):
    CategoryFactory(name="Xây dựng Đảng", slug="xay-dung-dang", menu_order=1)
    CategoryFactory(name="Dân vận", slug="dan-van", menu_order=2)
    html = page(client, "/dan-van/")
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>", html.index("site-nav"))]
    row = nav[nav.index('class="wrap nav-list"') : nav.index('class="wrap nav-phone"')]
    phone = nav[nav.index('class="wrap nav-phone"') :]
    assert 'popovertarget="nav-menu">Chuyên mục</button>' in phone
    assert '<div id="nav-menu" class="nav-menu" popover>' in phone
    for menu in (row, phone):
        for href in ("/", "/xay-dung-dang/", "/dan-van/", "/van-ban/"):
            assert f'<a href="{href}"' in menu
        assert menu.count('aria-current="page"') == 1
        assert '<a href="/dan-van/" aria-current="page">' in menu
    # The wide row shows the house for "Trang chủ", named for screen readers.
    assert '<span class="visually-hidden">Trang chủ</span>' in row
    assert ">Trang chủ</a>" in phone


def test_favicon_ico_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.ico")
    html = page(client, "/")
    assert 'rel="icon" href="/static/img/favicon.ico"' in html
    assert 'rel="icon" href="/static/img/favicon.svg" type="image/svg+xml"' in html


def test_the_footer_rss_link_opens_a_page_that_lists_every_feed(client):
    parent = CategoryFactory(name="Xây dựng Đảng", slug="xay-dung-dang", menu_order=1)
    CategoryFactory(name="Tổ chức cán bộ", slug="to-chuc-can-bo", parent=parent)
    CategoryFactory(name="Trang ẩn", slug="trang-an", show_in_menu=False)
    html = page(client, "/")
    footer = html[html.index('<footer class="site-footer"') :]
    assert '<a href="/nhan-tin-qua-rss/">Nhận tin qua RSS</a>' in footer
    assert 'href="/rss/"' not in footer

    html = page(client, "/nhan-tin-qua-rss/")
    assert "<h1" in html and "Nhận tin qua RSS" in html
    assert "RSS là gì?" in html and "Cách đăng ký" in html
    for feed in ("/rss/", "/van-ban/rss/", "/rss/xay-dung-dang/", "/rss/to-chuc-can-bo/",
                 "/rss/trang-an/"):  # fmt: skip
        assert f">http://testserver{feed}</a>" in html
    # Every address it lists answers with the feed itself.
    for feed in ("/rss/", "/van-ban/rss/", "/rss/to-chuc-can-bo/"):
        response = client.get(feed)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/rss+xml")
