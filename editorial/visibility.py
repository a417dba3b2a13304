"""What of other content items a user sees in the admin: choices, previews, revisions.

"No page, message, preview or autocomplete shows what the user may not see"
(issue 17): a contributor read the number and summary of a classified draft
through a relation's choices, a preview and the history of their own item.
Whatever lists items of a kind, on any admin page, starts from that kind's
admin ``get_queryset(request)`` (scope, own drafts, the published; never the
trash), the same set the user's own list of that kind shows.
"""

import contextvars
import json
import re

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Publishable

# The request a revision comparison is made for: ModelAdmin instances are
# shared by every thread, so the request can't be kept on ``self``.
_comparing = contextvars.ContextVar("comparing", default=None)


def hidden_choice_message(model):
    """The error for a chosen item the user may not see (or that is not there)."""
    return _(
        "Không có %(name)s này trong những mục bạn được xem. Hãy chọn trong danh sách gợi ý."
    ) % {"name": model._meta.verbose_name}


class VisibleChoices:
    """A ModelAdmin or inline mixin: content items offered in a form are those the user may see.

    A foreign key or many-to-many field to a ``Publishable`` (a document's
    related documents, an article's) offers and accepts only what that kind's
    admin lists for this user (``get_queryset``: their scope, their own drafts
    and the published, nothing in the trash): a forged id of a classified
    draft is refused with a message, and its summary never reaches a preview.
    In an inline, rows pointing at items the user may not see are left out
    (and left alone); in a many-to-many field, such items stay chosen, unshown
    (``PublishableForm.keep_hidden_choices``).
    """

    def visible_items(self, request, model):
        try:
            model_admin = self.admin_site.get_model_admin(model)
        except admin.sites.NotRegistered:  # a kind with no admin: what the public sees
            return model._default_manager.published()
        return model_admin.get_queryset(request).filter(deleted_at__isnull=True)

    def _limit(self, db_field, request, kwargs, invalid_key="invalid_choice"):
        model = db_field.related_model
        if issubclass(model, Publishable) and "queryset" not in kwargs:
            kwargs["queryset"] = self.visible_items(request, model)
            kwargs["error_messages"] = {
                **kwargs.get("error_messages", {}),
                invalid_key: hidden_choice_message(model),
            }
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = self._limit(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = self._limit(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if getattr(self, "parent_model", None) is None:
            return queryset  # a ModelAdmin, not an inline
        for field in content_links(self.model, parent_link(self)):
            visible = self.visible_items(request, field.related_model)
            queryset = queryset.filter(**{f"{field.name}__in": visible.values("pk")})
        return queryset


def parent_link(inline):
    """The name of the foreign key that ties ``inline``'s rows to the item on the page."""
    if inline.fk_name:
        return inline.fk_name
    links = [
        f.name
        for f in inline.model._meta.get_fields()
        if f.many_to_one and f.related_model is inline.parent_model
    ]
    return links[0] if len(links) == 1 else None


def content_links(model, but=None):
    """The foreign keys of ``model`` to content items (a ``Publishable``), but ``but``."""
    return [
        f
        for f in model._meta.get_fields()
        if f.many_to_one
        and f.name != but
        and getattr(f, "related_model", None) is not None
        and issubclass(f.related_model, Publishable)
    ]


class VisibleRevisions:
    """A PublishableAdmin mixin: an item's history and comparisons name only what the user may see.

    An editor's change message names each relation row it added ("Đã thêm
    quan hệ văn bản “… – Liên quan – Nghị quyết số 917-NQ/TU”"), and
    django-reversion-compare lists the related items of both revisions: a
    contributor reading the history of their own item read what an editor had
    linked it to. For a user who may not see every item of the related kind,
    the history names no such row (it says that one was added, changed or
    deleted), and a comparison lists only the related items they may see.
    """

    def _sees_every(self, request, model):
        cache = request.__dict__.setdefault("_sees_every", {})
        if model not in cache:
            visible = self.visible_items(request, model).values("pk")
            everything = model._base_manager.filter(deleted_at__isnull=True)
            cache[model] = not everything.exclude(pk__in=visible).exists()
        return cache[model]

    def _hiding_rows(self, request):
        """Verbose names of this item's inline rows that point at items the user can't all see."""
        names = set()
        for inline in self.get_inline_instances(request):
            for field in content_links(inline.model, parent_link(inline)):
                if not self._sees_every(request, field.related_model):
                    names.add(str(inline.model._meta.verbose_name))
        return names

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        context = getattr(response, "context_data", None)
        if context and context.get("action_list") is not None:
            hiding = self._hiding_rows(request)
            if hiding:
                entries = context["action_list"]
                context["action_list"] = [_Unnamed(entry, hiding) for entry in entries]
        return response

    def compare_view(self, request, object_id, extra_context=None):
        # Filled by compare() below, which django-reversion-compare calls
        # before it merges ``extra_context`` into the page's context.
        extra = {**(extra_context or {})}
        token = _comparing.set((request, extra))
        try:
            return super().compare_view(request, object_id, extra)
        finally:
            _comparing.reset(token)

    def compare(self, obj, version1, version2):
        diff, unfollowed = super().compare(obj, version1, version2)
        request, extra = _comparing.get() or (None, {})
        shown = []
        for entry in diff:
            field = entry["field"]
            related = getattr(field, "related_model", None)
            # A reverse relation has no verbose name: reversion-compare printed
            # "outgoing_relations"; say what the rows are, in Vietnamese.
            if getattr(field, "one_to_many", False):
                entry["label"] = related._meta.verbose_name_plural
            else:
                entry["label"] = getattr(field, "verbose_name", "") or field.name
            if related is not None and not str(entry["diff"]).strip():
                continue  # every change was to items this user may not see
            shown.append(entry)
        if request is not None:
            hiding = self._hiding_rows(request)
            comment = version2.revision.comment or ""
            extra["edit_comment"] = unnamed(comment, hiding) if hiding else comment
        return shown, unfollowed

    def _shown(self, items, model):
        """``items`` of a comparison (versions or objects) that the user may see."""
        request = (_comparing.get() or (None, None))[0]
        if request is None:
            return []
        visible = self._visible_pks(request, model)
        return [item for item in items if _item_pk(item) in visible]

    def _visible_pks(self, request, model):
        pks = self.visible_items(request, model).values_list("pk", flat=True)
        return {str(pk) for pk in pks}

    def _visible_rows(self, items, model):
        """Rows (versions of relation rows) whose every content link the user may see."""
        request = (_comparing.get() or (None, None))[0]
        if request is None:
            return []
        links = content_links(model)
        visible = {f.attname: self._visible_pks(request, f.related_model) for f in links}
        kept = []
        for item in items:
            values = _item_values(item)
            if all(str(values.get(name)) in pks for name, pks in visible.items()):
                kept.append(item)
        return kept

    def _filtered(self, info, keep):
        info = dict(info)
        for key, items in info.items():
            if key == "changed_items":
                info[key] = [pair for pair in items if keep([pair[1]]) and keep([pair[0]])]
            elif isinstance(items, list):
                info[key] = keep(items)
        return info

    def compare_ManyToManyField(self, obj_compare):
        model = obj_compare.field.related_model
        if not issubclass(model, Publishable):
            return super().compare_ManyToManyField(obj_compare)
        info = self._filtered(obj_compare.get_m2m_change_info(),
                              lambda items: self._shown(items, model))  # fmt: skip
        return _render_change_info(info)

    def compare_ManyToOneRel(self, obj_compare):
        model = obj_compare.field.related_model
        info = self._filtered(
            obj_compare.get_m2o_change_info(), lambda items: self._visible_rows(items, model)
        )
        return _render_change_info(info)


def _item_pk(item):
    return str(getattr(item, "object_id", None) or getattr(item, "pk", ""))


def _item_values(item):
    """{attname: value} of a compared item: a reversion Version, or the object itself."""
    field_dict = getattr(item, "field_dict", None)
    if field_dict is not None:
        return field_dict
    return {f.attname: getattr(item, f.attname) for f in item._meta.concrete_fields}


def unnamed(message, names):
    """``message`` (a change message as text) without the quoted names of rows of ``names``.

    "Đã thêm quan hệ văn bản “A – Liên quan – B”." becomes "Đã thêm quan hệ văn bản."
    """
    for name in names:
        message = re.sub(re.escape(name) + r"\s*“[^”]*”", name, message)
    return message


def _render_change_info(info):
    if not any(items for items in info.values() if isinstance(items, list)):
        return ""  # nothing this user may see changed (VisibleRevisions.compare drops it)
    return render_to_string(
        "reversion-compare/compare_generic_many_to_many.html", {"change_info": info}
    )


class _Unnamed:
    """A history entry whose message names no row of the hidden kinds (``VisibleRevisions``)."""

    def __init__(self, entry, hiding):
        self._entry, self._hiding = entry, hiding

    def __getattr__(self, name):
        return getattr(self._entry, name)

    def get_change_message(self):
        try:
            parts = json.loads(self._entry.change_message or "[]")
        except json.JSONDecodeError:
            return self._entry.get_change_message()
        if not isinstance(parts, list) or not any(
            isinstance(part, dict)
            and any(
                isinstance(value, dict) and value.get("name") in self._hiding
                for value in part.values()
            )
            for part in parts
        ):
            return self._entry.get_change_message()
        messages = []
        for part in parts:
            for action, value in part.items() if isinstance(part, dict) else ():
                if isinstance(value, dict) and value.get("name") in self._hiding:
                    messages.append(ROW_MESSAGES.get(action, "") % {"name": value["name"]})
                else:
                    copy = type(self._entry)(change_message=json.dumps([{action: value}]))
                    messages.append(copy.get_change_message())
        return " ".join(message for message in messages if message)


ROW_MESSAGES = {
    "added": gettext_lazy("Đã thêm một %(name)s."),
    "changed": gettext_lazy("Đã sửa một %(name)s."),
    "deleted": gettext_lazy("Đã xóa một %(name)s."),
}
