"""A reporter limited to one section, in a real Chromium: the interface offers
nothing of the other sections, and a forged request changes nothing."""

import pytest
from playwright.sync_api import expect

from news.models import Article, SectionAccess
from tests.browser.helpers import login, query
from tests.news.factories import ArticleFactory, CategoryFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("keep_migration_data"),
]


def test_a_restricted_reporter_cannot_reach_another_sections_articles(
    live_server, page, contributor
):
    tuyen_giao = CategoryFactory(name="Tuyên giáo", slug="tuyen-giao")
    dan_van = CategoryFactory(name="Dân vận", slug="dan-van")
    SectionAccess.objects.create(user=contributor, category=tuyen_giao)
    own = ArticleFactory(
        title="Bài Tuyên giáo của tôi", category=tuyen_giao, author=contributor, status="draft"
    )
    other = ArticleFactory(
        title="Bài Dân vận của tôi từ trước", category=dan_van, author=contributor, status="draft"
    )

    login(page, live_server.url, contributor.username, "/admin/news/article/")
    listed = page.locator("#result_list")
    expect(listed).to_contain_text(own.title)
    assert other.title not in listed.inner_text()  # the list is there: read it once

    # The form offers only the reporter's section.
    page.goto(f"{live_server.url}/admin/news/article/add/")
    expect(page.locator("#id_category option", has_text="Tuyên giáo")).to_have_count(1)
    options = page.locator("#id_category option").all_inner_texts()
    assert "Tuyên giáo" in options and "Dân vận" not in options

    # Typing the other article's address leads back to the admin's home.
    page.goto(f"{live_server.url}/admin/news/article/{other.pk}/change/")
    assert page.url == f"{live_server.url}/admin/"

    # A forged POST from the reporter's own page (their CSRF token, their
    # session) into the other section is refused with a form error.
    page.goto(f"{live_server.url}/admin/news/article/{own.pk}/change/")
    page.evaluate(
        """(id) => {
            const select = document.querySelector('#id_category');
            select.add(new Option('Dân vận', id, true, true));
        }""",
        str(dan_van.pk),
    )
    with page.expect_navigation():
        page.click("input[name=_continue]")
    expect(page.locator(".field-category .errorlist")).to_contain_text(
        "Bạn không được phân công viết bài cho chuyên mục này"
    )
    assert query(lambda: Article.objects.get(pk=own.pk).category) == tuyen_giao
    # And a POST to the other article's own address changes nothing.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    response = page.request.post(
        f"{live_server.url}/admin/news/article/{other.pk}/change/",
        form={"csrfmiddlewaretoken": token, "title": "Sửa trộm", "category": str(dan_van.pk)},
        headers={"Referer": f"{live_server.url}/admin/"},
        max_redirects=0,
    )
    assert response.status in (302, 403)
    assert query(lambda: Article.objects.get(pk=other.pk)).title == "Bài Dân vận của tôi từ trước"
