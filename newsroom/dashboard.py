"""The admin's home page, "Tòa soạn": what waits for each member of the newsroom.

- Whoever writes sees their drafts, what they sent for review, what an editor
  sent back to them with a note ("Bị trả lại cho tôi") and "Viết bài mới".
- Whoever may publish a kind of content also sees everything waiting for
  review (oldest first, with who sent it and when), what is scheduled, what
  went out today and what is read most today and this week. Whoever may edit
  everyone's items also sees drafts nobody wrote in the admin (imported
  without --author), which are on no one's own list.
- Admins also see locked-out logins, staff without two-factor authentication,
  the last backup and the trash.

Every kind of content on the admin site that is a ``Publishable`` has its rows
(articles, documents and whatever comes next). Counts are
``editorial.queues`` slices over the ModelAdmin's own queryset, and each links
to the list with that slice's query string, so a count is the number of rows
the link lists. The page costs a fixed number of queries, whatever the amount
of content: per kind one count query and a few short lists.
"""

import datetime as dt
from dataclasses import dataclass, field

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import role_of
from accounts.two_factor import without_two_factor
from editorial import permissions, queues
from editorial.models import Publishable, ReviewNote, Status
from editorial.signals import MESSAGES
from ops.backup import latest_backup

LIST_LENGTH = 5
QUEUE_LENGTH = 10
# A backup older than this is shown as a warning.
BACKUP_MAX_AGE = dt.timedelta(hours=36)

# slice -> (ordering of its list, the time shown for each item)
ORDERING = {
    "my_drafts": (("-updated_at", "-pk"), "updated_at"),
    "my_pending": ((F("status_changed_at").desc(nulls_last=True), "-pk"), "status_changed_at"),
    "pending": ((F("status_changed_at").asc(nulls_first=True), "pk"), "status_changed_at"),
    "scheduled": (("published_at", "pk"), "published_at"),
    "today": (("-published_at", "-pk"), "published_at"),
    "trash": (("-deleted_at", "-pk"), "deleted_at"),
    "returned": ((F("status_changed_at").desc(nulls_last=True), "-pk"), "status_changed_at"),
    "unowned": (("-updated_at", "-pk"), "updated_at"),
}
WIDGETS = {
    "my_drafts": gettext_lazy("Bản nháp của tôi"),
    "my_pending": gettext_lazy("Bài tôi đã gửi duyệt"),
    "pending": gettext_lazy("Chờ duyệt"),
    "scheduled": gettext_lazy("Hẹn giờ đăng"),
    "today": gettext_lazy("Đã xuất bản hôm nay"),
    "trash": gettext_lazy("Thùng rác"),
    "returned": gettext_lazy("Bị trả lại cho tôi"),
    "unowned": gettext_lazy("Nháp chưa có người viết"),
}
EMPTY = {
    "my_drafts": gettext_lazy("Không có bản nháp nào."),
    "my_pending": gettext_lazy("Không có bài nào đang chờ duyệt."),
    "pending": gettext_lazy("Không có bài nào chờ duyệt."),
    "scheduled": gettext_lazy("Không có bài nào hẹn giờ."),
    "today": gettext_lazy("Hôm nay chưa xuất bản bài nào."),
    "trash": gettext_lazy("Thùng rác trống."),
    "returned": gettext_lazy("Không có bài nào bị trả lại."),
    "unowned": gettext_lazy("Bản nháp nào cũng có người viết."),
}


@dataclass
class Item:
    title: str
    url: str
    kind: str
    when: dt.datetime | None = None
    who: str = ""
    note: str = ""


@dataclass
class Link:
    label: str
    count: int
    url: str


@dataclass
class Widget:
    key: str
    title: str
    empty: str
    links: list = field(default_factory=list)
    items: list = field(default_factory=list)

    @property
    def total(self):
        return sum(link.count for link in self.links)


@dataclass
class Kind:
    model: type
    model_admin: admin.ModelAdmin
    can_publish: bool
    can_add: bool

    @property
    def opts(self):
        return self.model._meta

    def url(self, view, *args):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}", args=args)

    def list_url(self, name):
        params = queues.query(name)
        return self.url("changelist") + ("?" + urlencode(params) if params else "")


