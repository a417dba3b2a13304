import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField, create_sanitizer

from . import pagecache
from .editor import BODY_EDITOR_CONFIG
from .pasting import normalise_pasted_html
from .text import slugify

# Top-level URL segments that a category slug may not take.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "static",
        "media",
        "rss",
        "tim-kiem",
        "luu-tru",
        "sitemap",
        "robots",
        "gioi-thieu",
        "doc",
    }
)


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
        return pagecache.per_version(
            "categories", lambda: {c.pk: c for c in cls.objects.select_related("parent")}
        )

    def subcategories(self):
        """This category's children in menu order, from ``by_id()``."""
        return [c for c in Category.by_id().values() if c.parent_id == self.pk]

    def clean(self):
        if self.slug in RESERVED_SLUGS:
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


def image_upload_to(instance, filename):
    """Store uploads under a random name: the client's file name is never trusted."""
    ext = PurePath(filename).suffix.lower().lstrip(".")
    ext = {"jpeg": "jpg"}.get(ext, ext)
    if ext not in {"jpg", "png", "webp", "gif"}:
        ext = "jpg"
    now = timezone.now()
    return f"images/{now:%Y/%m}/{uuid.uuid4().hex}.{ext}"


class Image(models.Model):
    """A photo in the media library, reusable as a cover or inside a body."""

    file = models.ImageField(
        _("tệp ảnh"), upload_to=image_upload_to, width_field="width", height_field="height"
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    alt_text = models.CharField(
        _("mô tả thay thế (alt)"),
        max_length=255,
        help_text=_("Mô tả nội dung ảnh cho người khiếm thị. Bắt buộc."),
    )
    caption = models.TextField(_("chú thích ảnh"), blank=True)
    credit = models.CharField(_("tác giả ảnh"), max_length=255, blank=True)
    width = models.PositiveIntegerField(_("chiều rộng"), editable=False, default=0)
    height = models.PositiveIntegerField(_("chiều cao"), editable=False, default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh")
        verbose_name_plural = _("thư viện ảnh")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Every path (admin, picker, shell, demo) stores a checked, re-encoded
        # file without EXIF/GPS; forms clean earlier to show errors nicely.
        if self.file and not self.file._committed:
            upload = self.file.file
            if not getattr(upload, "cleaned", False):
                from .images import clean_upload

                self.file = clean_upload(upload)
        new_file = bool(self.file) and not self.file._committed
        replaced = new_file and self.pk is not None
        super().save(*args, **kwargs)
        if new_file:
            from .renditions import schedule_renditions

            schedule_renditions(self, replaced=replaced)

    def clean(self):
        if not (self.alt_text or "").strip():
            raise ValidationError({"alt_text": _("Ảnh phải có mô tả thay thế (alt).")})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of "visible to the public"."""
        return self.filter(
            status=Article.Status.PUBLISHED,
            published_at__lte=timezone.now(),
            deleted_at__isnull=True,
        )

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

    def search(self, query, order="relevance"):
        """Diacritic-insensitive full-text search; see ``news/search.py``."""
        from .search import search

        return search(self, query, order=order)

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


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PENDING = "pending", _("Chờ duyệt")
        PUBLISHED = "published", _("Đã xuất bản")
        UNPUBLISHED = "unpublished", _("Đã gỡ")

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
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("thời điểm xuất bản"),
        null=True,
        blank=True,
        help_text=_("Một thời điểm trong tương lai nghĩa là hẹn giờ đăng."),
    )
    featured = models.BooleanField(_("tin nổi bật"), default=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xuất bản"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status_changed_at = models.DateTimeField(
        _("đổi trạng thái lúc"), null=True, blank=True, editable=False
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa cuối"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Optimistic locking: every save through the admin bumps it, and a form
    # opened on an older version is refused.
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    deleted_at = models.DateTimeField(_("xóa lúc"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xóa"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
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

    def get_absolute_url(self):
        return reverse(
            "news:article",
            kwargs={"category": self.category.slug, "slug": self.slug, "pk": self.pk},
        )

    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.deleted_at is None
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def cover_caption_text(self):
        if self.cover_caption:
            return self.cover_caption
        return self.cover_image.caption if self.cover_image_id else ""


class Rendition(models.Model):
    """A resized copy of an Image, generated once and stored (as in Wagtail)."""

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    format = models.CharField(max_length=8, choices=Format.choices)
    file = models.ImageField(
        upload_to="renditions/%Y/%m/", width_field="width", height_field="height"
    )

    class Meta:
        verbose_name = _("bản thu nhỏ")
        verbose_name_plural = _("bản thu nhỏ")
        constraints = [
            models.UniqueConstraint(
                fields=["image", "width", "format"], name="unique_rendition_per_size"
            )
        ]

    def __str__(self):
        return f"{self.image_id}@{self.width}.{self.format}"


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


class SiteSettings(models.Model):
    """Editable site information, shown in the footer and on the about page.

    A single row (pk=1); use ``SiteSettings.load()``.
    """

    name = models.CharField(
        _("tên cổng thông tin"),
        max_length=255,
        default="Cổng thông tin điện tử Thành ủy Lạng Sơn",
    )
    short_name = models.CharField(_("tên ngắn"), max_length=120, default="Thành ủy Lạng Sơn")
    organisation = models.CharField(
        _("cơ quan chủ quản"), max_length=255, default="Thành ủy Lạng Sơn"
    )
    address = models.CharField(
        _("địa chỉ"),
        max_length=255,
        default="Số 1 đường Hoàng Văn Thụ, phường Chi Lăng, thành phố Lạng Sơn, tỉnh Lạng Sơn",
    )
    phone = models.CharField(_("điện thoại"), max_length=60, default="0205 3812 345")
    email = models.EmailField(_("thư điện tử"), default="thanhuy@langson.gov.vn")
    responsible_officer = models.CharField(
        _("người chịu trách nhiệm"),
        max_length=255,
        default="Trưởng Ban Tuyên giáo Thành ủy",
    )
    licence = models.CharField(
        _("giấy phép"), max_length=255, blank=True, help_text=_("Số giấy phép thiết lập trang.")
    )
    description = models.TextField(_("giới thiệu"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("thông tin cổng")
        verbose_name_plural = _("thông tin cổng")

    def __str__(self):
        return str(self.name)

    CACHE_KEY = "news:site-settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @classmethod
    def load(cls):
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj

    @classmethod
    def cached(cls):
        """``load()`` through the cache: public pages read it on every request.

        Each worker keeps it in memory until the content version changes
        (saving the settings bumps it).
        """
        return pagecache.per_version("site-settings", cls._from_shared_cache)

    @classmethod
    def _from_shared_cache(cls):
        obj = cache.get(cls.CACHE_KEY)
        if obj is None:
            obj = cls.load()
            cache.set(cls.CACHE_KEY, obj, 60 * 60)
        return obj
