"""The newsroom's admin for any ``Publishable``: workflow, version check, trash, revisions, preview.

A content app's ModelAdmin subclasses ``PublishableAdmin`` and its form
``PublishableForm``, and says only what is its own (fields, columns, the
preview view). Everything here works through Django's documented hooks
(``get_queryset``, ``has_*_permission``, ``save_model``, actions) and
django-reversion's views, guarded so they apply the same rules.
"""

import copy
import datetime as dt
import json

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from core.admin import PortalAdminMedia, UploadsCheckedFirst
from core.display import WEEKDAYS
from core.numbers import parse_int
from search import search

from . import permissions, queues, workflow
from .models import Autosave, Publishable, ReviewNote, Status
from .visibility import VisibleChoices, VisibleRevisions, hidden_choice_message  # noqa: F401

# Autosave: the browser posts the form this long after the last change (and
# when the tab is hidden). A long article's form is ~60 KB; a post above the
# limit is refused (the browser keeps the text and says so).
AUTOSAVE_DELAY_MS = 5000
AUTOSAVE_MAX_BYTES = 1024 * 1024
OTHER_TAB_WINDOW = dt.timedelta(minutes=2)
# Fieldsets holding one of these go to the writing screen's side panel.
SIDE_FIELDS = {
    "status",
    "category",
    "published_at",
    "cover_image",
    "featured",
    "classification",
    "circulation",
    "author",
}


class Move:
    """A workflow button of the writing screen: the status it moves to, its words."""

    def __init__(self, status, label, done, help_text=""):
        self.status, self.label, self.done, self.help_text = status, label, done, help_text


# The name the buttons post, and what each value does (``PublishableForm._clean_move``).
WORKFLOW_FIELD = "_workflow"
MOVES = {
    "gui-duyet": Move(
        Status.PENDING,
        gettext_lazy("Gửi duyệt"),
        gettext_lazy("Đã lưu và gửi duyệt “%(title)s”. Biên tập viên sẽ xem và xuất bản."),
        gettext_lazy("Lưu và gửi bài cho biên tập viên duyệt"),
    ),
    "xuat-ban": Move(
        Status.PUBLISHED,
        gettext_lazy("Xuất bản"),
        gettext_lazy("Đã lưu và xuất bản “%(title)s”."),
        gettext_lazy("Lưu và đăng ngay lên trang"),
    ),
    "hen-gio": Move(
        Status.PUBLISHED,
        gettext_lazy("Hẹn giờ đăng"),
        gettext_lazy("Đã lưu và hẹn giờ đăng “%(title)s” lúc %(when)s."),
        gettext_lazy("Lưu và tự đăng vào thời điểm xuất bản đã chọn"),
    ),
    "thu-hoi": Move(
        Status.UNPUBLISHED,
        gettext_lazy("Gỡ xuống"),
        gettext_lazy("Đã lưu và gỡ “%(title)s” khỏi trang."),
        gettext_lazy("Lưu và gỡ khỏi trang công khai"),
    ),
}


