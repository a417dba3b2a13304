"""The newsroom's named slices of a content list: "mine", "waiting for review", ...

One definition serves three places, so what they show always agrees:

- the list filters of ``PublishableAdmin`` (``?cua_toi=1``, ``?trang_thai=...``,
  ``?thung_rac=1``, ``?tra_lai=1``) filter with these conditions;
- the tabs above each content list count with them;
- the dashboard ("Tòa soạn") counts with them and links to the list with the
  query string of the same slice (``query()``), over the same base queryset
  (``ModelAdmin.get_queryset(request)``, which already leaves out what the user
  may not see).

Every slice but "trash" leaves deleted items out.
"""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ReviewNote, Status

MINE_PARAMETER = "cua_toi"
STATUS_PARAMETER = "trang_thai"
TRASH_PARAMETER = "thung_rac"
RETURNED_PARAMETER = "tra_lai"
UNOWNED_PARAMETER = "chua_co_nguoi_viet"

# The status filter's values beyond the stored statuses.
SCHEDULED = "scheduled"
LIVE = "live"
TODAY = "today"


def start_of_today(now=None):
    """Local midnight (Asia/Ho_Chi_Minh) of ``now``'s day, as an aware datetime."""
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def status_q(value, now=None):
    """The condition of one status filter value (a stored status, or scheduled/live/today)."""
    now = now or timezone.now()
    published = Q(status=Status.PUBLISHED)
    if value == SCHEDULED:
        return published & Q(published_at__gt=now)
    if value == LIVE:
        return published & Q(published_at__lte=now)
    if value == TODAY:
        return published & Q(published_at__lte=now, published_at__gte=start_of_today(now))
    return Q(status=value)


NOT_DELETED = Q(deleted_at__isnull=True)
IN_TRASH = Q(deleted_at__isnull=False)


def mine_q(user):
    return Q(author=user)


# An item nobody wrote in the admin (``manage.py import_articles`` without
# --author) is on nobody's "mine"; editors see its drafts in a slice of their own.
UNOWNED_Q = Q(author__isnull=True)


def returned_q(model):
    """Drafts an editor sent back with a note the author has not acted on yet."""
    notes = ReviewNote.objects.unresolved().filter(
        content_type__app_label=model._meta.app_label,
        content_type__model=model._meta.model_name,
        object_id=OuterRef("pk"),
    )
    return Q(status=Status.DRAFT) & Q(Exists(notes))


# name -> (label, {parameter: value}); the order of the list's tabs.
SLICES = {
    "all": (_("Tất cả"), {}),
    "mine": (_("Của tôi"), {MINE_PARAMETER: "1"}),
    "pending": (_("Chờ duyệt"), {STATUS_PARAMETER: Status.PENDING.value}),
    "scheduled": (_("Hẹn giờ"), {STATUS_PARAMETER: SCHEDULED}),
    "live": (_("Đã xuất bản"), {STATUS_PARAMETER: LIVE}),
    "trash": (_("Thùng rác"), {TRASH_PARAMETER: "1"}),
    # The dashboard's own.
    "my_drafts": (_("Bản nháp của tôi"), {MINE_PARAMETER: "1", STATUS_PARAMETER: "draft"}),
    "my_pending": (_("Tôi đã gửi duyệt"), {MINE_PARAMETER: "1", STATUS_PARAMETER: "pending"}),
    "today": (_("Xuất bản hôm nay"), {STATUS_PARAMETER: TODAY}),
    "returned": (_("Bị trả lại cho tôi"), {MINE_PARAMETER: "1", RETURNED_PARAMETER: "1"}),
    "unowned": (_("Nháp chưa có người viết"), {UNOWNED_PARAMETER: "1", STATUS_PARAMETER: "draft"}),
}
TABS = ("all", "mine", "pending", "scheduled", "live", "trash")


def condition(name, user, now=None, model=None):
    """The Q of slice ``name`` for ``user``, exactly what its list's filters apply.

    ``model`` (the list's) is needed by the "returned" slice only.
    """
    now = now or timezone.now()
    params = SLICES[name][1]
    if params.get(TRASH_PARAMETER) == "1":
        return IN_TRASH
    q = NOT_DELETED
    if params.get(MINE_PARAMETER) == "1":
        q &= mine_q(user)
    if STATUS_PARAMETER in params:
        q &= status_q(params[STATUS_PARAMETER], now)
    if params.get(RETURNED_PARAMETER) == "1":
        q &= returned_q(model)
    if params.get(UNOWNED_PARAMETER) == "1":
        q &= UNOWNED_Q
    return q


def label(name):
    return SLICES[name][0]


def query(name):
    """The list's query parameters for slice ``name`` (a dict)."""
    return dict(SLICES[name][1])


def count(queryset, user, names, now=None):
    """{name: count} for each slice, in one query over ``queryset``."""
    now = now or timezone.now()
    return queryset.aggregate(
        **{name: Count("pk", filter=condition(name, user, now, queryset.model)) for name in names}
    )


def is_current(name, params):
    """Whether the list's query string ``params`` (a QueryDict) shows exactly slice ``name``.

    Ordering, paging, search and the other filters do not change which tab is on.
    """
    wanted = SLICES[name][1]
    shown = {
        key: params.get(key)
        for key in (
            MINE_PARAMETER,
            STATUS_PARAMETER,
            TRASH_PARAMETER,
            RETURNED_PARAMETER,
            UNOWNED_PARAMETER,
        )
        if params.get(key)
    }
    return shown == wanted
