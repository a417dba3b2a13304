"""The demo content agrees with itself: sapo dates, the committee, the reads."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from core.models import SiteSettings
from demo import loader
from documents.models import Document
from news.models import Article, ArticleDailyViews

SAPO_DATE = re.compile(r"Ngày (\d{1,2})/(\d{1,2})\b")
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def local_day(moment):
    return moment.astimezone(HANOI).date()


@pytest.mark.parametrize("installed_on", ["2026-01-03", "2026-07-12", "2026-12-04", "2028-02-29"])
def test_every_dated_sapo_matches_its_publication_day_whatever_the_install_day(installed_on):
    day = dt.date.fromisoformat(installed_on)
    now = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 30)))
    for entry in loader.read("articles"):
        if entry["status"] not in ("published", "scheduled"):
            continue
        published_at = loader._published_at(entry, now)
        lead = loader._lead(entry, published_at)
        if entry["status"] == "published":
            assert published_at <= now, entry["title"]
        else:
            assert published_at > now, entry["title"]
        found = SAPO_DATE.search(lead)
        if found:
            published = local_day(published_at)
            assert (published.day, published.month) == tuple(map(int, found.groups())), lead


@pytest.mark.django_db
def test_the_loaded_demo_is_one_provincial_committee_with_reads(client):
    call_command("load_demo")
    call_command("load_demo")  # a second run adds no reads twice

    for article in Article.objects.exclude(published_at=None):
        found = SAPO_DATE.search(article.lead)
        if found:
            published = local_day(article.published_at)
            assert (published.day, published.month) == tuple(map(int, found.groups())), (
                article.title
            )

    site = SiteSettings.load()
    assert site.name == "Cổng thông tin điện tử Tỉnh ủy Lạng Sơn"
    assert site.short_name == site.organisation == "Tỉnh ủy Lạng Sơn"
    # The city level ended in 07/2025: only the archive may speak of the Thành ủy.
    city_ended = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)
    texts = [
        text
        for a in Article.objects.filter(published_at__gte=city_ended)
        for text in (a.title, a.lead, a.body, a.cover_image.caption)
    ]
    assert not [t for t in texts if "Thành ủy" in t or "Thành uỷ" in t]
    archive = Article.objects.get(title__startswith="Thành ủy Lạng Sơn sơ kết công tác Dân vận")
    assert local_day(archive.published_at) == dt.date(2019, 10, 9)
    assert archive in Article.objects.published()
    assert Document.objects.filter(issuer__name__contains="Tỉnh ủy").exists()

    # "Đọc nhiều" has something to show on a fresh install.
    assert Article.objects.most_read().count() >= 5
    assert not ArticleDailyViews.objects.filter(
        article__in=Article.objects.exclude(pk__in=Article.objects.published())
    ).exists()
    cache.clear()
    html = client.get("/").content.decode()
    assert 'id="most-read-title"' in html
    assert "Tỉnh ủy Lạng Sơn" in html and "Thành ủy" not in html
