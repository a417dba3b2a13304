"""The report's period, from the query string: a quarter or year, or two dates.

Whatever is typed or pasted into the address bar gets the page back with a
message, never a 500: years and quarters are choices (so "²", "1e3" or
"２０２６" are simply not one of them), dates are ASCII only and bounded
before any time zone arithmetic sees them.
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .reports import Period

# The portal's archive starts well after this; earlier dates are typing mistakes.
FIRST_YEAR = 2000
# Ten years of months is 120 rows: still a readable table and a quick query.
MAX_YEARS = 10

QUARTERS = [("1", _("Quý 1")), ("2", _("Quý 2")), ("3", _("Quý 3")), ("4", _("Quý 4"))]
WHOLE_YEAR = "nam"


def this_year():
    return timezone.localdate(timezone=timezone.get_default_timezone()).year


def year_choices():
    return [(str(year), str(year)) for year in range(this_year(), FIRST_YEAR - 1, -1)]


def last_allowed_day():
    # Later days hold nothing yet; the end of this year keeps the current quarter choosable.
    return dt.date(this_year(), 12, 31)


class DayField(forms.DateField):
    """A day as 2026-12-31 (the date picker) or 31/12/2026 (typed), in ASCII digits."""

    default_error_messages = {
        "invalid": _("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 31/12/2026.")
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y"])
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)

    def to_python(self, value):
        # strptime reads any Unicode digit ("２０２６"); no one types those on purpose.
        if isinstance(value, str) and not value.strip().isascii():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value is not None and not dt.date(FIRST_YEAR, 1, 1) <= value <= last_allowed_day():
            raise ValidationError(
                _("Ngày phải nằm trong khoảng từ %(first)s đến %(last)s."),
                code="out_of_range",
                params={"first": f"01/01/{FIRST_YEAR}", "last": f"{last_allowed_day():%d/%m/%Y}"},
            )


class PeriodForm(forms.Form):
    """``nam`` and ``ky`` (a quarter or the whole year) win over ``tu_ngay`` and ``den_ngay``;
    with none of them, the current quarter."""

    nam = forms.ChoiceField(
        label=_("Năm"),
        required=False,
        error_messages={"invalid_choice": _("Hãy chọn một năm trong danh sách.")},
    )
    ky = forms.ChoiceField(
        label=_("Kỳ"),
        required=False,
        choices=[*QUARTERS, (WHOLE_YEAR, _("Cả năm"))],
        error_messages={"invalid_choice": _("Hãy chọn quý 1–4 hoặc cả năm.")},
    )
    tu_ngay = DayField(label=_("Từ ngày"), required=False)
    den_ngay = DayField(label=_("Đến ngày"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nam"].choices = year_choices()

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        year, part = cleaned.get("nam"), cleaned.get("ky")
        first, last = cleaned.get("tu_ngay"), cleaned.get("den_ngay")
        if year or part:
            year = int(year) if year else this_year()
            if part in ("", WHOLE_YEAR):
                cleaned["period"] = Period.year(year)
            else:
                cleaned["period"] = Period.quarter(year, int(part))
        elif first or last:
            if not (first and last):
                raise ValidationError(
                    _("Hãy nhập cả ngày bắt đầu và ngày kết thúc."), code="incomplete"
                )
            if first > last:
                raise ValidationError(
                    _("Ngày bắt đầu (%(first)s) không được sau ngày kết thúc (%(last)s)."),
                    code="reversed",
                    params={"first": f"{first:%d/%m/%Y}", "last": f"{last:%d/%m/%Y}"},
                )
            if last >= _years_after(first, MAX_YEARS):
                raise ValidationError(
                    _("Một báo cáo tính tối đa %(years)s năm; hãy chọn khoảng ngắn hơn."),
                    code="too_long",
                    params={"years": MAX_YEARS},
                )
            cleaned["period"] = Period(first, last)
        else:
            cleaned["period"] = Period.current_quarter()
        return cleaned


def _years_after(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, month=3, day=1)
