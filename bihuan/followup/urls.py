from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("mine/", views.my_queue, name="mine"),
    path("tasks/<int:pk>/outcome/", views.record_outcome, name="outcome"),
    path("complaints/<int:pk>/review-withdrawn/", views.review_withdrawn, name="review_withdrawn"),
    path("survey-builder/", views.survey_builder, name="builder"),
    path("reminders/", views.reminder_rules, name="reminders"),
    path("reminders/<int:pk>/", views.reminder_rules, name="reminder_edit"),
]
