"""The newsroom's pages on the admin site (see ``core.adminsite.PortalAdminSite.register_view``)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from editorial.permissions import can_publish
from news.models import Article

from . import dashboard, views


def may_read_reports(user):
    """Editors and admins: whoever may publish articles answers for what was published."""
    return can_publish(user, Article)


admin.site.register_view(
    "bao-cao/",
    views.report_view,
    name="newsroom_publication_report",
    allowed=may_read_reports,
    title=_("Báo cáo xuất bản"),
)
admin.site.register_view(
    "bao-cao/xlsx/",
    views.export_view,
    name="newsroom_publication_report_xlsx",
    allowed=may_read_reports,
)

admin.site.register_dashboard(dashboard.context, "admin/newsroom/dashboard.html")
