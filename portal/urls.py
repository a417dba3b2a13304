from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Quản trị cổng thông tin")
admin.site.site_title = _("Quản trị")
admin.site.index_title = _("Tòa soạn")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("news.urls")),
]

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
