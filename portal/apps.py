from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's admin app, with our site as ``admin.site`` (see core/adminsite.py)."""

    default_site = "core.adminsite.PortalAdminSite"
