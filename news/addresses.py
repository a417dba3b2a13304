"""The old addresses of articles and sections (``core.addresses``).

- ``/<anything>/<slug>-<id>/``: the article with that id and slug, wherever
  it is now. The id identifies an article; the slug must match too, so a path
  of another kind that happens to end in a number never leads to an article.
  An article at its own section's address needs no help (``ArticleView``
  answers 301 for a stale section or slug); this serves the paths a fixed URL
  took over, as the document library took /van-ban/.
- ``/<old slug>/`` and ``/rss/<old slug>/``: the section that had that slug
  (``CategoryAddress``, written when a slug changes), unless a section has
  the slug now.
"""

import re

from .models import Article, Category, CategoryAddress

_ARTICLE = re.compile(r"^/[^/]+/(?P<slug>[-\w]+)-(?P<pk>[0-9]{1,18})/$")
_SECTION = re.compile(r"^/(?P<feed>rss/)?(?P<slug>[-\w]+)/$")


def find(path):
    match = _ARTICLE.match(path)
    if match:
        article = (
            Article.objects.published()
            .filter(pk=int(match["pk"]), slug=match["slug"])
            .select_related("category")
            .first()
        )
        if article is not None:
            return article.get_absolute_url()
    match = _SECTION.match(path)
    if match and not Category.objects.filter(slug=match["slug"]).exists():
        old = CategoryAddress.objects.filter(slug=match["slug"]).select_related("category")
        address = old.first()
        if address is not None:
            category = address.category
            if match["feed"]:
                return f"/rss/{category.slug}/"
            return category.get_absolute_url()
    return None
