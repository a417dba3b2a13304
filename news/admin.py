"""The newsroom's articles and sections in the admin.

Workflow, version check, trash, revisions and preview are shared with every
kind of content (``editorial.admin``); here is only what is an article's own.
"""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.admin import UserAdmin
from editorial.admin import PublishableAdmin, PublishableForm, StatusFilter, TrashFilter

from .models import Article, Category, SectionAccess
from .preview import ArticlePreview

# --------------------------------------------------------------------------- categories


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "parent", "menu_order", "show_in_menu")
    readonly_fields = ("old_addresses",)
    list_editable = ("menu_order", "show_in_menu")
    list_filter = ("show_in_menu", "parent")
    search_fields = ("name", "slug", "description")

    @admin.display(description=gettext_lazy("Đường dẫn cũ (vẫn dẫn tới chuyên mục này)"))
    def old_addresses(self, obj):
        """The slugs this section had: /<slug>/ still leads here (news/addresses.py)."""
        if not obj.pk:
            return "—"
        return ", ".join(f"/{s}/" for s in obj.addresses.values_list("slug", flat=True)) or "—"


# --------------------------------------------------------------------------- sections per user


class SectionAccessInline(admin.TabularInline):
    """On the user's page: the sections they write in or review (none: every section)."""

    model = SectionAccess
    extra = 1
    fields = ("category", "purpose")
    verbose_name = gettext_lazy("chuyên mục phụ trách")
    verbose_name_plural = gettext_lazy(
        "Chuyên mục phụ trách (để trống: làm việc ở mọi chuyên mục; "
        "chuyên mục cha gồm cả chuyên mục con)"
    )


UserAdmin.extra_inlines.append(SectionAccessInline)


# --------------------------------------------------------------------------- articles


class SectionFilter(admin.RelatedFieldListFilter):
    """The category filter, offering only the sections the user works in."""

    def field_choices(self, field, request, model_admin):
        choices = super().field_choices(field, request, model_admin)
        ids = SectionAccess.section_ids(request.user, "write")
        return choices if ids is None else [(pk, name) for pk, name in choices if pk in ids]


class ArticleForm(PublishableForm):
    class Meta:
        model = Article
        fields = (
            "title",
            "slug",
            "lead",
            "body",
            "cover_image",
            "cover_caption",
            "category",
            "status",
            "published_at",
            "featured",
            "byline",
            "source",
            "related_documents",
        )
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 3}),
            "cover_caption": forms.Textarea(attrs={"rows": 2}),
        }


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    add_label = gettext_lazy("Viết bài mới")  # the dashboard's button
    form = ArticleForm
    list_display = (
        "thumbnail",
        "headline",
        "status_badge",
        "category",
        "people",
        "published",
    )
    list_display_links = None  # the title cell links to the edit page itself
    list_filter = (
        TrashFilter,
        StatusFilter,
        ("category", SectionFilter),
        ("author", admin.RelatedOnlyFieldListFilter),
        "published_at",
    )
    search_fields = ("title",)  # replaced by the diacritic-insensitive search
    search_help_text = gettext_lazy("Tìm theo tiêu đề, sapo, nội dung; gõ có dấu hay không dấu.")
    date_hierarchy = "published_at"
    list_select_related = ("category", "cover_image", "last_edited_by")
    list_per_page = 30
    autocomplete_fields = ("cover_image", "related_documents")
    publisher_fields = ("published_at", "featured")
    preview_view_class = ArticlePreview

    def slug_url_pattern(self, obj):
        # news.urls "article": /<category>/<slug>-<pk>/; both known once saved.
        category = obj.category.slug if obj is not None and obj.category_id else "chuyen-muc"
        number = obj.pk if obj is not None and obj.pk else "…"
        return f"/{category}/{{slug}}-{number}/"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the sections this user writes in (``SectionAccess``); a forged
        # id of another is refused by the field with this message.
        if db_field.name == "category":
            ids = SectionAccess.section_ids(request.user, "write")
            if ids is not None:
                kwargs["queryset"] = Category.objects.filter(pk__in=ids)
            kwargs["error_messages"] = {
                "invalid_choice": _(
                    "Bạn không được phân công viết bài cho chuyên mục này. "
                    "Hãy chọn một chuyên mục trong danh sách."
                )
            }
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_content_fieldsets(self, request, obj=None):
        publishing = ["category", "status", "published_at", "featured", "byline", "source"]
        fieldsets = [
            (None, {"fields": ["title", "slug", "lead", "body"]}),
            (_("Ảnh đại diện"), {"fields": ["cover_image", "cover_caption"]}),
            (_("Xuất bản"), {"fields": publishing}),
            (_("Văn bản liên quan"), {"fields": ["related_documents"], "classes": ["collapse"]}),
            (None, {"fields": ["expected_version"], "classes": ["hidden"]}),
        ]
        if obj is not None:
            fieldsets.append((_("Thông tin"), {"fields": list(self.info_fields)}))
        return fieldsets

    @admin.display(description=gettext_lazy("Tiêu đề"), ordering="title")
    def headline(self, obj):
        return self.list_title(obj, obj.title)

    @admin.display(description=gettext_lazy("Xuất bản"), ordering="published_at")
    def published(self, obj):
        if obj.published_at is None:
            return "—"
        local = timezone.localtime(obj.published_at)
        return format_html("{}<br><small>{}</small>", f"{local:%d/%m/%Y}", f"{local:%H:%M}")

    @admin.display(description=gettext_lazy("Tác giả"), ordering="byline")
    def people(self, obj):
        """The byline, and under it who edited last (when someone else did)."""
        editor = obj.last_edited_by
        if editor is None or str(editor) == obj.byline:
            return obj.byline or "—"
        return format_html(
            '{}<br><small class="muted">{}</small>',
            obj.byline or "—",
            _("sửa: %(name)s") % {"name": editor},
        )

    @admin.display(description=gettext_lazy("Ảnh"))
    def thumbnail(self, obj):
        if not obj.cover_image_id or not obj.cover_image.file:
            return ""
        return format_html(
            '<img class="admin-thumb" src="{}" alt="" loading="lazy">', obj.cover_image.file.url
        )