def kinds(request):
    """The kinds of content on the admin site the user works with, in the site's order."""
    found = []
    for model, model_admin in admin.site._registry.items():
        if not issubclass(model, Publishable):
            continue
        if not model_admin.has_view_or_change_permission(request):
            continue
        found.append(
            Kind(
                model=model,
                model_admin=model_admin,
                can_publish=permissions.can_publish(request.user, model),
                can_add=model_admin.has_add_permission(request),
            )
        )
    return sorted(found, key=lambda kind: str(kind.opts.verbose_name_plural))


LONG_AGO = dt.datetime.min.replace(tzinfo=dt.UTC)


def content_widgets(request, kinds, now):
    """The widgets about content, for the slices this user works with."""
    user = request.user
    widgets = {}
    for kind in kinds:
        names = ["returned", "my_drafts", "my_pending"]
        if kind.can_publish:
            names += ["pending", "scheduled", "today"]
        if permissions.can_edit_any(user, kind.model):
            names.append("unowned")
        if permissions.can_edit_any(user, kind.model) and permissions.can_purge(user, kind.model):
            names.append("trash")
        queryset = kind.model_admin.get_queryset(request)
        counts = queues.count(queryset, user, names, now)
        plural = str(kind.opts.verbose_name_plural)
        for name in names:
            widget = widgets.setdefault(name, Widget(name, str(WIDGETS[name]), str(EMPTY[name])))
            widget.links.append(Link(plural, counts[name], kind.list_url(name)))
            if counts[name]:
                widget.items += _items(kind, queryset, name, user, now)
    # Several kinds' items in one list, in the slice's order.
    for name, widget in widgets.items():
        oldest_first = name in ("pending", "scheduled")
        # An item without a time (sent for review before the time was kept)
        # counts as the oldest, as the database orders it (nulls first).
        widget.items.sort(key=lambda item: item.when or LONG_AGO, reverse=not oldest_first)
        widget.items = widget.items[: QUEUE_LENGTH if name == "pending" else LIST_LENGTH]
    return widgets


def _items(kind, queryset, name, user, now):
    ordering, time_field = ORDERING[name]
    length = QUEUE_LENGTH if name == "pending" else LIST_LENGTH
    rows = list(
        queryset.filter(queues.condition(name, user, now, kind.model))
        .select_related("author", "deleted_by")
        .order_by(*ordering)[:length]
    )
    senders = _senders(kind.model, rows) if name == "pending" else {}
    notes = _review_notes(kind.model, rows) if name == "returned" else {}
    label = str(kind.opts.verbose_name)
    items = []
    for obj in rows:
        who = ""
        if name == "pending":
            who = senders.get(obj.pk) or obj.author
        elif name == "trash":
            who = obj.deleted_by or ""
        elif name in ("scheduled", "today"):
            who = obj.author or ""
        note = notes.get(obj.pk)
        items.append(
            Item(
                title=str(obj),
                url=kind.url("change", obj.pk),
                kind=label,
                when=note.created_at if note else getattr(obj, time_field),
                who=str(note.author or "") if note else str(who) if who else "",
                note=note.note if note else "",
            )
        )
    return items


def _review_notes(model, rows):
    """{pk: the latest unresolved editor's note} of items sent back (one query)."""
    if not rows:
        return {}
    found = (
        ReviewNote.objects.unresolved()
        .filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[obj.pk for obj in rows],
        )
        .select_related("author")
        .order_by("-created_at", "-pk")
    )
    notes = {}
    for note in found:
        notes.setdefault(note.object_id, note)
    return notes


def _senders(model, rows):
    """{pk: user} of who last sent each item for review (the audit log's "Gửi duyệt")."""
    if not rows:
        return {}
    entries = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(obj.pk) for obj in rows],
            change_message=MESSAGES[Status.PENDING],
        )
        .select_related("user")
        .order_by("-action_time")
    )
    senders = {}
    for entry in entries:
        senders.setdefault(int(entry.object_id), entry.user)
    return senders


