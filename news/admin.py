"""The newsroom: Django's admin, customised through its documented hooks."""

import datetime as dt
import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from core.numbers import parse_int, parse_page

from . import workflow
from .images import CleanedImage, clean_upload, store
from .models import Article, Category, Image, SiteSettings

Status = Article.Status


class NewsAdminMedia:
    css = {"all": ["news/admin/admin.css"]}


# --------------------------------------------------------------------------- categories


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "parent", "menu_order", "show_in_menu")
    list_editable = ("menu_order", "show_in_menu")
    list_filter = ("show_in_menu", "parent")
    search_fields = ("name", "slug", "description")


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "phone", "email", "updated_at")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


# --------------------------------------------------------------------------- images


class ImageForm(forms.ModelForm):
    # A plain file field: news.images.clean_upload makes every check itself,
    # with messages that say what is wrong.
    file = forms.FileField(
        label=gettext_lazy("Tệp ảnh"),
        help_text=gettext_lazy(
            "JPEG, PNG, WebP hoặc GIF; tối đa 20 MB và 40 triệu điểm ảnh. Ảnh động: tối đa "
            "300 khung hình và 16 triệu điểm ảnh cho mọi khung hình cộng lại."
        ),
    )

    class Meta:
        model = Image
        fields = ("file", "title", "alt_text", "caption", "credit")
        widgets = {"caption": forms.Textarea(attrs={"rows": 2})}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # a new upload, not the stored file
            return clean_upload(upload)
        return upload

    def clean_alt_text(self):
        alt = (self.cleaned_data.get("alt_text") or "").strip()
        if not alt:
            raise ValidationError(_("Ảnh phải có mô tả thay thế (alt) cho người khiếm thị."))
        return alt

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if not self.errors and isinstance(upload, CleanedImage):
            try:
                cleaned["file"] = store(upload, self.instance)
            except ValidationError as exc:
                self.add_error("file", exc)
        return cleaned


class MonthFilter(admin.SimpleListFilter):
    title = gettext_lazy("tháng tải lên")
    parameter_name = "thang"

    def lookups(self, request, model_admin):
        months = Image.objects.dates("uploaded_at", "month", order="DESC")[:24]
        return [(f"{m:%Y-%m}", f"{m:%m/%Y}") for m in months]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        month = self.month_bounds(self.value())
        if month is None:
            return queryset.none()
        start, end = month
        return queryset.filter(uploaded_at__gte=start, uploaded_at__lt=end)

    @staticmethod
    def month_bounds(value):
        """The start of the month ``YYYY-MM`` and of the next one, or None for anything else.

        Only the ASCII form our own links use: int() would also read "２０１９" or
        "٣". Years 1 and 9999 are refused too, because the next month of 9999-12
        and the UTC time of 0001-01-01 00:00 in Vietnam are both outside what
        Python's datetime can hold.
        """
        match = re.fullmatch(r"(\d{4})-(\d{2})", value, flags=re.ASCII)
        if match is None:
            return None
        year, month = int(match[1]), int(match[2])
        if not (dt.MINYEAR < year < dt.MAXYEAR and 1 <= month <= 12):
            return None
        start = timezone.make_aware(dt.datetime(year, month, 1))
        end = timezone.make_aware(dt.datetime(year + month // 12, month % 12 + 1, 1))
        return start, end


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ("thumbnail", "title", "credit", "size", "uploaded_by", "uploaded_at")
    list_display_links = ("thumbnail", "title")
    list_filter = (("uploaded_by", admin.RelatedOnlyFieldListFilter), MonthFilter)
    search_fields = ("title", "caption", "credit", "alt_text")
    list_select_related = ("uploaded_by",)
    readonly_fields = ("preview", "width", "height", "uploaded_by", "uploaded_at")
    list_per_page = 40
    Media = NewsAdminMedia

    @admin.display(description=gettext_lazy("Ảnh"))
    def thumbnail(self, obj):
        if not obj.file:
            return "—"
        return format_html(
            '<img class="admin-thumb" src="{}" alt="{}" loading="lazy">',
            obj.file.url,
            obj.alt_text,
        )

    @admin.display(description=gettext_lazy("Xem ảnh"))
    def preview(self, obj):
        if not obj.pk or not obj.file:
            return "—"
        return format_html(
            '<img class="admin-preview" src="{}" alt="{}">', obj.file.url, obj.alt_text
        )

    @admin.display(description=gettext_lazy("Kích thước"))
    def size(self, obj):
        return f"{obj.width}×{obj.height}"

    def save_model(self, request, obj, form, change):
        if not obj.uploaded_by_id:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path(
                "picker/",
                self.admin_site.admin_view(self.picker_view),
                name="news_image_picker",
            ),
            *super().get_urls(),
        ]

    def picker_view(self, request):
        """The editor's image picker (the Figure extension's ``pickerUrl``).

        The editor opens it in a window with ``?CKEditorFuncNum=N``; choosing an
        image calls ``window.opener.CKEDITOR.tools.callFunction(N, url, data)``
        with the image's alt text and caption (``static/news/admin/image-picker.js``).
        """
        if not self.has_view_permission(request):
            raise PermissionDenied
        func_num = parse_int(request.GET.get("CKEditorFuncNum"))
        func_num = "" if func_num is None else str(func_num)
        can_upload = self.has_add_permission(request)
        chosen = None
        form = ImageForm(prefix="upload") if can_upload else None
        if request.method == "POST":
            if not can_upload:
                raise PermissionDenied
            form = ImageForm(request.POST, request.FILES, prefix="upload")
            if form.is_valid():
                form.instance.uploaded_by = request.user
                chosen = form.save()
                self.log_addition(request, chosen, [{"added": {}}])
                form = ImageForm(prefix="upload")
        query = (request.GET.get("q") or "").strip()[:100]
        images = Image.objects.all()
        if query:
            images = images.filter(
                Q(title__icontains=query) | Q(caption__icontains=query) | Q(credit__icontains=query)
            )
        page = Paginator(images, 24).get_page(parse_page(request.GET.get("page")) or 1)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Chọn ảnh"),
            "is_popup": True,
            "opts": self.model._meta,
            "func_num": func_num,
            "page": page,
            "query": query,
            "form": form,
            "chosen": chosen,
        }
        response = TemplateResponse(request, "admin/news/image/picker.html", context)
        add_never_cache_headers(response)
        return response


