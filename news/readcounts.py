"""Read counts for "Đọc nhiều" (most read), fed by a beacon, not by the page render.

Article pages stay cacheable: ``static/js/site.js`` posts to ``/doc/<id>/``
once the page is shown. A read counts once per client and article every
``DEDUPE_SECONDS`` (a cache key on address + browser), and crawlers, link
previewers and monitoring tools are not counted at all.
"""

import hashlib
import re

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.clientip import client_address

from .models import ArticleDailyViews

DEDUPE_SECONDS = 30 * 60
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|fetch|preview|scan|monitor|headless|lighthouse|phantom|"
    r"facebookexternalhit|embedly|curl|wget|python|java/|go-http|okhttp|"
    r"httpclient|axios|node-fetch|libwww|scrapy|feed|rss|validator|checker",
    re.IGNORECASE,
)


def is_bot(user_agent):
    """True for an empty user agent or one that names a robot or a tool."""
    user_agent = (user_agent or "").strip()
    return (
        not user_agent
        or "mozilla" not in user_agent.lower()
        or bool(BOT_PATTERN.search(user_agent))
    )


def first_read(request, article_id):
    """True the first time this client reads this article in DEDUPE_SECONDS."""
    client = f"{client_address(request)}|{request.META.get('HTTP_USER_AGENT', '')}"
    digest = hashlib.sha256(client.encode()).hexdigest()[:24]
    return cache.add(f"news:read:{article_id}:{digest}", 1, DEDUPE_SECONDS)


def record_read(article_id, date=None):
    """Add one read to today's row for the article: an atomic F() update or an insert."""
    date = date or timezone.localdate()
    rows = ArticleDailyViews.objects.filter(article_id=article_id, date=date)
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            ArticleDailyViews.objects.create(article_id=article_id, date=date, count=1)
    except IntegrityError:  # another request created the row in between
        rows.update(count=F("count") + 1)
