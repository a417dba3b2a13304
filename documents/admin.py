"""The document library in the admin: documents with their files and relations, and
the vocabularies admins keep.

Workflow, version check, trash, revisions and preview come from
``editorial.admin``; here: the document's own fields, the duplicate-number
warning, file checks, and the vocabularies.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.admin import UserAdmin
from editorial import permissions
from editorial.admin import (
    PublishableAdmin,
    PublishableForm,
    StatusFilter,
    TrashFilter,
    VisibleChoices,
)

from . import numbering
from .models import (
    Attachment,
    Circulation,
    Classification,
    Document,
    DocumentAccess,
    DocumentRelation,
    DocumentType,
    Field,
    Issuer,
    Signer,
    Term,
)
from .uploads import check_attachment
from .views import DocumentPreview, serve_attachment


class DocumentForm(PublishableForm):
    confirm_duplicate = forms.BooleanField(
        label=gettext_lazy("Vẫn lưu dù trùng số"),
        required=False,
        help_text=gettext_lazy("Chỉ dùng khi sửa sai sót nhập liệu."),
    )

    class Meta:
        model = Document
        fields = (
            "doc_type",
            "number_symbol",
            "issuer",
            "term",
            "issued_on",
            "place",
            "summary",
            "signer",
            "signing_authority",
            "signer_position",
            "fields",
            "effective_on",
            "expires_on",
            "body",
            "classification",
            "circulation",
            "status",
            "published_at",
            "internal_note",
        )
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "internal_note": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_number_symbol(self):
        value = (self.cleaned_data.get("number_symbol") or "").strip()
        if value and numbering.parse(value) is None:
            raise ValidationError(
                _(
                    "“%(value)s” không phải số và ký hiệu văn bản: hãy viết như trên văn bản, "
                    "ví dụ 15-NQ/TU, 08-QĐi/TW hoặc 959/QĐ-UBND."
                )
                % {"value": value[:60]}
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            self._warn_about_duplicates(cleaned)
        return cleaned

    def _warn_about_duplicates(self, cleaned):
        """Party numbers restart each term: the same issuer, type, number and term
        twice is most likely a typing mistake; say which document has it."""
        probe = Document(
            pk=self.instance.pk,
            number_symbol=cleaned.get("number_symbol", ""),
            issuer=cleaned.get("issuer"),
            doc_type=cleaned.get("doc_type"),
            term=cleaned.get("term"),
        )
        parsed = numbering.parse(probe.number_symbol)
        probe.number = parsed.number if parsed else ""
        existing = probe.duplicates().first()
        if existing is None or cleaned.get("confirm_duplicate"):
            return
        # Named only to those who may see it: a classified or internal document,
        # or another's draft, is "taken", no more.
        if self.model_admin.get_queryset(self.request).filter(pk=existing.pk).exists():
            message = _(
                "Đã có văn bản cùng cơ quan, loại, số và nhiệm kỳ: “%(other)s” (%(summary)s). "
                "Nếu đúng là hai văn bản khác nhau, hãy đánh dấu “Vẫn lưu dù trùng số” rồi lưu."
            ) % {"other": existing.heading, "summary": existing.summary[:120]}
        else:
            message = _(
                "Số này đã được dùng cho một văn bản khác cùng cơ quan, loại và nhiệm kỳ. "
                "Hãy kiểm tra lại số; nếu đúng là hai văn bản khác nhau, hãy đánh dấu "
                "“Vẫn lưu dù trùng số” rồi lưu."
            )
        raise ValidationError(message, code="duplicate")


class StoredFile:
    """A stored attachment as the admin shows it: its name, and the admin's own
    address for its file (private files have no public address)."""

    def __init__(self, attachment):
        self.name = attachment.original_name or attachment.file.name
        self.url = reverse("admin:documents_attachment_file", args=[attachment.pk])

    def __str__(self):
        return self.name


class StoredFileInput(AdminFileWidget):
    def __init__(self, stored=None, attrs=None):
        super().__init__(attrs)
        self.stored = stored

    def is_initial(self, value):
        return bool(value and getattr(value, "name", ""))

    def format_value(self, value):
        return self.stored if self.is_initial(value) else None


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ("file", "original_name", "order")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:  # not on a page that only shows the document
            stored = StoredFile(self.instance) if self.instance.pk else None
            # A row is its file: one that is not required gets the widget's own
            # "clear" box beside the row's "delete" box, two boxes for one act.
            # Required, the file is removed by deleting the row; an empty extra
            # row is still skipped (it has not changed).
            self.fields["file"].required = True
            self.fields["file"].widget = StoredFileInput(stored)
            self.fields["file"].widget.is_required = True

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # a new upload, not the stored file
            return check_attachment(upload)
        return upload


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 1
    near_top = True  # after the number, type and summary (documents/document/change_form.html)
    readonly_fields = ("stored_file", "kind", "size_text", "pages", "text_found", "download_count")
    fields = (
        "file", "original_name", "order", "kind", "size_text", "pages", "text_found",
        "download_count",
    )  # fmt: skip

    def get_fields(self, request, obj=None):
        # Shown read-only, a file field would be linked to its public address,
        # which private files don't have: name it and link to the admin's view.
        fields = list(super().get_fields(request, obj))
        parent = self.admin_site._registry[self.parent_model]
        editable = self.has_change_permission(request, obj) and (
            obj is None or parent.has_change_permission(request, obj)
        )
        if not editable:
            fields = ["stored_file" if name == "file" else name for name in fields]
        return fields

    @admin.display(description=gettext_lazy("Tệp"))
    def stored_file(self, obj):
        if not obj.pk or not obj.file:
            return "—"
        stored = StoredFile(obj)
        return format_html('<a href="{}">{}</a>', stored.url, stored)

    @admin.display(description=gettext_lazy("Chữ để tìm kiếm"))
    def text_found(self, obj):
        """Whether the search index has all of the file's text, and if not why."""
        if not obj.pk:
            return "—"
        return obj.text_label or _("Đầy đủ")

    @admin.display(description=gettext_lazy("Dung lượng"))
    def size_text(self, obj):
        return f"{obj.size / 1024:,.0f} KB".replace(",", ".") if obj.pk else "—"


