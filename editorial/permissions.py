"""Who may do what to a piece of content, whatever its kind.

Permissions are named per model (``news.publish_article``,
``documents.publish_document``); see ``Publishable.Meta``.
"""

from .models import Status


def perm(model, action):
    """'news.publish_article' for ``action`` "publish" on Article (a class or an instance)."""
    opts = model._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def can_publish(user, model):
    return user is not None and user.has_perm(perm(model, "publish"))


def can_edit_any(user, model):
    return user is not None and user.has_perm(perm(model, "edit_any"))


def can_edit(user, obj):
    """Editors edit anything; contributors only their own drafts and pending items.

    Either within the item's limits (``Publishable.scope_refusal``): editors
    where they review, contributors where they write.
    """
    if can_edit_any(user, obj) and obj.allows(user, "review"):
        return True
    return (
        user.has_perm(perm(obj, "change"))
        and obj.author_id == user.pk
        and obj.status in (Status.DRAFT, Status.PENDING)
        and obj.allows(user, "write")
    )


def can_read_history(user, obj):
    """Revisions hold every earlier state, drafts included: editors read any
    item's, contributors only their own items'."""
    if not obj.allows(user, "write"):
        return False
    return can_edit_any(user, obj) or (
        user.has_perm(perm(obj, "view")) and obj.author_id == user.pk
    )


def can_purge(user, model):
    return user is not None and user.has_perm(perm(model, "purge"))
