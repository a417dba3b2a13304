"""What each worker keeps in its own memory, and the one way to forget it all.

Modules that keep per-worker state (the content version's local view, kept
page parts, the search vocabulary's word cache ...) register how to drop it.
A fresh worker starts empty; tests call ``forget_all()`` before each test
rather than reaching into each module.
"""

import threading
from collections import OrderedDict

_forgetters = []


def register(forget):
    """Call ``forget()`` from ``forget_all()``; returns ``forget`` (usable as a decorator)."""
    if forget not in _forgetters:
        _forgetters.append(forget)
    return forget


def forget_all():
    for forget in _forgetters:
        forget()


class LRU:
    """A bounded dict in this worker's memory that drops the least recently used entry.

    Shared by the threads of a worker (gunicorn's gthread workers), hence the
    lock: an entry dropped by one thread between another's lookup and its
    move to the end raised KeyError.
    """

    def __init__(self, limit):
        self.limit = limit
        self._items = OrderedDict()
        self._lock = threading.Lock()
        register(self.clear)

    def get(self, key):
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key, value):
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.limit:
                self._items.popitem(last=False)

    def clear(self):
        with self._lock:
            self._items.clear()
