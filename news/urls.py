from django.urls import path, register_converter

from . import views
from .feeds import CategoryFeed, LatestArticlesFeed

app_name = "news"


class YearConverter:
    regex = "(?:19|20)[0-9]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):04d}"


class MonthConverter:
    regex = "0[1-9]|1[0-2]"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(YearConverter, "year")
register_converter(MonthConverter, "month")


urlpatterns = [
    path("luu-tru/", views.ArchiveIndex.as_view(), name="archive"),
    path("luu-tru/<year:year>/", views.ArchiveYear.as_view(), name="archive_year"),
    path(
        "luu-tru/<year:year>/<month:month>/",
        views.ArchiveMonth.as_view(),
        name="archive_month",
    ),
    path("rss/", LatestArticlesFeed.as_view(), name="feed"),
    path("rss/<slug:slug>/", CategoryFeed.as_view(), name="category_feed"),
    path("doc/<id:pk>/", views.count_read, name="count_read"),
    # Last in the site's URLs (portal/urls.py): every fixed path goes above
    # these, and no category may take one (core.urlspace, news/checks.py).
    path("<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path(
        "<slug:category>/<slug:slug>-<id:pk>/",
        views.ArticleView.as_view(),
        name="article",
    ),
]
