"""The document library (văn bản): the committee's resolutions, directives, conclusions …

A ``Document`` is a ``Publishable`` like an article: the same workflow,
scheduling, trash, revisions and audit log. What is its own: the metadata Party
documents carry (Quy định 399-QĐ/TW; Hướng dẫn 05-HD/VPTW; Nghị định 42/2022,
Điều 4 k1), the vocabularies admins keep (types, issuing bodies, terms,
signers, fields), relations between documents, and attached files.

A classified (Mật, Tối mật, Tuyệt mật) or internal document is never public:
``publication_refusal()`` stops every path to publishing it, and
``published()`` leaves it out even if a row says otherwise.
"""

import datetime as dt
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from core.text import hidden_characters, slugify, without_hidden
from editorial import scopes
from editorial.models import Publishable, PublishableQuerySet
from search import SearchQuerySetMixin

from . import filenames, numbering
from .filecheck import text as extracted
from .letterhead import files_search_text
from .uploads import check_attachment, text_note_label


class Level(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Tỉnh, thành phố")
    BASE = "base", _("Cơ sở")
    STATE = "state", _("Nhà nước")


class Vocabulary(models.Model):
    """A list admins keep: a name, an order, and a slug for its public page."""

    name = models.CharField(_("tên"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=200, unique=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.slug_source(), max_length=180) or "muc"
            slug, n = base, 2
            while type(self)._default_manager.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        super().save(*args, **kwargs)

    def slug_source(self):
        return self.name


class DocumentType(Vocabulary):
    """Nghị quyết (NQ), Quyết định (QĐ), Quy định (QĐ or QĐi) …"""

    abbreviation = models.CharField(
        _("chữ viết tắt"),
        max_length=20,
        help_text=_("Như trong ký hiệu: NQ, QĐ, QĐi, CT, KL, HD, TB, KH, CV …"),
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")

    def __str__(self):
        return f"{self.name} ({self.abbreviation})"


class Issuer(Vocabulary):
    """The body that issues a document (BCH Đảng bộ tỉnh, BTV Tỉnh ủy, UBKT …).

    The actual body is kept apart from the symbol: documents of the Ban Thường
    vụ Tỉnh ủy carry "TU".
    """

    symbol = models.CharField(
        _("ký hiệu"), max_length=30, help_text=_("Như trong số ký hiệu: TW, TU, UBKTTU …")
    )
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    place = models.CharField(
        _("địa danh"),
        max_length=100,
        blank=True,
        help_text=_(
            "Nơi ban hành in trên văn bản của cơ quan: “Hà Nội” cho các cơ quan Trung ương, "
            "“Lạng Sơn” cho Tỉnh ủy Lạng Sơn. Văn bản mới lấy địa danh này."
        ),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")

    @classmethod
    def with_descendants(cls, ids):
        """``ids`` and the ids of every body under them (the table is small: read whole)."""
        children = {}
        for pk, parent in cls.objects.values_list("pk", "parent"):
            children.setdefault(parent, []).append(pk)
        found, stack = set(), [pk for pk in ids if pk is not None]
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(children.get(pk, []))
        return found


class Term(Vocabulary):
    """A term of a Party committee (khóa, nhiệm kỳ): numbers restart each term."""

    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, default=Level.PROVINCE)
    starts_on = models.DateField(_("bắt đầu"))
    ends_on = models.DateField(_("kết thúc"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("Nhiệm kỳ phải kết thúc sau khi bắt đầu.")})

    @classmethod
    def on(cls, day, level):
        """The term of a ``level`` committee on ``day``, if one is known."""
        return (
            cls.objects.filter(starts_on__lte=day, level=level)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
            .order_by("-starts_on")
            .first()
        )


class Signer(Vocabulary):
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)

    class Meta(Vocabulary.Meta):
        verbose_name = _("người ký")
        verbose_name_plural = _("người ký")


class Field(Vocabulary):
    """A field (lĩnh vực): Xây dựng Đảng, Tổ chức, Kiểm tra – giám sát …"""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("lĩnh vực cha"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")


class Classification(models.TextChoices):
    NONE = "", _("Không mật")
    SECRET = "mat", _("Mật")
    TOP_SECRET = "toi_mat", _("Tối mật")
    ULTRA_SECRET = "tuyet_mat", _("Tuyệt mật")


class Circulation(models.TextChoices):
    PUBLIC = "public", _("Công khai")
    INTERNAL = "internal", _("Nội bộ")


class Authority(models.TextChoices):
    NONE = "", _("(không)")
    ON_BEHALF = "T/M", _("T/M (thay mặt)")
    DEPUTY = "K/T", _("K/T (ký thay)")
    BY_ORDER = "T/L", _("T/L (thừa lệnh)")
    DELEGATED = "T/UQ", _("T/UQ (thừa ủy quyền)")


class Validity(models.TextChoices):
    """Computed, never stored: the values are the Vietnamese slugs of /van-ban/?hieu_luc=."""

    IN_FORCE = "con-hieu-luc", _("Còn hiệu lực")
    EXPIRED = "het-hieu-luc", _("Hết hiệu lực")
    NOT_YET = "chua-co-hieu-luc", _("Chưa có hiệu lực")
    REPLACED = "bi-thay-the", _("Bị thay thế")


# The values before they were Vietnamese, in links people keep: each answers 301.
OLD_VALIDITY = {
    "in_force": Validity.IN_FORCE,
    "expired": Validity.EXPIRED,
    "not_yet": Validity.NOT_YET,
    "replaced": Validity.REPLACED,
}


class DocumentAccess(scopes.Assignments, models.Model):
    """The documents a user works on: those of an issuing body, for writing or reviewing.

    The same rule as a section for articles (``editorial.scopes``): a user
    without rows of any kind works on every document; rows here limit them to
    the rows' bodies (no body: every body), a body covering those under it;
    a user limited to sections and given no rows here works on no document.
    Reviewing (publishing, unpublishing, trashing, restoring) includes
    writing. Superusers are never limited.
    """

    class Purpose(models.TextChoices):
        WRITE = "write", _("Nhập và sửa văn bản")
        REVIEW = scopes.REVIEW, _("Duyệt và đăng văn bản")

    scope_kind = "documents"
    target_field = "issuer"
    empty_target_means_all = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="document_access",
    )
    # PROTECT: deleting a user's only body would otherwise widen their limit.
    issuer = models.ForeignKey(
        "Issuer",
        verbose_name=_("cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="access",
        help_text=_("Để trống: văn bản của mọi cơ quan."),
    )
    purpose = models.CharField(
        _("được phép"), max_length=10, choices=Purpose.choices, default=Purpose.WRITE
    )

    class Meta:
        verbose_name = _("văn bản phụ trách")
        verbose_name_plural = _("văn bản phụ trách")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "issuer", "purpose"],
                condition=Q(issuer__isnull=False),
                name="unique_document_access",
            ),
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=Q(issuer__isnull=True),
                name="unique_document_access_all",
            ),
        ]

    def __str__(self):
        body = self.issuer.name if self.issuer_id else gettext("mọi cơ quan")
        return f"{body} ({self.get_purpose_display()})"

    @classmethod
    def with_descendants(cls, ids):
        return Issuer.with_descendants(ids)

    @classmethod
    def issuer_ids(cls, user, purpose):
        """Ids of the bodies whose documents ``user`` may ``purpose``; None for every body."""
        return cls.target_ids(user, purpose)


