"""The site's own address, whatever Host header a request names.

Public pages carry absolute addresses (canonical link, ``og:url``, JSON-LD,
feeds, sitemaps, robots.txt) and are cached for every reader. Django's
``ALLOWED_HOSTS`` ignores the port, so ``Host: thanhuy.example.vn:31337``
passes; a page rendered for it must not reach anyone else. With
``PORTAL_SITE_URL`` set, public page requests are answered as if made to that
address, so every ``build_absolute_uri()`` (ours and Django's feeds and
sitemaps) gives the canonical address; without it (local development) the
page cache keeps one copy per host instead (``news.pagecache``).
"""

from functools import cache
from urllib.parse import urlsplit

from django.conf import settings

from .urlspace import admin_prefix


@cache
def _canonical(site_url):
    parts = urlsplit(site_url)
    return parts.scheme, parts.netloc


class CanonicalHostMiddleware:
    """Refuse a disallowed host before anything else; name public pages canonically.

    ``request.get_host()`` raises ``DisallowedHost``, which Django answers with
    400, before the page cache can answer from a copy. Only GET and HEAD
    outside the admin are renamed: forms keep their real host for the CSRF
    origin check.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.get_host()
        site_url = settings.PORTAL_SITE_URL
        if (
            site_url
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(admin_prefix())
        ):
            scheme, host = _canonical(site_url)
            request.META["HTTP_HOST"] = host
            request.META["wsgi.url_scheme"] = scheme
            if settings.SECURE_PROXY_SSL_HEADER:
                header, secure_value = settings.SECURE_PROXY_SSL_HEADER
                request.META[header] = secure_value if scheme == "https" else "http"
        return self.get_response(request)
