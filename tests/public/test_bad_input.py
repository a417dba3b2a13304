"""Odd requests get a 404 or a correct page, never a 500."""

import pytest
from django.core.cache import cache

from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


@pytest.fixture
def many(category):
    for n in range(25):
        ArticleFactory(category=category, title=f"Tin {n}")


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999", "4", "1.5", "", "9" * 40])
@pytest.mark.parametrize("path", ["/", "/dan-van/", "/luu-tru/2019/"])
def test_bad_page_numbers_are_404(client, many, path, page):
    if page == "" and path != "/luu-tru/2019/":
        assert client.get(f"{path}?page=").status_code in (200, 404)
        return
    assert client.get(f"{path}?page={page}").status_code == 404


def test_last_page_is_a_correct_page(client, many):
    response = client.get("/dan-van/?page=last")
    assert response.status_code == 200
    assert "Trang 3 / 3" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/khong-co-chuyen-muc/",
        "/xay-dựng-đảng/",
        "/%E1%BA%A3nh/",
        "/dân-vận/bài-viết-1/",
        "/dan-van/khong-co-bai-999999/",
        "/dan-van/bai-viet-99999999999999999999999/",
        "/dan-van/bai-viet-1/rac/",
        "/dan-van/bai-viet-1/rac/rac/",
        "/" + "a" * 3000 + "/",
        "/dan-van/" + "b" * 3000 + "-987654/",
        "/luu-tru/0000/",
        "/luu-tru/9999/",
        "/luu-tru/2019/13/",
        "/luu-tru/2019/00/",
        "/luu-tru/1999/",
        "/rss/khong-co/",
        "/doc/abc/",
    ],
)
def test_unknown_urls_are_404(client, article, url):
    assert client.get(url).status_code == 404


def test_right_slug_with_wrong_id_is_404(client, article):
    other_id = article.pk + 1000
    assert client.get(f"/dan-van/{article.slug}-{other_id}/").status_code == 404


def test_trailing_garbage_after_an_article_is_404(client, article):
    assert client.get(article.get_absolute_url() + "rac/").status_code == 404


def test_head_requests_work(client, article):
    for url in ("/", "/dan-van/", article.get_absolute_url(), "/rss/", "/sitemap.xml"):
        response = client.head(url)
        assert response.status_code == 200, url
        assert response.content == b""


@pytest.mark.parametrize(
    "header",
    ["not a date", "Mon, 99 Foo 2019 99:99:99 GMT", "", "0", "Sat, 01 Jan 2000 00:00:00 GMT"],
)
def test_bogus_if_modified_since_is_ignored(client, article, header):
    for url in ("/", article.get_absolute_url()):
        response = client.get(url, headers={"if-modified-since": header})
        assert response.status_code in (200, 304), url


def test_404_page_is_vietnamese_styled_and_has_a_search_box(client, article):
    response = client.get("/khong-co-chuyen-muc/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in html
    assert '<form class="search-form" role="search" action="/tim-kiem/" method="get"' in html
    assert 'name="q"' in html
    assert "/static/css/site.css" in html
    assert '<meta name="robots" content="noindex">' in html
    assert html.count("<h1") == 1


def test_500_page_renders_without_the_database(rf, django_assert_num_queries):
    from public.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="vi">' in html
    assert "Hệ thống đang gặp sự cố" in html
    assert 'action="/tim-kiem/"' in html
    assert "Cổng thông tin điện tử Tỉnh ủy Lạng Sơn" in html


def test_an_exception_in_a_view_gives_the_styled_500_page(client, monkeypatch):
    from public import views

    def boom(self, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.AboutView, "get", boom)
    response = client.get("/gioi-thieu/")
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()
