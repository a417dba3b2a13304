from axes import apps as axes_apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp import apps as otp_totp_apps


class CoreConfig(AppConfig):
    default = True  # the module holds other apps' configs too (below)
    name = "core"
    verbose_name = _("Thông tin chung")

    def ready(self):
        from django.urls import register_converter

        from . import checks, signals  # noqa: F401 - checks register on import
        from .numbers import IdConverter

        signals.connect()
        register_converter(IdConverter, "id")


# Third-party apps under Vietnamese names (INSTALLED_APPS in portal/settings.py
# points at these), with what the admin shows of their models and no catalogue
# reaches. Their fields' names come from locale/vi or from the admins in
# core/admin.py: changing a field (or Meta as written) would make
# `makemigrations --check` want migrations inside the packages.


class AxesConfig(axes_apps.AppConfig):
    verbose_name = _("Bảo vệ đăng nhập")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # Their names, in titles, breadcrumbs, delete pages and the admin's
        # history, are English f-strings. Methods, unlike fields and Meta,
        # are no part of the migration state.
        AccessAttempt.__str__ = lambda self: f"Đăng nhập sai: {self.username}"
        AccessFailureLog.__str__ = lambda self: (
            f"Đăng nhập sai: {self.username}" + (" (bị khóa)" if self.locked_out else "")
        )
        AccessLog.__str__ = lambda self: f"Đăng nhập: {self.username}"


class TOTPConfig(otp_totp_apps.DefaultConfig):
    verbose_name = _("Xác thực hai lớp")

    def ready(self):
        super().ready()
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # Its Meta names it "TOTP device", untranslated. The migration state
        # reads Meta as written (``_meta.original_attrs``), so this changes
        # only what people read.
        TOTPDevice._meta.verbose_name = _("thiết bị xác thực")
        TOTPDevice._meta.verbose_name_plural = _("Thiết bị xác thực")
