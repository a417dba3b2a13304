import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from core.counting import NETWORK_DAILY_CAP, is_bot, network_of
from news.models import Article, ArticleDailyViews
from news.readcounts import record_read

pytestmark = pytest.mark.django_db

PHONE = (
    "Mozilla/5.0 (Linux; Android 13; SM-A536E) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"
)
ZALO_APP = PHONE + " Zalo android/12100521 ZaloTheme/light ZaloLanguage/vi"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def reads(article):
    row = ArticleDailyViews.objects.filter(article=article, date=timezone.localdate()).first()
    return row.count if row else 0


def beacon(client, article_or_pk, agent=PHONE, address="203.0.113.7", **request_meta):
    pk = getattr(article_or_pk, "pk", article_or_pk)
    return client.post(
        f"/doc/{pk}/", headers={"user-agent": agent}, REMOTE_ADDR=address, **request_meta
    )


def agents(count):
    """``count`` different real-browser user agents."""
    return [PHONE.replace("Chrome/120.0", f"Chrome/120.0.{n}") for n in range(count)]


def test_a_read_is_counted_once_per_reader_and_article(client, article):
    assert beacon(client, article).status_code == 204
    assert beacon(client, article).status_code == 204  # a reload
    assert reads(article) == 1
    beacon(client, article, address="203.0.113.8")  # another reader
    beacon(client, article, agent=ZALO_APP)  # Zalo's in-app browser is a reader too
    assert reads(article) == 3


def test_changing_the_browser_string_does_not_inflate_reads(client, article):
    for agent in agents(30):
        assert beacon(client, article, agent=agent).status_code == 204
    assert NETWORK_DAILY_CAP == 5
    assert reads(article) == 5


def test_one_network_adds_at_most_the_cap_per_article_and_day(client, article, category):
    from tests.news.factories import ArticleFactory

    for host in range(1, 31):  # thirty addresses of one /24
        beacon(client, article, address=f"203.0.113.{host}")
    assert reads(article) == NETWORK_DAILY_CAP
    beacon(client, article, address="203.0.114.1")  # the next /24 is another network
    assert reads(article) == NETWORK_DAILY_CAP + 1

    other = ArticleFactory(category=category)  # the cap is per article
    beacon(client, other, address="203.0.113.1")
    assert reads(other) == 1


def test_an_ipv6_network_is_its_slash_64(client, article):
    for host in range(1, 31):
        beacon(client, article, address=f"2001:db8:1:2::{host:x}")
    assert reads(article) == NETWORK_DAILY_CAP
    beacon(client, article, address="2001:db8:1:3::1")
    assert reads(article) == NETWORK_DAILY_CAP + 1


def test_the_network_cap_starts_again_the_next_day(client, article, monkeypatch):
    for agent in agents(10):
        beacon(client, article, agent=agent)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    for agent in agents(20)[10:]:
        beacon(client, article, agent=agent)
    rows = dict(ArticleDailyViews.objects.filter(article=article).values_list("date", "count"))
    assert rows == {tomorrow - dt.timedelta(days=1): 5, tomorrow: 5}


def test_behind_the_proxy_readers_are_told_apart_by_the_forwarded_address(
    client, article, settings
):
    settings.BEHIND_PROXY = True
    for network in range(1, 8):  # seven readers from seven networks, all through nginx
        beacon(client, article, address="127.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.{network}.9")
    assert reads(article) == 7


def test_without_the_proxy_a_forged_forwarded_for_is_ignored(client, article, settings):
    settings.BEHIND_PROXY = False
    for network, agent in enumerate(agents(30)):
        beacon(client, article, agent=agent, HTTP_X_FORWARDED_FOR=f"198.51.{network}.9")
    assert reads(article) == NETWORK_DAILY_CAP


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.7", "203.0.113.0/24"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.0/24"),
        ("fe80::1%eth0", "fe80::/64"),
        ("", "?"),
        ("garbage", "?"),
        ("999.1.1.1", "?"),
        ("203.0.113.7, 198.51.100.1", "?"),
    ],
)
def test_network_of(address, network):
    assert network_of(address) == network


@pytest.mark.parametrize("address", ["", "garbage", "999.1.1.1", "unix:/run/gunicorn.sock"])
def test_garbage_addresses_are_counted_without_error_and_share_one_cap(client, article, address):
    for agent in agents(10):
        assert beacon(client, article, agent=agent, address=address).status_code == 204
    assert reads(article) == NETWORK_DAILY_CAP


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "curl/8.5.0",
        "python-requests/2.32",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0 Safari/537.36",
        "Mozilla/5.0 (Linux; Android 11) Chrome-Lighthouse",
    ],
)
def test_bots_are_not_counted(client, article, agent):
    assert is_bot(agent)
    assert beacon(client, article, agent=agent).status_code == 204
    assert reads(article) == 0


def test_real_browsers_are_not_bots():
    assert not is_bot(PHONE)
    assert not is_bot(ZALO_APP)


def test_the_beacon_never_errors(client, article):
    draft = Article.objects.create(title="Nháp", category=article.category)
    assert beacon(client, 999999).status_code == 404
    assert beacon(client, draft).status_code == 404
    assert client.post("/doc/99999999999999999999999/").status_code == 404
    assert client.get(f"/doc/{article.pk}/").status_code == 405
    assert client.post("/doc/abc/").status_code == 404
    assert reads(draft) == 0


def test_the_beacon_needs_no_csrf_token_and_is_not_cached(article):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/doc/{article.pk}/", headers={"user-agent": PHONE})
    assert response.status_code == 204
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert reads(article) == 1


def test_record_read_adds_to_the_day_row(article):
    day = timezone.localdate() - dt.timedelta(days=1)
    for _ in range(3):
        record_read(article.pk, day)
    assert ArticleDailyViews.objects.get(article=article, date=day).count == 3
    assert ArticleDailyViews.objects.filter(article=article).count() == 1


def test_most_read_orders_by_reads_in_the_window(category):
    from tests.news.factories import ArticleFactory

    a, b, c = (ArticleFactory(category=category) for _ in range(3))
    today = timezone.localdate()
    ArticleDailyViews.objects.bulk_create(
        [
            ArticleDailyViews(article=a, date=today, count=5),
            ArticleDailyViews(article=a, date=today - dt.timedelta(days=3), count=5),
            ArticleDailyViews(article=b, date=today, count=7),
            ArticleDailyViews(article=c, date=today - dt.timedelta(days=10), count=100),
        ]
    )
    ranked = list(Article.objects.most_read())
    assert ranked == [a, b]
    assert ranked[0].reads == 10
