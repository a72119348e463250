"""Resolution endpoints: verification, remedies, approvals, negotiation, execution, progress links, assist.

Each endpoint parses, fetches through the permission chokepoint, calls one
service and renders; the services enforce every rule.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from bihuan.complaints.api.schemas import ErrorOut
from bihuan.complaints.permissions import complaint_get_for_user
from bihuan.core.errors import NotFound

from . import selectors, services
from .models import ApprovalRequest, ExecutionStep, ProgressLink, Remedy, Verification
from .policy import assist

router = Router(tags=["resolution"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 410: ErrorOut, 422: ErrorOut}
Id = Field(..., ge=1, le=2**62)
RemedyTypeT = Literal["refund_full", "refund_partial", "return", "exchange", "reship", "repair", "coupon",
                      "points", "cash", "service_extension", "apology", "date_change"]
ResponsibilityT = Literal["own_product", "warehouse", "third_party_logistics", "agent", "customer", "platform",
                          "unknown"]


class LineIn(Schema):
    type: RemedyTypeT
    amount: Decimal = Field(Decimal("0"), ge=0, le=1_000_000, max_digits=12, decimal_places=2)
    points: int = Field(0, ge=0, le=10_000_000)
    note: str = Field("", max_length=200)


class ItemIn(Schema):
    code: str = Field(..., min_length=1, max_length=40)
    done: bool = True
    note: str = Field("", max_length=500)


class ReportIn(Schema):
    findings: str = Field(..., min_length=1, max_length=5000)
    responsibility: ResponsibilityT


class InfoRequestIn(Schema):
    message: str = Field(..., min_length=1, max_length=1000)


class InfoRequestOut(Schema):
    complaint_id: int
    status: str


class VerificationOut(Schema):
    items: dict
    auto_checks: list[dict]
    findings: str
    responsibility: str
    completed_at: datetime | None


class ProposeIn(Schema):
    lines: list[LineIn] = Field(..., min_length=1, max_length=6)
    justification: str = Field("", max_length=2000)
    promised_at: datetime | None = None


class StepOut(Schema):
    id: int
    position: int
    code: str
    title: str
    owner_role: str
    due_at: datetime
    status: str
    done_at: datetime | None


class RemedyOut(Schema):
    id: int
    complaint_id: int
    status: str
    lines: list[dict]
    value: Decimal
    order_value: Decimal
    tier: int | None
    outside_policy: bool
    required_role: str
    fairness: dict
    legal_rights: list[str]
    scenario: str | None
    promised_at: datetime | None
    steps: list[StepOut]


class DecisionIn(Schema):
    decision: Literal["approve", "reject", "counter"]
    reason: str = Field("", max_length=2000)
    counter_lines: list[LineIn] = Field(default_factory=list, max_length=6)


class ApprovalOut(Schema):
    id: int
    remedy_id: int
    complaint_id: int
    complaint_number: str
    requested_by: str
    required_role: str
    value: Decimal
    justification: str
    status: str
    due_at: datetime
    decided_by: str | None
    reason: str


class OfferIn(Schema):
    body: str = Field("", max_length=2000)


class ResponseIn(Schema):
    response: Literal["accepted", "declined", "counter"]
    body: str = Field("", max_length=2000)
    promised_at: datetime | None = None


class StepDoneIn(Schema):
    note: str = Field("", max_length=1000)


class StepExceptionIn(Schema):
    note: str = Field(..., min_length=1, max_length=1000)
    delay_days: int = Field(1, ge=0, le=60)
    notify_customer: bool = True


class LinkIn(Schema):
    language: Literal["zh-hans", "en"] = "zh-hans"
    days: int = Field(30, ge=1, le=180)


class LinkOut(Schema):
    id: int
    url: str
    expires_at: datetime
    revoked: bool


class TextIn(Schema):
    text: str = Field(..., min_length=1, max_length=10_000)
    language: Literal["zh-hans", "en", ""] = ""


class FlagOut(Schema):
    phrase: str
    kind: str
    suggestion: str


class PlainOut(Schema):
    ok: bool
    flags: list[FlagOut]
    rewrite: str


def _lines(lines: list[LineIn]) -> list[dict]:
    return [line.dict() for line in lines]


def remedy_out(remedy: Remedy) -> dict:
    return {
        "id": remedy.pk, "complaint_id": remedy.complaint_id, "status": remedy.status, "lines": remedy.lines,
        "value": remedy.value, "order_value": remedy.order_value, "tier": remedy.tier,
        "outside_policy": remedy.outside_policy, "required_role": remedy.required_role,
        "fairness": remedy.fairness, "legal_rights": remedy.legal_rights,
        "scenario": f"{remedy.scenario.code}@v{remedy.scenario.version}" if remedy.scenario_id else None,
        "promised_at": remedy.promised_at,
        "steps": [{"id": s.pk, "position": s.position, "code": s.code, "title": s.title_zh, "owner_role": s.owner_role,
                   "due_at": s.due_at, "status": s.status, "done_at": s.done_at} for s in remedy.steps.all()],
    }


def approval_out(a: ApprovalRequest) -> dict:
    return {"id": a.pk, "remedy_id": a.remedy_id, "complaint_id": a.complaint_id,
            "complaint_number": a.complaint.number, "requested_by": str(a.requested_by),
            "required_role": a.required_role, "value": a.value, "justification": a.justification,
            "status": a.status, "due_at": a.due_at, "decided_by": str(a.decided_by) if a.decided_by else None,
            "reason": a.reason}


def _remedy(request: HttpRequest, remedy_id: int) -> Remedy:
    remedy = Remedy.objects.select_related("complaint", "scenario").filter(pk=remedy_id).first()
    if remedy is None:
        raise NotFound()
    complaint_get_for_user(request.user, remedy.complaint_id)
    return remedy


def _step(request: HttpRequest, step_id: int) -> ExecutionStep:
    step = ExecutionStep.objects.select_related("complaint").filter(pk=step_id).first()
    if step is None:
        raise NotFound()
    complaint_get_for_user(request.user, step.complaint_id)
    return step


def _verification_out(v: Verification) -> dict:
    return {"items": v.items, "auto_checks": v.auto_checks, "findings": v.findings,
            "responsibility": v.responsibility, "completed_at": v.completed_at}


@router.post("/complaints/{int:complaint_id}/verification/checks", response={200: VerificationOut, **ERRORS},
             summary="Run the automatic order checks")
def run_checks(request: HttpRequest, complaint_id: int):
    complaint = complaint_get_for_user(request.user, complaint_id)
    return _verification_out(services.verification_run_checks(complaint=complaint, actor=request.user))


@router.post("/complaints/{int:complaint_id}/verification/items", response={200: VerificationOut, **ERRORS},
             summary="Tick a checklist item")
def set_item(request: HttpRequest, complaint_id: int, payload: ItemIn):
    complaint = complaint_get_for_user(request.user, complaint_id)
    return _verification_out(services.verification_item_set(complaint=complaint, actor=request.user,
                                                             code=payload.code, done=payload.done, note=payload.note))


@router.post("/complaints/{int:complaint_id}/verification/report", response={200: VerificationOut, **ERRORS},
             summary="Complete verification with findings and responsibility")
def report(request: HttpRequest, complaint_id: int, payload: ReportIn):
    complaint = complaint_get_for_user(request.user, complaint_id)
    return _verification_out(services.verification_complete(
        complaint=complaint, actor=request.user, findings=payload.findings, responsibility=payload.responsibility))


@router.post("/complaints/{int:complaint_id}/verification/info-request", response={200: InfoRequestOut, **ERRORS},
             summary="Ask the customer for more information (outbox); the complaint waits on the customer")
def request_info(request: HttpRequest, complaint_id: int, payload: InfoRequestIn):
    complaint = complaint_get_for_user(request.user, complaint_id)
    complaint = services.verification_request_info(complaint=complaint, actor=request.user, message=payload.message)
    return {"complaint_id": complaint.pk, "status": complaint.status}


@router.get("/complaints/{int:complaint_id}/remedies", response={200: list[RemedyOut], **ERRORS},
            summary="Remedies proposed on a complaint")
def list_remedies(request: HttpRequest, complaint_id: int):
    complaint = complaint_get_for_user(request.user, complaint_id)
    return [remedy_out(view.remedy) for view in selectors.remedies_for(complaint)]


@router.post("/complaints/{int:complaint_id}/remedies", response={201: RemedyOut, **ERRORS},
             summary="Propose a remedy (approval opened when above the proposer's authority)")
def propose(request: HttpRequest, complaint_id: int, payload: ProposeIn):
    complaint = complaint_get_for_user(request.user, complaint_id)
    remedy = services.remedy_propose(complaint=complaint, actor=request.user, lines=_lines(payload.lines),
                                     justification=payload.justification, promised_at=payload.promised_at)
    return Status(201, remedy_out(remedy))


@router.get("/approvals", response={200: list[ApprovalOut], **ERRORS}, summary="My approval queue")
def approval_queue(request: HttpRequest):
    return [approval_out(a) for a in selectors.approval_queue(user=request.user)[:200]]


@router.post("/approvals/{int:approval_id}/decision", response={200: ApprovalOut, **ERRORS},
             summary="Approve, reject or counter a request")
def decide(request: HttpRequest, approval_id: int, payload: DecisionIn):
    approval = ApprovalRequest.objects.filter(pk=approval_id).first()
    if approval is None:
        raise NotFound()
    decided = services.approval_decide(request=approval, actor=request.user, decision=payload.decision,
                                       reason=payload.reason, counter_lines=_lines(payload.counter_lines))
    return approval_out(ApprovalRequest.objects.select_related("complaint", "requested_by", "decided_by")
                        .get(pk=decided.pk))


@router.post("/remedies/{int:remedy_id}/offer", response={200: RemedyOut, **ERRORS},
             summary="Record that the offer was made to the customer")
def offer(request: HttpRequest, remedy_id: int, payload: OfferIn):
    remedy = services.remedy_offer(remedy=_remedy(request, remedy_id), actor=request.user, body=payload.body)
    return remedy_out(remedy)


@router.post("/remedies/{int:remedy_id}/response", response={200: RemedyOut, **ERRORS},
             summary="Record the customer's answer (acceptance starts the execution plan)")
def respond(request: HttpRequest, remedy_id: int, payload: ResponseIn):
    remedy = services.remedy_respond(remedy=_remedy(request, remedy_id), actor=request.user,
                                     response=payload.response, body=payload.body, promised_at=payload.promised_at)
    return remedy_out(remedy)


@router.post("/steps/{int:step_id}/done", response={200: StepOut, **ERRORS}, summary="Mark a step done")
def step_done(request: HttpRequest, step_id: int, payload: StepDoneIn):
    step = services.step_done(step=_step(request, step_id), actor=request.user, note=payload.note)
    return {**step.__dict__, "id": step.pk, "title": step.title_zh}


@router.post("/steps/{int:step_id}/exception", response={200: StepOut, **ERRORS},
             summary="Report an exception on a step (pushes the deadline, tells the customer)")
def step_exception(request: HttpRequest, step_id: int, payload: StepExceptionIn):
    step = services.step_exception(step=_step(request, step_id), actor=request.user, note=payload.note,
                                   delay_days=payload.delay_days, notify_customer=payload.notify_customer)
    return {**step.__dict__, "id": step.pk, "title": step.title_zh}


@router.post("/complaints/{int:complaint_id}/progress-links", response={201: LinkOut, **ERRORS},
             summary="Create a signed, expiring customer progress link")
def create_link(request: HttpRequest, complaint_id: int, payload: LinkIn):
    complaint = complaint_get_for_user(request.user, complaint_id)
    link, token = services.progress_link_create(complaint=complaint, actor=request.user,
                                                language=payload.language, days=payload.days)
    url = request.build_absolute_uri(f"/p/{token}/")
    return Status(201, {"id": link.pk, "url": url, "expires_at": link.expires_at, "revoked": False})


@router.post("/progress-links/{int:link_id}/revoke", response={200: LinkOut, **ERRORS}, summary="Revoke a link")
def revoke_link(request: HttpRequest, link_id: int):
    link = ProgressLink.objects.filter(pk=link_id).first()
    if link is None:
        raise NotFound()
    complaint_get_for_user(request.user, link.complaint_id)
    link = services.progress_link_revoke(link=link, actor=request.user)
    return {"id": link.pk, "url": "", "expires_at": link.expires_at, "revoked": True}


@router.post("/assist/plain-language", response={200: PlainOut, **ERRORS},
             summary="Check a reply for jargon, blame-shifting and dismissive phrasing")
def plain_language(request: HttpRequest, payload: TextIn):
    check = assist.plain_language_check(payload.text, language=payload.language or None)
    return {"ok": check.ok, "rewrite": check.rewrite,
            "flags": [{"phrase": f.phrase, "kind": f.kind, "suggestion": f.suggestion} for f in check.flags]}
