"""Remedy rules enforced in services: authority limits, approval, legal floor, fairness band."""

from decimal import Decimal

import pytest

from bihuan.accounts.models import Role
from bihuan.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from bihuan.resolution import services
from bihuan.resolution.models import ApprovalRequest, Remedy

pytestmark = pytest.mark.django_db

COUPON_30 = [{"type": "coupon", "amount": "30"}]
CASH_120 = [{"type": "cash", "amount": "120"}]


@pytest.fixture
def complaint(agent, make_order_complaint, resolution_library):
    return make_order_complaint(agent, owner=agent)


def test_an_offer_within_the_agents_authority_is_approved_without_approval(complaint, agent):
    remedy = services.remedy_propose(complaint=complaint, actor=agent, lines=COUPON_30)
    assert remedy.status == "approved" and remedy.value == Decimal("30.00")
    assert remedy.scenario.code == "product-quality-defect" and remedy.tier == 2
    assert not ApprovalRequest.objects.exists()
    assert complaint.events.filter(field="resolution.remedy", internal=True).count() == 1


def test_above_authority_needs_a_justification_and_opens_an_approval_request(complaint, agent):
    with pytest.raises(ValidationFailed) as error:
        services.remedy_propose(complaint=complaint, actor=agent, lines=CASH_120)
    assert error.value.code == "justification_required"
    remedy = services.remedy_propose(complaint=complaint, actor=agent, lines=CASH_120,
                                     justification="客户第二次收到坏件，损失较大")
    request = remedy.approvals.get()
    assert (remedy.status, request.required_role, request.value) == ("pending_approval", "team_lead", Decimal("120"))


def test_splitting_an_offer_does_not_get_round_the_limit(complaint, agent):
    services.remedy_propose(complaint=complaint, actor=agent, lines=COUPON_30)
    second = services.remedy_propose(complaint=complaint, actor=agent, lines=[{"type": "cash", "amount": "30"}],
                                     justification="再补偿一些")
    assert second.status == "pending_approval"


def test_a_lead_approves_what_an_agent_may_not(complaint, agent, lead):
    remedy = services.remedy_propose(complaint=complaint, actor=agent, lines=CASH_120, justification="损失较大")
    services.approval_decide(request=remedy.approvals.get(), actor=lead, decision="approve")
    remedy.refresh_from_db()
    assert remedy.status == "approved"
    assert complaint.events.filter(field="resolution.approval", actor=lead).exists()
    with pytest.raises(Conflict):
        services.approval_decide(request=remedy.approvals.get(), actor=lead, decision="reject", reason="x")


def test_nobody_approves_their_own_request(complaint, lead):
    remedy = services.remedy_propose(complaint=complaint, actor=lead, lines=[{"type": "cash", "amount": "800"}],
                                     justification="安全隐患")
    request = remedy.approvals.get()
    assert request.required_role == "department_owner"
    with pytest.raises(PermissionDenied) as error:
        services.approval_decide(request=request, actor=lead, decision="approve")
    assert error.value.code == "self_approval"


def test_approvers_need_enough_authority_and_sight_of_the_complaint(complaint, agent, make_user, team, other_team):
    remedy = services.remedy_propose(complaint=complaint, actor=agent, lines=[{"type": "cash", "amount": "800"}],
                                     justification="安全隐患")
    request = remedy.approvals.get()
    with pytest.raises(PermissionDenied) as error:
        services.approval_decide(request=request, actor=make_user(Role.TEAM_LEAD, team=team), decision="approve")
    assert error.value.code == "insufficient_authority"
    with pytest.raises(PermissionDenied):
        services.approval_decide(request=request, actor=make_user(Role.SENIOR_AGENT, team=team), decision="approve")
    stranger = make_user(Role.DEPARTMENT_OWNER, team=None)
    with pytest.raises(NotFound):
        services.approval_decide(request=request, actor=stranger, decision="approve")
    complaint.refresh_from_db()
    manager = make_user(Role.DEPARTMENT_OWNER, department=complaint.department or team.department)
    complaint.__class__.objects.filter(pk=complaint.pk).update(department=manager.department)
    services.approval_decide(request=request, actor=manager, decision="approve")


