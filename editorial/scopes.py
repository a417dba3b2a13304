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

_kinds = {}
_caches = {"_scope_rows_cache"}


def register(kind, has_rows, cache=None):
    """``has_rows(user)``: whether ``user`` has limiting rows in ``kind`` (a label).

    ``cache``: the attribute the kind keeps its answers in on the user object,
    which ``forget()`` drops.
    """
    _kinds[kind] = has_rows
    if cache:
        _caches.add(cache)
    return has_rows


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
