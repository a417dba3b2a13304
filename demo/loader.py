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
import re
import tomllib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from PIL import Image as PILImage
from PIL import ImageDraw

from documents.models import (
    Attachment,
    Document,
    DocumentRelation,
    DocumentType,
    Field,
    Issuer,
    Signer,
    Term,
)
from documents.uploads import check_attachments
from images.models import Image
from images.uploads import clean_uploads
from news.models import Article, ArticleDailyViews, Category, SectionAccess

from .pdf import document_pdf

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


# The date a sapo opens with: "Ngày 12/7, …", "Sáng 04/6, …".
SAPO_DATE = re.compile(r"^(?:Ngày|Sáng|Trưa|Chiều|Tối) (\d{1,2})/(\d{1,2})\b")
READ_DAYS = 7  # what "Đọc nhiều" covers (Article.objects.most_read)


def _published_at(entry, now):
    """When ``entry`` is published: ``days_ago`` days before ``now``, at ``hour``.

    A sapo that opens with its date ("Ngày 12/7, …") tells the day itself:
    then ``days_ago`` only picks the year (the 12/7 nearest that many days
    ago, never ahead of ``now`` for a published article, always ahead for a
    scheduled one), so the story's date and its sapo always agree, whatever
    the day of installation. An archive story gives its ``year`` as well.
    """
    local_now = timezone.localtime(now)
    nominal = local_now.date() - dt.timedelta(days=entry["days_ago"])
    found = SAPO_DATE.match(entry["lead"])
    if found and "year" in entry:  # archive content: a story of a given year
        day, month = int(found.group(1)), int(found.group(2))
        return timezone.make_aware(dt.datetime(entry["year"], month, day, entry["hour"]))
    if found:
        day, month = int(found.group(1)), int(found.group(2))
        candidates = [
            timezone.make_aware(dt.datetime(year, month, day, entry["hour"]))
            for year in range(nominal.year - 1, nominal.year + 2)
        ]
        ahead = entry["status"] == "scheduled"
        candidates = [c for c in candidates if (c > now) == ahead]
        return min(candidates, key=lambda c: abs(c.date() - nominal))
    moment = timezone.make_aware(dt.datetime.combine(nominal, dt.time(entry["hour"], 0)))
    if entry["status"] == "published" and moment > now:
        moment = now - dt.timedelta(minutes=5)
    return moment


def _lead(entry, published_at):
    """The sapo, with ``{ngay}`` (a story whose day is free) filled from its date."""
    if "{ngay}" not in entry["lead"] or published_at is None:
        return entry["lead"]
    day = timezone.localtime(published_at)
    return entry["lead"].replace("{ngay}", f"{day.day:02d}/{day.month}")


def read(name):
    """The records of ``demo/data/<name>.toml``, a file of one kind of record."""
    (records,) = _load(name).values()
    return records


def read_table(name, table):
    """The ``[[table]]`` records of ``demo/data/<name>.toml``."""
    return _load(name).get(table, [])


