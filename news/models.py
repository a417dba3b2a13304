"""Articles and the sections (categories) they are published in.

An ``Article`` is a ``Publishable`` (editorial/models.py): the status,
publication, version and trash fields, ``published()`` and the workflow are
shared with every other kind of content. Photos come from the ``images`` app.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField, create_sanitizer

from core import versioning
from core.text import slugify
from core.urlspace import reserved_segments
from editorial import scopes
from editorial.models import Publishable, PublishableQuerySet
from images.models import Image
from search import SearchQuerySetMixin

from .editor import BODY_EDITOR_CONFIG
from .pasting import normalise_pasted_html


def unique_slug(instance, value, max_length):
    """Slugify ``value`` and add -2, -3... until no other row of the model uses it."""
    base = slugify(value, max_length=max_length - 8) or "bai-viet"
    manager = type(instance)._default_manager
    others = manager.exclude(pk=instance.pk) if instance.pk else manager.all()
    slug, n = base, 2
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class Category(models.Model):
    name = models.CharField(_("tên chuyên mục"), max_length=120)
    slug = models.SlugField(
        _("đường dẫn"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Để trống để tạo tự động từ tên (không dấu, đ → d)."),
    )
    description = models.TextField(_("mô tả"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("chuyên mục cha"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
    )
    menu_order = models.PositiveSmallIntegerField(_("thứ tự trên menu"), default=0)
    show_in_menu = models.BooleanField(_("hiện trên menu"), default=True)

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")
        ordering = ["menu_order", "name"]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, self._meta.get_field("slug").max_length)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:category", kwargs={"slug": self.slug})

    @classmethod
    def by_id(cls):
        """Every category (with its parent) by id, in menu order; read once per
        content version in each worker."""
        return versioning.per_version(
            "categories", lambda: {c.pk: c for c in cls.objects.select_related("parent")}
        )

    def subcategories(self):
        """This category's children in menu order, from ``by_id()``."""
        return [c for c in Category.by_id().values() if c.parent_id == self.pk]

    def clean(self):
        if self.slug in reserved_segments():
            raise ValidationError({"slug": _("Đường dẫn này dành riêng cho hệ thống.")})
        if self.parent_id:
            if self.pk and self.parent_id == self.pk:
                raise ValidationError({"parent": _("Chuyên mục không thể là cha của chính nó.")})
            if self.parent.parent_id:
                raise ValidationError({"parent": _("Chỉ hỗ trợ hai cấp chuyên mục.")})
            if self.pk and self.children.exists():
                raise ValidationError(
                    {"parent": _("Chuyên mục đang có chuyên mục con nên không thể làm con.")}
                )


class CategoryAddress(models.Model):
    """A slug a section had before: /<slug>/ still leads to it (``news/addresses.py``).

    Written when a section's slug changes (``signals.py``); dropped when
    another section takes the slug.
    """

    slug = models.SlugField(_("đường dẫn cũ"), max_length=120, unique=True)
    category = models.ForeignKey(
        Category, verbose_name=_("chuyên mục"), on_delete=models.CASCADE, related_name="addresses"
    )
    created_at = models.DateTimeField(_("đổi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đường dẫn cũ của chuyên mục")
        verbose_name_plural = _("đường dẫn cũ của chuyên mục")

    def __str__(self):
        return f"/{self.slug}/ → {self.category}"


class SectionAccess(scopes.Assignments, models.Model):
    """A section (category) a user works in: writing in it, or reviewing it.

    A user without any row of any kind works in every section, as everyone did
    before sections could be limited; one row limits them to the rows'
    sections, and a row of another kind only (``editorial.scopes``) to none. A
    parent section covers its subsections. Reviewing (publishing, unpublishing,
    trashing) a section includes writing in it, so an editor limited to review
    some sections sees and edits their articles and writes in them too.
    Superusers are never limited.
    """

    class Purpose(models.TextChoices):
        WRITE = "write", _("Viết bài")
        REVIEW = scopes.REVIEW, _("Duyệt và xuất bản")

    scope_kind = "news"
    target_field = "category"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="section_access",
    )
    # PROTECT: deleting a user's only section would otherwise lift their limit.
    category = models.ForeignKey(
        Category, verbose_name=_("chuyên mục"), on_delete=models.PROTECT, related_name="access"
    )
    purpose = models.CharField(
        _("được phép"), max_length=10, choices=Purpose.choices, default=Purpose.WRITE
    )

    class Meta:
        verbose_name = _("chuyên mục phụ trách")
        verbose_name_plural = _("chuyên mục phụ trách")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "category", "purpose"], name="unique_section_access"
            )
        ]

    def __str__(self):
        return f"{self.category} ({self.get_purpose_display()})"

    @classmethod
    def with_descendants(cls, ids):
        children = Category.objects.filter(parent__in=ids).values_list("pk", flat=True)
        return set(ids) | set(children)

    @classmethod
    def section_ids(cls, user, purpose):
        """Ids of the sections ``user`` may ``purpose`` ("write" or "review") in; None for all.

        Kept on the user object for its lifetime (a request), like Django's own
        permission cache: the list asks it once per row.
        """
        return cls.target_ids(user, purpose)


