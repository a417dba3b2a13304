"""/tim-kiem/: the site search, over every kind of content. Search logic lives in ``search``.

Every input is untrusted: the query is parsed into folded tokens, dates and
the category are validated by a form, and whatever is invalid is reported on
the page and left out of the search, so no input can cause an error page.
"""

import datetime as dt
import functools
import re

from django import forms
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core.numbers import parse_page
from documents.models import Document
from images.renditions import attach_renditions
from news.models import Article, Category
from search import (
    MAX_TERMS,
    RANKED_RESULTS,
    entry_for,
    highlight,
    parse_query,
    snippet_of,
    suggest,
)
from search.mixed import Source, count_all, load, merged
from search.query import clean_input

PER_PAGE = 10
# Counting every match of a common word among 100,000 articles costs more than
# the page itself; past this many the page says "hơn 1.000".
COUNT_CAP = 1000
FIRST_DATE, LAST_DATE = dt.date(1945, 1, 1), dt.date(2100, 12, 31)
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
_SLUG_RE = re.compile(r"[-a-zA-Z0-9_]+")


class SearchPaginator(Paginator):
    """Pages over a known number of results, so paging runs no COUNT of its own."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={
            "invalid": gettext_lazy("“%(label)s” không phải là ngày hợp lệ (ngày/tháng/năm).")
            % {"label": label}
        },
    )


class SearchForm(forms.Form):
    category = forms.CharField(required=False)
    sort = forms.CharField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so these two can't be declared as attributes.
        self.fields["from"] = _date_field(gettext_lazy("Từ ngày"))
        self.fields["to"] = _date_field(gettext_lazy("Đến ngày"))

    def clean_category(self):
        slug = self.cleaned_data["category"]
        if not slug:
            return None
        category = None
        if _SLUG_RE.fullmatch(slug):
            category = Category.objects.filter(slug=slug).first()
        if category is None:
            raise forms.ValidationError(_("Không có chuyên mục này; đã tìm trong mọi chuyên mục."))
        return category

    def _clean_date(self, name):
        value = self.cleaned_data[name]
        if value and not FIRST_DATE <= value <= LAST_DATE:
            raise forms.ValidationError(
                _("Ngày phải trong khoảng %(first)s – %(last)s.")
                % {"first": f"{FIRST_DATE:%d/%m/%Y}", "last": f"{LAST_DATE:%d/%m/%Y}"}
            )
        return value

    def clean_from(self):
        return self._clean_date("from")

    def clean_to(self):
        return self._clean_date("to")

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            del data["from"], data["to"]
            raise forms.ValidationError(
                _("“Từ ngày” phải trước hoặc bằng “Đến ngày”; đã bỏ lọc theo ngày.")
            )
        return data


def _start_of_day(date):
    return timezone.make_aware(dt.datetime.combine(date, dt.time.min))


def _number(value):
    return f"{value:,}".replace(",", ".")


class SearchView(TemplateView):
    template_name = "public/search.html"
    page_cache = False  # endless variations of one page (core.urlspace)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # Result pages are endless variations of one page: keep them out of
        # search engines and shared caches.
        response["X-Robots-Tag"] = "noindex"
        patch_cache_control(response, private=True, max_age=60)
        return response

    def get_context_data(self, **kwargs):
        params = self.request.GET
        raw_query = params.get("q", "").replace("\x00", "")
        data = {name: clean_input(params.get(name, ""), 40) for name in ("category", "sort")}
        data.update({name: clean_input(params.get(name, ""), 20) for name in ("from", "to")})
        form = SearchForm(data)
        form.is_valid()
        filters = form.cleaned_data
        query = parse_query(raw_query)
        order = "date" if filters.get("sort") == "date" else "relevance"

        sources = self.sources(filters)
        context = super().get_context_data(
            form=form,
            errors=[e for errors in form.errors.values() for e in errors],
            query=query.text,
            page_title=(
                _("Tìm kiếm: %(query)s") % {"query": query.text} if query.text else _("Tìm kiếm")
            ),
            order=order,
            filtered=bool(filters.get("category") or filters.get("from") or filters.get("to")),
            category_choices=self._category_choices(),
            selected_category=data["category"] if filters.get("category") else "",
            # <input type="date"> only takes ISO dates, whatever format was typed.
            date_from=filters["from"].isoformat() if filters.get("from") else "",
            date_to=filters["to"].isoformat() if filters.get("to") else "",
            truncated=query.truncated,
            max_terms=MAX_TERMS,
            **kwargs,
        )
        if not query.text:
            context["state"] = "empty"
        elif not query:
            context["state"] = "unusable"
        else:
            context.update(self._results(query, sources, order))
        return context

    def sources(self, filters):
        """What the reader may find, one queryset per kind of content, filtered:
        articles and documents. A section (category) filter narrows it to articles."""
        articles = Article.objects.published().select_related("category", "cover_image")
        querysets = [articles]
        if filters.get("category"):
            querysets = [articles.in_category(filters["category"])]
        else:
            querysets.append(Document.objects.published().select_related("doc_type", "issuer"))
        for_dates = []
        for queryset in querysets:
            date_field = entry_for(queryset.model).date_field
            if filters.get("from"):
                start = {f"{date_field}__gte": _start_of_day(filters["from"])}
                queryset = queryset.filter(**start)
            if filters.get("to"):
                end = {f"{date_field}__lt": _start_of_day(filters["to"] + dt.timedelta(days=1))}
                queryset = queryset.filter(**end)
            for_dates.append(Source(queryset))
        return for_dates

    def _results(self, query, sources, order):
        per_kind = {
            source.queryset.model._meta.model_name: count_all([source], query, limit=COUNT_CAP + 1)
            for source in sources
        }
        matches = sum(per_kind.values())
        # Relevance order ranks the best RANKED_RESULTS; the date order lists all.
        shown = min(matches, COUNT_CAP if order == "date" else RANKED_RESULTS)
        hits = merged(sources, query, order, limit=shown)
        paginator = SearchPaginator(hits, PER_PAGE, len(hits))
        # Not a number ("²", "1.0" ...): the first page, as for a missing one.
        page = paginator.get_page(parse_page(self.request.GET.get("page")) or 1)
        results = load(page.object_list)
        for result in results:
            # Each kind says how its results look (search.registry): what
            # the index matches on is not what a reader is shown.
            entry = entry_for(type(result))
            result.search_kind = result._meta.model_name
            result.search_label = entry.label
            result.search_template = entry.result_template or "public/_search_result.html"
            result.search_title = highlight(entry.display_text(result), query)
            texts = [entry.shown_text(result, part) for part in entry.snippet_parts]
            result.search_snippet = snippet_of(texts, query, fallback=entry.snippet_fallback)
        attach_renditions([getattr(result, "cover_image", None) for result in results])
        return {
            "mark": functools.partial(highlight, query=query),
            "state": "results" if results else "nothing",
            "results": results,
            "page_obj": page,
            "paginator": paginator,
            "count": _number(min(matches, COUNT_CAP)),
            "articles_count": _number(min(per_kind.get("article", 0), COUNT_CAP)),
            "documents_count": _number(min(per_kind.get("document", 0), COUNT_CAP)),
            "mixed": sum(1 for n in per_kind.values() if n) > 1,
            "only_documents": not per_kind.get("article") and per_kind.get("document"),
            "capped": matches > COUNT_CAP,
            "limited": shown < min(matches, COUNT_CAP),
            "shown": shown,
            "suggestion": None if results else suggest(query, [s.queryset for s in sources]),
        }

    def _category_choices(self):
        """(slug, label) of every category, subcategories indented under their parent."""
        categories = list(Category.objects.select_related("parent"))
        children = {}
        for category in categories:
            children.setdefault(category.parent_id, []).append(category)
        choices = []
        for parent in children.get(None, []):
            choices.append((parent.slug, parent.name))
            choices += [(child.slug, f"— {child.name}") for child in children.get(parent.pk, [])]
        return choices
