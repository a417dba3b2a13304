from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [path("bao-mat-2-lop/", views.two_factor, name="two_factor")]
