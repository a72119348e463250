from django.urls import path

from . import views

app_name = "routing"

urlpatterns = [
    path("at-risk/", views.at_risk, name="at_risk"),
    path("preview/", views.preview, name="preview"),
]
