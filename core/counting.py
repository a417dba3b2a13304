"""Who counts as a reader: the rule behind every view and download counter.

A page stays cacheable because counting happens apart from it (a beacon for
an article, the download view for a document's file). Crawlers, link
previewers and monitoring tools are not counted at all. A browser's read or
download then counts only if

- that reader (address and browser) has not been counted for the same thing in
  the last ``DEDUPE_SECONDS``, so reloads count once; and
- the reader's network (the /24 of an IPv4 address, the /64 of an IPv6 one) has
  added fewer than ``NETWORK_DAILY_CAP`` counts to the same thing today.

The browser string alone cannot be the limit: anyone can send a new one with
every request, and thirty of them from one address counted thirty reads. Nor can
the exact address: every IPv6 line is given a whole /64 to pick from, and
neighbouring IPv4 addresses mostly sit in one customer's or one host's block.
So the cap is per network. Addresses that are not addresses at all (possible
only on a misconfigured server) share one "network".
"""

import hashlib
import ipaddress
import re

from django.core.cache import cache
from django.utils import timezone

from .clientip import client_address

DEDUPE_SECONDS = 30 * 60
# Five, because real readers do share a network: colleagues behind one office
# NAT (an article about their own department is read by several of them the
# same day), a household, a block of a carrier's CGNAT. More than five readers
# of one article from one /24 in a day is rarer than one person faking browsers,
# and five caps what one network can add at 35 over the 7-day "Đọc nhiều"
# window, so an article only ranks on readers from many networks.
NETWORK_DAILY_CAP = 5
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|fetch|preview|scan|monitor|headless|lighthouse|phantom|"
    r"facebookexternalhit|embedly|curl|wget|python|java/|go-http|okhttp|"
    r"httpclient|axios|node-fetch|libwww|scrapy|feed|rss|validator|checker",
    re.IGNORECASE,
)


def is_bot(user_agent):
    """True for an empty user agent or one that names a robot or a tool."""
    user_agent = (user_agent or "").strip()
    return (
        not user_agent
        or "mozilla" not in user_agent.lower()
        or bool(BOT_PATTERN.search(user_agent))
    )


def network_of(address):
    """The /24 (IPv4) or /64 (IPv6) holding ``address``, as text; one shared key for garbage."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "?"
    if ip.version == 6 and ip.ipv4_mapped:  # ::ffff:203.0.113.7 is an IPv4 reader
        ip = ip.ipv4_mapped
    # From the integer: a scoped address (fe80::1%eth0) is no valid network string.
    if ip.version == 4:
        return str(ipaddress.IPv4Network((int(ip), 24), strict=False))
    return str(ipaddress.IPv6Network((int(ip), 64), strict=False))


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def should_count(request, kind, pk):
    """True when this read of ``kind`` ``pk`` (say "article", 12) counts: a new
    reader, and the network's daily cap not reached."""
    address = client_address(request)
    reader = _digest(f"{address}|{request.META.get('HTTP_USER_AGENT', '')}")
    if not cache.add(f"count:{kind}:{pk}:{reader}", 1, DEDUPE_SECONDS):
        return False
    today = timezone.localdate()
    key = f"count-net:{today:%Y%m%d}:{kind}:{pk}:{_digest(network_of(address))}"
    # add() then incr() is atomic on Redis. The file cache's incr is a read then
    # a write, so beacons racing in the same instant may pass the cap by a few.
    # The date in the key ends the count; the timeout only clears it away.
    cache.add(key, 0, 25 * 60 * 60)
    try:
        reads = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, 25 * 60 * 60)
        reads = 1
    # None: Redis went down in between (core/cache.py); count nothing then.
    return reads is not None and reads <= NETWORK_DAILY_CAP
