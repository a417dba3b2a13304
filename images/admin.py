"""The photo library in the admin: upload, list, and the editor's picker."""

import datetime as dt
import re

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin import PortalAdminMedia, UploadsCheckedFirst
from core.numbers import parse_int, parse_page

from . import bulk
from .display import thumbnail
from .forms import ImageForm
from .models import Image
from .renditions import attach_renditions
from .uploads import MAX_BYTES, clean_upload

# The picker's query parameter naming the editor's callback (``picker_view``),
# and the name django-prose-editor sends, still accepted.
CALLBACK_PARAMETER = "ham"
OLD_CALLBACK_PARAMETER = "CKEditorFuncNum"


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


class ImageChangeList(ChangeList):
    """The library's page of photos, with their renditions fetched in one query for the grid."""

    def get_results(self, request):
        super().get_results(request)
        self.result_list = list(self.result_list)
        attach_renditions(self.result_list)


@admin.register(Image)
class ImageAdmin(UploadsCheckedFirst, admin.ModelAdmin):
    form = ImageForm
    upload_checks = {"file": clean_upload}  # before the admin's transaction
    list_display = ("thumbnail", "title", "credit", "size", "uploaded_by", "uploaded_at")
    list_display_links = ("thumbnail", "title")
    list_filter = (("uploaded_by", admin.RelatedOnlyFieldListFilter), MonthFilter)
    # Shows the search box; get_search_results() does the searching.
    search_fields = ("search_text",)
    search_help_text = gettext_lazy(
        "Tìm trong tiêu đề, chú thích, tác giả ảnh và mô tả thay thế; gõ có dấu hay không dấu "
        "đều được."
    )
    list_select_related = ("uploaded_by",)
    readonly_fields = ("preview", "width", "height", "uploaded_by", "uploaded_at")
    list_per_page = 40
    # No "Show counts" link: Django 5.2's Vietnamese catalogue has no translation
    # for it, and the counts cost a query per filter choice.
    show_facets = admin.ShowFacets.NEVER
    Media = PortalAdminMedia

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

    def get_fields(self, request, obj=None):
        # The form's own order (ImageForm.field_order): the duplicate box under the file.
        fields = list(super().get_fields(request, obj))
        fields.remove("keep_duplicate")
        fields.insert(fields.index("file") + 1, "keep_duplicate")
        return fields

    def get_readonly_fields(self, request, obj=None):
        # Size, uploader and time exist once a photo is stored: on the add form
        # (and its popup) they read "Chiều rộng: 0, Người tải lên: -".
        return super().get_readonly_fields(request, obj) if obj is not None else ()

    def get_changelist(self, request, **kwargs):
        return ImageChangeList

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term[:100]), False

    def save_model(self, request, obj, form, change):
        if not obj.uploaded_by_id:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path(
                "picker/",
                self.admin_site.admin_view(self.picker_view),
                name="images_image_picker",
            ),
            path(
                "tai-len/",
                self.admin_site.admin_view(self.bulk_upload_view),
                name="images_image_bulk_upload",
            ),
            *super().get_urls(),
        ]

    def bulk_upload_view(self, request):
        """Several photos at once, each with its own fields (``images/bulk.py``).

        All saved: back to the library, where they come first. Otherwise this
        page again, saying what was saved and what wasn't and why, with the
        refused rows and what was typed in them, to correct and send again.
        """
        if not self.has_add_permission(request):
            raise PermissionDenied
        batch = None
        if request.method == "POST":
            formset = bulk.BulkUploadFormSet(request.POST, request.FILES, prefix=bulk.PREFIX)
            # Checked as they are saved (within the batch's time budget), but
            # one batch at a time per user, like every other upload.
            with self.one_upload_at_a_time(request) as free:
                if free:
                    batch = bulk.save_batch(
                        formset,
                        request.user,
                        after_save=lambda image: self.log_addition(request, image, [{"added": {}}]),
                    )
                else:
                    batch = bulk.Batch(problems=[str(self.upload_in_progress().message)])
            if batch.saved and not batch.refused and not batch.problems:
                self.message_user(
                    request,
                    _("Đã lưu %(count)d ảnh vào thư viện.") % {"count": len(batch.saved)},
                    messages.SUCCESS,
                )
                return redirect("admin:images_image_changelist")
        if batch is not None and batch.refused:
            rows = [
                {"form": r.form, "state": "refused", "note": r.reasons[0] if r.deferred else ""}
                for r in batch.refused
            ]
        else:
            formset = bulk.BulkUploadFormSet(prefix=bulk.PREFIX)
            rows = [{"form": form, "state": "empty", "note": ""} for form in formset.forms]
        saved = batch.saved if batch else []
        attach_renditions(saved)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Tải nhiều ảnh lên"),
            "opts": self.model._meta,
            "formset": formset,
            "rows": rows,
            "batch": batch,
            "saved": [
                {
                    "image": image,
                    "url": reverse("admin:images_image_change", args=[image.pk]),
                    "thumbnail": thumbnail(image),
                }
                for image in saved
            ],
            "limits": {**bulk.limits(), "max_file_mb": MAX_BYTES // (1024 * 1024)},
            "script_text": self._bulk_script_text(),
        }
        response = TemplateResponse(request, "admin/images/image/bulk_upload.html", context)
        add_never_cache_headers(response)
        return response

    @staticmethod
    def _bulk_script_text():
        """What bulk-upload.js says, and the limits it checks before sending."""
        return {
            "maxFiles": bulk.MAX_FILES,
            "maxBytes": bulk.MAX_BATCH_BYTES,
            "maxMb": bulk.MAX_BATCH_BYTES // (1024 * 1024),
            "added": _("Đã thêm %(count)s ảnh. Hãy nhập mô tả thay thế (alt) cho từng ảnh."),
            "summary": _("Lượt này: %(count)s ảnh, %(size)s."),
            "needFiles": _("Hãy chọn lại tệp cho các ảnh bên dưới."),
            "pickAnother": _("Đổi tệp…"),
            "tooMany": _(
                "Mỗi lượt tối đa %(max)s ảnh: hãy bỏ bớt ảnh và gửi phần còn lại ở lượt sau."
            ),
            "tooBig": _(
                "Các ảnh cộng lại %(size)s MB, vượt %(max)s MB mỗi lượt: hãy bỏ bớt ảnh và "
                "gửi phần còn lại ở lượt sau."
            ),
            "skipped": _("Đã bỏ qua %(count)s tệp: mỗi lượt tối đa %(max)s ảnh."),
            "noPreview": _(
                "Trình duyệt không xem trước được tệp này; máy chủ sẽ kiểm tra khi lưu."
            ),
            "empty": _("Chưa có ảnh nào: hãy kéo thả ảnh vào ô trên hoặc bấm “Chọn ảnh…”."),
            "row": _("Ảnh %(number)s"),
            "needFile": _("Hãy chọn tệp ảnh cho dòng này."),
            "needAlt": _("Hãy nhập mô tả thay thế (alt) cho ảnh này."),
            "sending": _("Đang tải lên và kiểm tra ảnh, xin chờ…"),
        }

    def picker_view(self, request):
        """The editor's image picker (the Figure extension's ``pickerUrl``).

        The window's ``?ham=N`` is the number of the editor's callback; choosing
        an image calls ``window.opener.CKEDITOR.tools.callFunction(N, url, data)``
        with the image's alt text and caption (``images/static/images/admin/image-picker.js``;
        that call is django-prose-editor's own protocol, borrowed from CKEditor).

        The editor itself opens ``?CKEditorFuncNum=N`` (the package's fixed
        name): such an address, and any old link, still works; a GET is sent on
        to the same page under the neutral name, so no address shown or linked
        carries the old one.
        """
        if not self.has_view_permission(request):
            raise PermissionDenied
        if (
            request.method == "GET"
            and OLD_CALLBACK_PARAMETER in request.GET
            and CALLBACK_PARAMETER not in request.GET
        ):
            query = request.GET.copy()
            query[CALLBACK_PARAMETER] = query.pop(OLD_CALLBACK_PARAMETER)[-1]
            return redirect(f"{request.path}?{query.urlencode()}")
        # django-prose-editor numbers its callbacks -1, -2, ...
        raw = request.GET.get(CALLBACK_PARAMETER) or request.GET.get(OLD_CALLBACK_PARAMETER) or ""
        number = parse_int(raw.removeprefix("-"))
        func_num = "" if number is None else f"{'-' if raw.startswith('-') else ''}{number}"
        can_upload = self.has_add_permission(request)
        chosen = None
        form = ImageForm(prefix="upload") if can_upload else None
        if request.method == "POST":
            if not can_upload:
                raise PermissionDenied
            self.check_uploads_first(request)  # one at a time for this user
            form = ImageForm(request.POST, request.FILES, prefix="upload")
            if form.is_valid():
                form.instance.uploaded_by = request.user
                chosen = form.save()
                self.log_addition(request, chosen, [{"added": {}}])
                form = ImageForm(prefix="upload")
        query = (request.GET.get("q") or "").strip()[:100]
        images = Image.objects.search(query)
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
            # The library's photo with the bytes just sent: offered to choose instead.
            "duplicate": getattr(form, "duplicate", None) if chosen is None else None,
        }
        response = TemplateResponse(request, "admin/images/image/picker.html", context)
        add_never_cache_headers(response)
        return response
