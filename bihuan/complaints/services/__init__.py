"""Every write to a complaint goes through here (DESIGN rules 1–3).

Each service runs in one transaction, locks the complaint row it changes and
appends the matching timeline event(s) in that same transaction. One module per
concern; import from this package.
"""

from bihuan.core.errors import PermissionDenied

from .base import user_by_id
from .customers import CustomerData, customer_create, customer_find, customer_find_or_create
from .moves import complaint_assign, complaint_transition
from .records import complaint_check_input, complaint_create, complaint_update, next_number
from .timeline import attachment_add, complaint_comment, complaint_link, timeline_record

__all__ = [
    "CustomerData", "PermissionDenied", "attachment_add", "complaint_assign", "complaint_check_input",
    "complaint_comment", "complaint_create", "complaint_link", "complaint_transition", "complaint_update",
    "customer_create", "customer_find", "customer_find_or_create", "next_number", "timeline_record",
    "user_by_id",
]
