"""Site information, footer, archive and category pages."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from core.models import SiteSettings
from tests.news.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_about_page_and_footer_show_the_editable_site_information(client):
    settings = SiteSettings.load()
    settings.address = "Số 2 đường Lê Lợi, thành phố Lạng Sơn"
    settings.phone = "0205 3 999 888"
    settings.email = "banbientap@langson.gov.vn"
    settings.responsible_officer = "Đồng chí Nguyễn Văn B, Trưởng Ban Tuyên giáo"
    settings.licence = "Giấy phép số 01/GP-TTĐT"
    settings.save()

    about = client.get("/gioi-thieu/").content.decode()
    for text in (
        "Số 2 đường Lê Lợi, thành phố Lạng Sơn",
        "banbientap@langson.gov.vn",
        "Đồng chí Nguyễn Văn B, Trưởng Ban Tuyên giáo",
        "Giấy phép số 01/GP-TTĐT",
        'href="tel:02053999888"',
    ):
        assert text in about
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    assert "Số 2 đường Lê Lợi" in footer
    assert "mailto:banbientap@langson.gov.vn" in footer
    assert "Đồng chí Nguyễn Văn B" in footer


def test_site_settings_are_cached_and_saving_refreshes_them(django_assert_num_queries):
    SiteSettings.load()
    first = SiteSettings.cached()
    with django_assert_num_queries(0):
        assert SiteSettings.cached().name == first.name
    first.name = "Cổng thông tin Thành ủy"
    first.save()
    assert SiteSettings.cached().name == "Cổng thông tin Thành ủy"


def test_every_page_has_a_search_box_skip_link_and_landmarks(client, article):
    for url in ("/", "/dan-van/", article.get_absolute_url(), "/gioi-thieu/", "/luu-tru/"):
        html = client.get(url).content.decode()
        assert '<a class="skip-link" href="#main">Bỏ qua, đến nội dung chính</a>' in html
        assert 'action="/tim-kiem/"' in html and 'name="q"' in html
        assert '<main id="main"' in html and "<header" in html and "<footer" in html
        assert html.count("<h1") == 1, url
        assert '<link rel="canonical"' in html
        assert '<meta name="description" content="' in html


def test_titles_are_unique(client, article):
    urls = ["/", "/?page=2", "/dan-van/", article.get_absolute_url(), "/gioi-thieu/", "/luu-tru/"]
    for _ in range(20):
        ArticleFactory(category=article.category)
    titles = set()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        titles.add(html.split("<title>")[1].split("</title>")[0])
    assert len(titles) == len(urls)


def test_category_page_lists_subcategories_and_its_rss(client, category):
    CategoryFactory(name="Dân vận chính quyền", slug="dan-van-chinh-quyen", parent=category)
    ArticleFactory(category=category, title="Tin dân vận")
    html = client.get("/dan-van/").content.decode()
    assert '<a href="/dan-van-chinh-quyen/">Dân vận chính quyền</a>' in html
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/rss/dan-van/">RSS chuyên mục Dân vận</a>' in html
    assert "Tin dân vận" in html


def test_archive_by_year_and_month(client, category):
    at = timezone.make_aware(dt.datetime(2019, 10, 9, 8, 30))
    ArticleFactory(category=category, title="Tin tháng mười", published_at=at)
    ArticleFactory(
        category=category, title="Tin tháng năm", published_at=at - dt.timedelta(days=150)
    )
    ArticleFactory(category=category, title="Bản nháp", status="draft", published_at=at)

    index = client.get("/luu-tru/").content.decode()
    assert 'href="/luu-tru/2019/10/">Tháng 10/2019</a>' in index
    assert 'href="/luu-tru/2019/05/">Tháng 05/2019</a>' in index

    year = client.get("/luu-tru/2019/")
    assert year.status_code == 200
    assert "Tin tháng mười" in year.content.decode() and "Tin tháng năm" in year.content.decode()
    month = client.get("/luu-tru/2019/10/").content.decode()
    assert '<h1 class="page-title">Tin tháng 10/2019</h1>' in month
    assert "Tin tháng mười" in month and "Tin tháng năm" not in month
    assert "Bản nháp" not in month
    assert 'href="/luu-tru/2019/05/" rel="prev"' in month
    assert client.get("/luu-tru/2018/").status_code == 404
    assert client.get("/luu-tru/2019/11/").status_code == 404


def test_archive_month_uses_the_site_time_zone(client, category):
    # 23:30 on 31 October in Hà Nội is still October there (16:30 UTC).
    at = timezone.make_aware(dt.datetime(2019, 10, 31, 23, 30))
    ArticleFactory(category=category, title="Tin cuối tháng", published_at=at)
    assert "Tin cuối tháng" in client.get("/luu-tru/2019/10/").content.decode()


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def make_listed(category, count):
    from tests.images.factories import photo_with_renditions

    for n in range(count):
        image = photo_with_renditions(size=(64, 48))
        ArticleFactory(
            category=category,
            cover_image=image,
            published_at=timezone.make_aware(dt.datetime(2019, 10, 1 + n % 28, 8, 0)),
        )


@pytest.mark.parametrize("url", ["/dan-van/", "/luu-tru/2019/", "/luu-tru/2019/10/", "/rss/"])
def test_list_pages_run_a_constant_number_of_queries(client, category, url):
    from tests.public.page_helpers import count_queries

    make_listed(category, 5)
    few = count_queries(client, url)
    make_listed(category, 40)
    assert count_queries(client, url) == few
    assert few <= 8
