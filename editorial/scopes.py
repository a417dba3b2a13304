"""Who works on which part of the content: the rule that binds every kind's own limits.

A kind may limit users to part of its items (news: the sections of
``news.SectionAccess``; documents: the issuing bodies of
``documents.DocumentAccess``). One rule holds across kinds: **a user with
rows in any kind works only where rows put them.** No rows anywhere: every
section and every document, as before limits existed. Rows for sections
only: those sections, and no documents until given some. A section-limited
editor could otherwise publish every document (issue 17).

Each kind registers how to tell whether a user has rows of its own
(``register``); ``limited_elsewhere`` asks the others. Superusers are never
limited. The answer is kept on the user object for its lifetime (a
request), as Django keeps permissions.
"""

REVIEW = "review"  # a row's purpose that includes writing; the other is "write"

_kinds = {}
_caches = {"_scope_rows_cache"}


def register(kind, has_rows, cache=None):
    """``has_rows(user)``: whether ``user`` has limiting rows in ``kind`` (a label).

    ``cache``: the attribute the kind keeps its answers in on the user object,
    which ``forget()`` drops. A model using ``Assignments`` registers with
    ``register_assignments``.
    """
    _kinds[kind] = has_rows
    if cache:
        _caches.add(cache)
    return has_rows


def register_assignments(model):
    """Register an ``Assignments`` model as its kind's limiting rows."""
    return register(model.scope_kind, lambda user: bool(model.rows_of(user)), model._cache_name())


class Assignments:
    """A model mixin for a kind's limiting rows: a user, a target (or none: all), a purpose.

    ``news.SectionAccess`` (target: a section) and ``documents.DocumentAccess``
    (target: an issuing body) are such rows. The model has ``user``,
    ``purpose`` ("write" or "review") and the foreign key ``target_field``;
    it names its kind (``scope_kind``) and may widen targets to those under
    them (``with_descendants``). ``target_ids(user, purpose)`` is then the
    kind's answer: None for every target, else the set of ids.
    """

    scope_kind = ""
    target_field = ""
    # A row without a target means every target (documents: every body).
    empty_target_means_all = False

    @classmethod
    def _cache_name(cls):
        return f"_{cls.scope_kind}_assignments_cache"

    @classmethod
    def rows_of(cls, user):
        """[(target id or None, purpose)] of ``user``, kept on the user object (a request)."""
        if user is None or user.pk is None:
            return []
        cache = user.__dict__.setdefault(cls._cache_name(), {})
        if "rows" not in cache:
            cache["rows"] = list(
                cls._default_manager.filter(user=user).values_list(cls.target_field, "purpose")
            )
        return cache["rows"]

    @classmethod
    def target_ids(cls, user, purpose):
        """Ids of the targets ``user`` may ``purpose`` ("write" or "review") in; None for all.

        No rows: every target, unless the user is limited in another kind
        (then none). Reviewing includes writing. Superusers are never limited.
        """
        if user is None or user.pk is None or user.is_superuser:
            return None
        cache = user.__dict__.setdefault(cls._cache_name(), {})
        if purpose not in cache:
            rows = cls.rows_of(user)
            targets = [t for t, held in rows if purpose != REVIEW or held == REVIEW]
            if not rows:
                cache[purpose] = set() if limited_elsewhere(user, cls.scope_kind) else None
            elif cls.empty_target_means_all and None in targets:
                cache[purpose] = None
            else:
                cache[purpose] = cls.with_descendants({t for t in targets if t is not None})
        return cache[purpose]

    @classmethod
    def with_descendants(cls, ids):
        """``ids`` and those of the targets under them; the targets' own model says how."""
        return set(ids)


def forget(user):
    """Drop what is kept on ``user`` about their limits (after their rows changed)."""
    for name in _caches:
        user.__dict__.pop(name, None)


def limited_elsewhere(user, kind):
    """Whether ``user`` has limiting rows in a kind other than ``kind``."""
    if user is None or user.pk is None or user.is_superuser:
        return False
    cache = user.__dict__.setdefault("_scope_rows_cache", {})
    for other, has_rows in _kinds.items():
        if other == kind:
            continue
        if other not in cache:
            cache[other] = bool(has_rows(user))
        if cache[other]:
            return True
    return False
