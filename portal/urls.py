"""The site's URLs: each app's, mounted in one place.

Order matters: the news app's section and article patterns (``/<slug>/``)
catch what nothing above them took, so every fixed path comes first, and
``core.urlspace`` reads the paths they take from here.
"""

import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from django.views.static import serve

from accounts.two_factor import LoginForm

admin.site.site_header = _("Quản trị cổng thông tin")
admin.site.site_title = _("Quản trị")
admin.site.index_title = _("Tòa soạn")
admin.site.login_form = LoginForm

# Bookmarks from before the photo library and the site settings had apps of
# their own (their admin pages were under news/).
MOVED_ADMIN = [
    re_path(
        rf"^admin/news/{old}/(?P<rest>.*)$",
        RedirectView.as_view(url=f"/admin/{new}/%(rest)s", permanent=True, query_string=True),
    )
    for old, new in (("image", "images/image"), ("sitesettings", "core/sitesettings"))
]

urlpatterns = [
    *MOVED_ADMIN,
    path("admin/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("public.urls")),
    path("van-ban/", include("documents.urls")),
    path("", include("news.urls")),
]

handler403 = "core.errors.permission_denied"
handler404 = "public.views.page_not_found"
handler500 = "public.views.server_error"

# Media are nginx's job in production (README). `make run` and `make serve`
# (a local production try-out) ask the app to serve them: PORTAL_SERVE_MEDIA.
if (settings.DEBUG or settings.PORTAL_SERVE_MEDIA) and settings.MEDIA_URL.startswith("/"):
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns.insert(
        0, re_path(rf"^{prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )
