from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .forms import AdminPasswordChangeForm
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
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("display_name", "first_name", "last_name", "email")}),
        (_("Vai trò"), {"fields": ("is_active", "is_staff", "groups")}),
        (_("Quyền nâng cao"), {"classes": ("collapse",), "fields": ("is_superuser",)}),
        (_("Mốc thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "display_name",
                    "email",
                    "groups",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    filter_horizontal = ("groups",)
    # Inlines that apps above this one add to the user's change page (news
    # appends the sections a user works in), so accounts imports none of them.
    extra_inlines = []

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        return inlines if obj is None else [*inlines, *self.extra_inlines]

    @admin.display(description=_("Vai trò"))
    def role(self, obj):
        return role_of(obj) or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Other groups are a superuser's (see GroupAdmin): the admin role hands
        # out the three roles, never a group that may hold any permission.
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=ROLES)
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
        if form.cleaned_data.get("groups"):
            obj.is_staff = True
        super().save_model(request, obj, form, change)


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
