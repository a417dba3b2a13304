"""Site-wide settings: the portal's identity, shown in every footer."""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import versioning


def default_name():
    return settings.PORTAL_NAME


def default_short_name():
    return settings.PORTAL_SHORT_NAME


class SiteSettings(models.Model):
    """Editable site information, shown in the footer and on the about page.

    A single row (pk=1); use ``SiteSettings.load()``.
    """

    # A new installation is named by PORTAL_NAME and PORTAL_SHORT_NAME (README,
    # Configuration), and renamed here in the admin afterwards.
    name = models.CharField(_("tên cổng thông tin"), max_length=255, default=default_name)
    short_name = models.CharField(_("tên ngắn"), max_length=120, default=default_short_name)
    organisation = models.CharField(
        _("cơ quan chủ quản"), max_length=255, default=default_short_name
    )
    address = models.CharField(
        _("địa chỉ"),
        max_length=255,
        default="Số 2 đường Hùng Vương, phường Lương Văn Tri, tỉnh Lạng Sơn",
    )
    phone = models.CharField(_("điện thoại"), max_length=60, default="0205 3812 345")
    email = models.EmailField(_("thư điện tử"), default="tinhuy@langson.gov.vn")
    responsible_officer = models.CharField(
        _("người chịu trách nhiệm"),
        max_length=255,
        default="Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
    )
    licence = models.CharField(
        _("giấy phép"), max_length=255, blank=True, help_text=_("Số giấy phép thiết lập trang.")
    )
    description = models.TextField(_("giới thiệu"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "news_sitesettings"  # from when it lived in news: moved, not copied
        verbose_name = _("thông tin cổng")
        verbose_name_plural = _("thông tin cổng")

    def __str__(self):
        return str(self.name)

    CACHE_KEY = "core:site-settings"

    def save(self, *args, **kwargs):
        self.pk = 1  # the one row; the shared copy is dropped in core/signals.py
        super().save(*args, **kwargs)

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
        return versioning.per_version("site-settings", cls._from_shared_cache)

    @classmethod
    def _from_shared_cache(cls):
        obj = cache.get(cls.CACHE_KEY)
        if obj is None:
            obj = cls.load()
            cache.set(cls.CACHE_KEY, obj, 60 * 60)
        return obj