class DocumentQuerySet(SearchQuerySetMixin, PublishableQuerySet):
    def within_scope(self, user):
        """The documents of the bodies ``user`` works on (``DocumentAccess``)."""
        ids = DocumentAccess.issuer_ids(user, "write")
        return self if ids is None else self.filter(issuer__in=ids)

    def published(self):
        """Public documents only: never a classified or internal one, whatever its status."""
        return (
            super()
            .published()
            .filter(classification=Classification.NONE, circulation=Circulation.PUBLIC)
        )

    def for_listing(self):
        return self.select_related("doc_type", "issuer", "signer").order_by(
            "-issued_on", "-published_at", "-pk"
        )

    def replaced_ids(self):
        """Ids of documents that a published document replaces."""
        return DocumentRelation.objects.filter(
            kind=DocumentRelation.Kind.REPLACES,
            source__in=Document.objects.published(),
        ).values("target_id")

    def validity_rules(self, today=None):
        """{Validity value: Q} as ``Document.validity`` decides it, for filters and counts."""
        today = today or timezone.localdate()
        replaced = Q(pk__in=self.replaced_ids())
        not_yet = Q(effective_on__gt=today)
        expired = Q(expires_on__lte=today)
        return {
            Validity.REPLACED: replaced,
            Validity.NOT_YET: ~replaced & not_yet,
            Validity.EXPIRED: ~replaced & ~not_yet & expired,
            Validity.IN_FORCE: ~replaced & ~not_yet & ~expired,
        }

    def with_validity(self, validity, today=None):
        """Narrowed to one validity status (``Validity``)."""
        rules = self.validity_rules(today)
        return self.filter(rules[validity]) if validity in rules else self.none()


