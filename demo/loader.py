"""Demo content for a fresh install, from the data files in ``demo/data/``.

One TOML file per kind of content, written by the team; everything is
created through ``save()``, as an editor's work would be (text normalised,
photos checked and re-encoded, renditions made, search indexed). Loading is
idempotent: rows are matched by slug or title, so running it again (every
``make run``) adds nothing twice.
"""

import datetime as dt
import io
import random
import tomllib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from PIL import Image as PILImage
from PIL import ImageDraw

from images.models import Image
from news.models import Article, Category

DATA = Path(__file__).resolve().parent / "data"

DEMO_USERNAME = "toasoan"
STATUS_MAP = {
    "published": Article.Status.PUBLISHED,
    "scheduled": Article.Status.PUBLISHED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.PENDING,
}
# Muted landscape palettes: (sky top, sky bottom, hills, foreground).
PALETTES = [
    ((120, 170, 210), (230, 220, 190), (70, 110, 80), (40, 80, 50)),
    ((200, 120, 90), (250, 210, 150), (110, 90, 70), (70, 60, 50)),
    ((90, 120, 170), (200, 210, 230), (60, 90, 110), (30, 60, 70)),
    ((150, 190, 160), (240, 235, 200), (90, 130, 70), (50, 90, 40)),
]


def make_photo(seed, size=(1200, 800)):
    """A JPEG 'photo' drawn with Pillow: sky, hills and a flag, different per seed."""
    rng = random.Random(seed)
    width, height = size
    top, bottom, hills, ground = rng.choice(PALETTES)
    img = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(img)
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    for layer, colour in enumerate((hills, ground)):
        base = int(height * (0.55 + 0.15 * layer))
        points = [(0, height)]
        for x in range(0, width + 100, 100):
            points.append((x, base - rng.randint(0, int(height * 0.18))))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    pole_x = rng.randint(width // 5, width * 4 // 5)
    draw.rectangle([pole_x, height // 4, pole_x + 6, height * 3 // 4], fill=(90, 90, 90))
    draw.rectangle([pole_x + 6, height // 4, pole_x + 156, height // 4 + 100], fill=(200, 16, 46))
    cx, cy = pole_x + 81, height // 4 + 50
    star = [(cx, cy - 30), (cx + 9, cy - 9), (cx + 30, cy - 9), (cx + 13, cy + 5),
            (cx + 19, cy + 27), (cx, cy + 14), (cx - 19, cy + 27), (cx - 13, cy + 5),
            (cx - 30, cy - 9), (cx - 9, cy - 9)]  # fmt: skip
    draw.polygon(star, fill=(255, 205, 0))
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def _published_at(entry, now):
    local_now = timezone.localtime(now)
    day = local_now.date() - dt.timedelta(days=entry["days_ago"])
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(entry["hour"], 0)))
    if entry["status"] == "published" and moment > now:
        moment = now - dt.timedelta(minutes=5)
    return moment


def read(name):
    """The records of ``demo/data/<name>.toml`` (a list of dicts)."""
    with (DATA / f"{name}.toml").open("rb") as handle:
        data = tomllib.load(handle)
    (records,) = data.values()
    return records


def load(stdout=None):
    """Create what is missing; return (categories created, articles created)."""
    now = timezone.now()
    User = get_user_model()
    with transaction.atomic():
        author, _ = User.objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={"display_name": "Ban Biên tập", "is_active": False},
        )
        categories_created = 0
        categories = {}
        for record in read("categories"):
            category, created = Category.objects.get_or_create(
                slug=record["slug"],
                defaults={
                    "name": record["name"],
                    "description": record["description"],
                    "parent": categories.get(record.get("parent")),
                    "menu_order": record["menu_order"],
                    "show_in_menu": record["show_in_menu"],
                },
            )
            categories[record["slug"]] = category
            categories_created += created

        existing = set(Article.objects.values_list("title", flat=True))
        articles_created = 0
        for number, entry in enumerate(read("articles")):
            if entry["title"] in existing:
                continue
            image = Image(
                title=entry["title"][:255],
                alt_text=entry["caption"][:255],
                caption=entry["caption"],
                credit=entry["credit"],
                uploaded_by=author,
                file=ContentFile(make_photo(number), name="demo.jpg"),
            )
            image.save()
            Article.objects.create(
                title=entry["title"],
                lead=entry["lead"],
                body="\n".join(f"<p>{escape(p)}</p>" for p in entry["paragraphs"]),
                cover_image=image,
                category=categories[entry["category"]],
                byline=entry["byline"],
                source=entry["source"],
                author=author,
                status=STATUS_MAP[entry["status"]],
                published_at=(
                    _published_at(entry, now)
                    if entry["status"] in ("published", "scheduled")
                    else None
                ),
                featured=entry["featured"],
            )
            articles_created += 1
    if stdout is not None:
        stdout.write(
            f"Dữ liệu mẫu: thêm {categories_created} chuyên mục, {articles_created} bài viết."
        )
    return categories_created, articles_created
