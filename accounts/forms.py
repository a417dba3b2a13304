"""Django's account forms, where they need more than a translation."""

from django.contrib.auth import forms as auth_forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class AdminPasswordChangeForm(auth_forms.AdminPasswordChangeForm):
    """Django's, with its warning in Vietnamese.

    Django appends "If disabled, the current password for this user will be
    lost." to the help text as plain English, out of any catalogue's reach.
    """

    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        auth_forms.SetUnusablePasswordMixin.usable_password_help_text,
        _("Nếu tắt, mật khẩu hiện tại của người dùng này sẽ mất."),
    )
