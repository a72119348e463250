"""Complaint lifecycle rules (SPEC §1), pure Python.

Seven main steps: received → assessed → verifying → resolving → executing →
follow_up → closed, plus the side states escalated, waiting_on_customer and
reopened. The table below is the single source of truth for which moves are
allowed; services, the API and the UI all ask it.
"""

from __future__ import annotations

from dataclasses import dataclass

RECEIVED = "received"
ASSESSED = "assessed"
VERIFYING = "verifying"
RESOLVING = "resolving"
EXECUTING = "executing"
FOLLOW_UP = "follow_up"
CLOSED = "closed"
ESCALATED = "escalated"
WAITING_ON_CUSTOMER = "waiting_on_customer"
REOPENED = "reopened"

MAIN_STEPS: tuple[str, ...] = (
    RECEIVED, ASSESSED, VERIFYING, RESOLVING, EXECUTING, FOLLOW_UP, CLOSED,
)
ALL_STATUSES: tuple[str, ...] = MAIN_STEPS + (ESCALATED, WAITING_ON_CUSTOMER, REOPENED)
OPEN_STATUSES: frozenset[str] = frozenset(ALL_STATUSES) - {CLOSED}

# Where work continues after a pause or escalation: any working step.
_WORKING = (ASSESSED, VERIFYING, RESOLVING, EXECUTING, FOLLOW_UP)

ALLOWED: dict[str, frozenset[str]] = {
    # A received item that is spam, a duplicate or not a complaint may be closed
    # straight away, but only with a reason (see REASON_REQUIRED).
    RECEIVED: frozenset({ASSESSED, ESCALATED, WAITING_ON_CUSTOMER, CLOSED}),
    ASSESSED: frozenset({VERIFYING, ESCALATED, WAITING_ON_CUSTOMER}),
    VERIFYING: frozenset({RESOLVING, ASSESSED, ESCALATED, WAITING_ON_CUSTOMER}),
    RESOLVING: frozenset({EXECUTING, VERIFYING, ESCALATED, WAITING_ON_CUSTOMER}),
    EXECUTING: frozenset({FOLLOW_UP, RESOLVING, ESCALATED, WAITING_ON_CUSTOMER}),
    FOLLOW_UP: frozenset({CLOSED, REOPENED, WAITING_ON_CUSTOMER}),
    CLOSED: frozenset({REOPENED}),
    ESCALATED: frozenset({VERIFYING, RESOLVING, EXECUTING, WAITING_ON_CUSTOMER}),
    # The customer answered (or could not be reached): resume at a working step,
    # or close with a reason when the customer never came back.
    WAITING_ON_CUSTOMER: frozenset(_WORKING + (ESCALATED, CLOSED)),
    # A reopened complaint goes back through verification (SPEC §7).
    REOPENED: frozenset({ASSESSED, VERIFYING, ESCALATED}),
}

_FORWARD_ORDER = {status: index for index, status in enumerate(MAIN_STEPS)}


@dataclass(frozen=True)
class TransitionError(Exception):
    """A forbidden move; `code` is stable for API clients."""

    code: str
    from_status: str
    to_status: str


def allowed_targets(status: str) -> frozenset[str]:
    return ALLOWED.get(status, frozenset())


def reason_required(from_status: str, to_status: str) -> bool:
    """Moves that need a written reason on the timeline.

    Escalating, reopening, going backwards and closing without a follow-up
    are exceptional and must be explained.
    """
    if to_status in {ESCALATED, REOPENED}:
        return True
    if to_status == CLOSED and from_status != FOLLOW_UP:
        return True
    a, b = _FORWARD_ORDER.get(from_status), _FORWARD_ORDER.get(to_status)
    return a is not None and b is not None and b < a


def check_transition(from_status: str, to_status: str, reason: str = "") -> None:
    """Raise TransitionError unless `from_status → to_status` is allowed."""
    if to_status not in ALL_STATUSES:
        raise TransitionError("unknown_status", from_status, to_status)
    if from_status == to_status:
        raise TransitionError("same_status", from_status, to_status)
    if to_status not in allowed_targets(from_status):
        raise TransitionError("transition_not_allowed", from_status, to_status)
    if reason_required(from_status, to_status) and not reason.strip():
        raise TransitionError("reason_required", from_status, to_status)


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES


def next_main_step(status: str) -> str | None:
    """The next step on the main path, if the status is on it (for the UI's primary button)."""
    index = _FORWARD_ORDER.get(status)
    if index is None or index + 1 >= len(MAIN_STEPS):
        return None
    candidate = MAIN_STEPS[index + 1]
    return candidate if candidate in allowed_targets(status) else None
