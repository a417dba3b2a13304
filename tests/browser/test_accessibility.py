"""axe-core (shipped by axe-playwright-python) finds no WCAG 2.1 AA violations."""

import pytest
from django.urls import Resolver404, resolve

from tests.images.factories import photo_with_renditions
from tests.news.factories import ArticleFactory, CategoryFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("keep_migration_data"),
]

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def site():
    dan_van = CategoryFactory(name="Dân vận", slug="dan-van", menu_order=1)
    CategoryFactory(name="Dân vận chính quyền", slug="dan-van-chinh-quyen", parent=dan_van)
    economy = CategoryFactory(name="Kinh tế", slug="kinh-te", menu_order=2)
    photo = photo_with_renditions()
    article = ArticleFactory(
        category=dan_van,
        title="Thành ủy Lạng Sơn sơ kết công tác Dân vận",
        lead="Ngày 09/10, Thành ủy Lạng Sơn tổ chức hội nghị sơ kết.",
        body=(
            "<h2>Kết quả nổi bật</h2><p>Đoạn văn.</p>"
            f'<figure><img src="{photo.file.url}" alt="Hội nghị"><figcaption>Hội nghị</figcaption>'
            "</figure><table><tbody><tr><th>Chỉ tiêu</th><th>Kết quả</th></tr>"
            "<tr><td>Đảng viên mới</td><td>86</td></tr></tbody></table>"
            "<blockquote><p>Dân biết, dân bàn, dân làm, dân kiểm tra.</p></blockquote>"
        ),
        cover_image=photo,
        featured=True,
        source="Báo Lạng Sơn",
    )
    for n in range(6):
        ArticleFactory(category=economy if n % 2 else dan_van, title=f"Tin số {n}", featured=n < 2)
    return article


def violations(page, url):
    from axe_playwright_python.sync_playwright import Axe

    response = page.goto(url)
    assert response is not None
    results = Axe().run(page, options=WCAG)
    return results.violations_count, results.generate_report()


@pytest.fixture
def documents():
    from documents.models import DocumentRelation
    from tests.documents.factories import DocumentFactory, attach_pdf, issuer

    resolution = DocumentFactory(number_symbol="15-NQ/TU")
    attach_pdf(resolution, name="Nghị quyết 15-NQ-TU.pdf")
    older = DocumentFactory(number_symbol="03-NQ/TU", issuer=issuer("Bộ Chính trị"))
    DocumentRelation.objects.create(source=resolution, kind="replaces", target=older)
    return resolution


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
@pytest.mark.parametrize(
    "path",
    ["/", "/dan-van/", "ARTICLE", "/khong-co-trang-nay/", "/van-ban/",
     "/van-ban/?q=15+nq+tu&loai=nghi-quyet", "DOCUMENT"],
)  # fmt: skip
def test_no_axe_violations(live_server, page, mobile_page, site, documents, path, viewport):
    browser_page = mobile_page if viewport == "mobile" else page
    if path == "ARTICLE":
        path = site.get_absolute_url()
    if path == "DOCUMENT":
        path = documents.get_absolute_url()
    count, report = violations(browser_page, live_server.url + path)
    assert count == 0, report


def test_no_axe_violations_on_search(live_server, mobile_page, site):
    try:
        resolve("/tim-kiem/")
    except Resolver404:
        pytest.skip("the search page (/tim-kiem/) is not there yet")
    count, report = violations(mobile_page, live_server.url + "/tim-kiem/?q=dan+van")
    assert count == 0, report
