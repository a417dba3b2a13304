"""Addresses that worked before: where an old path leads now.

A link to the portal lives on in Zalo groups, Facebook posts and other
sites, so a section or an article that changes its address never breaks the
old one. Each content app registers a ``finder(path)`` that returns the
current address of what ``path`` used to show, or None. The site's 404
handler (``public.views.page_not_found``) asks them before it says "not
found", and a view whose own pattern caught an old path (the document library
took /van-ban/, where a section's articles used to be) asks them before it
guesses. ``core`` imports no content app.
"""

_finders = []


def register(finder):
    """``finder(path)`` -> the current address of what ``path`` showed, or None."""
    if finder not in _finders:
        _finders.append(finder)
    return finder


def moved(path):
    """Where ``path`` (an old address) leads now, or None."""
    for finder in _finders:
        found = finder(path)
        if found and found != path:
            return found
    return None
