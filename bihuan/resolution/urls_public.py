"""The customer's progress page, outside /resolution/ so the link stays short: /p/<token>/."""

from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [path("<str:token>/", views.progress, name="page")]
