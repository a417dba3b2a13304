from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Article, Category, Image


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "parent", "menu_order", "show_in_menu")
    list_editable = ("menu_order", "show_in_menu")
    list_filter = ("show_in_menu", "parent")
    search_fields = ("name", "slug", "description")


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ("title", "credit", "width", "height", "uploaded_by", "uploaded_at")
    search_fields = ("title", "caption", "credit", "alt_text")
    date_hierarchy = "uploaded_at"
    readonly_fields = ("width", "height", "uploaded_by", "uploaded_at")

    def save_model(self, request, obj, form, change):
        if not obj.uploaded_by_id:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "status", "published_at", "byline", "featured")
    list_filter = ("status", "category", "featured")
    search_fields = ("title", "lead", "byline")
    date_hierarchy = "published_at"
    list_select_related = ("category", "category__parent")
    autocomplete_fields = ("cover_image",)
    raw_id_fields = ("author",)
    fieldsets = (
        (None, {"fields": ("title", "slug", "lead", "body")}),
        (_("Ảnh đại diện"), {"fields": ("cover_image", "cover_caption")}),
        (
            _("Xuất bản"),
            {"fields": ("category", "status", "published_at", "featured", "byline", "source")},
        ),
        (_("Tác giả"), {"fields": ("author",)}),
    )

    def save_model(self, request, obj, form, change):
        if not obj.author_id:
            obj.author = request.user
        super().save_model(request, obj, form, change)
