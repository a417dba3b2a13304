"""The site shell: the home page, site information, robots.txt, error pages."""

import sys
from collections import defaultdict

from django.conf import settings
from django.db import DatabaseError
from django.db.models import F
from django.db.models.expressions import Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseServerError
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views import defaults
from django.views.generic import ListView, TemplateView

from core import addresses
from core.pagination import CachedCountMixin
from documents.models import Document
from documents.views import attach_replaced
from images.renditions import attach_renditions
from news.models import Article, Category

from . import pagecache
from .context_processors import menu_categories

FEATURED_COUNT = 5  # the lead story and four featured ones
LATEST_COUNT = 6  # "Tin mới" on the home page; the archive has the rest
BLOCK_WINDOW = 500
BLOCK_SIZE = 3  # one with its photo, two headlines
MOST_READ_COUNT = 5
DOCUMENTS_COUNT = 5  # "Văn bản mới"


def recent_pks():
    """The newest BLOCK_WINDOW published articles, as a subquery."""
    return Article.objects.published().order_by("-published_at", "-pk").values("pk")[:BLOCK_WINDOW]


class HomeView(CachedCountMixin, ListView):
    """Lead and featured stories, latest news, a block per top-level category,
    the newest documents, most read.

    A story shows once in the news boxes (top, latest, its section's block), and
    may show a second time in "Đọc nhiều". Later pages (``?page=2``, from before
    the home page linked to the archive instead) show only the latest news.
    """

    template_name = "public/home.html"
    sitemap_priority = 1.0
    context_object_name = "articles"
    paginate_by = 10

    def get_queryset(self):
        # Featured first, then the newest, so the top is full even without
        # featured; among recent articles only, so the sort stays small.
        self.top = list(
            Article.objects.published()
            .filter(pk__in=recent_pks())
            .for_cards()
            .order_by("-featured", "-published_at", "-pk")[:FEATURED_COUNT]
        )
        return Article.objects.published().for_cards().exclude(pk__in=[a.pk for a in self.top])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        first_page = context["page_obj"].number == 1
        if first_page:
            latest = context["articles"] = list(context["articles"][:LATEST_COUNT])
            shown = [a.pk for a in self.top] + [a.pk for a in latest]
            blocks = self.category_blocks(exclude=shown)
            most_read = list(
                Article.objects.most_read().select_related("category")[:MOST_READ_COUNT]
            )
            images = [a.cover_image for a in self.top] + [a.cover_image for a in latest]
            # Only a block's first story shows its photo.
            images += [articles[0].cover_image for _, articles in blocks]
            context.update(
                lead=self.top[0] if self.top else None,
                featured=self.top[1:],
                blocks=blocks,
                most_read=most_read,
                documents=attach_replaced(
                    Document.objects.published().for_listing()[:DOCUMENTS_COUNT]
                ),
            )
        else:
            images = [a.cover_image for a in context["articles"]]
        attach_renditions(images)
        context["first_page"] = first_page
        return context

    def category_blocks(self, exclude=()):
        """[(category, its newest articles incl. subcategories)] in one query,
        leaving out the articles ``exclude`` names (shown higher up).

        The ranking only looks at the newest BLOCK_WINDOW articles, so its cost
        stays flat as the archive grows (ranking every article took over a
        second at 100,000); a category with nothing among them shows no block.
        """
        categories = menu_categories()
        if not categories:
            return []
        section = Coalesce(F("category__parent"), F("category"))
        rows = (
            Article.objects.published()
            .filter(pk__in=recent_pks())
            .exclude(pk__in=exclude)
            .for_cards()
            .annotate(
                section=section,
                rank=Window(
                    RowNumber(),
                    partition_by=[section],
                    order_by=[F("published_at").desc(), F("pk").desc()],
                ),
            )
            .filter(section__in=[c.pk for c in categories], rank__lte=BLOCK_SIZE)
        )
        grouped = defaultdict(list)
        for article in rows:
            grouped[article.section].append(article)
        return [(c, grouped[c.pk]) for c in categories if grouped[c.pk]]


class AboutView(TemplateView):
    """Site information from the editable SiteSettings (the context processor's ``site``)."""

    template_name = "public/about.html"
    sitemap_priority = 0.3


class FeedsView(TemplateView):
    """What a feed is, and every feed's address: the footer's "Nhận tin qua RSS".

    The feeds themselves stay plain RSS for feed readers; a citizen who clicks
    the link lands here instead of on raw XML.
    """

    template_name = "public/feeds.html"
    sitemap_priority = 0.2

    def get_context_data(self, **kwargs):
        categories = Category.by_id().values()
        sections = [
            (top, [c for c in categories if c.parent_id == top.pk])
            for top in categories
            if top.parent_id is None
        ]
        return super().get_context_data(sections=sections, **kwargs)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the static file."""
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


def robots_txt(request):
    absolute = request.build_absolute_uri
    body = loader.render_to_string(
        "robots.txt",
        {
            "sitemap_url": absolute(reverse("public:sitemap")),
            "sitemap_index_url": absolute(reverse("public:sitemap_index")),
        },
    )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


def page_not_found(request, exception):
    """Not found, unless the path is an address that worked before (``core.addresses``):
    then a permanent redirect to where it leads now."""
    if request.method in ("GET", "HEAD"):
        try:
            target = addresses.moved(request.path)
        except DatabaseError:
            target = None
        if target:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(target + (f"?{query}" if query else ""))
    return defaults.page_not_found(request, exception)


def server_error(request):
    """The 500 page, rendered without context processors or the database.

    Every exception that no view or middleware handled ends here, whatever
    layer raised it: Django turns it into a response at that layer, so an outer
    middleware never sees it (the session read in the admin's middleware, for
    one). That makes this the one place that tells a database outage, answered
    with the last good copy of the page or the 503 page, from a bug.
    """
    if isinstance(sys.exception(), pagecache.OUTAGE_ERRORS):
        return pagecache.offline_response(request)
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"portal_name": settings.PORTAL_NAME}))
