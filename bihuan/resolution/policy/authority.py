"""Authority limits (权限): who may grant how much without approval.

"权限范围我来办，超出权限求帮助": an agent grants up to their limit alone;
above it, or for a full refund outside policy, the offer goes to an approver
whose limit covers it. Limits are in yuan per complaint (the sum of every
live offer), so splitting an offer in two does not get round them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

AGENT = "agent"
SENIOR_AGENT = "senior_agent"
TEAM_LEAD = "team_lead"
MANAGER = "department_owner"
ADMINISTRATOR = "administrator"

# Higher rank may approve what a lower rank needs. Read-only roles have none.
RANK = {AGENT: 0, SENIOR_AGENT: 1, TEAM_LEAD: 2, MANAGER: 3, ADMINISTRATOR: 4}
APPROVER_ROLES = (TEAM_LEAD, MANAGER, ADMINISTRATOR)
DEFAULT_LIMITS: dict[str, Decimal | None] = {
    AGENT: Decimal("50"),
    SENIOR_AGENT: Decimal("100"),
    TEAM_LEAD: Decimal("500"),
    MANAGER: Decimal("5000"),
    ADMINISTRATOR: None,  # no limit
}


@dataclass(frozen=True)
class Decision:
    needs_approval: bool
    required_role: str  # "" when no approval is needed
    reason: str  # within_authority / above_authority / outside_policy


def limit_for(role: str, limits: dict[str, Decimal | None]) -> Decimal | None:
    """The role's limit; None means unlimited. Roles without a limit grant nothing."""
    if role not in limits:
        return Decimal("0")
    return limits[role]


def covers(role: str, value: Decimal, limits: dict[str, Decimal | None]) -> bool:
    limit = limit_for(role, limits)
    return limit is None or value <= limit


def decide(*, role: str, value: Decimal, outside_policy: bool,
           limits: dict[str, Decimal | None] = DEFAULT_LIMITS) -> Decision:
    """Whether an offer worth `value` (complaint total) needs approval, and by whom.

    Outside-policy full refunds always go through approval (at least a team
    lead, and someone ranked above the proposer), whatever the amount.
    """
    if not outside_policy and covers(role, value, limits):
        return Decision(False, "", "within_authority")
    required = next((r for r in APPROVER_ROLES if covers(r, value, limits)), ADMINISTRATOR)
    if outside_policy:
        floor = max(RANK[TEAM_LEAD], RANK.get(role, -1) + 1)
        while RANK[required] < floor and required != ADMINISTRATOR:
            required = APPROVER_ROLES[APPROVER_ROLES.index(required) + 1]
    return Decision(True, required, "outside_policy" if outside_policy else "above_authority")


def can_approve(*, role: str, required_role: str, value: Decimal,
                limits: dict[str, Decimal | None] = DEFAULT_LIMITS) -> bool:
    """An approver needs at least the required rank and a limit covering the value."""
    if role not in RANK or required_role not in RANK:
        return False
    return RANK[role] >= RANK[required_role] and RANK[role] >= RANK[TEAM_LEAD] and covers(role, value, limits)


def approvable_roles(role: str) -> list[str]:
    """The required roles whose requests `role` may see in the approver queue."""
    if role not in RANK or RANK[role] < RANK[TEAM_LEAD]:
        return []
    return [r for r in APPROVER_ROLES if RANK[r] <= RANK[role]]
