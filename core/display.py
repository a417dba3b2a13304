"""Display helpers every public page uses: Vietnamese dates, JSON-LD, links.

The public templates (templates/jinja2) get these as Jinja2 filters and
globals (``portal/jinja.py``); photos are shown by ``images.display``.
"""

import json
import re

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def vi_datetime(value):
    """'Thứ Tư, 09/10/2019 08:30' in the site's time zone."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y %H:%M}"


def vi_date(value):
    if not value:
        return ""
    return f"{timezone.localtime(value):%d/%m/%Y}"


def json_ld(data):
    """``<script type="application/ld+json">`` that a ``</script>`` in a title can't end."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


def canonical_url(context):
    """The page's absolute address without tracking or unknown query parameters."""
    request = context.get("request")
    if request is None:
        return ""
    url = request.build_absolute_uri(request.path)
    page_obj = context.get("page_obj")
    if page_obj is not None and page_obj.number > 1:
        url += f"?page={page_obj.number}"
    return url


def absolute(context, url):
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None and url else url


def tel_href(phone):
    return "tel:" + re.sub(r"[^0-9+]", "", phone or "")
