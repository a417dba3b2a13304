"""The refusal pages (403 and a failed CSRF check), in Vietnamese and in the right frame.

A refused admin page (a contributor opening the publication report) keeps the
admin's header and menu; a refused public page keeps the portal's. Django's
own are a bare English "403 Forbidden" and "Forbidden (403) CSRF verification
failed".
"""

from django.contrib import admin
from django.http import HttpResponseForbidden
from django.template import loader
from django.utils.translation import gettext as _

from core.urlspace import admin_prefix


def permission_denied(request, exception=None):
    """``handler403``: why the page is refused, where to go instead."""
    reason = str(exception or "")
    # A refusal of ours says why, in Vietnamese (``workflow``, ``PermissionDenied(_("…"))``);
    # one raised bare, or by a library, has no message a reader should see.
    reason = reason if reason and not reason.isascii() else ""
    return _refusal(request, "refused", reason)


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a form sent from an old page, or without its cookie."""
    return _refusal(request, "csrf", "")


def _refusal(request, kind, reason):
    context = {"kind": kind, "reason": reason}
    if request.path.startswith(admin_prefix()):
        context.update(
            admin.site.each_context(request),
            title=_("Không gửi được biểu mẫu") if kind == "csrf" else _("Không có quyền truy cập"),
        )
        body = loader.render_to_string("admin/refused.html", context, request)
    else:
        body = loader.render_to_string("403.html", context, request)
    return HttpResponseForbidden(body)
