"""Read replica routing (enabled when DATABASE_REPLICA_URL is set).

Anonymous readers' GET requests read from the replica. Everything else reads
and writes on the primary: the admin, logged-in staff, any POST, management
commands, and the rest of a request once it has written something (so an
editor always reads their own writes).
"""

from contextvars import ContextVar

from django.conf import settings

from core.urlspace import admin_prefix

_read_from_replica = ContextVar("read_from_replica", default=False)

REPLICA = "replica"
PRIMARY = "default"


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _read_from_replica.get() else PRIMARY

    def db_for_write(self, model, **hints):
        _read_from_replica.set(False)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaRoutingMiddleware:
    """Send an anonymous reader's GET/HEAD to the replica, all else to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public_read = (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(admin_prefix())
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        token = _read_from_replica.set(public_read)
        try:
            return self.get_response(request)
        finally:
            _read_from_replica.reset(token)
