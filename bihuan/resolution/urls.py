from django.urls import path

from . import views, views_library

app_name = "resolution"

urlpatterns = [
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/<int:approval_id>/decide/", views.decide, name="decide"),
    path("complaints/<int:pk>/verify-item/", views.verify_item, name="verify_item"),
    path("complaints/<int:pk>/checks/", views.run_checks, name="run_checks"),
    path("complaints/<int:pk>/report/", views.report, name="report"),
    path("complaints/<int:pk>/request-info/", views.request_info, name="request_info"),
    path("complaints/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("complaints/<int:pk>/propose/", views.propose, name="propose"),
    path("complaints/<int:pk>/progress-link/", views.create_link, name="create_link"),
    path("remedies/<int:remedy_id>/offer/", views.offer, name="offer"),
    path("remedies/<int:remedy_id>/respond/", views.respond, name="respond"),
    path("steps/<int:step_id>/done/", views.step_done, name="step_done"),
    path("steps/<int:step_id>/exception/", views.step_exception, name="step_exception"),
    path("links/<int:link_id>/revoke/", views.revoke_link, name="revoke_link"),
    path("library/", views_library.index, name="library"),
    path("library/<int:scenario_id>/edit/", views_library.scenario_edit, name="scenario_edit"),
    path("library/<int:scenario_id>/activate/", views_library.scenario_activate, name="scenario_activate"),
    path("library/propose/<int:pk>/", views_library.scenario_propose, name="scenario_propose"),
    path("library/checklist/", views_library.checklist_edit, name="checklist_edit"),
    path("assist/check/", views.check_reply, name="check_reply"),
]
