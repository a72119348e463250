from django.urls import path

from . import import_views, views

app_name = "intake"

urlpatterns = [
    path("complain/", views.complaint_form, name="form"),
    path("complain/app/", views.complaint_form, {"channel": "app"}, name="app_form"),
    path("submitted/<str:token>/", views.submitted, name="submitted"),
    path("progress/<str:token>/", views.progress, name="progress"),
    path("import/", import_views.import_start, name="import"),
    path("import/<int:job_id>/", import_views.import_job, name="import_job"),
    path("suggestions/<int:complaint_id>/accept/", views.accept_suggestion, name="accept_suggestion"),
]
