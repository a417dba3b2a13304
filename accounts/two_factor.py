"""Two-factor authentication (TOTP, through django-otp) for newsroom staff.

Required for the admin role (and superusers), offered to everyone else: a user
who has confirmed an authenticator app must give its 6-digit code at login.
"""

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import ADMIN


def requires_two_factor(user):
    if not getattr(settings, "PORTAL_ADMIN_2FA_REQUIRED", True):
        return False
    return user.is_superuser or user.groups.filter(name=ADMIN).exists()


def qr_svg(text):
    """An inline SVG QR code (no script, no external request)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


class LoginForm(AdminAuthenticationForm):
    """The admin login, with a code field for users who turned on 2FA."""

    otp_token = forms.CharField(
        label=gettext_lazy("Mã xác thực (nếu đã bật bảo mật 2 lớp)"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and django_otp.user_has_device(user):
            token = (cleaned.get("otp_token") or "").strip().replace(" ", "")
            if not token:
                raise ValidationError(
                    _("Tài khoản này đã bật bảo mật 2 lớp: hãy nhập mã 6 số từ ứng dụng xác thực."),
                    code="otp_required",
                )
            device = django_otp.match_token(user, token)
            if device is None:
                raise ValidationError(_("Mã xác thực không đúng hoặc đã hết hạn."), code="otp")
            user.otp_device = device  # django_otp marks the session verified at login
        return cleaned


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Mã 6 số trong ứng dụng xác thực"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class RequireTwoFactorMiddleware:
    """Admins must set up and use 2FA before they can use the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.path.startswith("/admin/")
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and not user.is_verified()
            and requires_two_factor(user)
        ):
            allowed = (reverse("accounts:two_factor"), reverse("admin:logout"))
            if request.path not in allowed and not request.path.startswith("/admin/jsi18n"):
                return redirect(f"{allowed[0]}?next={request.path}")
        return self.get_response(request)


def without_two_factor(users):
    """The active staff accounts among ``users`` that have no confirmed authenticator app."""
    return users.filter(is_active=True, is_staff=True).exclude(totpdevice__confirmed=True)


def device_for(user):
    """The user's TOTP device: the confirmed one, or a pending one to confirm."""
    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)
    return device