def most_read(kinds):
    """Most read today and over 7 days, for each kind that counts its readers."""
    lists = []
    for kind in kinds:
        manager = kind.model._default_manager
        if not kind.can_publish or not hasattr(manager, "most_read"):
            continue
        for days, title in ((1, _("Đọc nhiều hôm nay")), (7, _("Đọc nhiều 7 ngày"))):
            rows = manager.most_read(days=days)[:LIST_LENGTH]
            lists.append(
                {
                    "title": title,
                    "kind": str(kind.opts.verbose_name_plural),
                    "items": [
                        {
                            "title": str(obj),
                            "url": obj.get_absolute_url(),
                            "change_url": kind.url("change", obj.pk),
                            "reads": obj.reads,
                        }
                        for obj in rows
                    ],
                }
            )
    return lists


def is_admin(user):
    return user.is_superuser or user.has_perm("accounts.change_user")


def admin_panel(request, now):
    """Locked-out logins, staff without two-factor authentication, the last backup."""
    limit = settings.AXES_FAILURE_LIMIT
    since = now - settings.AXES_COOLOFF_TIME
    locked = AccessAttempt.objects.filter(failures_since_start__gte=limit, attempt_time__gte=since)
    locked_rows = list(locked.order_by("-attempt_time")[:LIST_LENGTH])
    user_model = get_user_model()
    user_admin = admin.site._registry.get(user_model)
    users = user_admin.get_queryset(request) if user_admin else user_model.objects.all()
    unprotected = without_two_factor(users).order_by("username")
    unprotected_rows = list(unprotected[:LIST_LENGTH])
    backup = latest_backup()
    return {
        "locked": {
            "count": locked.count() if len(locked_rows) == LIST_LENGTH else len(locked_rows),
            "url": _url(
                "admin:axes_accessattempt_changelist",
                {"locked_out": "yes", "attempt_time__gte": since.isoformat()},
            ),
            "items": locked_rows,
        },
        "unprotected": {
            "count": (
                unprotected.count()
                if len(unprotected_rows) == LIST_LENGTH
                else len(unprotected_rows)
            ),
            "url": _url("admin:accounts_user_changelist", {"hai_buoc": "chua"}),
            "items": [
                {
                    "name": str(user),
                    "role": role_of(user) or "",
                    "url": reverse("admin:accounts_user_change", args=[user.pk]),
                }
                for user in unprotected_rows
            ],
        },
        "backup": {
            "when": backup[1] if backup else None,
            "age": _age(now - backup[1]) if backup else "",
            "name": backup[0].name if backup else "",
            "stale": backup is None or now - backup[1] > BACKUP_MAX_AGE,
            "max_age_hours": int(BACKUP_MAX_AGE.total_seconds() // 3600),
        },
    }


def _age(delta):
    """ "5 giờ trước", "3 ngày trước": how long ago, in the unit a reader wants."""
    hours = int(delta.total_seconds() // 3600)
    if hours < 1:
        return _("chưa đến một giờ trước")
    if hours < 48:
        return _("%(hours)d giờ trước") % {"hours": hours}
    return _("%(days)d ngày trước") % {"days": hours // 24}


def _url(name, params):
    try:
        return reverse(name) + "?" + urlencode(params)
    except NoReverseMatch:  # that admin is not installed
        return ""


def context(request):
    """The dashboard's template context (``core.adminsite.PortalAdminSite.register_dashboard``)."""
    now = timezone.now()
    user = request.user
    found = kinds(request)
    widgets = content_widgets(request, found, now)
    editor = any(kind.can_publish for kind in found)
    return {
        "title": _("Tòa soạn"),
        "role": role_of(user) or (_("Quản trị tối cao") if user.is_superuser else ""),
        "add_links": [
            {
                "label": getattr(kind.model_admin, "add_label", None)
                or _("Thêm %(name)s") % {"name": kind.opts.verbose_name},
                "url": kind.url("add"),
            }
            for kind in found
            if kind.can_add
        ],
        "my_widgets": [
            widgets[name]
            for name in ("returned", "my_drafts", "my_pending")
            if name in widgets and (name != "returned" or widgets[name].total)
        ],
        "desk_widgets": [
            widgets[name]
            for name in ("pending", "unowned", "scheduled", "today")
            if name in widgets and (name != "unowned" or widgets[name].total)
        ],
        "most_read": most_read(found) if editor else [],
        "trash": widgets.get("trash"),
        "admin_panel": admin_panel(request, now) if is_admin(user) else None,
    }