def attachment_upload_to(instance, filename):
    """A random name: the uploader's file name is kept in ``original_name`` only."""
    ext = PurePath(filename).suffix.lower().lstrip(".")
    ext = ext if ext in {"pdf", "doc", "docx", "odt"} else "bin"
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


def private_storage():
    """Attachments live outside MEDIA_ROOT: only the download view serves them,
    and only for a document the reader may see."""
    return storages["private"]


class Document(Publishable):
    doc_type = models.ForeignKey(
        DocumentType, verbose_name=_("loại văn bản"), on_delete=models.PROTECT
    )
    number_symbol = models.CharField(
        _("số và ký hiệu"),
        max_length=60,
        blank=True,
        help_text=_(
            "Như in trên văn bản: 15-NQ/TU, 08-QĐi/TW, 959/QĐ-UBND. "
            "Để trống nếu văn bản không đánh số."
        ),
    )
    number = models.CharField(_("số"), max_length=10, blank=True, editable=False)
    symbol = models.CharField(_("ký hiệu"), max_length=50, blank=True, editable=False)
    number_key = models.CharField(
        _("số ký hiệu (để tra cứu)"), max_length=60, blank=True, editable=False, db_index=True
    )
    issuer = models.ForeignKey(Issuer, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT)
    term = models.ForeignKey(
        Term,
        verbose_name=_("khóa, nhiệm kỳ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Số văn bản của Đảng đánh lại từ đầu mỗi nhiệm kỳ."),
    )
    issued_on = models.DateField(_("ngày ban hành"))
    # Follows the issuer (Issuer.place): Central documents are issued in Hà Nội.
    place = models.CharField(
        _("địa danh"),
        max_length=100,
        blank=True,
        help_text=_("Để trống để lấy địa danh của cơ quan ban hành."),
    )
    summary = models.TextField(
        _("trích yếu"), help_text=_("Viết thường ở đầu, ví dụ: “về tăng cường công tác dân vận …”.")
    )
    signer = models.ForeignKey(
        Signer, verbose_name=_("người ký"), null=True, blank=True, on_delete=models.PROTECT
    )
    signing_authority = models.CharField(
        _("thẩm quyền ký"), max_length=5, choices=Authority.choices, blank=True
    )
    signer_position = models.CharField(
        _("chức vụ người ký (như in)"), max_length=100, blank=True, help_text=_("Ví dụ: BÍ THƯ.")
    )
    fields = models.ManyToManyField(Field, verbose_name=_("lĩnh vực"), blank=True)
    effective_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    expires_on = models.DateField(_("ngày hết hiệu lực"), null=True, blank=True)
    body = ProseEditorField(
        _("toàn văn"),
        config={"extensions": {"Bold": True, "Italic": True, "Heading": {"levels": [2, 3, 4]},
                               "BulletList": True, "OrderedList": True, "ListItem": True,
                               "Table": True, "TableRow": True, "TableHeader": True,
                               "TableCell": True, "HardBreak": True}},
        sanitize=True,
        blank=True,
        help_text=_("Không bắt buộc: toàn văn giúp tìm kiếm và đọc trên điện thoại."),
    )  # fmt: skip
    classification = models.CharField(
        _("độ mật"), max_length=10, choices=Classification.choices, blank=True
    )
    circulation = models.CharField(
        _("phạm vi lưu hành"),
        max_length=10,
        choices=Circulation.choices,
        default=Circulation.PUBLIC,
    )
    internal_note = models.TextField(_("ghi chú nội bộ"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    related = models.ManyToManyField(
        "self",
        verbose_name=_("văn bản liên quan"),
        through="DocumentRelation",
        symmetrical=False,
        blank=True,
    )
    # Kept for the search index, which reads one row only (search/registry.py).
    heading = models.CharField(_("tên văn bản"), max_length=255, editable=False, default="")
    search_keys = models.CharField(max_length=255, editable=False, default="")
    attachments_text = models.TextField(editable=False, default="")
    view_count = models.PositiveIntegerField(_("lượt xem"), default=0, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "-issued_on"], name="document_status_issued_idx"),
            models.Index(fields=["issuer", "doc_type", "number"], name="document_numbering_idx"),
        ]

    def __str__(self):
        return self.heading or self.summary[:80]

    def save(self, *args, **kwargs):
        parsed = numbering.parse(self.number_symbol)
        if parsed:
            self.number_symbol = parsed.printed
            self.number, self.symbol = parsed.number, parsed.symbol
        else:
            self.number = self.symbol = ""
        self.number_key = numbering.key(self.number_symbol)
        self.heading = self.build_heading()
        self.search_keys = numbering.variants(self.number_symbol)
        if not self.place and self.issuer_id:
            self.place = self.issuer.place
        # Read from the files on every save, so an instance loaded before its
        # files changed can't put back older text.
        # Without each file's letterhead and signature block: they repeat the
        # type, number, issuer and date, and matched every query for the issuer.
        if self.pk:
            self.attachments_text = files_search_text(
                self.attachments.values_list("text", flat=True), self.summary
            )
        super().save(*args, **kwargs)

    def build_heading(self):
        """'Nghị quyết số 15-NQ/TU', or just the type for an unnumbered document."""
        if self.number_symbol:
            return gettext("%(type)s số %(number)s") % {
                "type": self.doc_type.name,
                "number": self.number_symbol,
            }
        return self.doc_type.name

    def clean(self):
        errors = {}
        if self.number_symbol and numbering.parse(self.number_symbol) is None:
            errors["number_symbol"] = _(
                "“%(value)s” không phải số và ký hiệu văn bản: hãy viết như trên văn bản, "
                "ví dụ 15-NQ/TU, 08-QĐi/TW hoặc 959/QĐ-UBND."
            ) % {"value": self.number_symbol}
        if self.effective_on and self.issued_on and self.effective_on < self.issued_on:
            errors["effective_on"] = _("Ngày có hiệu lực không thể trước ngày ban hành.")
        if self.expires_on and self.effective_on and self.expires_on <= self.effective_on:
            errors["expires_on"] = _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")
        elif self.expires_on and self.issued_on and self.expires_on <= self.issued_on:
            errors["expires_on"] = _("Ngày hết hiệu lực phải sau ngày ban hành.")
        if self.issued_on and not dt.date(1930, 1, 1) <= self.issued_on <= dt.date(2100, 12, 31):
            errors["issued_on"] = _("Ngày ban hành phải trong khoảng 1930 – 2100.")
        if self.status == self.Status.PUBLISHED and self.publication_refusal():
            errors["classification"] = self.publication_refusal()
        if errors:
            raise ValidationError(errors)

    @classmethod
    def scope_excludes_all(cls, user):
        return DocumentAccess.issuer_ids(user, "write") == set()

    def scope_refusal(self, user, action):
        ids = DocumentAccess.issuer_ids(user, action)
        if ids is None or self.issuer_id in ids:
            return None
        issuer = Issuer.objects.filter(pk=self.issuer_id).values_list("name", flat=True).first()
        if action == "review":
            message = gettext("Bạn không được phân công duyệt văn bản của “%(name)s”.")
        else:
            message = gettext("Bạn không được phân công nhập văn bản của “%(name)s”.")
        return message % {"name": issuer or ""}

    def publication_refusal(self):
        if self.classification:
            return gettext(
                "Văn bản mật (%(level)s) không bao giờ được đăng lên cổng thông tin."
            ) % {"level": Classification(self.classification).label}
        if self.circulation == Circulation.INTERNAL:
            return gettext("Văn bản lưu hành nội bộ không được đăng lên cổng thông tin.")
        return None

    def duplicates(self):
        """Other documents with the same issuer, type, number and term (a warning, not a rule)."""
        if not self.number or not self.issuer_id or not self.doc_type_id:
            return Document.objects.none()
        others = Document.objects.filter(
            issuer_id=self.issuer_id,
            doc_type_id=self.doc_type_id,
            number__in={self.number, self.number.lstrip("0") or "0", self.number.zfill(2)},
            term_id=self.term_id,
            deleted_at__isnull=True,
        )
        return others.exclude(pk=self.pk) if self.pk else others

    def get_absolute_url(self):
        return reverse("documents:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def slug(self):
        return (
            slugify(self.number_symbol.replace("/", "-") or self.heading, max_length=60)
            or "van-ban"
        )

    @property
    def citation(self):
        """'Nghị quyết số 15-NQ/TU ngày 05/9/2026 của Ban Chấp hành Đảng bộ tỉnh về …'."""
        day = self.issued_on
        date = f"{day.day:02d}/{day.month}/{day.year}" if day else ""
        return gettext("%(heading)s ngày %(date)s của %(issuer)s %(summary)s") % {
            "heading": self.heading,
            "date": date,
            "issuer": self.issuer.name,
            "summary": self.summary,
        }

    @cached_property
    def validity(self):
        """Còn, hết, chưa có hiệu lực, or bị thay thế (by a published document)."""
        if getattr(self, "is_replaced", None) is None:
            self.is_replaced = DocumentRelation.objects.filter(
                target=self,
                kind=DocumentRelation.Kind.REPLACES,
                source__in=Document.objects.published(),
            ).exists()
        today = timezone.localdate()
        if self.is_replaced:
            return Validity.REPLACED
        if self.effective_on and self.effective_on > today:
            return Validity.NOT_YET
        if self.expires_on and self.expires_on <= today:
            return Validity.EXPIRED
        return Validity.IN_FORCE


class DocumentRelation(models.Model):
    """One document replaces, amends, supplements or relates to another; shown both ways."""

    class Kind(models.TextChoices):
        REPLACES = "replaces", _("Thay thế")
        AMENDS = "amends", _("Sửa đổi")
        SUPPLEMENTS = "supplements", _("Bổ sung")
        RELATED = "related", _("Liên quan")

    # How the other side reads it: B is "bị thay thế bởi" A.
    REVERSE_LABELS = {
        Kind.REPLACES: _("Bị thay thế bởi"),
        Kind.AMENDS: _("Được sửa đổi bởi"),
        Kind.SUPPLEMENTS: _("Được bổ sung bởi"),
        Kind.RELATED: _("Liên quan"),
    }

    source = models.ForeignKey(
        Document,
        verbose_name=_("văn bản"),
        on_delete=models.CASCADE,
        related_name="outgoing_relations",
    )
    kind = models.CharField(_("quan hệ"), max_length=12, choices=Kind.choices)
    target = models.ForeignKey(
        Document,
        verbose_name=_("văn bản được nhắc tới"),
        on_delete=models.CASCADE,
        related_name="incoming_relations",
    )

    class Meta:
        verbose_name = _("quan hệ văn bản")
        verbose_name_plural = _("quan hệ văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "target"], name="unique_document_relation"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="document_not_related_to_itself"
            ),
        ]

    def __str__(self):
        return f"{self.source} – {self.get_kind_display()} – {self.target}"


