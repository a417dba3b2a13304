"""Django's account forms, where they need more than a translation."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.models import Group
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .roles import MEANINGS, ROLES


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


def _role_label(name):
    return format_html("<strong>{}</strong><br><small>{}</small>", name, MEANINGS[name])


class RoleField(forms.ChoiceField):
    """One of the roles (``accounts.roles``), each with what it may do, or none."""

    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        choices = [
            ("", format_html("<strong>{}</strong>", _("Không có vai trò"))),
            *[(name, _role_label(name)) for name in ROLES],
        ]
        super().__init__(choices=choices, required=False, label=_("Vai trò"), **kwargs)


class RoleFormMixin(forms.Form):
    """The user's role as one choice, instead of Django's two lists of groups.

    A role is a group (``accounts.roles``). Saving writes the chosen role's
    group in place of the user's role groups; groups that are no role (a
    superuser's, on the advanced part of the form) are kept. A user who has
    several roles at once (an account from before this form) is shown so, with
    no choice made: saved untouched, they keep them all.
    """

    role = RoleField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance
        self.role_groups = (
            list(user.groups.filter(name__in=ROLES).order_by("name")) if user.pk else []
        )
        field = self.fields["role"]
        if len(self.role_groups) == 1:
            field.initial = self.role_groups[0].name
        elif self.role_groups:
            field.initial = None
            field.help_text = format_html(
                '<span class="role-legacy">{}</span>',
                _(
                    "Tài khoản này đang có cùng lúc nhiều vai trò (%(roles)s) từ trước; quyền là "
                    "tổng các vai trò đó. Chọn một vai trò để chỉ giữ vai trò ấy; để trống thì "
                    "giữ nguyên."
                )
                % {"roles": ", ".join(group.name for group in self.role_groups)},
            )
        else:
            field.initial = ""

    def save_role(self, user):
        """After the form's groups (if any) were saved: the user's role groups."""
        if "role" in self.changed_data or not self.role_groups:
            role = self.cleaned_data.get("role")
            keep = list(Group.objects.filter(name=role)) if role else []
        else:
            keep = self.role_groups
        user.groups.remove(
            *Group.objects.filter(name__in=ROLES).exclude(pk__in=[g.pk for g in keep])
        )
        user.groups.add(*keep)


class UserChangeForm(RoleFormMixin, auth_forms.UserChangeForm):
    pass


class UserCreationForm(RoleFormMixin, auth_forms.AdminUserCreationForm):
    pass
