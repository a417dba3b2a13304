"""How the admin writes dates and times in Vietnamese (``FORMAT_MODULE_PATH``).

Django's own Vietnamese formats write "H:i Ngày 01 tháng 12 năm 2026" and
"20:43 01-12-2026"; the newsroom reads dates as the public site shows them
(``core.display.vi_datetime``): "Thứ Ba, 01/12/2026 20:43". The weekday names
("l": "Thứ Hai" … "Chủ Nhật") come from locale/vi.

Input keeps year-month-day first: the admin's date widgets write it, and
every form that posts dates keeps working. Day/month/year is accepted too;
Django's month/day/year ("12/01/2026" as 1 December) is not.
"""

DATE_FORMAT = "l, d/m/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "l, d/m/Y H:i"
YEAR_MONTH_FORMAT = r"\T\h\á\n\g n/Y"
MONTH_DAY_FORMAT = "d/m"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
]
