from django.urls import path

from . import views

app_name = "news"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("<slug:category>/<slug:slug>-<int:pk>/", views.ArticleView.as_view(), name="article"),
]
