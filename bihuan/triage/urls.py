from django.urls import path

from . import views

app_name = "triage"

urlpatterns = [
    path("rules/", views.rules, name="rules"),
    path("model/", views.model, name="model"),
    path("complaints/<int:pk>/correct/", views.correct, name="correct"),
    path("complaints/<int:pk>/rerun/", views.rerun, name="rerun"),
]
