from django.urls import path, re_path

from . import views

app_name = "analytics"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("breakdowns/", views.breakdowns, name="breakdowns"),
    path("agents/", views.agents, name="agents"),
    path("complaints/", views.complaints, name="complaints"),
    re_path(r"^export/(?P<table>[a-z]+)\.(?P<fmt>csv|xlsx)$", views.export, name="export"),
    path("reports/", views.report, name="report"),
    path("reports/pdf/", views.report_pdf_download, name="report_pdf"),
    path("reports/subscription/", views.report_subscribe, name="report_subscribe"),
    path("rca/", views.rca_list, name="rca_list"),
    path("rca/new/", views.rca_new, name="rca_new"),
    path("rca/<int:rca_id>/", views.rca_detail, name="rca_detail"),
    path("rca/<int:rca_id>/actions/", views.rca_action_add, name="rca_action_add"),
    path("rca/actions/<int:action_id>/done/", views.rca_action_done, name="rca_action_done"),
    path("alerts/<int:alert_id>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
]
