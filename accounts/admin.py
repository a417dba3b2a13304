from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm
from .models import User
from .roles import ROLES, role_of
from .two_factor import without_two_factor


class TwoFactorFilter(admin.SimpleListFilter):
    """Staff accounts without an authenticator app (the dashboard links here)."""

    title = _("xác thực hai bước")
    parameter_name = "hai_buoc"

    def lookups(self, request, model_admin):
        return [("chua", _("Tài khoản quản trị chưa bật"))]

    def queryset(self, request, queryset):
        if self.value() == "chua":
            return without_two_factor(queryset)
        return queryset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    change_password_form = AdminPasswordChangeForm  # its warning in Vietnamese
    list_display = ("username", "display_name", "role", "email", "is_active", "last_login")
    list_filter = ("groups", "is_active", "is_staff", "is_superuser", TwoFactorFilter)
    search_fields = ("username", "display_name", "first_name", "last_name", "email")
    form = UserChangeForm
    add_form = UserCreationForm
    # Other groups (none of the roles) are a superuser's, in the advanced part.
    filter_horizontal = ("groups",)

    # Inlines that apps above this one add to the user's change page (news
    # appends the sections a user works in), so accounts imports none of them.
    extra_inlines = []

    def get_fieldsets(self, request, obj=None):
        # The role is one choice (accounts.forms.RoleField); a superuser may also
        # put the user in groups that are no role (see GroupAdmin).
        advanced = ("is_superuser", "groups") if request.user.is_superuser else ("is_superuser",)
        if obj is None:
            fields = ("username", "display_name", "email", "role", "password1", "password2")
            return ((None, {"classes": ("wide",), "fields": fields}),)
        return (
            (None, {"fields": ("username", "password")}),
            (
                _("Thông tin cá nhân"),
                {"fields": ("display_name", "first_name", "last_name", "email")},
            ),
            (_("Vai trò"), {"fields": ("is_active", "is_staff", "role")}),
            (_("Quyền nâng cao"), {"classes": ("collapse",), "fields": advanced}),
            (_("Mốc thời gian"), {"fields": ("last_login", "date_joined")}),
        )

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        return inlines if obj is None else [*inlines, *self.extra_inlines]

    @admin.display(description=_("Vai trò"))
    def role(self, obj):
        # An account from before the role field may have several roles at once.
        several = [group.name for group in obj.groups.all() if group.name in ROLES]
        if len(several) > 1 and not obj.is_superuser:
            return " + ".join(sorted(several))
        return role_of(obj) or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # The roles are the role field's; this field (a superuser's only, see
        # get_fieldsets) holds the other groups, which may hold any permission.
        if db_field.name == "groups":
            kwargs["queryset"] = Group.objects.exclude(name__in=ROLES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # Only a superuser may create or change another superuser.
        if not request.user.is_superuser:
            fields.append("is_superuser")
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # Newsroom accounts log in to the admin; the role gives their rights.
        if form.cleaned_data.get("role"):
            obj.is_staff = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # the other groups, if shown
        form.save_role(form.instance)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    """Groups and their permissions: only superusers add, change or delete them.

    Whoever may change a group may give their own group every permission, and
    so all the rights of a superuser. The roles' permissions are defined in
    accounts/roles.py and re-applied by migrations and ``manage.py sync_roles``,
    so nobody else needs to edit them here; the admin role may still look at
    them (auth.view_group). Checked here as well as left out of that role, so a
    permission handed out some other way does not reopen it.
    """

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """The audit trail: who created, edited, published, unpublished or deleted what."""

    list_display = ("action_time", "user", "content_type", "object_link", "action", "message")
    list_filter = ("action_flag", "content_type", ("user", admin.RelatedOnlyFieldListFilter))
    search_fields = ("object_repr", "change_message", "user__username", "user__display_name")
    date_hierarchy = "action_time"
    list_select_related = ("user", "content_type")

    @admin.display(description=_("Đối tượng"))
    def object_link(self, obj):
        return obj.object_repr

    @admin.display(description=_("Thao tác"), ordering="action_flag")
    def action(self, obj):
        return {ADDITION: _("Tạo"), CHANGE: _("Sửa"), DELETION: _("Xóa")}.get(obj.action_flag, "")

    @admin.display(description=_("Chi tiết"))
    def message(self, obj):
        return obj.get_change_message()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
