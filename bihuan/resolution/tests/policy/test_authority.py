"""Authority limits, without the database."""

from decimal import Decimal

import pytest

from bihuan.resolution.policy import authority as a


@pytest.mark.parametrize(("role", "value", "needs", "required"), [
    ("agent", Decimal("50"), False, ""),
    ("agent", Decimal("50.01"), True, "team_lead"),
    ("agent", Decimal("500"), True, "team_lead"),
    ("agent", Decimal("501"), True, "department_owner"),
    ("agent", Decimal("99999"), True, "administrator"),
    ("senior_agent", Decimal("100"), False, ""),
    ("team_lead", Decimal("500"), False, ""),
    ("team_lead", Decimal("800"), True, "department_owner"),
    ("administrator", Decimal("99999"), False, ""),
    ("analyst", Decimal("1"), True, "team_lead"),
])
def test_limits_decide_who_must_approve(role, value, needs, required):
    decision = a.decide(role=role, value=value, outside_policy=False)
    assert (decision.needs_approval, decision.required_role) == (needs, required)


def test_a_full_refund_outside_policy_always_needs_approval_from_above_the_proposer():
    assert a.decide(role="agent", value=Decimal("0"), outside_policy=True).required_role == "team_lead"
    assert a.decide(role="team_lead", value=Decimal("10"), outside_policy=True).required_role == "department_owner"
    assert a.decide(role="administrator", value=Decimal("10"), outside_policy=True).needs_approval


def test_configured_limits_are_used():
    limits = {**a.DEFAULT_LIMITS, "agent": Decimal("20")}
    assert a.decide(role="agent", value=Decimal("30"), outside_policy=False, limits=limits).needs_approval


def test_approvers_need_rank_and_a_covering_limit():
    assert a.can_approve(role="team_lead", required_role="team_lead", value=Decimal("300"))
    assert not a.can_approve(role="team_lead", required_role="department_owner", value=Decimal("300"))
    assert not a.can_approve(role="team_lead", required_role="team_lead", value=Decimal("501"))
    assert not a.can_approve(role="senior_agent", required_role="team_lead", value=Decimal("1"))
    assert a.approvable_roles("department_owner") == ["team_lead", "department_owner"]
    assert a.approvable_roles("agent") == []