class ArticleQuerySet(SearchQuerySetMixin, PublishableQuerySet):
    def within_scope(self, user):
        """The articles of the sections ``user`` works in (``SectionAccess``)."""
        ids = SectionAccess.section_ids(user, "write")
        return self if ids is None else self.filter(category__in=ids)

    def in_category(self, category):
        """Articles of ``category`` and of its subcategories.

        Written as ``category_id IN (<literal ids>)``, the subcategories taken
        from ``Category.by_id()`` (kept per content version, so no query on
        most requests): PostgreSQL then reads each category's articles in
        listing order from ``article_cat_public_idx``. An OR across a join to
        the category table made it visit every category's articles and filter
        them (deep pages twice as slow); an ``IN (subquery)`` plans ~1 ms slower.

        SQLite, given several ids, looks each one up and sorts all their
        articles even for page 1 (~100 ms at 100,000 articles), so there a
        category with subcategories keeps the OR: SQLite can't use an index
        for it, reads in date order and stops after the page.
        """
        children = [c.pk for c in category.subcategories()]
        if children and connections[self.db].vendor == "sqlite":
            return self.filter(models.Q(category=category) | models.Q(category__parent=category))
        return self.filter(category__in=[category.pk, *children])

    def for_listing(self):
        return self.select_related("category", "category__parent", "cover_image").order_by(
            "-published_at", "-pk"
        )

    def for_cards(self):
        """``for_listing()`` without the body, which cards don't show."""
        return self.for_listing().defer("body")

    def most_read(self, days=7):
        """Published articles by reads over the last ``days`` days (beacon counts)."""
        since = timezone.localdate() - datetime.timedelta(days=days - 1)
        return (
            self.published()
            .filter(daily_views__date__gte=since)
            .annotate(reads=models.Sum("daily_views__count"))
            .order_by("-reads", "-published_at", "-pk")
        )


class Article(Publishable):
    title = models.CharField(_("tiêu đề"), max_length=255)
    slug = models.SlugField(
        _("đường dẫn"),
        max_length=255,
        unique=True,
        blank=True,
        help_text=_("Để trống để tạo tự động từ tiêu đề (không dấu, đ → d)."),
    )
    lead = models.TextField(_("sapo"), blank=True, help_text=_("Đoạn mở đầu in đậm."))
    body = ProseEditorField(
        _("nội dung"),
        config=BODY_EDITOR_CONFIG,
        # Applied last to first: Word/web markup is mapped, then the allowlist runs.
        sanitize=[create_sanitizer, normalise_pasted_html],
        blank=True,
    )
    cover_image = models.ForeignKey(
        Image,
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cover_of",
    )
    cover_caption = models.TextField(
        _("chú thích ảnh đại diện"),
        blank=True,
        help_text=_("Để trống để dùng chú thích có sẵn của ảnh."),
    )
    category = models.ForeignKey(
        Category, verbose_name=_("chuyên mục"), on_delete=models.PROTECT, related_name="articles"
    )
    byline = models.CharField(
        _("bút danh"),
        max_length=255,
        blank=True,
        help_text=_("Để trống để dùng tên hiển thị của tác giả."),
    )
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tác giả"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    featured = models.BooleanField(_("tin nổi bật"), default=False)
    related_documents = models.ManyToManyField(
        "documents.Document",
        verbose_name=_("văn bản liên quan"),
        blank=True,
        related_name="articles",
        help_text=_("Văn bản được nhắc tới trong bài: hiện dưới bài viết."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub_idx"),
            models.Index(
                fields=["category", "status", "-published_at"], name="article_cat_pub_idx"
            ),
            models.Index(fields=["featured", "status", "-published_at"], name="article_feat_idx"),
            # The public list of a category in its listing order, published
            # articles only: a page's keys come from this index alone (an
            # index-only scan, see news/pagination.py), however deep the page.
            # PostgreSQL only in effect: SQLite can't match a partial index to
            # the status Django sends as a bound parameter.
            models.Index(
                fields=["category", "-published_at", "-id"],
                condition=models.Q(status="published", deleted_at__isnull=True),
                name="article_cat_public_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, self._meta.get_field("slug").max_length)
        if not self.byline and self.author_id:
            self.byline = self.author.byline_name
        super().save(*args, **kwargs)

    @classmethod
    def scope_excludes_all(cls, user):
        return SectionAccess.section_ids(user, "write") == set()

    def scope_refusal(self, user, action):
        ids = SectionAccess.section_ids(user, action)
        if ids is None or self.category_id in ids:
            return None
        category = Category.by_id().get(self.category_id)  # may be gone (a purged item's)
        name = category.name if category else ""
        if action == "review":
            message = gettext("Bạn không được phân công duyệt chuyên mục “%(name)s”.")
        else:
            message = gettext("Bạn không được phân công viết bài cho chuyên mục “%(name)s”.")
        return message % {"name": name}

    def get_absolute_url(self):
        return reverse(
            "news:article",
            kwargs={"category": self.category.slug, "slug": self.slug, "pk": self.pk},
        )

    @property
    def cover_caption_text(self):
        if self.cover_caption:
            return self.cover_caption
        return self.cover_image.caption if self.cover_image_id else ""


class ArticleDailyViews(models.Model):
    """Read counts per article and day, for "Đọc nhiều" (most read)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="daily_views")
    date = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("lượt đọc theo ngày")
        verbose_name_plural = _("lượt đọc theo ngày")
        constraints = [
            models.UniqueConstraint(fields=["article", "date"], name="unique_views_per_day")
        ]
        indexes = [models.Index(fields=["date", "article"], name="views_date_idx")]

    def __str__(self):
        return f"{self.article_id} {self.date}: {self.count}"