class PublishableForm(forms.ModelForm):
    """The workflow check and the optimistic version check, for any Publishable."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    request = None  # set by PublishableAdmin.get_form
    model_admin = None  # the same: what this user may see is its get_queryset()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.hidden_choices = self._hidden_choices()
        model = self._meta.model
        if self.instance.pk:
            # The version stored now, when the form is opened (also right when
            # restoring an old revision, whose own version number is older).
            stored = (
                model._base_manager.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            self.fields["expected_version"].initial = stored
        user = self.request.user if self.request else None
        if "status" in self.fields and not permissions.can_publish(user, model):
            allowed = {Status.DRAFT, Status.PENDING, self.instance.status}
            self.fields["status"].choices = [
                (value, label) for value, label in Status.choices if value in allowed
            ]

    def _hidden_choices(self):
        """{field: ids} of items chosen in a many-to-many field that this user may not see."""
        hidden = {}
        if not self.instance.pk:
            return hidden
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if not isinstance(field, forms.ModelMultipleChoiceField) or queryset is None:
                continue
            if not issubclass(queryset.model, Publishable):
                continue
            try:
                chosen = set(getattr(self.instance, name).values_list("pk", flat=True))
            except (AttributeError, ValueError):
                continue
            shown = set(queryset.filter(pk__in=chosen).values_list("pk", flat=True))
            if chosen - shown:
                hidden[name] = chosen - shown
        return hidden

    def keep_hidden_choices(self, cleaned):
        """What the user chose, plus the chosen items they may not see (and so could not keep)."""
        for name, ids in self.hidden_choices.items():
            if name in cleaned and cleaned[name] is not None:
                model = self.fields[name].queryset.model
                mine = set(cleaned[name].values_list("pk", flat=True))
                cleaned[name] = model._base_manager.filter(pk__in=mine | ids)

    def clean(self):
        cleaned = super().clean()
        self.keep_hidden_choices(cleaned)
        user = self.request.user if self.request else None
        if self.instance.pk:
            self._check_version(cleaned.get("expected_version"))
        self.workflow_move = None
        if self.data.get(WORKFLOW_FIELD) and user is not None:
            self._clean_move(cleaned, self.data.get(WORKFLOW_FIELD), user)
            return cleaned
        new_status = cleaned.get("status")
        if new_status and user is not None:
            original = self.original()
            try:
                workflow.check(original, new_status, user)
            except workflow.TransitionError as exc:
                raise ValidationError({"status": str(exc)}) from None
        return cleaned

    def _clean_move(self, cleaned, move, user):
        """A workflow button was pressed: save the form and make that move.

        The same check as a change of the status select (``workflow.check``),
        then ``save_model`` makes the move through ``workflow.transition()``.
        """
        if move not in MOVES:
            self.add_error(None, _("Thao tác không hợp lệ. Hãy dùng các nút dưới bài."))
            return
        target = MOVES[move].status
        if self.errors:
            return  # the form's own errors first; check() needs its values
        try:
            workflow.check(self.original(), target, user)
        except workflow.TransitionError as exc:
            self.add_error(None, str(exc))
            return
        now = timezone.now()
        if move == "xuat-ban" and "published_at" in self.fields:
            cleaned["published_at"] = now  # "Xuất bản" is now, whatever the time field says
        elif move == "hen-gio":
            when = cleaned.get("published_at") if "published_at" in self.fields else None
            if when is None:
                self.add_error(
                    "published_at" if "published_at" in self.fields else None,
                    _("Hãy chọn ngày giờ đăng ở ô “Thời điểm xuất bản” rồi bấm “Hẹn giờ đăng”."),
                )
                return
            if when <= now:
                local = timezone.localtime(when)
                self.add_error(
                    "published_at",
                    _(
                        "Thời điểm %(when)s đã qua, không hẹn giờ đăng được. Hãy chọn một "
                        "thời điểm trong tương lai, hoặc bấm “Xuất bản” để đăng ngay."
                    )
                    % {"when": f"{local:%H:%M %d/%m/%Y}"},
                )
                return
        if "status" in self.fields:
            cleaned["status"] = target
        self.workflow_move = move

    def original(self):
        """The item as stored before this request changed anything.

        While a revision is restored, the database already holds the old
        revision (django-reversion reverts first, then runs this form), so the
        state saved before the revert is taken from the request.
        """
        model = self._meta.model
        base = getattr(self.request, "revert_base", None)
        if base is not None:
            original = copy.copy(base)
        elif self.instance.pk:
            original = model._base_manager.get(pk=self.instance.pk)
        else:
            original = model(status=Status.DRAFT, author=self.request.user)
        # With what this form would store, but the status it has now: whether
        # it may be published can depend on the form (a document's secrecy).
        for name, value in self.cleaned_data.items():
            if name != "status" and name in _fields(model):
                setattr(original, name, value)
        return original

    def _check_version(self, expected):
        # Lock the row until this request's transaction ends, so two saves
        # cannot both pass the check.
        current = (
            self._meta.model._base_manager.select_for_update(of=("self",))
            .filter(pk=self.instance.pk)
            .select_related("last_edited_by")
            .first()
        )
        if current is None or expected is None or current.version == expected:
            return
        who = current.last_edited_by.byline_name if current.last_edited_by else _("người khác")
        when = timezone.localtime(current.updated_at)
        raise ValidationError(
            _(
                "Không lưu được: %(who)s đã lưu bài này lúc %(when)s, sau khi bạn mở trang. "
                "Nội dung bạn soạn vẫn còn trên màn hình. Hãy mở bài trong thẻ mới để xem "
                "bản mới nhất, chép phần thay đổi của bạn sang đó rồi lưu."
            )
            % {"who": who, "when": f"{when:%H:%M:%S %d/%m/%Y}"},
            code="stale",
        )


def _fields(model):
    return {f.name for f in model._meta.concrete_fields if not f.primary_key}


def _to_second(moment):
    return moment.replace(microsecond=0) if moment else moment


class StatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("trạng thái")
    parameter_name = queues.STATUS_PARAMETER

    def lookups(self, request, model_admin):
        return [
            *Status.choices[:2],
            (queues.SCHEDULED, _("Hẹn giờ")),
            (queues.LIVE, _("Đang hiển thị")),
            (queues.TODAY, _("Xuất bản hôm nay")),
            (Status.UNPUBLISHED.value, Status.UNPUBLISHED.label),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value in {queues.SCHEDULED, queues.LIVE, queues.TODAY, *Status.values}:
            return queryset.filter(queues.status_q(value))
        return queryset


class MineFilter(admin.SimpleListFilter):
    """The items the user wrote (their author), whatever their status."""

    title = gettext_lazy("người viết")
    parameter_name = queues.MINE_PARAMETER

    def lookups(self, request, model_admin):
        return [("1", _("Của tôi"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(queues.mine_q(request.user))
        return queryset


class ReturnedFilter(admin.SimpleListFilter):
    """Drafts an editor sent back with a note (``workflow.send_back``) not yet resubmitted."""

    title = gettext_lazy("trả lại")
    parameter_name = queues.RETURNED_PARAMETER

    def lookups(self, request, model_admin):
        return [("1", _("Bị trả lại"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(queues.returned_q(queryset.model))
        return queryset


class UnownedFilter(admin.SimpleListFilter):
    """Items without an author (imported without --author), which no one's "mine" lists."""

    title = gettext_lazy("người viết")
    parameter_name = queues.UNOWNED_PARAMETER

    def lookups(self, request, model_admin):
        return [("1", _("Chưa có người viết"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(queues.UNOWNED_Q)
        return queryset


class TrashFilter(admin.SimpleListFilter):
    """Deleted items are kept (soft delete) and listed here until purged."""

    title = gettext_lazy("thùng rác")
    parameter_name = queues.TRASH_PARAMETER

    def lookups(self, request, model_admin):
        return [("1", _("Đã xóa"))]

    def queryset(self, request, queryset):
        return queryset.filter(queues.IN_TRASH if self.value() == "1" else queues.NOT_DELETED)


class PublishableAdmin(VisibleRevisions, VisibleChoices, UploadsCheckedFirst, CompareVersionAdmin):
    form = PublishableForm
    list_filter = (TrashFilter, StatusFilter)
    # The slices' tabs above Django's list (``queue_tabs``).
    change_list_template = "admin/editorial/change_list.html"
    actions = ("submit_for_review", "publish_now", "unpublish", "restore", "purge")
    # The fields only the workflow writes, shown on the change page.
    info_fields = ("author", "published_by", "last_edited_by", "version", "updated_at")
    # Fields only those who may publish change.
    publisher_fields = ("published_at",)
    preview_view_class = None  # a public detail view taking ``obj=``, for "Xem trước"
    add_label = None  # the dashboard's "add" button; default "Thêm <verbose_name>"
    # The writing screen (templates/admin/editorial/change_form.html): which
    # field is the title (counted, with a length hint), the lead (counted),
    # the slug (previewed as the server will make it) and the body. None: none.
    change_form_template = "admin/editorial/change_form.html"
    title_field = "title"
    title_length = (60, 100)
    lead_field = "lead"
    slug_field = "slug"

    class Media(PortalAdminMedia):
        # The rich-text editor's words in Vietnamese; a classic script, so it runs
        # before the editor's modules read window.gettext.
        js = ["editorial/prose-editor-vi.js"]

    # ------------------------------------------------------------ form

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.info_fields)
        if not permissions.can_publish(request.user, self.model):
            fields += list(self.publisher_fields)
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request": request, "model_admin": self})

    def get_content_fieldsets(self, request, obj=None):
        """The content app's fieldsets; a content app's admin overrides this one."""
        return super().get_fieldsets(request, obj)

    def get_fieldsets(self, request, obj=None):
        """The content app's fieldsets, those about publishing marked for the side panel."""
        fieldsets = []
        for name, options in self.get_content_fieldsets(request, obj):
            names = set(flatten_fieldsets([(name, options)]))
            if names & SIDE_FIELDS or names == set(self.info_fields):
                options = {**options, "classes": [*options.get("classes", []), "writing-side"]}
            fieldsets.append((name, options))
        return fieldsets

    # ------------------------------------------------------------ list columns

    @admin.display(description=gettext_lazy("Trạng thái"), ordering="status")
    def status_badge(self, obj):
        css = "scheduled" if obj.is_scheduled else obj.status
        return format_html(
            '<span class="status-badge status-{}">{}</span>', css, workflow.describe(obj)
        )

    def row_links(self, obj):
        """ "Xem trước" (the page as the public would see it, drafts included) and,
        once it is live, "Trang công khai" (the public page itself)."""
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_preview", args=[obj.pk])
        links = [(url, _("Xem trước"))]
        if obj.is_published() and obj.deleted_at is None:
            links.append((obj.get_absolute_url(), _("Trang công khai")))
        return format_html(
            '<span class="row-links">{}</span>',
            format_html_join(" · ", '<a href="{}" target="_blank" rel="noopener">{}</a>', links),
        )

    def list_title(self, obj, text=None):
        """The title column: the title (to the edit page), the quick links under it.

        Content admins show it with ``list_display_links = None`` (the cell holds
        its own links) and their own ``admin.display`` for the ordering.
        """
        opts = self.model._meta
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        return format_html(
            '<a class="row-title" href="{}">{}</a>{}',
            change,
            str(obj) if text is None else text,
            self.row_links(obj),
        )

    # ------------------------------------------------------------ permissions

    def get_queryset(self, request):
        user = request.user
        # Only what the user works on at all (news: their sections), for the
        # list, its tabs, the dashboard and every object view alike.
        queryset = super().get_queryset(request).within_scope(user)
        if permissions.can_edit_any(user, self.model):
            return queryset  # TrashFilter hides deleted items by default
        queryset = queryset.filter(deleted_at__isnull=True)
        # Contributors see their own items and others' published ones.
        return queryset.filter(Q(author=user) | Q(status=Status.PUBLISHED))

    def get_ordering(self, request):
        """The order the list's header marks (the model's ``Meta.ordering``), for every role.

        The header's arrow is drawn from that ordering, so rows sorted any other
        way (contributors once had their own items first) contradict it; their
        own items are the "Của tôi" tab. A descending date that is not set yet
        (a draft's publication time) sorts first on both databases: PostgreSQL
        puts NULLs first there, SQLite last.
        """
        ordering = super().get_ordering(request) or self.model._meta.ordering
        nullable = {field.name for field in self.model._meta.fields if field.null}
        return [
            F(name[1:]).desc(nulls_first=True)
            if isinstance(name, str) and name[:1] == "-" and name[1:] in nullable
            else name
            for name in ordering
        ]

    # ------------------------------------------------------------ list tabs

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if MineFilter not in filters:
            filters.insert(0, MineFilter)
        if ReturnedFilter not in filters:
            filters.append(ReturnedFilter)
        if UnownedFilter not in filters and permissions.can_edit_any(request.user, self.model):
            filters.append(UnownedFilter)
        return filters

    def queue_tabs(self, request):
        """The tabs above the list: each slice's label, link, count and whether it is on.

        One query, over the same queryset as the list, with the same conditions
        as its filters (``editorial.queues``): a tab's count is the number of
        rows its link lists.
        """
        names = [
            name
            for name in queues.TABS
            if name != "trash" or permissions.can_edit_any(request.user, self.model)
        ]
        counts = queues.count(self.get_queryset(request), request.user, names)
        return [
            {
                "label": queues.label(name),
                "url": "?" + urlencode(queues.query(name)),
                "count": counts[name],
                "current": queues.is_current(name, request.GET),
            }
            for name in names
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {"queue_tabs": self.queue_tabs(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def reversion_register(self, model, **kwargs):
        # The version counter guards against concurrent edits; restoring an old
        # revision must not roll it back.
        kwargs["exclude"] = ("version",)
        super().reversion_register(model, **kwargs)

    def _works_on_none(self, request):
        """A user limited to other kinds' items (``editorial.scopes``) has no business here."""
        return self.model.scope_excludes_all(request.user)

    def has_module_permission(self, request):
        return super().has_module_permission(request) and not self._works_on_none(request)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and not self._works_on_none(request)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not self._works_on_none(request)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj) or self._works_on_none(request):
            return False
        return obj is None or permissions.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.allows(request.user, "review"):
            return False
        return super().has_delete_permission(request, obj) and permissions.can_publish(
            request.user, self.model
        )

    def has_publish_permission(self, request):
        return permissions.can_publish(request.user, self.model)

    def has_purge_permission(self, request):
        return permissions.can_purge(request.user, self.model)

    def get_actions(self, request):
        # Django's bulk delete becomes our soft delete ("delete_selected" calls
        # delete_queryset), so it stays; the rest depends on the trash view.
        actions = super().get_actions(request)
        in_trash = request.GET.get(TrashFilter.parameter_name) == "1"
        for name in (
            ("restore", "purge")
            if not in_trash
            else ("submit_for_review", "publish_now", "unpublish", "delete_selected")
        ):
            actions.pop(name, None)
        return actions

    # Deleting keeps the item (soft delete) until an admin purges it.

    def delete_model(self, request, obj):
        workflow.soft_delete(obj, request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            try:
                workflow.soft_delete(obj, request.user)
            except workflow.TransitionError as exc:  # outside the user's limits
                self.message_user(request, f"{obj}: {exc}", messages.ERROR)

    @admin.action(description=gettext_lazy("Khôi phục từ thùng rác"), permissions=["delete"])
    def restore(self, request, queryset):
        count = 0
        for obj in queryset.filter(deleted_at__isnull=False):
            try:
                workflow.restore(obj, request.user)
            except workflow.TransitionError as exc:  # outside the user's limits
                self.message_user(request, f"{obj}: {exc}", messages.ERROR)
                continue
            count += 1
        self.message_user(request, _("Đã khôi phục %(count)d mục.") % {"count": count})

    @admin.action(description=gettext_lazy("Xóa vĩnh viễn"), permissions=["purge"])
    def purge(self, request, queryset):
        deleted = list(queryset.filter(deleted_at__isnull=False))
        self.log_deletions(request, deleted)
        for obj in deleted:
            obj.delete()
        count = len(deleted)
        self.message_user(request, _("Đã xóa vĩnh viễn %(count)d mục.") % {"count": count})

    # ------------------------------------------------------------ saving

    def save_model(self, request, obj, form, change):
        base = getattr(request, "revert_base", None)
        if base is not None:
            self._keep_stored_fields(obj, base, form)
            stored = {"version": obj.version, "status": base.status, "at": base.published_at}
        else:
            stored = (
                self.model._base_manager.filter(pk=obj.pk)
                .values("version", "status", at=F("published_at"))
                .first()
            )
        if not obj.author_id:
            obj.author = request.user
        obj.last_edited_by = request.user
        obj.version = (stored["version"] + 1) if stored else 1
        move = getattr(form, "workflow_move", None)
        new_status = MOVES[move].status if move else obj.status
        old_status = obj.status = stored["status"] if stored else Status.DRAFT
        published_at = obj.published_at
        moved = stored is not None and _to_second(published_at) != _to_second(stored["at"])
        if stored is not None and not moved:
            obj.published_at = stored["at"]  # the form shows whole seconds only
        if new_status != obj.status or (new_status == Status.PUBLISHED and moved):
            try:
                workflow.transition(obj, new_status, request.user, published_at=published_at)
            except workflow.TransitionError as exc:  # checked in the form already
                raise PermissionDenied(str(exc)) from exc
            # For the history (log_change) and the page after (response_change).
            request.editorial_done = workflow.done_message(obj, old_status, new_status)
        else:
            obj.save()
        request.editorial_move = move
        # Saved for real: the autosave slot of this item (and of the "add"
        # page it came from) has served its purpose.
        slots = Q(object_id=obj.pk)
        if not change:
            slots |= Q(object_id__isnull=True)
        self._autosaves(request).filter(slots).delete()

    def log_change(self, request, obj, message):
        """The history says what the workflow did ("Đã xuất bản."), not which field changed."""
        done = getattr(request, "editorial_done", None)
        if done:
            message = self._with_move(message, done)
        return super().log_change(request, obj, message)

    def log_addition(self, request, obj, message):
        done = getattr(request, "editorial_done", None)
        if done:
            message = _("Đã tạo. %(done)s.") % {"done": done}
        return super().log_addition(request, obj, message)

    def _with_move(self, message, done):
        """``done`` and then the other fields Django's ``message`` says changed."""
        if not isinstance(message, list):
            return f"{done}. {message}" if message else f"{done}."
        labels = {
            str(capfirst(self.model._meta.get_field(name).verbose_name)).lower()
            for name in ("status", "published_at")
        }
        rest = []
        for entry in message:
            changed = entry.get("changed")
            if changed is not None and "object" not in changed:
                fields = [f for f in changed.get("fields", []) if str(f).lower() not in labels]
                if not fields:
                    continue
                entry = {"changed": {**changed, "fields": fields}}
            rest.append(entry)
        text = LogEntry(change_message=json.dumps(rest)).get_change_message() if rest else ""
        return f"{done}. {text}" if text else f"{done}."

    def response_change(self, request, obj):
        move = getattr(request, "editorial_move", None)
        if move and "_continue" not in request.POST:
            return self._after_move(request, obj, move)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        move = getattr(request, "editorial_move", None)
        if move:
            return self._after_move(request, obj, move)
        return super().response_add(request, obj, post_url_continue)

    def _after_move(self, request, obj, move):
        """Back to the item, saying what the button did."""
        when = timezone.localtime(obj.published_at) if obj.published_at else None
        text = MOVES[move].done % {"title": obj, "when": f"{when:%H:%M %d/%m/%Y}" if when else ""}
        self.message_user(request, text, messages.SUCCESS)
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        preserved = {"preserved_filters": self.get_preserved_filters(request), "opts": opts}
        return HttpResponseRedirect(add_preserved_filters(preserved, url))

    def get_view_on_site_url(self, obj=None):
        """ "Xem trên trang web" only for what the public sees; a draft offers "Xem trước"."""
        if obj is None or not obj.is_published():
            return None
        return super().get_view_on_site_url(obj)

    def workflow_buttons(self, request, obj):
        """The writing screen's buttons: the moves this user may make from the item's status.

        Only whether the move and the user's rights allow it (``workflow.check``
        without the content check, which the save with the button makes).
        """
        if getattr(request, "revert_base", None) is not None:
            return []  # restoring a revision: saving it is the one thing to do
        if obj is None or not obj.pk:
            if not self.has_add_permission(request):
                return []
            obj = self.model(status=Status.DRAFT, author=request.user)
        elif not self.has_change_permission(request, obj):
            return []
        user = request.user
        publisher = permissions.can_publish(user, obj)
        status = obj.status
        wanted = []
        if not publisher and status != Status.PENDING:
            wanted.append("gui-duyet")
        if publisher and (status != Status.PUBLISHED or obj.is_scheduled):
            wanted += ["xuat-ban", "hen-gio"]
        if publisher and status == Status.PUBLISHED:
            wanted.append("thu-hoi")
        buttons = []
        for name in wanted:
            move = MOVES[name]
            try:
                workflow.check(obj, move.status, user, content=False)
            except workflow.TransitionError:
                continue
            buttons.append(
                {"value": name, "label": move.label, "help": move.help_text, "name": WORKFLOW_FIELD}
            )
        return buttons

    def _keep_stored_fields(self, obj, base, form):
        """A restored revision changes only what this user's form could change.

        Everything else (trash state, who published, the publication time for
        those who may not publish, ...) stays as stored, so a revert can never
        undo the workflow behind its back; status changes go through
        ``workflow.transition()`` in ``save_model`` like any other save.
        """
        for field in self.model._meta.concrete_fields:
            if field.primary_key or field.name in form.fields:
                continue
            setattr(obj, field.attname, getattr(base, field.attname))

    # ------------------------------------------------------------ actions

    def _run(self, request, queryset, status, done_message, published_at=None):
        done, failed = 0, []
        for obj in queryset:
            needed = "review" if status in workflow.PUBLISHING else "write"
            refusal = obj.scope_refusal(request.user, needed)
            if refusal:
                failed.append(f"{obj}: {refusal}")
                continue
            if not permissions.can_edit(request.user, obj):
                failed.append(f"{obj}: {_('bạn không có quyền sửa mục này')}")
                continue
            try:
                with transaction.atomic(), reversion.create_revision():
                    old_status = obj.status
                    obj.last_edited_by = request.user
                    obj.version += 1
                    workflow.transition(obj, status, request.user, published_at=published_at)
                    reversion.set_user(request.user)
                    reversion.set_comment(workflow.done_message(obj, old_status, status) + ".")
                done += 1
            except workflow.TransitionError as exc:
                failed.append(f"{obj}: {exc}")
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        for line in failed:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=gettext_lazy("Gửi duyệt"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._run(request, queryset, Status.PENDING, _("Đã gửi duyệt %(count)d mục."))

    @admin.action(description=gettext_lazy("Xuất bản ngay"), permissions=["publish"])
    def publish_now(self, request, queryset):
        self._run(
            request,
            queryset,
            Status.PUBLISHED,
            _("Đã xuất bản %(count)d mục."),
            published_at=timezone.now(),
        )

    @admin.action(description=gettext_lazy("Gỡ bài"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._run(request, queryset, Status.UNPUBLISHED, _("Đã gỡ %(count)d mục."))

    # ------------------------------------------------------------ revisions
    #
    # django-reversion's views (history, compare, revision, recover) look
    # objects up themselves and revert before the admin's checks run. Each is
    # guarded here first, on the object as stored, with the change view's rules.

    def _stored_for_history(self, request, object_id):
        """The stored item, if this user may read its revisions; else 404/403.

        ``get_object`` applies ``get_queryset``, so an item this user may not
        see is "not found", whatever its id (no title leaks).
        """
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("Không tìm thấy."))
        if not permissions.can_read_history(request.user, obj):
            raise PermissionDenied
        return obj

    def history_view(self, request, object_id, extra_context=None):
        self._stored_for_history(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def compare_view(self, request, object_id, extra_context=None):
        self._stored_for_history(request, object_id)
        return super().compare_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # django-reversion reverts inside a transaction, then runs the form.
        self.check_uploads_first(request)
        stored = self._stored_for_history(request, object_id)
        if not self.has_change_permission(request, stored):
            raise PermissionDenied
        # Only this item's own versions (reversion's lookup ignores the model).
        version = get_object_or_404(Version.objects.get_for_object(stored), pk=version_id)
        self._check_revert(request, stored, version.field_dict)
        request.revert_base = stored
        return super().revision_view(request, object_id, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        request.recover_list = True
        return super().recoverlist_view(request, extra_context)

    def _reversion_order_version_queryset(self, request, queryset):
        queryset = super()._reversion_order_version_queryset(request, queryset)
        if getattr(request, "recover_list", False):
            # Purged items a user limited to some sections may not see: their
            # titles stay out of the list too (``Publishable.scope_refusal``).
            allowed = [
                version.pk
                for version in queryset
                if self._instance_of(version).allows(request.user, "review")
            ]
            queryset = queryset.filter(pk__in=allowed)
        return queryset

    def _instance_of(self, version):
        """The (unsaved) object a version of a purged item describes."""
        names = {field.attname for field in self.model._meta.concrete_fields}
        return self.model(**{k: v for k, v in version.field_dict.items() if k in names})

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        self.check_uploads_first(request)
        version = get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        # A purged item comes back out of the trash as a draft; publishing it
        # again is a transition like any other.
        base = self._instance_of(version)
        base.status, base.status_changed_at = Status.DRAFT, None
        base.published_at = base.published_by_id = None
        base.deleted_at = base.deleted_by_id = None
        request.revert_base = base
        return super().recover_view(request, version.pk, extra_context)

    def has_recover_permission(self, request):
        """Recovering purged items is for those who may delete and restore."""
        return self.has_delete_permission(request)

    def _check_revert(self, request, stored, old):
        """Only those who may publish restore a revision with another status or dates."""
        if permissions.can_publish(request.user, stored):
            return
        for name in ("status", "published_at", "deleted_at"):
            if old.get(name) != getattr(stored, name):
                raise PermissionDenied(
                    _(
                        "Phiên bản này có trạng thái hoặc thời điểm xuất bản khác bản hiện tại; "
                        "chỉ biên tập viên mới được khôi phục nó."
                    )
                )

    # ------------------------------------------------------------ search and preview

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        # Every match (newest first), not only the relevance-ranked top results.
        matches = search(self.model._default_manager.all(), term, order="date").values("pk")
        return queryset.filter(pk__in=matches), False

    def get_urls(self):
        opts = self.model._meta
        prefix = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{prefix}_preview",
            ),
            path(
                "tu-dong-luu/",
                self.admin_site.admin_view(self.autosave_view),
                name=f"{prefix}_autosave_add",
            ),
            path(
                "<path:object_id>/tu-dong-luu/",
                self.admin_site.admin_view(self.autosave_view),
                name=f"{prefix}_autosave",
            ),
            path(
                "<path:object_id>/tra-lai/",
                self.admin_site.admin_view(self.send_back_view),
                name=f"{prefix}_send_back",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """Staff-only: the item exactly as the public page renders it."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj) or not self.preview_view_class:
            raise Http404
        # What else the page lists of this kind (a document's relations) is
        # limited to what this user may see, as the rest of the admin is.
        response = self.preview_view_class.as_view(
            preview_of=obj, preview_visible=self.get_queryset(request)
        )(request)
        # The public page, under a banner no one can take for the public page
        # (templates/jinja2/editorial/preview_banner.html, from base.html).
        if getattr(response, "context_data", None) is not None:
            response.context_data["preview_banner"] = self.preview_banner(obj)
        response["X-Robots-Tag"] = "noindex, nofollow"
        add_never_cache_headers(response)
        response["Cache-Control"] = "no-store, " + response["Cache-Control"]
        return response

    def preview_banner(self, obj):
        """What the preview's banner says: that it is a preview, and whether the public sees it."""
        opts = self.model._meta
        kind = str(opts.verbose_name)
        values = {"kind": kind, "status": workflow.describe(obj), "when": ""}
        if obj.is_published():
            text = _("Bản xem trước — %(kind)s đang hiển thị công khai (%(status)s)")
        elif obj.is_scheduled and obj.deleted_at is None:
            values["when"] = f"{timezone.localtime(obj.published_at):%H:%M %d/%m/%Y}"
            text = _(
                "Bản xem trước — %(kind)s hẹn giờ đăng lúc %(when)s, chưa hiển thị (%(status)s)"
            )
        else:
            text = _("Bản xem trước — %(kind)s chưa xuất bản (%(status)s)")
        return {
            "text": text % values,
            "public": obj.is_published(),
            "status_css": "scheduled" if obj.is_scheduled else obj.status,
            "change_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
            ),
            "public_url": obj.get_absolute_url() if obj.is_published() else "",
        }

    # ------------------------------------------------------------ writing screen

    def _autosaves(self, request):
        return Autosave.objects.filter(
            user=request.user, content_type=ContentType.objects.get_for_model(self.model)
        )

    def autosave_view(self, request, object_id=None):
        """POST: keep this user's unsaved form in their slot for the item; JSON.

        The same rules as the change view (or the add view for a new item): a
        user autosaves only what they may edit. ``_discard=1`` empties the
        slot ("Bỏ qua" on the restore offer). Never a revision: one row per
        user and item, updated in place.
        """
        if request.method != "POST":
            return JsonResponse({"error": _("Chỉ nhận POST.")}, status=405)
        obj = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                return JsonResponse({"error": _("Không tìm thấy.")}, status=404)
            if not self.has_change_permission(request, obj):
                return JsonResponse({"error": _("Bạn không có quyền sửa mục này.")}, status=403)
        elif not self.has_add_permission(request):
            return JsonResponse({"error": _("Bạn không có quyền thêm mục này.")}, status=403)
        size = int(request.META.get("CONTENT_LENGTH") or 0)
        if size > AUTOSAVE_MAX_BYTES or len(request.body) > AUTOSAVE_MAX_BYTES:
            return JsonResponse(
                {"error": _("Bản nháp quá lớn để tự lưu; hãy bấm Lưu.")}, status=413
            )
        slot = self._autosaves(request).filter(object_id=obj.pk if obj else None)
        if request.POST.get("_discard"):
            slot.delete()
            return JsonResponse({"discarded": True})
        data = self._draft_data(request, obj)
        raw_version = request.POST.get("expected_version") or ""
        base_version = parse_int(raw_version) if raw_version else None
        if raw_version and base_version is None:
            # The page sends the number it was given: anything else (-5, 41
            # digits) was typed by hand, and the column holds 0 … 2³¹−1.
            return JsonResponse(
                {"error": _("Số phiên bản không hợp lệ: %(value)s.") % {"value": raw_version[:20]}},
                status=400,
            )
        base_version = base_version or None
        if obj is not None and base_version is None:
            base_version = obj.version
        now = timezone.now()
        tab = request.POST.get("_tab", "")[:40]
        # Another tab (or computer) of this user wrote the slot lately: both
        # keep autosaving, but each is told, so neither copy is lost unseen.
        other_tab = (
            bool(tab)
            and slot.filter(saved_at__gte=now - OTHER_TAB_WINDOW, tab__gt="")
            .exclude(tab=tab)
            .exists()
        )
        values = {"data": data, "base_version": base_version, "saved_at": now, "tab": tab}
        if not slot.update(**values):
            try:
                with transaction.atomic():
                    Autosave.objects.create(
                        user=request.user,
                        content_type=ContentType.objects.get_for_model(self.model),
                        object_id=obj.pk if obj else None,
                        **values,
                    )
            except IntegrityError:  # two tabs' first autosaves at once: the slot exists now
                slot.update(**values)
        return JsonResponse(
            {
                "saved_at": now.isoformat(),
                "saved_at_text": _when(now),
                "stale": obj is not None and base_version < obj.version,
                "other_tab": _(
                    "Bạn đang sửa mục này ở một thẻ hay máy khác: hai bản tự lưu thay nhau. "
                    "Hãy đóng một thẻ; khi lưu, bản lưu sau sẽ bị từ chối nếu bản kia đã lưu trước."
                )
                if other_tab
                else "",
            }
        )

    def _draft_data(self, request, obj):
        """The posted values of this user's form fields ({name: [values]}).

        Only the fields the form would take from this user (read-only ones are
        not in it); a split widget's parts (``published_at_0``) are kept as posted.
        """
        form_class = self.get_form(request, obj, change=obj is not None)
        names = set(form_class.base_fields) - {"expected_version"}
        data = {}
        for key in request.POST:
            base, _sep, tail = key.rpartition("_")
            if key in names or (base in names and tail.isdigit()):
                data[key] = request.POST.getlist(key)
        for name in names:  # an unticked box or an emptied multiple choice
            if not any(key == name or key.startswith(name + "_") for key in data):
                data[name] = []
        return data

    def _restorable(self, slot, request, obj):
        """A slot's data for the page: each rich-text field through its sanitiser, and
        only the choices this user's form offers.

        The slot keeps what was posted; since then the user may have lost a
        section, or the copy was written by another page. A status, section or
        related item their form no longer offers is left out of the offer (the
        server would refuse it on save anyway).
        """
        form = self.get_form(request, obj, change=obj is not None)(instance=obj)
        data = {}
        for key, values in slot.data.items():
            try:
                field = self.model._meta.get_field(key)
            except Exception:  # a split widget's part, or a field gone since
                field = None
            sanitize = getattr(field, "sanitize", None)
            values = [str(value) for value in values] if isinstance(values, list) else []
            values = [sanitize(value) for value in values] if sanitize else values
            choice = form.fields.get(key)
            if isinstance(choice, forms.ChoiceField | forms.ModelChoiceField):
                values = [value for value in values if _offers(choice, value)]
            data[key] = values
        return data

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(self.writing_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def writing_context(self, request, obj):
        """What the writing screen needs: its fields, autosave, the editor's note."""
        opts = self.model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        if obj is not None and obj.pk:
            autosave_url = reverse(f"{prefix}_autosave", args=[obj.pk])
        else:
            autosave_url = reverse(f"{prefix}_autosave_add")
        context = {
            "writing": {
                "autosave_url": autosave_url,
                "autosave_delay": AUTOSAVE_DELAY_MS,
                "storage_key": "tu-dong-luu:{}:{}.{}:{}".format(
                    request.user.pk, opts.app_label, opts.model_name, obj.pk if obj else "moi"
                ),
                "title_field": self.title_field or "",
                "title_min": self.title_length[0],
                "title_max": self.title_length[1],
                "lead_field": self.lead_field or "",
                "slug_field": self.slug_field or "",
                "slug_max": self._slug_max(),
                "slug_url": self.slug_url_pattern(obj),
                "status": workflow.describe(obj) if obj is not None else Status.DRAFT.label,
                "status_css": (
                    ("scheduled" if obj.is_scheduled else obj.status)
                    if obj is not None
                    else Status.DRAFT.value
                ),
            },
            "autosave_offer": None,
            "review_note": None,
            "send_back_url": "",
            "workflow_buttons": self.workflow_buttons(request, obj),
        }
        if request.method == "GET":
            slot = self._autosaves(request).filter(object_id=obj.pk if obj else None).first()
            if slot is not None:
                stored = obj.version if obj is not None else None
                context["autosave_offer"] = {
                    "saved_at": _when(slot.saved_at),
                    "stale": slot.is_stale(stored),
                    "data": {
                        "fields": self._restorable(slot, request, obj),
                        "base_version": slot.base_version,
                    },
                }
        # An editor's note is for the author, and for those who review.
        if obj is not None and obj.pk and self._may_read_notes(request, obj):
            note = (
                ReviewNote.objects.for_object(obj)
                .unresolved()
                .select_related("author")
                .order_by("-created_at", "-pk")
                .first()
            )
            if note is not None:
                context["review_note"] = {
                    "who": str(note.author) if note.author else _("Biên tập viên"),
                    "when": _when(note.created_at),
                    "note": note.note,
                }
        if (
            obj is not None
            and obj.pk
            and obj.status == Status.PENDING
            and permissions.can_publish(request.user, obj)
            and obj.allows(request.user, "review")
        ):
            context["send_back_url"] = reverse(f"{prefix}_send_back", args=[obj.pk])
        return context

    @staticmethod
    def _may_read_notes(request, obj):
        user = request.user
        return obj.author_id == user.pk or permissions.can_publish(user, obj)

    def _slug_max(self):
        if not self.slug_field:
            return 0
        # news.models.unique_slug leaves room for a "-2" suffix.
        return self.model._meta.get_field(self.slug_field).max_length - 8

    def slug_url_pattern(self, obj):
        """The public address with ``{slug}`` where the slug goes, for the live
        preview; "" shows the slug alone. A content app with slugs overrides it."""
        return ""

    def send_back_view(self, request, object_id):
        """An editor returns a pending item to its author with a note (required)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("Không tìm thấy."))
        if not permissions.can_publish(request.user, obj) or not obj.allows(request.user, "review"):
            raise PermissionDenied
        opts = self.model._meta
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        form = SendBackForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            note = form.cleaned_data["note"]
            try:
                # A line in the item's history, as a save of the form makes.
                with reversion.create_revision():
                    reversion.set_user(request.user)
                    reversion.set_comment(
                        (_("Đã trả lại cho tác giả: %(note)s") % {"note": note.strip()})[:500]
                    )
                    workflow.send_back(obj, request.user, note)
            except workflow.TransitionError as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return HttpResponseRedirect(change_url)
            self.message_user(
                request,
                _("Đã trả lại “%(title)s” cho tác giả kèm ghi chú.") % {"title": obj},
                messages.SUCCESS,
            )
            list_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            return HttpResponseRedirect(list_url + "?" + urlencode(queues.query("pending")))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Trả lại cho tác giả"),
            "subtitle": str(obj),
            "opts": opts,
            "original": obj,
            "form": form,
            "change_url": change_url,
            "author": obj.author,
            "is_pending": obj.status == Status.PENDING,
        }
        return TemplateResponse(request, "admin/editorial/send_back.html", context)


class SendBackForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Ghi chú cho tác giả"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        help_text=gettext_lazy(
            "Cần sửa gì, ở đâu. Tác giả thấy ghi chú này trên bài và ở Tòa soạn."
        ),
    )


def _offers(field, value):
    """Whether the form field ``field`` would accept the posted choice ``value``."""
    if value == "":
        return True
    if isinstance(field, forms.ModelChoiceField):
        try:
            return field.queryset.filter(**{field.to_field_name or "pk": value}).exists()
        except (ValueError, TypeError, ValidationError):
            return False
    return field.valid_value(value)


def _when(moment):
    """ "Thứ Ba 01/12/2026 20:43", in the site's time zone."""
    local = timezone.localtime(moment)
    return f"{WEEKDAYS[local.weekday()]} {local:%d/%m/%Y %H:%M}"
