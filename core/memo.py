"""What each worker keeps in its own memory, and the one way to forget it all.

Modules that keep per-worker state (the content version's local view, kept
page parts, the search vocabulary's word cache ...) register how to drop it.
A fresh worker starts empty; tests call ``forget_all()`` before each test
rather than reaching into each module.
"""

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
    """A bounded dict in this worker's memory that drops the least recently used entry."""

    def __init__(self, limit):
        self.limit = limit
        self._items = OrderedDict()
        register(self.clear)

    def get(self, key):
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key, value):
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.limit:
            self._items.popitem(last=False)

    def clear(self):
        self._items.clear()
