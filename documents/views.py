"""The public document library: /van-ban/ with filters and search, a page per document,
lists per issuer, type and signer, downloads.

Every page reads ``Document.objects.published()`` (never a classified or
internal document), runs a constant number of queries and goes through the
page cache, except downloads (counted, streamed) and the view beacon.
"""

import datetime as dt
import logging

from django import forms
from django.db import DatabaseError
from django.db.models import Case, Count, F, Prefetch, Q, When
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

import search
from core import addresses
from core.counting import is_bot, should_count
from core.pagination import CachedCountMixin

from . import filenames, numbering
from .models import (
    OLD_VALIDITY,
    Attachment,
    Document,
    DocumentRelation,
    DocumentType,
    Field,
    Issuer,
    Signer,
    Term,
    Validity,
    name_files,
)

logger = logging.getLogger(__name__)

PER_PAGE = 20
FIRST_DATE, LAST_DATE = dt.date(1930, 1, 1), dt.date(2100, 12, 31)
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


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


class FilterForm(forms.Form):
    """The filters of /van-ban/. Every value comes from the URL: a bad one is named and
    left out, never an error page."""

    q = forms.CharField(required=False, max_length=200)
    loai = forms.SlugField(required=False, max_length=200)
    co_quan = forms.SlugField(required=False, max_length=200)
    linh_vuc = forms.SlugField(required=False, max_length=200)
    nguoi_ky = forms.SlugField(required=False, max_length=200)
    nhiem_ky = forms.SlugField(required=False, max_length=200)
    hieu_luc = forms.ChoiceField(required=False, choices=[("", "")] + Validity.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tu"] = _date_field(gettext_lazy("Từ ngày"))
        self.fields["den"] = _date_field(gettext_lazy("Đến ngày"))

    def clean(self):
        data = super().clean()
        for name in ("tu", "den"):
            value = data.get(name)
            if value and not FIRST_DATE <= value <= LAST_DATE:
                self.add_error(name, _("Ngày phải trong khoảng 1930 – 2100."))
        start, end = data.get("tu"), data.get("den")
        if start and end and start > end:
            self.add_error("den", _("“Từ ngày” phải trước hoặc bằng “Đến ngày”."))
        return data


VOCABULARIES = {
    "loai": ("doc_type", DocumentType),
    "co_quan": ("issuer", Issuer),
    "linh_vuc": ("fields", Field),
    "nguoi_ky": ("signer", Signer),
    "nhiem_ky": ("term", Term),
}


class DocumentListView(CachedCountMixin, ListView):
    """/van-ban/: newest issue first; filters combine, each shows its counts."""

    template_name = "documents/list.html"
    context_object_name = "documents"
    paginate_by = PER_PAGE
    sitemap_priority = 0.8
    # Filtered lists are cached too, each under its filters (public.pagecache).
    cache_varies_on = ("q", "loai", "co_quan", "linh_vuc", "nguoi_ky", "nhiem_ky",
                       "hieu_luc", "tu", "den")  # fmt: skip
    # A list of one issuer, type or signer (/van-ban/co-quan/<slug>/ ...).
    fixed = None

    def get(self, request, *args, **kwargs):
        old = OLD_VALIDITY.get(request.GET.get("hieu_luc", ""))
        if old is not None:
            query = request.GET.copy()
            query["hieu_luc"] = old.value
            return redirect(f"{request.path}?{query.urlencode()}", permanent=True)
        self.filters = self.read_filters()
        return super().get(request, *args, **kwargs)

    def read_filters(self):
        # No more than the page cache keys on (public.pagecache.MAX_FILTER_LENGTH).
        data = {name: self.request.GET.get(name, "")[:200] for name in FilterForm.base_fields}
        data.update(
            tu=self.request.GET.get("tu", "")[:20], den=self.request.GET.get("den", "")[:20]
        )
        form = FilterForm(data)
        form.is_valid()
        chosen = {}
        for name, (_field, model) in VOCABULARIES.items():
            slug = form.cleaned_data.get(name)
            if slug:
                found = model.objects.filter(slug=slug).first()
                if found is None:
                    form.add_error(
                        None, _("Không có mục “%(slug)s”; đã bỏ lọc này.") % {"slug": slug}
                    )
                else:
                    chosen[name] = found
        if self.fixed:
            name, model = self.fixed
            chosen[name] = get_object_or_404(model, slug=self.kwargs["slug"])
        self.form, self.chosen = form, chosen
        return form.cleaned_data

    def base_queryset(self, without=None):
        """Published documents with every filter applied but ``without``."""
        documents = Document.objects.published()
        for name, obj in self.chosen.items():
            if name != without:
                documents = documents.filter(**{VOCABULARIES[name][0]: obj})
        if without != "hieu_luc" and self.filters.get("hieu_luc"):
            documents = documents.with_validity(self.filters["hieu_luc"])
        if self.filters.get("tu"):
            documents = documents.filter(issued_on__gte=self.filters["tu"])
        if self.filters.get("den"):
            documents = documents.filter(issued_on__lte=self.filters["den"])
        return documents

    def get_queryset(self):
        documents = self.base_queryset()
        query = (self.filters.get("q") or "").strip()
        order = ["-issued_on", "-pk"]
        if query:
            matched = search.search(documents, query, order="date")
            key = numbering.key(query)
            if key:
                # The number as typed ("15 nq tu", "Số 05-QĐ/TU") finds its
                # document even when the words alone don't, and it comes first.
                matched = documents.filter(
                    Q(pk__in=matched.values("pk")) | Q(number_key=key)
                ).annotate(exact=Case(When(number_key=key, then=0), default=1))
                order = ["exact", *order]
            documents = matched
        # Each row links its first file ("Tải về"): one query for the page's files.
        return (
            documents.select_related("doc_type", "issuer", "signer")
            .prefetch_related(prefetch_attachments())
            .order_by(*order)
        )

    def facets(self):
        """Each filter's choices with how many documents each would leave: one query per filter."""
        facets = {}
        for name, (field, model) in VOCABULARIES.items():
            if self.fixed and self.fixed[0] == name:
                continue
            counts = dict(
                self.base_queryset(without=name)
                .exclude(**{f"{field}__isnull": True})
                .values_list(f"{field}__slug")
                .annotate(n=Count("pk", distinct=True))
                .values_list(f"{field}__slug", "n")
            )
            options = [
                (obj, counts[obj.slug]) for obj in model.objects.all() if counts.get(obj.slug)
            ]
            facets[name] = options
        return facets

    def validity_counts(self):
        """(value, label, count) per validity status, in one query."""
        rules = Document.objects.validity_rules()
        counts = self.base_queryset(without="hieu_luc").aggregate(
            **{value: Count("pk", filter=rules[value]) for value in Validity.values}
        )
        return [(value, label, counts[value]) for value, label in Validity.choices]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attach_replaced(context["documents"])
        params = {k: v for k, v in self.request.GET.items() if k != "page" and v}
        context.update(
            form=self.form,
            errors=[e for errors in self.form.errors.values() for e in errors],
            chosen=self.chosen,
            facets=self.facets(),
            validity=self.validity_counts(),
            query=self.filters.get("q") or "",
            filtered=bool(params),
            fixed=self.fixed and self.chosen.get(self.fixed[0]),
            page_title=self.page_title(),
        )
        return context

    def page_title(self):
        if self.fixed:
            return str(self.chosen[self.fixed[0]])
        return _("Văn bản")


class IssuerDocuments(DocumentListView):
    fixed = ("co_quan", Issuer)
    sitemap_priority = None


class TypeDocuments(DocumentListView):
    fixed = ("loai", DocumentType)
    sitemap_priority = None


class SignerDocuments(DocumentListView):
    fixed = ("nguoi_ky", Signer)
    sitemap_priority = None


def attach_replaced(documents):
    """Tell each document whether a published one replaces it, in one query
    (``Document.validity`` reads it)."""
    documents = list(documents)
    replaced = set(
        DocumentRelation.objects.filter(
            target__in=[d.pk for d in documents],
            kind=DocumentRelation.Kind.REPLACES,
            source__in=Document.objects.published(),
        ).values_list("target_id", flat=True)
    )
    for document in documents:
        document.is_replaced = document.pk in replaced
    return documents


class DocumentDetailView(DetailView):
    template_name = "documents/detail.html"
    context_object_name = "document"
    preview_of = None  # set by the admin's preview view
    # The documents the previewing user may see (the admin's list of them):
    # relations to any other stay out of the preview, as out of the public page.
    preview_visible = None

    def get_object(self, queryset=None):
        if self.preview_of is not None:
            return self.preview_of
        published = Document.objects.published().select_related(
            "doc_type", "issuer__parent", "signer", "term"
        )
        return get_object_or_404(published, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        if self.preview_of is None:
            document = (
                Document.objects.published()
                .select_related("doc_type", "issuer__parent", "signer", "term")
                .filter(pk=kwargs["pk"])
                .first()
            )
            if document is None or kwargs.get("slug") != document.slug:
                # /van-ban/ was a section's address before the library took it:
                # an old article's address (its slug and id) leads to the article.
                moved = addresses.moved(request.path)
                if moved:
                    return redirect(moved, permanent=True)
                if document is None:
                    raise Http404(_("Không tìm thấy văn bản."))
                return redirect(document, permanent=True)
            self.object = document
        else:
            self.object = self.preview_of
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        visible = Document.objects.published()
        if self.preview_of is not None and self.preview_visible is not None:
            visible = self.preview_visible
        outgoing = DocumentRelation.objects.filter(
            source=document, target__in=visible
        ).select_related("target__doc_type", "target__issuer")
        incoming = DocumentRelation.objects.filter(
            target=document, source__in=visible
        ).select_related("source__doc_type", "source__issuer")
        relations = [(r.get_kind_display(), r.target) for r in outgoing]
        relations += [(DocumentRelation.REVERSE_LABELS[r.kind], r.source) for r in incoming]
        document.is_replaced = any(r.kind == DocumentRelation.Kind.REPLACES for r in incoming)
        # A document shows once, in the first list that has it: one query a list,
        # each leaving out those listed above it.
        shown = [document.pk]
        same_type = self.same(shown, doc_type=document.doc_type_id)
        same_issuer = self.same(shown, issuer=document.issuer_id)
        same_signer = self.same(shown, signer=document.signer_id) if document.signer_id else []
        attach_replaced(same_type + same_issuer + same_signer)
        context.update(
            attachments=name_files(document.attachments.all()),
            relations=relations,
            fields=list(document.fields.all()),
            same_type=same_type,
            same_issuer=same_issuer,
            same_signer=same_signer,
            is_preview=self.preview_of is not None,
            structured_data=self.structured_data(document),
            page_title=document.heading,
        )
        return context

    @staticmethod
    def same(shown, **lookup):
        """Five published documents matching ``lookup`` not in ``shown``, which grows."""
        found = list(
            Document.objects.published().exclude(pk__in=shown).filter(**lookup).for_listing()[:5]
        )
        shown.extend(d.pk for d in found)
        return found

    def structured_data(self, document):
        """schema.org Legislation."""
        absolute = self.request.build_absolute_uri
        data = {
            "@context": "https://schema.org",
            "@type": "Legislation",
            "name": document.heading,
            "abstract": document.summary,
            "legislationIdentifier": document.number_symbol or None,
            "legislationDate": document.issued_on.isoformat(),
            "legislationType": document.doc_type.name,
            "legislationPassedBy": {"@type": "Organization", "name": document.issuer.name},
            "inLanguage": "vi",
            "url": absolute(document.get_absolute_url()),
        }
        if document.effective_on:
            data["legislationDateVersion"] = document.effective_on.isoformat()
        if document.expires_on:
            data["expires"] = document.expires_on.isoformat()
        return {k: v for k, v in data.items() if v is not None}


class DocumentPreview(DocumentDetailView):
    """Staff preview through the public page (editorial.admin.PublishableAdmin.preview_view)."""


def _attachment_or_404(pk):
    attachment = (
        Attachment.objects.filter(pk=pk, document__in=Document.objects.published())
        .select_related("document")
        .first()
    )
    if attachment is None:
        raise Http404(_("Không tìm thấy tệp."))
    return attachment


def _serve(request, pk, inline):
    attachment = _attachment_or_404(pk)
    if not inline:
        _count(request, "download", attachment.pk, Attachment, attachment.pk, "download_count")
    return serve_attachment(attachment, inline)


def serve_attachment(attachment, inline):
    """The stored file of ``attachment``; whoever calls it has checked who may have it."""
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        # The row is there but the file is not: that file is missing, the page is fine.
        logger.error("Attachment %s: file %s missing", attachment.pk, attachment.file.name)
        raise Http404(_("Tệp này hiện không có trên máy chủ.")) from None
    response = FileResponse(handle, content_type=attachment.mime_type)
    response["Content-Disposition"] = filenames.content_disposition(
        attachment.download_name, inline=inline
    )
    response["X-Content-Type-Options"] = "nosniff"
    # The browser's own PDF viewer opens it; nothing else runs in its frame.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox; frame-ancestors 'self'"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@never_cache
def download(request, pk):
    """ "Tải về": the file as an attachment, counted, under its original Vietnamese name."""
    return _serve(request, pk, inline=False)


@never_cache
def view_file(request, pk):
    """ "Xem": a PDF in the browser's own viewer (other formats are downloaded)."""
    attachment = _attachment_or_404(pk)
    return _serve(request, pk, inline=attachment.kind == Attachment.Kind.PDF)


download.page_cache = view_file.page_cache = False


def _count(request, kind, pk, model, row_pk, field):
    try:
        agent = request.META.get("HTTP_USER_AGENT", "")
        if not is_bot(agent) and should_count(request, kind, pk):
            model.objects.filter(pk=row_pk).update(**{field: F(field) + 1})
    except DatabaseError:
        logger.exception("Could not count a %s of %s", kind, pk)


@csrf_exempt  # a counter, sent by navigator.sendBeacon, which can't carry a token
@require_POST
@never_cache
def count_view(request, pk):
    """The view beacon of a document page: 204, or 404 for no public document."""
    if not Document.objects.published().filter(pk=pk).exists():
        raise Http404
    _count(request, "document", pk, Document, pk, "view_count")
    return HttpResponse(status=204)


count_view.page_cache = False


def prefetch_attachments():
    return Prefetch("attachments", queryset=Attachment.objects.order_by("order", "pk"))
