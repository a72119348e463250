"""Resolution services (DESIGN rules 1–3): every write of the resolution app goes through here."""

from .approval import approval_decide
from .execution import remedy_offer, remedy_respond, step_done, step_exception
from .library import checklist_update, scenario_activate, scenario_new_version, scenario_propose_from_case
from .progress import LinkUnusable, progress_link_create, progress_link_open, progress_link_revoke, progress_page
from .remedies import assess, remedy_cancel, remedy_propose
from .verification import (
    evidence_add,
    verification_complete,
    verification_get_or_create,
    verification_item_set,
    verification_request_info,
    verification_run_checks,
)

__all__ = [
    "LinkUnusable", "approval_decide", "assess", "checklist_update", "evidence_add", "progress_link_create",
    "progress_link_open", "progress_link_revoke", "progress_page", "remedy_cancel", "remedy_offer",
    "remedy_propose", "remedy_respond", "scenario_activate", "scenario_new_version",
    "scenario_propose_from_case", "step_done", "step_exception", "verification_complete",
    "verification_get_or_create", "verification_item_set", "verification_request_info",
    "verification_run_checks",
]
