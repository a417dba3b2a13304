"""What every admin page of the portal shares, and the site settings page."""

from django.contrib import admin

from .models import SiteSettings


class PortalAdminMedia:
    css = {"all": ["core/admin.css"]}


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "phone", "email", "updated_at")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
