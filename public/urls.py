from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import search_views, views
from .sitemaps import SITEMAPS

app_name = "public"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("gioi-thieu/", views.AboutView.as_view(), name="about"),
    path("tim-kiem/", search_views.SearchView.as_view(), name="search"),
    path("nhan-tin-qua-rss/", views.FeedsView.as_view(), name="feeds"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "public/sitemap.xml"},
        name="sitemap",
    ),
    path(
        "sitemap-index.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "public:sitemap_section"},
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "public/sitemap.xml"},
        name="sitemap_section",
    ),
]
