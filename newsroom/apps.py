from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    """The newsroom's own tools in the admin: reports (and, later, the editors' dashboard).

    It reads the content apps and nothing imports it (``public | newsroom`` in
    the import contract).
    """

    name = "newsroom"
    verbose_name = _("Công cụ tòa soạn")
