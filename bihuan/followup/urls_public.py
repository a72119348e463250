"""The customer's survey page, outside /followup/ so the link stays short: /s/<token>/."""

from django.urls import path

from . import views

app_name = "survey"

urlpatterns = [path("<str:token>/", views.survey_page, name="page")]
