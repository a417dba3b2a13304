from django.urls import path

from . import views
from .feeds import DocumentFeed

app_name = "documents"

urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    path("rss/", DocumentFeed(), name="feed"),
    path("co-quan/<slug:slug>/", views.IssuerDocuments.as_view(), name="issuer"),
    path("loai/<slug:slug>/", views.TypeDocuments.as_view(), name="type"),
    path("nguoi-ky/<slug:slug>/", views.SignerDocuments.as_view(), name="signer"),
    path("tep/<id:pk>/tai-ve/", views.download, name="download"),
    path("tep/<id:pk>/xem/", views.view_file, name="view"),
    path("doc/<id:pk>/", views.count_view, name="count_view"),
    path("<slug:slug>-<id:pk>/", views.DocumentDetailView.as_view(), name="detail"),
]
