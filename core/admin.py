"""What every admin page of the portal shares: the site settings page, third-party admins."""

import contextlib

from axes import admin as axes_admin
from axes.models import AccessAttempt
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp import admin as totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import sandbox
from .models import SiteSettings


class PortalAdminMedia:
    css = {"all": ["core/admin.css"]}


class UploadsCheckedFirst:
    """A ModelAdmin mixin: uploaded files are checked before the admin's transaction opens.

    Django's admin saves inside ``transaction.atomic()``, and on SQLite every
    transaction here holds the write lock from its start; a file check inside
    it (seconds, in a child process: ``core.sandbox``) stalled every other
    editor. ``upload_checks`` maps a form field's name (an inline's too:
    ``attachments-0-file`` is "file") to its check, decorated with
    ``core.sandbox.once_per_file``: this runs each check once, up front, and
    the form's validation later reads that verdict.
    """

    upload_checks = {}

    def check_uploads_first(self, request):
        if request.method != "POST" or not self.upload_checks:
            return
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return  # the view refuses the request; its files are not worth a look
        waiting = [
            (check, uploaded)
            for key, files in request.FILES.lists()
            if (check := self.upload_checks.get(key.rpartition("-")[2]))
            for uploaded in files
        ]
        if not waiting:
            return
        with self.one_upload_at_a_time(request) as free:
            for check, uploaded in waiting:
                if not free:
                    sandbox.remember(check, uploaded, self.upload_in_progress())
                    continue
                with contextlib.suppress(ValidationError):
                    check(uploaded)

    def one_upload_at_a_time(self, request):
        """Whether this user has no other upload being checked (``core.sandbox.only_one``)."""
        return sandbox.only_one(f"uploads-of-{request.user.pk}")

    @staticmethod
    def upload_in_progress():
        return ValidationError(
            _(
                "Một tệp khác bạn gửi đang được kiểm tra. Tệp này chưa được lưu: hãy chờ "
                "lượt kia xong, chọn lại tệp rồi lưu."
            ),
            code="busy",
        )

    # django-reversion opens its transaction in add_view and change_view,
    # Django's admin in changeform_view: the checks come before both.
    def add_view(self, request, form_url="", extra_context=None):
        self.check_uploads_first(request)
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self.check_uploads_first(request)
        return super().change_view(request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        self.check_uploads_first(request)
        return super().changeform_view(request, object_id, form_url, extra_context)


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "phone", "email", "updated_at")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


# ------------------------------------------------------- third-party admins
#
# django-axes and django-otp write some of their admin in English that no
# catalogue can reach: column and field names taken from method or field
# names ("status", "created at"), fieldset titles, help texts. Their admins
# are registered again here, from their own classes, with Vietnamese names;
# the strings they do mark for translation are in locale/vi (django.po).


class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    @admin.display(description=_("Hết hạn lúc"))
    def expiration(self, obj):
        return super().expiration(obj)

    @admin.display(description=_("Tình trạng"))
    def status(self, obj):
        return super().status(obj)

    @admin.action(description=_("Dọn các lần đăng nhập sai đã hết hạn"))
    def cleanup_expired_attempts(self, request, queryset):
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(
            request, _("Đã dọn %(count)d lần đăng nhập sai hết hạn.") % {"count": count}
        )


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("đã xác nhận")
    parameter_name = "xac_nhan"

    def lookups(self, request, model_admin):
        return [("co", _("Đã xác nhận")), ("chua", _("Chưa xác nhận"))]

    def queryset(self, request, queryset):
        if self.value() in ("co", "chua"):
            return queryset.filter(confirmed=self.value() == "co")
        return queryset


class TOTPDeviceAdmin(totp_admin.TOTPDeviceAdmin):
    """Authenticator apps, to see and to remove (a lost phone); never to add or edit.

    Staff set up their own on the two-factor page (accounts/two_factor.py); a
    device's secret key is never shown here (OTP_ADMIN_HIDE_SENSITIVE_DATA).
    """

    list_display = ["device_user", "device_name", "device_confirmed", "created", "last_used"]
    list_display_links = ["device_user", "device_name"]
    list_filter = [ConfirmedFilter]
    search_help_text = _("Tìm theo tên đăng nhập hoặc email của người dùng")
    fieldsets = [
        (None, {"fields": ["device_user", "device_name", "device_confirmed"]}),
        (_("Thời điểm"), {"fields": ["created", "last_used"]}),
        (_("Nhập sai mã"), {"fields": ["failures", "last_failure"]}),
    ]
    readonly_fields = [name for _title, options in fieldsets for name in options["fields"]]

    def get_list_display(self, request):
        return self.list_display

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Người dùng"), ordering="user__username")
    def device_user(self, device):
        return device.user

    @admin.display(description=_("Tên thiết bị"), ordering="name")
    def device_name(self, device):
        return device.name

    @admin.display(description=_("Đã xác nhận"), boolean=True, ordering="confirmed")
    def device_confirmed(self, device):
        return device.confirmed

    @admin.display(description=_("Ngày tạo"), ordering="created_at")
    def created(self, device):
        return device.created_at or self.get_empty_value_display()

    @admin.display(description=_("Dùng lần cuối"), ordering="last_used_at")
    def last_used(self, device):
        return device.last_used_at or self.get_empty_value_display()

    @admin.display(description=_("Số lần nhập sai liên tiếp"))
    def failures(self, device):
        return device.throttling_failure_count

    @admin.display(description=_("Lần nhập sai gần nhất"))
    def last_failure(self, device):
        return device.throttling_failure_timestamp or self.get_empty_value_display()


for _model, _admin in [
    (AccessAttempt, AccessAttemptAdmin),
    (TOTPDevice, TOTPDeviceAdmin),
]:
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin)