class Attachment(models.Model):
    """A file of a document (PDF, DOC, DOCX, ODT), checked by its content at upload."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOC = "doc", "DOC"
        DOCX = "docx", "DOCX"
        ODT = "odt", "ODT"

    class TextState(models.TextChoices):
        FULL = extracted.FULL, _("Đầy đủ")
        PARTIAL = extracted.PARTIAL, _("Một phần")
        NONE = extracted.NONE, _("Không có")

    MIME_TYPES = {
        Kind.PDF: "application/pdf",
        Kind.DOC: "application/msword",
        Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Kind.ODT: "application/vnd.oasis.opendocument.text",
    }

    document = models.ForeignKey(
        Document, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("tệp"), upload_to=attachment_upload_to, storage=private_storage, max_length=255
    )
    original_name = models.CharField(
        _("tên tệp gốc"),
        max_length=255,
        blank=True,
        help_text=_(
            "Tệp tải về mang số ký hiệu và trích yếu của văn bản; từ tệp thứ hai, thêm tên "
            "này (ví dụ “Phụ lục”). Để trống để lấy tên tệp tải lên."
        ),
    )
    kind = models.CharField(_("định dạng"), max_length=5, choices=Kind.choices, editable=False)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0, editable=False)
    sha256 = models.CharField(max_length=64, editable=False, default="")
    pages = models.PositiveIntegerField(_("số trang"), null=True, blank=True, editable=False)
    text = models.TextField(_("văn bản trích từ tệp"), editable=False, default="")
    # Whether ``text`` is all of the file's text, and if not why (documents/uploads.py).
    text_state = models.CharField(
        _("chữ trích từ tệp"),
        max_length=10,
        choices=TextState.choices,
        default=TextState.FULL,
        editable=False,
    )
    text_note = models.CharField(max_length=20, blank=True, default="", editable=False)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    download_count = models.PositiveIntegerField(_("lượt tải"), default=0, editable=False)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.original_name

    def save(self, *args, **kwargs):
        # Every path (admin, import, shell) stores a checked file; forms check
        # earlier to show the message beside the field.
        if self.file and not self.file._committed:
            upload = self.file.file
            checked = upload if getattr(upload, "checked", False) else check_attachment(upload)
            self.file = checked
            self.kind, self.size, self.sha256 = checked.kind, checked.size, checked.sha256
            self.text, self.pages = checked.text, checked.pages
            self.text_state, self.text_note = checked.text_state, checked.text_note
            self.original_name = self.original_name or checked.original_name
        if self.kind:
            self.original_name = with_extension(self.original_name, self.kind)[:255]
        super().save(*args, **kwargs)

    def clean(self):
        if found := hidden_characters(self.original_name):
            raise ValidationError(
                {
                    "original_name": gettext(
                        "Tên tệp có ký tự ẩn hoặc ký tự đảo chiều chữ (%(chars)s), có thể làm "
                        "tên hiện khác với đuôi thật của tệp. Hãy gõ lại tên."
                    )
                    % {"chars": ", ".join(found)}
                }
            )

    @property
    def mime_type(self):
        return self.MIME_TYPES.get(self.kind, "application/octet-stream")

    @property
    def own_name(self):
        """The file's own name, made safe: no hidden characters, its real extension.

        Judged again here, not only on save: rows stored before the rule are
        served under a safe name too.
        """
        name = without_hidden(self.original_name)
        return with_extension(" ".join(name.split()) or gettext("van-ban"), self.kind or "bin")

    @property
    def download_name(self):
        """The name the file is handed out under: the document's number and symbol and
        the start of its summary, cut at a word (``documents.filenames``).

        A document's second and later files add their own name ("… – Phụ lục"),
        so that they differ in a downloads folder.
        """
        document = self.document
        title = f"{document.number_symbol or document.heading} {document.summary}"
        first = getattr(self, "first_of_document", None)  # see ``name_files``
        if first is None:
            first = (
                document.attachments.order_by("order", "pk").values_list("pk", flat=True).first()
            )
        extra = "" if first in (None, self.pk) else self.own_name.rpartition(".")[0]
        return filenames.download_name(title, self.kind or "bin", extra)

    @property
    def text_label(self):
        return text_note_label(self.text_state, self.text_note)

    def get_download_url(self):
        return reverse("documents:download", kwargs={"pk": self.pk})

    def get_view_url(self):
        return reverse("documents:view", kwargs={"pk": self.pk})


def name_files(attachments):
    """Tell each of a document's ``attachments`` (all of them, in order) which is
    first, so that ``download_name`` asks no query."""
    attachments = list(attachments)
    for attachment in attachments:
        attachment.first_of_document = attachments[0].pk
    return attachments


def with_extension(name, kind):
    """``name`` ending in ``.kind``: "Nghị quyết.hta" -> "Nghị quyết.hta.pdf".

    A document extension of another kind is replaced ("a.doc" -> "a.pdf");
    anything else stays in the name, before the real extension, where no
    program takes it for the file's type.
    """
    stem, dot, suffix = (name or "").rpartition(".")
    if dot and suffix.lower() in Attachment.Kind.values:
        name = stem
    return f"{name.rstrip(' .') or 'van-ban'}.{kind}"
