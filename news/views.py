"""The public site: thin views over ``Article.objects.published()``.

Every page runs a constant number of queries: lists use ``for_cards()``
(category and cover in the same query) and the renditions of all the photos a
page shows come in one query (``attach_renditions``).
"""

import logging
import sys
from collections import defaultdict

from django.conf import settings
from django.db import DatabaseError
from django.db.models import F
from django.db.models.expressions import Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect
from django.template import loader
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.dates import ArchiveIndexView, MonthArchiveView, YearArchiveView

from . import fragments, pagecache, readcounts
from .context_processors import menu_categories
from .display import body_image_paths
from .models import Article, Category, SiteSettings
from .pagination import CachedCountMixin
from .renditions import attach_renditions, share_image

logger = logging.getLogger(__name__)

FEATURED_COUNT = 5  # the lead story and four featured ones
BLOCK_WINDOW = 500
BLOCK_SIZE = 4
MOST_READ_COUNT = 5
RELATED_COUNT = 4


def recent_pks():
    """The newest BLOCK_WINDOW published articles, as a subquery."""
    return Article.objects.published().order_by("-published_at", "-pk").values("pk")[:BLOCK_WINDOW]


class HomeView(CachedCountMixin, ListView):
    """Lead and featured stories, latest news, a block per top-level category, most read.

    Later pages (``?page=2``) show only the latest news.
    """

    template_name = "news/home.html"
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
        images = [a.cover_image for a in context["articles"]]
        if first_page:
            blocks = self.category_blocks()
            most_read = list(
                Article.objects.most_read().select_related("category")[:MOST_READ_COUNT]
            )
            images += [a.cover_image for a in self.top]
            images += [a.cover_image for _, articles in blocks for a in articles]
            context.update(
                lead=self.top[0] if self.top else None,
                featured=self.top[1:],
                blocks=blocks,
                most_read=most_read,
            )
        attach_renditions(images)
        context["first_page"] = first_page
        return context

    def category_blocks(self):
        """[(category, its newest articles incl. subcategories)] in one query.

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


class CategoryView(CachedCountMixin, ListView):
    template_name = "news/category.html"
    context_object_name = "articles"
    paginate_by = 10

    def get_queryset(self):
        self.category = get_object_or_404(
            Category.objects.select_related("parent"), slug=self.kwargs["slug"]
        )
        return Article.objects.published().in_category(self.category).for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attach_renditions([a.cover_image for a in context["articles"]])
        top = self.category.parent or self.category
        context.update(
            category=self.category,
            subcategories=self.category.subcategories(),
            current_category_slug=top.slug,
        )
        return context


class ArticleView(DetailView):
    """An article at /<category>/<slug>-<id>/; the id is what identifies it.

    A stale category or slug (after an editor renamed or moved the article)
    answers 301 to the current address.

    The page is put together from what ``news.fragments`` keeps: the
    article's state (is it published, where, when was it last saved), its own
    part and the related list. The database is read only for what is missing.
    """

    template_name = "news/article.html"
    context_object_name = "article"
    is_preview = False

    def get_object(self, queryset=None):
        article = fragments.article_state(self.kwargs["pk"])
        category = Category.by_id().get(article.category_id) if article else None
        if category is None or not article.is_published():
            raise Http404(_("Không tìm thấy bài viết."))
        article.category = category
        return article

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.slug != kwargs["slug"] or self.object.category.slug != kwargs["category"]:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        top = article.category.parent or article.category
        parts = related = None
        if not self.is_preview:
            host = self.request.get_host(), self.request.is_secure(), get_language()
            presentation = pagecache.current_presentation()
            parts_key = ("article", article.pk, article.updated_at, presentation, host)
            related_key = ("related", article.pk, pagecache.current_version())
            parts = fragments.get(parts_key)
            related = fragments.get(related_key)
        if parts is None or related is None:
            parts, related = self.render_parts(article, parts, related)
            if not self.is_preview:
                fragments.put(parts_key, parts)
                fragments.put(related_key, related)
        context.update(parts=parts, related=related, current_category_slug=top.slug)
        return context

    def render_parts(self, article, parts, related):
        """Render the parts that are missing, with one query for all their photos."""
        full = None
        if parts is None:
            full = self.object if self.is_preview else self.full_article(article.pk)
        articles = []
        if related is None:
            articles = list(
                Article.objects.published()
                .filter(category_id=article.category_id)
                .exclude(pk=article.pk)
                .for_cards()[:RELATED_COUNT]
            )
        body_images = attach_renditions(
            ([full.cover_image] if full else []) + [a.cover_image for a in articles],
            body_image_paths(full.body) if full else (),
        )
        if full is not None:
            parts = fragments.render_blocks(
                "news/article_parts.html", self.article_context(full, body_images)
            )
        if related is None:
            related = fragments.render_blocks(
                "news/includes/_related.html", {"article": article, "related": articles}
            )
        return parts, related

    def full_article(self, pk):
        return Article.objects.select_related("category", "category__parent", "cover_image").get(
            pk=pk
        )

    def article_context(self, article, body_images):
        url = self.request.build_absolute_uri(article.get_absolute_url())
        image = None
        if article.cover_image_id:
            src, width, height, mime = share_image(article.cover_image)
            image = {
                "url": self.request.build_absolute_uri(src),
                "width": width,
                "height": height,
                "type": mime,
                "alt": article.cover_image.alt_text,
            }
        site = SiteSettings.cached()
        return {
            "request": self.request,
            "site": site,
            "article": article,
            "body_images": body_images,
            "absolute_url": url,
            "share_image": image,
            "is_preview": self.is_preview,
            "structured_data": self.structured_data(article, url, image, site),
        }

    def structured_data(self, article, url, image, site):
        """JSON-LD NewsArticle and BreadcrumbList (schema.org)."""
        absolute = self.request.build_absolute_uri
        logo = absolute(settings.STATIC_URL + "img/logo-192.png")
        trail = [(_("Trang chủ"), absolute("/"))]
        if article.category.parent_id:
            parent = article.category.parent
            trail.append((parent.name, absolute(parent.get_absolute_url())))
        trail.append((article.category.name, absolute(article.category.get_absolute_url())))
        trail.append((article.title, url))
        publisher = {
            "@type": "Organization",
            "name": site.name,
            "url": absolute("/"),
            "logo": {"@type": "ImageObject", "url": logo, "width": 192, "height": 192},
        }
        news = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "url": url,
            "headline": article.title[:110],
            "description": article.lead,
            "inLanguage": "vi",
            "articleSection": article.category.name,
            "datePublished": article.published_at.isoformat() if article.published_at else None,
            "dateModified": article.updated_at.isoformat() if article.updated_at else None,
            "author": [
                {"@type": "Person", "name": article.byline}
                if article.byline
                else {"@type": "Organization", "name": site.organisation}
            ],
            "publisher": publisher,
        }
        if image:
            news["image"] = [
                {
                    "@type": "ImageObject",
                    "url": image["url"],
                    "width": image["width"],
                    "height": image["height"],
                }
            ]
        breadcrumb = {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": n, "name": str(name), "item": link}
                for n, (name, link) in enumerate(trail, start=1)
            ],
        }
        return [news, breadcrumb]


class ArchiveMixin(CachedCountMixin):
    date_field = "published_at"
    paginate_by = 20
    allow_empty = False
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attach_renditions([a.cover_image for a in context["articles"]])
        return context


class ArchiveIndex(ArchiveIndexView):
    """/luu-tru/: the months that have articles, newest first."""

    template_name = "news/archive_index.html"
    date_field = "published_at"
    date_list_period = "month"
    allow_empty = True

    def get_queryset(self):
        return Article.objects.published()

    def get_dated_items(self):
        # Only the list of months is shown; the articles are on the month pages.
        date_list = self.get_date_list(self.get_dated_queryset(), ordering="DESC")
        return date_list, Article.objects.none(), {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        years = defaultdict(list)
        for month in context["date_list"]:
            years[month.year].append(month)
        context["years"] = sorted(years.items(), reverse=True)
        return context


class ArchiveYear(ArchiveMixin, YearArchiveView):
    template_name = "news/archive_list.html"
    make_object_list = True


class ArchiveMonth(ArchiveMixin, MonthArchiveView):
    template_name = "news/archive_list.html"
    month_format = "%m"


class AboutView(TemplateView):
    """Site information from the editable SiteSettings (the context processor's ``site``)."""

    template_name = "news/about.html"


def robots_txt(request):
    sitemap = request.build_absolute_uri("/sitemap.xml")
    body = loader.render_to_string("robots.txt", {"sitemap_url": sitemap})
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@csrf_exempt  # a counter, sent by navigator.sendBeacon, which can't carry a token
@require_POST
@never_cache
def count_read(request, pk):
    """The "most read" beacon: 204 whether or not the read was counted, 404 for no article."""
    try:
        if not Article.objects.published().filter(pk=pk).exists():
            raise Http404
        agent = request.META.get("HTTP_USER_AGENT", "")
        if not readcounts.is_bot(agent) and readcounts.should_count(request, pk):
            readcounts.record_read(pk)
    except DatabaseError:
        # Losing one read is better than an error in the reader's console.
        logger.exception("Could not count a read of article %s", pk)
    return HttpResponse(status=204)


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
