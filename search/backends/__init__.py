"""Search backends, one per database vendor. Callers use :func:`backend_for`."""

from django.db import connections

from .postgres import PostgresBackend
from .sqlite import SQLiteBackend

_BACKENDS = {"postgresql": PostgresBackend(), "sqlite": SQLiteBackend()}


def backend_for(using):
    """The backend for the database alias ``using``."""
    vendor = connections[using].vendor
    try:
        return _BACKENDS[vendor]
    except KeyError:
        message = f"Search supports PostgreSQL and SQLite, not {vendor}."
        raise NotImplementedError(message) from None


def is_supported(using):
    return connections[using].vendor in _BACKENDS
