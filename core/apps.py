from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Thông tin chung")

    def ready(self):
        from django.urls import register_converter

        from . import checks, signals  # noqa: F401 - checks register on import
        from .numbers import IdConverter

        signals.connect()
        register_converter(IdConverter, "id")
