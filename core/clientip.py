"""The client's address: the one place that decides whether to believe the proxy.

Behind our nginx (``BEHIND_PROXY``) every request reaches gunicorn from
127.0.0.1, so ``REMOTE_ADDR`` names the proxy, not the client. nginx appends the
address it saw to ``X-Forwarded-For`` (``$proxy_add_x_forwarded_for``), so the
last hop is the only one we can believe: anything before it came from the client,
who may send the header already filled in. Without the proxy the whole header is
the client's own word and is ignored.

Login throttling (django-axes, through ``AXES_CLIENT_IP_CALLABLE``) and read
counting (``news.readcounts``) both call ``client_address``.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The client's IP address; the proxy's last X-Forwarded-For hop when BEHIND_PROXY."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last_hop = forwarded.rsplit(",", 1)[-1].strip()
        try:
            address = ipaddress.ip_address(last_hop)
        except ValueError:
            # Only a request that bypassed nginx lacks a valid last hop; it is
            # judged by the connection's own address, like any direct client.
            address = None
        # Normalised, never garbage and never scoped (fe80::1%eth0): django-axes
        # stores it in an inet column on PostgreSQL.
        if address is not None and not getattr(address, "scope_id", None):
            return str(address)
    return request.META.get("REMOTE_ADDR", "")
