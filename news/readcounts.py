"""Read counts for "Đọc nhiều" (most read), fed by a beacon, not by the page render.

Article pages stay cacheable: ``static/js/site.js`` posts to ``/doc/<id>/``
once the page is shown. Whether a read counts is decided by
``core.counting`` (no bots; once per reader in half an hour; at most five a day
from one network); here it is added to the day's count.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.counting import is_bot, should_count

from .models import ArticleDailyViews

__all__ = ["is_bot", "record_read", "should_count_read"]


def should_count_read(request, article_id):
    return should_count(request, "article", article_id)


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
