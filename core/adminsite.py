"""Django's admin site, with every ModelAdmin on it guarded against odd query strings.

Two things in Django's admin trust the query string more than they should:

- An add page turns every GET parameter into the form's initial value
  (``ModelAdmin.get_changeform_initial_data``) and renders it unchecked, so
  ``?published_at=garbage`` or ``?cover_image=abc`` was a 500 for any staff
  member, in our admins and in third-party ones alike (django-otp's devices).
- A changelist's date hierarchy turns ``?<field>__year=`` into a datetime and
  catches only ValueError: year 1 (no UTC time in Vietnam), 9999 (no next year)
  or a 400-digit year or month raised past it.

Rather than remember a mixin in each admin, the site adds ``OddQueryGuard`` to
every ModelAdmin registered on it, ours and third-party ones (django-axes,
django-otp, auth's groups), so a new admin is covered without anyone thinking of it.
It adds ``NoLinkRowsOnDelete`` the same way: a delete page lists what goes with
the item, and Django counts the hidden rows that tie two models together
("User_groups object (3)"), which mean nothing to an editor.
``portal.apps.PortalAdminConfig`` makes this the default site.

An app's own admin pages that belong to no model (the newsroom's reports)
are registered on the site too (``register_view``), so the site serves them
behind its login, checks who may open them, and lists them on the index and
in the navigation sidebar for exactly those users. An app may also make the
home page its dashboard (``register_dashboard``).
"""

import datetime as dt
import functools
from dataclasses import dataclass

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path, reverse
from django.utils.text import capfirst


class OddQueryGuard:
    """Keeps only the initial values each form field can take; bounds date hierarchy years."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        # The form the add page will render (Django builds it the same way).
        fields = self.get_form(request, None, change=False).base_fields
        for name in [name for name in initial if name in fields]:
            try:
                # The cleaned value, in the type the widget expects: a datetime,
                # a model instance, not the raw string.
                initial[name] = fields[name].clean(initial[name])
            except (ValidationError, ValueError, TypeError, AttributeError, OverflowError):
                # A prefilled value is a convenience: one the field would
                # refuse on save is not offered at all. (AttributeError: a file
                # field given text.)
                del initial[name]
        return initial

    def get_changelist(self, request, **kwargs):
        return _bounded_changelist(super().get_changelist(request, **kwargs))


class BoundedDateHierarchy:
    """A ChangeList whose date hierarchy answers an impossible date with Django's ?e=1."""

    def get_filters(self, request):
        if self.date_hierarchy:
            year = self.params.get(f"{self.date_hierarchy}__year")
            try:
                year = int(year) if year is not None else None
            except ValueError:
                year = None  # Django itself refuses it
            # Both ends of the year must exist as times in UTC and in Vietnam.
            if year is not None and not dt.MINYEAR < year < dt.MAXYEAR:
                raise IncorrectLookupParameters(f"year {year} is out of range")
        try:
            return super().get_filters(request)
        except OverflowError as exc:  # a month or day too large for a C int
            raise IncorrectLookupParameters(exc) from exc


class NoLinkRowsOnDelete:
    """Leaves many-to-many link rows out of a delete page's list and counts.

    They go with the item whatever the page says; only the items they link are
    worth reading.
    """

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = [model._meta for model in apps.get_models(include_auto_created=True)]
        links = [opts for opts in links if opts.auto_created]
        prefixes = tuple(f"{capfirst(opts.verbose_name)}: " for opts in links)
        plurals = {str(opts.verbose_name_plural) for opts in links}
        model_count = {name: n for name, n in model_count.items() if str(name) not in plurals}
        return _without(to_delete, prefixes), model_count, perms_needed, protected


def _without(items, prefixes):
    """The nested list Django's delete page renders, without the rows named ``prefixes``."""
    kept = []
    for item in items:
        if isinstance(item, list):
            if children := _without(item, prefixes):
                kept.append(children)
        elif not str(item).startswith(prefixes):
            kept.append(item)
    return kept


@functools.cache
def _bounded_changelist(changelist_class):
    return type(changelist_class.__name__, (BoundedDateHierarchy, changelist_class), {})


@dataclass(frozen=True)
class AdminPage:
    route: str
    view: object
    name: str
    allowed: object  # user -> bool
    title: str | None  # listed on the index and in the sidebar when set
    app_label: str


class PortalAdminSite(admin.AdminSite):
    def __init__(self, name="admin"):
        super().__init__(name)
        self._pages = []
        self._dashboard = None

    def register_dashboard(self, context, template):
        """Make the admin's home page a dashboard: ``template``, given ``context(request)``.

        The newsroom registers its "Tòa soạn" here; without one the home page is
        Django's list of apps.
        """
        self._dashboard = context
        self.index_template = template

    def index(self, request, extra_context=None):
        if self._dashboard is not None:
            extra_context = {**self._dashboard(request), **(extra_context or {})}
        return super().index(request, extra_context)

    def register_view(self, route, view, *, name, allowed, title=None):
        """Serve ``view`` at ``<admin>/<route>`` as ``admin:<name>``.

        Like a ModelAdmin's views it needs a staff login (``admin_view``);
        staff for whom ``allowed(user)`` is false get 403. With a ``title`` it
        is listed, under its app's name, to the users it allows.
        """
        app_label = apps.get_containing_app_config(view.__module__).label
        self._pages.append(AdminPage(route, view, name, allowed, title, app_label))

    def get_urls(self):
        # Before Django's own: its last pattern catches every other path.
        return [
            path(page.route, self.admin_view(self._guarded(page)), name=page.name)
            for page in self._pages
        ] + super().get_urls()

    @staticmethod
    def _guarded(page):
        @functools.wraps(page.view)
        def view(request, *args, **kwargs):
            if not page.allowed(request.user):
                raise PermissionDenied
            return page.view(request, *args, **kwargs)

        return view

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        by_label = {app["app_label"]: app for app in app_list}
        for page in self._pages:
            if page.title is None or app_label not in (None, page.app_label):
                continue
            if not page.allowed(request.user):
                continue
            url = reverse(f"{self.name}:{page.name}", current_app=self.name)
            if page.app_label not in by_label:
                by_label[page.app_label] = {
                    "name": apps.get_app_config(page.app_label).verbose_name,
                    "app_label": page.app_label,
                    "app_url": url,
                    "has_module_perms": True,
                    "models": [],
                }
                app_list.append(by_label[page.app_label])
            by_label[page.app_label]["models"].append(
                {
                    "name": page.title,
                    "object_name": page.name,
                    "perms": {"view": True},
                    "admin_url": url,
                    "add_url": None,
                    "view_only": True,
                }
            )
        app_list.sort(key=lambda app: str(app["name"]).lower())
        return app_list

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        mixins = tuple(
            m for m in (OddQueryGuard, NoLinkRowsOnDelete) if not issubclass(admin_class, m)
        )
        if mixins:
            admin_class = type(
                admin_class.__name__,
                (*mixins, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)
