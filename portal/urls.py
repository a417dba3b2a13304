from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.two_factor import LoginForm
from news.sitemaps import SITEMAPS
from news.views import robots_txt

admin.site.site_header = _("Quản trị cổng thông tin")
admin.site.site_title = _("Quản trị")
admin.site.index_title = _("Tòa soạn")
admin.site.login_form = LoginForm

urlpatterns = [
    path("admin/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS, "template_name": "news/sitemap.xml"},
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots"),
    path("", include("news.urls")),
]

handler500 = "news.views.server_error"

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
