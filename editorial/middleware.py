"""A revision for every request that changes something, without a transaction around it."""

from reversion.middleware import RevisionMiddleware as ReversionMiddleware


class RevisionMiddleware(ReversionMiddleware):
    """django-reversion's middleware, minus its request-long ``atomic()``.

    Its own wraps every POST in one transaction, and on SQLite each
    transaction here takes the write lock at once (``IMMEDIATE``): a photo's
    re-encoding or a document's check during the request then stopped every
    other editor from saving ("database is locked" after 20 s). The revision
    is still one per request, saved at its end in a transaction of its own;
    each view keeps its own transactions (the admin's saves, the workflow's),
    so what must commit together still does.
    """

    atomic = False
