"""The publication report: articles published in a period, per author, section and
month, and documents published in it, per kind (document type).

Published means what the public could read: ``Article.objects.published()``
(status published, not in the trash, publication time passed; an article
scheduled for later is not counted yet), with its publication time in the
period. A period is a range of whole days in the site's time zone
(``TIME_ZONE``, Asia/Ho_Chi_Minh), from midnight of its first day to midnight
after its last.

Every article figure comes from one grouped query (author, byline, section,
month), so the tables always add up to the same total, in one query whatever
the number of articles; the documents' from one more (per type), by the same
rule (``Document.objects.published()``, which never counts a classified or
internal document).
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Case, CharField, Count, F, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import fold
from documents.models import Document
from news.models import Article, Category


def _date(value):
    return f"{value:%d/%m/%Y}"


def _site_zone():
    return timezone.get_default_timezone()


@dataclass(frozen=True)
class Period:
    """Whole days ``first`` to ``last`` (both included), in the site's time zone."""

    first: dt.date
    last: dt.date

    @classmethod
    def quarter(cls, year, quarter):
        first = dt.date(year, 3 * quarter - 2, 1)
        return cls(first, _month_after(first, 3) - dt.timedelta(days=1))

    @classmethod
    def year(cls, year):
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def current_quarter(cls):
        today = timezone.localdate(timezone=_site_zone())
        return cls.quarter(today.year, (today.month - 1) // 3 + 1)

    def bounds(self):
        """[start, end): local midnight of the first day and of the day after the last."""
        return _midnight(self.first), _midnight(self.last + dt.timedelta(days=1))

    def month_ends(self):
        """When each of ``months()`` ends (local midnight), the last one clipped to the period's."""
        return [_midnight(_month_after(dt.date(y, m, 1))) for y, m in self.months()[:-1]] + [
            self.bounds()[1]
        ]

    def months(self):
        """(year, month) of every month the period touches, in order."""
        month, months = self.first.replace(day=1), []
        while month <= self.last:
            months.append((month.year, month.month))
            month = _month_after(month)
        return months

    @property
    def quarter_number(self):
        """1–4 if the period is exactly one calendar quarter, else None."""
        if self.first.day == 1 and self.first.month % 3 == 1:
            number = (self.first.month - 1) // 3 + 1
            if self == Period.quarter(self.first.year, number):
                return number
        return None

    @property
    def is_year(self):
        return self == Period.year(self.first.year)

    @property
    def is_month(self):
        return self.first.day == 1 and self.last == _month_after(self.first) - dt.timedelta(days=1)

    def slug(self):
        """The period in file names: 2026-Q4, 2026, 2026-10 or 2026-01-15_2026-02-20."""
        if self.quarter_number:
            return f"{self.first.year}-Q{self.quarter_number}"
        if self.is_year:
            return str(self.first.year)
        if self.is_month:
            return f"{self.first:%Y-%m}"
        return f"{self.first:%Y-%m-%d}_{self.last:%Y-%m-%d}"

    def name(self):
        """'quý 4 năm 2026', 'năm 2026', 'tháng 10 năm 2026', or the two dates."""
        year = self.first.year
        if self.quarter_number:
            return _("quý %(quarter)s năm %(year)s") % {
                "quarter": self.quarter_number,
                "year": year,
            }
        if self.is_year:
            return _("năm %(year)s") % {"year": year}
        if self.is_month:
            return _("tháng %(month)s năm %(year)s") % {"month": self.first.month, "year": year}
        return _("từ %(first)s đến %(last)s") % {
            "first": f"{self.first:%d-%m-%Y}",
            "last": f"{self.last:%d-%m-%Y}",
        }

    def describe(self):
        """'Quý 4 năm 2026 (01/10/2026 – 31/12/2026)' or 'Từ 15/01/2026 đến 20/02/2026'."""
        dates = _("từ %(first)s đến %(last)s") % {
            "first": _date(self.first),
            "last": _date(self.last),
        }
        if self.quarter_number or self.is_year or self.is_month:
            return f"{self.name().capitalize()} ({dates})"
        return dates.capitalize()


def _midnight(day):
    return dt.datetime.combine(day, dt.time.min, tzinfo=_site_zone())


def _month_after(day, months=1):
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_label(year, month):
    return _("Tháng %(month)s/%(year)s") % {"month": month, "year": year}


@dataclass(frozen=True)
class AuthorRow:
    name: str
    username: str  # "" for a byline with no user account behind it
    count: int


@dataclass(frozen=True)
class CategoryRow:
    section: str
    subcategory: str  # "" on a section's own row, which counts its subcategories too
    count: int

    @property
    def is_section(self):
        return not self.subcategory


@dataclass(frozen=True)
class MonthRow:
    year: int
    month: int
    count: int

    @property
    def label(self):
        return month_label(self.year, self.month)


@dataclass(frozen=True)
class KindRow:
    kind: str
    count: int


@dataclass
class PublicationReport:
    period: Period
    generated_at: dt.datetime
    total: int = 0
    by_author: list[AuthorRow] = field(default_factory=list)
    by_category: list[CategoryRow] = field(default_factory=list)
    by_month: list[MonthRow] = field(default_factory=list)
    documents_total: int = 0
    documents_by_kind: list[KindRow] = field(default_factory=list)


def published_in(period):
    """The articles the report counts: published, with a publication time in ``period``."""
    start, end = period.bounds()
    return Article.objects.published().filter(published_at__gte=start, published_at__lt=end)


def documents_published_in(period):
    """The documents the report counts: published, with a publication time in ``period``."""
    start, end = period.bounds()
    return Document.objects.published().filter(published_at__gte=start, published_at__lt=end)


def _documents_by_kind(period):
    """[KindRow] of the types with documents in ``period``, in the types' own order (one query)."""
    groups = (
        documents_published_in(period)
        .values("doc_type_id", "doc_type__name", "doc_type__order")
        .annotate(count=Count("pk"))
        .order_by("doc_type__order", "doc_type__name")
    )
    return [KindRow(group["doc_type__name"], group["count"]) for group in groups]


def publication_report(period):
    """Every table of the report, from one query (plus the sections, kept per content version)."""
    months = period.months()
    groups = list(
        published_in(period)
        .annotate(
            # The month's index in the period, from local midnights computed
            # here: the same rule as the period's bounds, and plain comparisons
            # in SQL. TruncMonth in the site's zone gives the same months, but
            # SQLite runs it in Python for every row: 0.5 s for 10,000 articles.
            month=Case(
                *(
                    When(published_at__lt=end, then=Value(index))
                    for index, end in enumerate(period.month_ends()[:-1])
                ),
                default=Value(len(months) - 1),
                output_field=IntegerField(),
            ),
            # An author's articles are theirs whatever the byline says; without
            # an author, the byline is who wrote it.
            byline_key=Case(
                When(author__isnull=True, then=F("byline")),
                default=Value(""),
                output_field=CharField(),
            ),
        )
        .values(
            "author_id",
            "author__username",
            "author__display_name",
            "author__first_name",
            "author__last_name",
            "byline_key",
            "category_id",
            "month",
        )
        .annotate(count=Count("pk"))
        .order_by()
    )
    report = PublicationReport(
        period=period, generated_at=timezone.localtime(timezone=_site_zone())
    )
    report.total = sum(group["count"] for group in groups)
    report.by_author = _by_author(groups)
    report.by_category = _by_category(groups)
    per_month = Counter()
    for group in groups:
        per_month[group["month"]] += group["count"]
    report.by_month = [MonthRow(y, m, per_month[i]) for i, (y, m) in enumerate(months)]
    report.documents_by_kind = _documents_by_kind(period)
    report.documents_total = sum(row.count for row in report.documents_by_kind)
    return report


def _by_author(groups):
    user_model = get_user_model()
    counts, names = Counter(), {}
    for group in groups:
        if group["author_id"] is not None:
            key = ("user", group["author_id"])
            if key not in names:
                # The user's byline name, by the one rule the model has for it.
                user = user_model(
                    username=group["author__username"],
                    display_name=group["author__display_name"],
                    first_name=group["author__first_name"],
                    last_name=group["author__last_name"],
                )
                names[key] = (user.byline_name, group["author__username"])
        else:
            byline = " ".join((group["byline_key"] or "").split())
            key = ("byline", fold(byline))
            names.setdefault(key, (byline or _("(Không ghi tác giả)"), ""))
        counts[key] += group["count"]
    rows = [AuthorRow(*names[key], count) for key, count in counts.items()]
    rows.sort(key=lambda row: (-row.count, fold(row.name), row.username))
    return rows


def _by_category(groups):
    counts = Counter()
    for group in groups:
        counts[group["category_id"]] += group["count"]
    categories = Category.by_id()
    rows = []
    for section in categories.values():
        if section.parent_id:
            continue
        children = [c for c in categories.values() if c.parent_id == section.pk]
        own = counts.pop(section.pk, 0)
        child_rows = [CategoryRow(section.name, c.name, counts.pop(c.pk, 0)) for c in children]
        rows.append(CategoryRow(section.name, "", own + sum(r.count for r in child_rows)))
        rows.extend(child_rows)
        if children and own:
            rows.append(CategoryRow(section.name, _("(bài đăng thẳng vào chuyên mục)"), own))
    # A section made after the kept list was read: counted, never lost.
    for pk, count in counts.items():
        rows.append(CategoryRow(_("Chuyên mục số %(id)s") % {"id": pk}, "", count))
    return rows