def _load(name):
    with (DATA / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


def load(stdout=None):
    """Create what is missing; return (categories created, articles created).

    Photos and files are checked (in a limited child process, ``core.sandbox``)
    before the transaction opens, as an editor's uploads are.
    """
    now = timezone.now()
    User = get_user_model()
    existing = set(Article.objects.values_list("title", flat=True))
    wanted = [(n, e) for n, e in enumerate(read("articles")) if e["title"] not in existing]
    drawn = [ContentFile(make_photo(number), name="demo.jpg") for number, _entry in wanted]
    photos = dict(zip((n for n, _e in wanted), _passed(clean_uploads(drawn)), strict=True))
    files = document_files()
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

        articles_created = 0
        for number, entry in wanted:
            image = Image(
                title=entry["title"][:255],
                alt_text=entry["caption"][:255],
                caption=entry["caption"],
                credit=entry["credit"],
                uploaded_by=author,
                file=photos[number],
            )
            image.save()
            published_at = (
                _published_at(entry, now) if entry["status"] in ("published", "scheduled") else None
            )
            Article.objects.create(
                title=entry["title"],
                lead=_lead(entry, published_at),
                body="\n".join(f"<p>{escape(p)}</p>" for p in entry["paragraphs"]),
                cover_image=image,
                category=categories[entry["category"]],
                byline=entry["byline"],
                source=entry["source"],
                author=author,
                status=STATUS_MAP[entry["status"]],
                published_at=published_at,
                featured=entry["featured"],
            )
            articles_created += 1
        load_limited_users(categories)
        documents_created = load_documents(author, now, files)
        link_articles_to_documents()
        load_reads(now)
    if stdout is not None:
        stdout.write(
            f"Dữ liệu mẫu: thêm {categories_created} chuyên mục, {articles_created} bài viết, "
            f"{documents_created} văn bản."
        )
    return categories_created, articles_created


def load_limited_users(categories):
    """The accounts of ``users.toml``, inactive, each limited to its sections."""
    User = get_user_model()
    for record in read("users"):
        user, created = User.objects.get_or_create(
            username=record["username"],
            defaults={"display_name": record["display_name"], "is_active": False},
        )
        if not created:
            continue  # an admin may have changed it since
        user.set_unusable_password()
        user.is_staff = True
        user.save()
        user.groups.add(*Group.objects.filter(name=record["role"]))
        for purpose in (SectionAccess.Purpose.WRITE, SectionAccess.Purpose.REVIEW):
            for slug in record.get(purpose.value, []):
                SectionAccess.objects.create(user=user, category=categories[slug], purpose=purpose)


RELATIONS = {
    "replaces": DocumentRelation.Kind.REPLACES,
    "amends": DocumentRelation.Kind.AMENDS,
    "supplements": DocumentRelation.Kind.SUPPLEMENTS,
    "relates_to": DocumentRelation.Kind.RELATED,
}


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def _passed(verdicts):
    """The demo's own files always pass their checks; one that doesn't is a bug here."""
    verdicts = list(verdicts)
    for verdict in verdicts:
        if isinstance(verdict, Exception):
            raise verdict
    return verdicts


def _missing_documents():
    """The records of documents.toml not in the database yet (matched by number and issuer)."""
    for number, record in enumerate(read_table("documents", "document")):
        issuer = Issuer.objects.get(name=record["issuer"])
        if not Document.objects.filter(
            number_symbol=record["number_symbol"], issuer=issuer
        ).exists():
            yield number, record, issuer


def document_files():
    """{number and symbol: checked PDF} for the documents to add, drawn and checked now."""
    drawn = {}
    for _number, record, issuer in _missing_documents():
        drawn[record["number_symbol"]] = _draw_pdf(record, issuer)
    checked = _passed(check_attachments(drawn.values()))
    return dict(zip(drawn, checked, strict=True))


def _draw_pdf(record, issuer):
    document = Document(
        doc_type=DocumentType.objects.get(name=record["type"]),
        number_symbol=record["number_symbol"],
        issuer=issuer,
        issued_on=_date(record["issued_on"]),
        place=record.get("place", ""),
        summary=record["summary"],
        signing_authority=record.get("authority", ""),
        signer_position=record.get("signer_position", ""),
    )
    heading = document.build_heading()
    issued = document.issued_on
    place = document.place or issuer.place
    signer = record.get("signer", "")
    pdf = document_pdf(
        organisation=issuer.name,
        heading=heading,
        place_date=f"{place}, ngày {issued:%d} tháng {issued:%m} năm {issued.year}",
        summary=document.summary,
        paragraphs=record.get("text", []),
        signer_lines=[
            line
            for line in (
                document.signing_authority
                and f"{document.signing_authority} {issuer.name.upper()}",
                document.signer_position,
                signer,
            )
            if line
        ],
    )
    return ContentFile(pdf, name="van-ban.pdf")


def load_documents(author, now, files):
    """The documents of demo/data/documents.toml, each with its drawn PDF (``files``,
    from ``document_files()``); returns how many were added. Matched by number and
    issuer, so nothing is added twice."""
    signers = {}
    for order, record in enumerate(read_table("documents", "signer")):
        signers[record["name"]], _ = Signer.objects.get_or_create(
            name=record["name"], defaults={"position": record["position"], "order": order}
        )
    documents, created = {}, 0
    for number, record in enumerate(read_table("documents", "document")):
        issuer = Issuer.objects.get(name=record["issuer"])
        found = Document.objects.filter(number_symbol=record["number_symbol"], issuer=issuer)
        document = found.first()
        if document is None:
            document = _create_document(record, issuer, signers, author, now, number, files)
            created += 1
        documents[record["number_symbol"]] = document
    for record in read_table("documents", "document"):
        for key, kind in RELATIONS.items():
            for target in record.get(key, []):
                DocumentRelation.objects.get_or_create(
                    source=documents[record["number_symbol"]], kind=kind, target=documents[target]
                )
    return created


def _create_document(record, issuer, signers, author, now, number, files):
    document = Document(
        doc_type=DocumentType.objects.get(name=record["type"]),
        number_symbol=record["number_symbol"],
        issuer=issuer,
        term=Term.objects.filter(name=record.get("term")).first(),
        issued_on=_date(record["issued_on"]),
        place=record.get("place", ""),  # blank: the issuer's
        summary=record["summary"],
        signer=signers.get(record.get("signer")),
        signing_authority=record.get("authority", ""),
        signer_position=record.get("signer_position", ""),
        effective_on=_date(record.get("effective_on")),
        expires_on=_date(record.get("expires_on")),
        classification=record.get("classification", ""),
        circulation=record.get("circulation", "public"),
        author=author,
    )
    # A classified or internal document never reaches the public, whatever the file says.
    public = record.get("status", "published") == "published" and not document.publication_refusal()
    if public:
        document.status = Document.Status.PUBLISHED
        issued = timezone.make_aware(dt.datetime.combine(document.issued_on, dt.time(15, 0)))
        document.published_at = min(issued, now - dt.timedelta(minutes=number + 5))
    document.save()
    document.fields.set(Field.objects.filter(name__in=record.get("fields", [])))
    name = f"{document.heading} – {document.summary[:60]}".rstrip(" .,")
    Attachment(
        document=document,
        file=files[record["number_symbol"]],
        original_name=f"{name.replace('/', '-')}.pdf",
    ).save()
    return document


def load_reads(now):
    """Read counts for the last READ_DAYS days, so the demo's "Đọc nhiều" has
    something to show. Fixed per story and day (seeded by its title); a day
    that already has counts, real or made here, is left alone."""
    today = timezone.localdate(now)
    titles = [e["title"] for e in read("articles") if e["status"] == "published"]
    articles = Article.objects.published().filter(title__in=titles)
    have = set(
        ArticleDailyViews.objects.filter(
            article__in=articles, date__gt=today - dt.timedelta(days=READ_DAYS)
        ).values_list("article_id", "date")
    )
    rows = []
    for article in articles:
        rng = random.Random(article.title)
        if rng.random() < 0.6:  # most stories nobody reads this week
            continue
        base = rng.randint(5, 150)
        first = max(
            timezone.localdate(article.published_at), today - dt.timedelta(days=READ_DAYS - 1)
        )
        day = first
        while day <= today:
            if (article.pk, day) not in have:
                count = max(1, base + random.Random(f"{article.title}|{day}").randint(-5, 20))
                rows.append(ArticleDailyViews(article=article, date=day, count=count))
            day += dt.timedelta(days=1)
    ArticleDailyViews.objects.bulk_create(rows, ignore_conflicts=True)


def link_articles_to_documents():
    for entry in read("articles"):
        wanted = entry.get("related_documents")
        if not wanted:
            continue
        article = Article.objects.filter(title=entry["title"]).first()
        if article is not None and not article.related_documents.exists():
            article.related_documents.set(Document.objects.filter(number_symbol__in=wanted))
