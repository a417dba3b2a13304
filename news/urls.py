from django.urls import path, register_converter

from core.numbers import IdConverter

from . import search_views, views
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
register_converter(IdConverter, "id")


urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("gioi-thieu/", views.AboutView.as_view(), name="about"),
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
    # Fixed paths (such as search, /tim-kiem/) go above the category pattern.
    path("tim-kiem/", search_views.SearchView.as_view(), name="search"),
    path("<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path(
        "<slug:category>/<slug:slug>-<id:pk>/",
        views.ArticleView.as_view(),
        name="article",
    ),
]