def test_reject_and_counter_need_a_reason_and_a_counter_respects_the_approvers_limit(complaint, agent, lead):
    remedy = services.remedy_propose(complaint=complaint, actor=agent, lines=CASH_120, justification="损失较大")
    request = remedy.approvals.get()
    with pytest.raises(ValidationFailed):
        services.approval_decide(request=request, actor=lead, decision="reject")
    with pytest.raises(PermissionDenied):
        services.approval_decide(request=request, actor=lead, decision="counter", reason="太高",
                                 counter_lines=[{"type": "cash", "amount": "600"}])
    services.approval_decide(request=request, actor=lead, decision="counter", reason="按二级标准",
                             counter_lines=[{"type": "refund_partial", "amount": "29.90"}])
    remedy.refresh_from_db()
    assert (remedy.status, remedy.value, remedy.lines[0]["type"]) == ("approved", Decimal("29.90"), "refund_partial")


def test_an_offer_below_the_legal_floor_is_refused(agent, make_order_complaint, resolution_library):
    complaint = make_order_complaint(agent, owner=agent, demand="refund", days_ago=3)
    with pytest.raises(ValidationFailed) as error:
        services.remedy_propose(complaint=complaint, actor=agent, lines=[{"type": "coupon", "amount": "20"}])
    assert error.value.code == "below_legal_floor"
    assert error.value.extra["right"] == "seven_day_return"
    remedy = services.remedy_propose(complaint=complaint, actor=agent,
                                     lines=[{"type": "return"}, {"type": "coupon", "amount": "10"}])
    assert remedy.status == "approved" and "seven_day_return" in remedy.legal_rights


def test_a_full_refund_outside_policy_goes_through_approval(agent, make_order_complaint, resolution_library):
    complaint = make_order_complaint(agent, owner=agent, category="product", subcategory="size_mismatch",
                                     demand="refund", days_ago=40)
    remedy = services.remedy_propose(complaint=complaint, actor=agent, lines=[{"type": "refund_full"}],
                                     justification="客户坚持退款，主管同意试用")
    assert remedy.outside_policy and remedy.status == "pending_approval"
    assert remedy.value == Decimal("299.00")
    # inside the 7-day window the same refund is a statutory right: no approval
    fresh = make_order_complaint(agent, owner=agent, category="product", subcategory="size_mismatch",
                                 demand="refund", days_ago=1)
    assert services.remedy_propose(complaint=fresh, actor=agent, lines=[{"type": "refund_full"}]).status == "approved"


def _granted(make_order_complaint, agent, amounts):
    for amount in amounts:
        c = make_order_complaint(agent, owner=agent)
        Remedy.objects.create(complaint=c, lines=[{"type": "coupon", "amount": amount}], value=Decimal(amount),
                              order_value=Decimal("299"), status="completed", proposed_by=agent)


def test_offers_outside_the_fairness_band_need_a_justification(complaint, agent, make_order_complaint):
    _granted(make_order_complaint, agent, ["10", "10", "15", "20"])
    with pytest.raises(ValidationFailed) as error:
        services.remedy_propose(complaint=complaint, actor=agent, lines=[{"type": "coupon", "amount": "45"}])
    assert error.value.code == "fairness_justification_required"
    assert error.value.extra["band"]["verdict"] == "above"
    with pytest.raises(ValidationFailed):
        services.remedy_propose(complaint=complaint, actor=agent, lines=[{"type": "apology"}])
    remedy = services.remedy_propose(complaint=complaint, actor=agent, lines=[{"type": "coupon", "amount": "12"}])
    assert remedy.fairness["verdict"] == "within" and remedy.fairness["n"] == 4


def test_read_only_roles_cannot_propose(complaint, make_user):
    with pytest.raises(PermissionDenied):
        services.remedy_propose(complaint=complaint, actor=make_user(Role.ANALYST), lines=COUPON_30)
