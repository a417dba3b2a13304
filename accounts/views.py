from base64 import b32encode

import django_otp
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .two_factor import TokenForm, device_for, qr_svg, requires_two_factor


@never_cache
@staff_member_required
def two_factor(request):
    """Set up 2FA (scan the QR code, confirm a code) or verify this session."""
    device = device_for(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].replace(" ", "")):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                messages.success(request, _("Đã bật bảo mật 2 lớp cho tài khoản của bạn."))
            django_otp.login(request, device)
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                target = "/admin/"
            return redirect(target or "/admin/")
        form.add_error("token", _("Mã không đúng hoặc đã hết hạn; hãy thử mã mới."))
    context = {
        **admin.site.each_context(request),
        "title": _("Bảo mật 2 lớp"),
        "device": device,
        "form": form,
        "required": requires_two_factor(request.user),
        "qr": None if device.confirmed else qr_svg(device.config_url),
        "secret": None if device.confirmed else b32encode(device.bin_key).decode(),
    }
    return TemplateResponse(request, "accounts/two_factor.html", context)
