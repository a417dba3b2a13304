"""Generate many realistic articles fast, for benchmarks: bulk_create in batches.

The text is recombined from the hand-written demo articles, so search and pages
behave as on real Vietnamese news. ``bulk_create`` skips ``save()``, so what
``save()`` would do (slug, byline) is done here, and the search index is rebuilt
at the end.
"""

import datetime as dt
import random

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from core import versioning
from core.text import slugify
from demo import loader
from images.models import Image
from news.models import Article, Category

BATCH = 2000
IMAGE_POOL = 12


class Command(BaseCommand):
    help = "Sinh nhanh nhiều bài viết mẫu (bulk_create) để đo hiệu năng."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument(
            "--years", type=int, default=10, help="Trải ngày đăng trên bấy nhiêu năm."
        )

    def handle(self, *args, articles, seed, years, **options):
        rng = random.Random(seed)
        loader.load()
        categories = list(Category.objects.all())
        images = list(Image.objects.order_by("pk")[:IMAGE_POOL])
        written = loader.read("articles")
        paragraphs = [p for entry in written for p in entry["paragraphs"]]
        sentences = [s.strip() + "." for p in paragraphs for s in p.split(". ") if len(s) > 40]
        titles = [entry["title"] for entry in written]
        leads = [entry["lead"] for entry in written]
        bylines = sorted({entry["byline"] for entry in written})
        start = Article.objects.count()
        now = timezone.now()
        span = years * 365 * 24 * 3600

        made = 0
        while made < articles:
            batch = []
            for i in range(min(BATCH, articles - made)):
                n = start + made + i
                words = rng.choice(titles).split()
                cut = rng.randint(max(4, len(words) // 2), len(words))
                title = " ".join(words[:cut]) + f" ({n})"
                body = "\n".join(
                    "<p>" + escape(" ".join(rng.sample(sentences, rng.randint(3, 6)))) + "</p>"
                    for _ in range(rng.randint(3, 6))
                )
                batch.append(
                    Article(
                        title=title,
                        slug=f"{slugify(title, max_length=200)}-{n}",
                        lead=rng.choice(leads),
                        body=body,
                        cover_image=rng.choice(images) if images else None,
                        category=rng.choice(categories),
                        byline=rng.choice(bylines),
                        status=Article.Status.PUBLISHED,
                        published_at=now - dt.timedelta(seconds=rng.randint(3600, span)),
                    )
                )
            with transaction.atomic():
                Article.objects.bulk_create(batch)
            made += len(batch)
            self.stdout.write(f"  {made}/{articles}")
        call_command("rebuild_search_index", verbosity=0)
        versioning.bump()
        self.stdout.write(self.style.SUCCESS(f"Đã sinh {made} bài viết."))