# --------------------------------------------------------------------------- articles


class ArticleForm(forms.ModelForm):
    """The article form, with the workflow and the optimistic version check."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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
        )
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 3}),
            "cover_caption": forms.Textarea(attrs={"rows": 2}),
        }

    request = None  # set by ArticleAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The version stored now, when the form is opened (also right when
            # restoring an old revision, whose own version number is older).
            stored = (
                Article.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            self.fields["expected_version"].initial = stored
        user = self.request.user if self.request else None
        if "status" in self.fields and not workflow.can_publish(user):
            allowed = {Status.DRAFT, Status.PENDING, self.instance.status}
            self.fields["status"].choices = [
                (value, label) for value, label in Status.choices if value in allowed
            ]

    def clean(self):
        cleaned = super().clean()
        user = self.request.user if self.request else None
        if self.instance.pk:
            self._check_version(cleaned.get("expected_version"))
        new_status = cleaned.get("status")
        if new_status and user is not None:
            original = self._original()
            try:
                workflow.check(original, new_status, user, cleaned.get("published_at"))
            except workflow.TransitionError as exc:
                raise ValidationError({"status": str(exc)}) from None
        return cleaned

    def _original(self):
        """The article as stored before this request changed anything.

        While a revision is restored, the database already holds the old
        revision (django-reversion reverts first, then runs this form), so the
        state saved before the revert is taken from the request.
        """
        base = getattr(self.request, "revert_base", None)
        if base is not None:
            return base
        if not self.instance.pk:
            return Article(status=Status.DRAFT, author=self.request.user)
        return Article.objects.get(pk=self.instance.pk)

    def _check_version(self, expected):
        # Lock the row until this request's transaction ends, so two saves
        # cannot both pass the check.
        current = (
            Article.objects.select_for_update(of=("self",))
            .filter(pk=self.instance.pk)
            .select_related("last_edited_by")
            .first()
        )
        if current is None or expected is None or current.version == expected:
            return
        who = current.last_edited_by.byline_name if current.last_edited_by else _("người khác")
        when = timezone.localtime(current.updated_at)
        raise ValidationError(
            _(
                "Không lưu được: %(who)s đã lưu bài này lúc %(when)s, sau khi bạn mở trang. "
                "Nội dung bạn soạn vẫn còn trên màn hình. Hãy mở bài trong thẻ mới để xem "
                "bản mới nhất, chép phần thay đổi của bạn sang đó rồi lưu."
            )
            % {"who": who, "when": f"{when:%H:%M:%S %d/%m/%Y}"},
            code="stale",
        )


def _to_second(moment):
    return moment.replace(microsecond=0) if moment else moment


class StatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("trạng thái")
    parameter_name = "trang_thai"

    def lookups(self, request, model_admin):
        return [
            *Status.choices[:2],
            ("scheduled", _("Hẹn giờ")),
            ("live", _("Đang hiển thị")),
            (Status.UNPUBLISHED.value, Status.UNPUBLISHED.label),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        value = self.value()
        if value == "scheduled":
            return queryset.filter(status=Status.PUBLISHED, published_at__gt=now)
        if value == "live":
            return queryset.filter(status=Status.PUBLISHED, published_at__lte=now)
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset


class TrashFilter(admin.SimpleListFilter):
    """Deleted articles are kept (soft delete) and listed here until purged."""

    title = gettext_lazy("thùng rác")
    parameter_name = "thung_rac"

    def lookups(self, request, model_admin):
        return [("1", _("Bài đã xóa"))]

    def queryset(self, request, queryset):
        return queryset.filter(deleted_at__isnull=self.value() != "1")


@admin.register(Article)
class ArticleAdmin(CompareVersionAdmin):
    form = ArticleForm
    list_display = (
        "thumbnail",
        "title",
        "status_badge",
        "category",
        "byline",
        "published_at",
        "last_edited_by",
        "preview_link",
    )
    list_display_links = ("title",)
    list_filter = (
        TrashFilter,
        StatusFilter,
        "category",
        ("author", admin.RelatedOnlyFieldListFilter),
        "published_at",
    )
    search_fields = ("title",)  # replaced by the diacritic-insensitive search below
    search_help_text = gettext_lazy("Tìm theo tiêu đề, sapo, nội dung; gõ có dấu hay không dấu.")
    date_hierarchy = "published_at"
    list_select_related = ("category", "cover_image", "last_edited_by")
    list_per_page = 30
    autocomplete_fields = ("cover_image",)
    actions = ("submit_for_review", "publish_now", "unpublish", "restore", "purge")
    Media = NewsAdminMedia

    # ------------------------------------------------------------ layout

    def get_fieldsets(self, request, obj=None):
        publishing = ["category", "status", "published_at", "featured", "byline", "source"]
        fieldsets = [
            (None, {"fields": ["title", "slug", "lead", "body"]}),
            (_("Ảnh đại diện"), {"fields": ["cover_image", "cover_caption"]}),
            (_("Xuất bản"), {"fields": publishing}),
            (None, {"fields": ["expected_version"], "classes": ["hidden"]}),
        ]
        if obj is not None:
            fieldsets.append(
                (
                    _("Thông tin"),
                    {
                        "fields": [
                            "author",
                            "published_by",
                            "last_edited_by",
                            "version",
                            "updated_at",
                        ]
                    },
                )
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = ["author", "published_by", "last_edited_by", "version", "updated_at"]
        if not workflow.can_publish(request.user):
            fields += ["published_at", "featured"]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    # ------------------------------------------------------------ list columns

    @admin.display(description=gettext_lazy("Ảnh"))
    def thumbnail(self, obj):
        if not obj.cover_image_id or not obj.cover_image.file:
            return ""
        return format_html(
            '<img class="admin-thumb" src="{}" alt="" loading="lazy">', obj.cover_image.file.url
        )

    @admin.display(description=gettext_lazy("Trạng thái"), ordering="status")
    def status_badge(self, obj):
        css = "scheduled" if obj.is_scheduled else obj.status
        return format_html(
            '<span class="status-badge status-{}">{}</span>', css, workflow.describe(obj)
        )

    @admin.display(description=gettext_lazy("Xem trước"))
    def preview_link(self, obj):
        url = reverse("admin:news_article_preview", args=[obj.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("Xem"))

    # ------------------------------------------------------------ permissions

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        user = request.user
        if user.has_perm("news.edit_any_article"):
            return queryset  # TrashFilter hides deleted articles by default
        queryset = queryset.filter(deleted_at__isnull=True)
        # Contributors see their own articles and others' published ones.
        return queryset.filter(Q(author=user) | Q(status=Status.PUBLISHED))

    def get_ordering(self, request):
        if request.user.has_perm("news.edit_any_article"):
            return super().get_ordering(request)
        # Their own articles first, most recently edited on top.
        own_first = Case(
            When(author=request.user, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        return (own_first.asc(), "-updated_at")

    def reversion_register(self, model, **kwargs):
        # The version counter guards against concurrent edits; restoring an old
        # revision must not roll it back.
        kwargs["exclude"] = ("version",)
        super().reversion_register(model, **kwargs)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and workflow.can_publish(request.user)

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def has_purge_permission(self, request):
        return request.user.has_perm("news.purge_article")

    def get_actions(self, request):
        # Django's bulk delete becomes our soft delete ("delete_selected" calls
        # delete_queryset), so it stays; the rest depends on the trash view.
        actions = super().get_actions(request)
        in_trash = request.GET.get(TrashFilter.parameter_name) == "1"
        for name in (
            ("restore", "purge")
            if not in_trash
            else ("submit_for_review", "publish_now", "unpublish", "delete_selected")
        ):
            actions.pop(name, None)
        return actions

    # Deleting keeps the article (soft delete) until an admin purges it.

    def delete_model(self, request, obj):
        workflow.soft_delete(obj, request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            workflow.soft_delete(article, request.user)

    @admin.action(description=gettext_lazy("Khôi phục từ thùng rác"), permissions=["delete"])
    def restore(self, request, queryset):
        count = 0
        for article in queryset.filter(deleted_at__isnull=False):
            workflow.restore(article, request.user)
            count += 1
        self.message_user(request, _("Đã khôi phục %(count)d bài.") % {"count": count})

    @admin.action(description=gettext_lazy("Xóa vĩnh viễn"), permissions=["purge"])
    def purge(self, request, queryset):
        deleted = list(queryset.filter(deleted_at__isnull=False))
        self.log_deletions(request, deleted)
        for article in deleted:
            article.delete()
        count = len(deleted)
        self.message_user(request, _("Đã xóa vĩnh viễn %(count)d bài.") % {"count": count})

    # ------------------------------------------------------------ saving

    def save_model(self, request, obj, form, change):
        base = getattr(request, "revert_base", None)
        if base is not None:
            self._keep_stored_fields(obj, base, form)
            stored = {"version": obj.version, "status": base.status, "at": base.published_at}
        else:
            stored = (
                Article.objects.filter(pk=obj.pk)
                .values("version", "status", at=F("published_at"))
                .first()
            )
        if not obj.author_id:
            obj.author = request.user
        obj.last_edited_by = request.user
        obj.version = (stored["version"] + 1) if stored else 1
        new_status = obj.status
        obj.status = stored["status"] if stored else Status.DRAFT
        published_at = obj.published_at
        moved = stored is not None and _to_second(published_at) != _to_second(stored["at"])
        if stored is not None and not moved:
            obj.published_at = stored["at"]  # the form shows whole seconds only
        if new_status != obj.status or (new_status == Status.PUBLISHED and moved):
            try:
                workflow.transition(obj, new_status, request.user, published_at=published_at)
            except workflow.TransitionError as exc:  # checked in the form already
                raise PermissionDenied(str(exc)) from exc
        else:
            obj.save()

    @staticmethod
    def _keep_stored_fields(obj, base, form):
        """A restored revision changes only what this user's form could change.

        Everything else (trash state, who published, the publication time for
        those who may not publish, ...) stays as stored, so a revert can never
        undo the workflow behind its back; status changes go through
        ``workflow.transition()`` in ``save_model`` like any other save.
        """
        for field in Article._meta.concrete_fields:
            if field.primary_key or field.name in form.fields:
                continue
            setattr(obj, field.attname, getattr(base, field.attname))

    # ------------------------------------------------------------ actions

    def _run(self, request, queryset, status, done_message, published_at=None):
        done, failed = 0, []
        for article in queryset:
            if not workflow.can_edit(request.user, article):
                failed.append(f"{article.title}: {_('bạn không có quyền sửa bài này')}")
                continue
            try:
                with transaction.atomic():
                    article.last_edited_by = request.user
                    article.version += 1
                    workflow.transition(article, status, request.user, published_at=published_at)
                done += 1
            except workflow.TransitionError as exc:
                failed.append(f"{article.title}: {exc}")
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        for line in failed:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=gettext_lazy("Gửi duyệt"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._run(request, queryset, Status.PENDING, _("Đã gửi duyệt %(count)d bài."))

    @admin.action(description=gettext_lazy("Xuất bản ngay"), permissions=["publish"])
    def publish_now(self, request, queryset):
        self._run(
            request,
            queryset,
            Status.PUBLISHED,
            _("Đã xuất bản %(count)d bài."),
            published_at=timezone.now(),
        )

    @admin.action(description=gettext_lazy("Gỡ bài"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._run(request, queryset, Status.UNPUBLISHED, _("Đã gỡ %(count)d bài."))

    # ------------------------------------------------------------ revisions
    #
    # django-reversion's views (history, compare, revision, recover) look
    # objects up themselves and revert before the admin's checks run. Each is
    # guarded here first, on the object as stored, with the change view's rules.

    def _stored_for_history(self, request, object_id):
        """The stored article, if this user may read its revisions; else 404/403.

        ``get_object`` applies ``get_queryset``, so an article this user may
        not see is "not found", whatever its id (no title leaks).
        """
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("Không tìm thấy bài viết."))
        if not workflow.can_read_history(request.user, article):
            raise PermissionDenied
        return article

    def history_view(self, request, object_id, extra_context=None):
        self._stored_for_history(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def compare_view(self, request, object_id, extra_context=None):
        self._stored_for_history(request, object_id)
        return super().compare_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        stored = self._stored_for_history(request, object_id)
        if not self.has_change_permission(request, stored):
            raise PermissionDenied
        # Only this article's own versions (reversion's lookup ignores the model).
        version = get_object_or_404(Version.objects.get_for_object(stored), pk=version_id)
        self._check_revert(request, stored, version.field_dict)
        request.revert_base = stored
        return super().revision_view(request, object_id, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        # A purged article comes back out of the trash as a draft; publishing
        # it again is a transition like any other.
        names = {field.attname for field in Article._meta.concrete_fields}
        base = Article(**{k: v for k, v in version.field_dict.items() if k in names})
        base.status, base.status_changed_at = Status.DRAFT, None
        base.published_at = base.published_by_id = None
        base.deleted_at = base.deleted_by_id = None
        request.revert_base = base
        return super().recover_view(request, version.pk, extra_context)

    def has_recover_permission(self, request):
        """Recovering purged articles is for those who may delete and restore."""
        return self.has_delete_permission(request)

    def _check_revert(self, request, stored, old):
        """Only those who may publish restore a revision with another status or dates."""
        if workflow.can_publish(request.user):
            return
        for name in ("status", "published_at", "deleted_at"):
            if old.get(name) != getattr(stored, name):
                raise PermissionDenied(
                    _(
                        "Phiên bản này có trạng thái hoặc thời điểm xuất bản khác bài hiện tại; "
                        "chỉ biên tập viên mới được khôi phục nó."
                    )
                )

    # ------------------------------------------------------------ search and preview

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        # Every match (newest first), not only the relevance-ranked top results.
        matches = Article.objects.search(term, order="date").values("pk")
        return queryset.filter(pk__in=matches), False

    def get_urls(self):
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="news_article_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """Staff-only: the article exactly as the public page renders it."""
        from .preview import ArticlePreview

        article = self.get_object(request, object_id)
        if article is None or not self.has_view_permission(request, article):
            raise Http404
        response = ArticlePreview.as_view(article=article)(request)
        response["X-Robots-Tag"] = "noindex, nofollow"
        add_never_cache_headers(response)
        response["Cache-Control"] = "no-store, " + response["Cache-Control"]
        return response
