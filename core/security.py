"""Content-Security-Policy: strict on public pages, workable in the admin.

Public pages allow scripts and styles from our own origin only: no inline
script, no inline style, no eval. The admin keeps scripts to our origin too,
plus the hashes of the import maps the rich-text editor writes inline, and
allows inline styles, which Django's admin templates use.
"""

import base64
import hashlib
import re

from csp.middleware import CSPMiddleware

_IMPORTMAP = re.compile(r'<script type="importmap"[^>]*>(.*?)</script>', re.S)


def _inline_script_hashes():
    """CSP hashes of the editor's inline import maps, computed once at start-up."""
    from django_prose_editor.widgets import (
        prose_editor_admin_media,
        prose_editor_media,
        prose_editor_presets,
    )

    hashes = set()
    for preset in prose_editor_presets():
        html = str(prose_editor_media(base=prose_editor_admin_media, preset=preset))
        for body in _IMPORTMAP.findall(html):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            hashes.add(f"'sha256-{digest}'")
    return sorted(hashes)


class PortalCSPMiddleware(CSPMiddleware):
    _admin_update = None

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith("/admin/") and parts.update is None:
            if PortalCSPMiddleware._admin_update is None:
                PortalCSPMiddleware._admin_update = {
                    "script-src": _inline_script_hashes(),
                    "style-src": ["'unsafe-inline'"],
                    "img-src": ["data:", "blob:"],
                }
            parts.update = PortalCSPMiddleware._admin_update
        return parts