class RelationInline(VisibleChoices, admin.TabularInline):
    """The documents this one replaces, amends … : only documents the user may see."""

    model = DocumentRelation
    fk_name = "source"
    extra = 1
    autocomplete_fields = ("target",)
    verbose_name = gettext_lazy("văn bản mà văn bản này thay thế, sửa đổi, bổ sung hoặc liên quan")
    verbose_name_plural = gettext_lazy("quan hệ với văn bản khác")


class DocumentAccessInline(admin.TabularInline):
    """On the user's page: the bodies whose documents they enter or review."""

    model = DocumentAccess
    extra = 1
    fields = ("issuer", "purpose")
    verbose_name = gettext_lazy("văn bản phụ trách")
    verbose_name_plural = gettext_lazy(
        "Văn bản phụ trách (để trống: mọi văn bản, trừ khi người này chỉ được phân công "
        "một số chuyên mục; cơ quan cấp trên gồm cả cơ quan cấp dưới)"
    )


UserAdmin.extra_inlines.append(DocumentAccessInline)


SUMMARY_SHOWN = 160  # characters of the summary in the list: two or three lines


@admin.register(Document)
class DocumentAdmin(PublishableAdmin):
    add_label = gettext_lazy("Thêm văn bản")  # the dashboard's button
    form = DocumentForm
    upload_checks = {"file": check_attachment}  # the attachments' (core.admin.UploadsCheckedFirst)
    inlines = (AttachmentInline, RelationInline)
    list_display = (
        "headline",
        "summary_short",
        "issued_on",
        "issuer",
        "status_badge",
        "secrecy",
    )
    list_display_links = None  # the title cell links to the edit page itself
    list_filter = (
        TrashFilter,
        StatusFilter,
        "doc_type",
        "issuer",
        "term",
        "classification",
        "circulation",
        "issued_on",
    )
    search_fields = ("number_symbol",)  # replaced by the engine and the number lookup
    search_help_text = gettext_lazy("Tìm theo số ký hiệu (15-NQ/TU), trích yếu, nội dung tệp.")
    date_hierarchy = "issued_on"
    list_select_related = ("issuer", "doc_type")
    autocomplete_fields = ("signer",)
    filter_horizontal = ("fields",)
    list_per_page = 30
    preview_view_class = DocumentPreview
    change_form_template = "admin/documents/document/change_form.html"

    def get_urls(self):
        return [
            path(
                "tep/<int:pk>/",
                self.admin_site.admin_view(self.attachment_file_view),
                name="documents_attachment_file",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if permissions.can_edit_any(request.user, Document):
            return queryset
        # "Others' published ones" are those that may be public at all: a
        # classified or internal document whose row says published (an old
        # import, a hand edit in the database) stays its author's, as
        # ``Document.objects.published()`` leaves it out of the site. Every
        # list, choice, warning, preview and file here starts from this.
        return queryset.filter(
            Q(author=request.user)
            | Q(classification=Classification.NONE, circulation=Circulation.PUBLIC)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the bodies this user enters documents for (``DocumentAccess``);
        # a forged id of another is refused by the field with this message.
        if db_field.name == "issuer":
            ids = DocumentAccess.issuer_ids(request.user, "write")
            if ids is not None:
                kwargs["queryset"] = Issuer.objects.filter(pk__in=ids)
            kwargs["error_messages"] = {
                "invalid_choice": _(
                    "Bạn không được phân công nhập văn bản của cơ quan này. "
                    "Hãy chọn một cơ quan trong danh sách."
                )
            }
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def attachment_file_view(self, request, pk):
        """An attachment's file for the staff who may see its document, drafts
        included (the public download serves published documents only)."""
        attachment = get_object_or_404(Attachment, pk=pk)
        document = self.get_queryset(request).filter(pk=attachment.document_id).first()
        if document is None or not self.has_view_permission(request, document):
            raise PermissionDenied
        return serve_attachment(attachment, inline=attachment.kind == Attachment.Kind.PDF)

    # The writing screen: a document has no title or slug; its summary is counted.
    title_field = None
    lead_field = "summary"
    slug_field = None

    def get_content_fieldsets(self, request, obj=None):
        # "Save anyway" means nothing on a page that only shows the document
        # (Django would label the form-only field in English, with "None").
        editable = obj is None or self.has_change_permission(request, obj)
        fieldsets = [
            (
                None,
                {
                    "fields": [
                        "doc_type",
                        "number_symbol",
                        "issuer",
                        "term",
                        ("issued_on", "place"),
                        "summary",
                    ]
                },
            ),
            (_("Người ký"), {"fields": ["signer", ("signing_authority", "signer_position")]}),
            (_("Hiệu lực và lĩnh vực"), {"fields": [("effective_on", "expires_on"), "fields"]}),
            (_("Toàn văn"), {"fields": ["body"], "classes": ["collapse"]}),
            (
                _("Độ mật và đăng tải"),
                {
                    "fields": ["classification", "circulation", "status", "published_at"],
                    "description": _(
                        "Văn bản mật (Mật, Tối mật, Tuyệt mật) hoặc lưu hành nội bộ không bao giờ "
                        "được đăng lên cổng thông tin."
                    ),
                },
            ),
            (
                _("Ghi chú nội bộ"),
                {
                    "fields": ["internal_note", "confirm_duplicate"]
                    if editable
                    else ["internal_note"]
                },
            ),
            (None, {"fields": ["expected_version"], "classes": ["hidden"]}),
        ]
        if obj is not None:
            fieldsets.append((_("Thông tin"), {"fields": list(self.info_fields)}))
        return fieldsets

    @admin.display(description=gettext_lazy("Số, ký hiệu"), ordering="number_key")
    def headline(self, obj):
        return self.list_title(obj, obj.heading or obj.number_symbol or "—")

    @admin.display(description=gettext_lazy("Trích yếu"))
    def summary_short(self, obj):
        """The summary, a long one cut at a word (all of it in the tooltip)."""
        if len(obj.summary) <= SUMMARY_SHOWN:
            return obj.summary
        cut = obj.summary[:SUMMARY_SHOWN].rsplit(" ", 1)[0].rstrip(" ,;:")
        return format_html('<span title="{}">{}…</span>', obj.summary, cut)

    @admin.display(description=gettext_lazy("Độ mật, phạm vi"))
    def secrecy(self, obj):
        if obj.publication_refusal():
            label = obj.get_classification_display() if obj.classification else _("Nội bộ")
            return format_html('<span class="status-badge status-unpublished">{}</span>', label)
        return _("Công khai")

    def get_search_results(self, request, queryset, search_term):
        """A number as typed ("15 nq tu", "Số 05-QĐ/TU") first, then the full text."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        key = numbering.key(search_term)
        if key:
            found = found | queryset.filter(number_key=key)
        return found, duplicates


class VocabularyAdmin(admin.ModelAdmin):
    list_display = ("name", "order")
    list_editable = ("order",)
    search_fields = ("name",)
    prepopulated_fields = {}


@admin.register(DocumentType)
class DocumentTypeAdmin(VocabularyAdmin):
    list_display = ("name", "abbreviation", "order")
    search_fields = ("name", "abbreviation")


@admin.register(Issuer)
class IssuerAdmin(VocabularyAdmin):
    list_display = ("name", "symbol", "level", "place", "parent", "order")
    list_filter = ("level",)
    search_fields = ("name", "symbol")


@admin.register(Term)
class TermAdmin(VocabularyAdmin):
    list_display = ("name", "level", "starts_on", "ends_on")
    list_editable = ()
    list_filter = ("level",)


@admin.register(Signer)
class SignerAdmin(VocabularyAdmin):
    list_display = ("name", "position", "order")
    search_fields = ("name", "position")


@admin.register(Field)
class FieldAdmin(VocabularyAdmin):
    list_display = ("name", "parent", "order")
