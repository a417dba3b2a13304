"""Sections, articles and archives: thin views over ``Article.objects.published()``.

Every page runs a constant number of queries: lists use ``for_cards()``
(category and cover in the same query) and the renditions of all the photos a
page shows come in one query (``attach_renditions``).
"""

import logging
from collections import defaultdict

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView
from django.views.generic.dates import ArchiveIndexView, MonthArchiveView, YearArchiveView

from core import versioning
from core.models import SiteSettings
from core.pagination import CachedCountMixin
from images.display import body_image_paths
from images.renditions import attach_renditions, share_image

from . import fragments, readcounts
from .models import Article, Category

logger = logging.getLogger(__name__)

RELATED_COUNT = 4


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
            presentation = versioning.current_presentation()
            parts_key = ("article", article.pk, article.updated_at, presentation, host)
            related_key = ("related", article.pk, versioning.current_version())
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
                "news/includes/_related.html",
                {
                    "article": article,
                    "related": articles,
                    "documents": self.related_documents(article),
                },
            )
        return parts, related

    def related_documents(self, article):
        """The published documents the article names (documents are another app's:
        reached through the relation, not imported)."""
        Document = Article.related_documents.field.related_model
        return list(
            Document.objects.published()
            .filter(articles=article.pk)
            .select_related("doc_type", "issuer")
            .order_by("-issued_on", "-pk")
        )

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

    sitemap_priority = 0.3
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


@csrf_exempt  # a counter, sent by navigator.sendBeacon, which can't carry a token
@require_POST
@never_cache
def count_read(request, pk):
    """The "most read" beacon: 204 whether or not the read was counted, 404 for no article."""
    try:
        if not Article.objects.published().filter(pk=pk).exists():
            raise Http404
        agent = request.META.get("HTTP_USER_AGENT", "")
        if not readcounts.is_bot(agent) and readcounts.should_count_read(request, pk):
            readcounts.record_read(pk)
    except DatabaseError:
        # Losing one read is better than an error in the reader's console.
        logger.exception("Could not count a read of article %s", pk)
    return HttpResponse(status=204)


count_read.page_cache = False  # a counter, never a page (core.urlspace)
