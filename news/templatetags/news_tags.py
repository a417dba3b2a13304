from django import template
from django.utils import timezone

register = template.Library()

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


@register.filter
def vi_datetime(value):
    """'Thứ Tư, 09/10/2019 08:30' in the site's time zone."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y %H:%M}"


@register.filter
def vi_date(value):
    if not value:
        return ""
    return f"{timezone.localtime(value):%d/%m/%Y}"
