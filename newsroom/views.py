"""The publication report page and its Excel download.

Both are admin pages (``admin.py`` registers them on the site, which asks for
a staff login and the right to publish articles). A period the form refuses
gets the page back with the messages: 200 on the page, 400 for the download.
"""

from urllib.parse import quote

from django.contrib import admin
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.text import slugify

from .forms import PeriodForm
from .reports import publication_report
from .xlsx import workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_view(request):
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return _page(request, form, report=None)
    return _page(request, form, publication_report(form.cleaned_data["period"]))


def export_view(request):
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return _page(request, form, report=None, status=400)
    report = publication_report(form.cleaned_data["period"])
    response = HttpResponse(workbook_bytes(report), content_type=XLSX)
    response["Content-Disposition"] = content_disposition(report.period)
    return response


def content_disposition(period):
    """An ASCII ``filename`` for old clients, the Vietnamese name in ``filename*`` (RFC 6266).

    ``bao-cao-xuat-ban-2026-Q4.xlsx`` and "Báo cáo xuất bản quý 4 năm 2026.xlsx".
    """
    name = _("Báo cáo xuất bản %(period)s") % {"period": period.name()}
    ascii_name = f"{slugify(_('Báo cáo xuất bản'))}-{period.slug()}.xlsx"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}.xlsx"


def _page(request, form, report, status=200):
    period = form.cleaned_data.get("period") if report else None
    context = {
        **admin.site.each_context(request),
        "title": _("Báo cáo xuất bản"),
        "form": form if report is None else PeriodForm(initial=_initial(period)),
        "report": report,
        "quarters": _quarter_links(period),
        "export_url": period and _url("admin:newsroom_publication_report_xlsx", period),
    }
    return TemplateResponse(
        request, "admin/newsroom/publication_report.html", context, status=status
    )


def _initial(period):
    initial = {"tu_ngay": period.first, "den_ngay": period.last, "nam": str(period.first.year)}
    if period.quarter_number:
        initial["ky"] = str(period.quarter_number)
    elif period.is_year:
        initial["ky"] = "nam"
    return initial


def _url(name, period):
    query = {"tu_ngay": period.first.isoformat(), "den_ngay": period.last.isoformat()}
    return f"{reverse(name)}?{urlencode(query)}"


def _quarter_links(period):
    """One click to each quarter and the whole of the shown period's year."""
    if period is None:
        return []
    year = period.first.year
    base = reverse("admin:newsroom_publication_report")
    links = [
        (_("Quý %(n)s") % {"n": n}, f"{base}?{urlencode({'nam': year, 'ky': n})}", n)
        for n in (1, 2, 3, 4)
    ]
    links.append((_("Cả năm %(year)s") % {"year": year}, f"{base}?{urlencode({'nam': year})}", 0))
    current = period.quarter_number or (0 if period.is_year else None)
    return [{"label": label, "url": url, "current": n == current} for label, url, n in links]
