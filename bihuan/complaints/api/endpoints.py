"""Complaint endpoints: parse, call one service or selector, render."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from bihuan.accounts.models import User
from bihuan.complaints import lifecycle, selectors, services
from bihuan.complaints.models import Complaint, TimelineEvent
from bihuan.complaints.permissions import complaint_get_for_user
from bihuan.core.errors import ApplicationError, NotFound
from bihuan.core.pagination import clamp_page
from bihuan.customers.models import Customer

from .schemas import (
    CategoryT,
    ChannelT,
    CommentIn,
    ComplaintIn,
    ComplaintOut,
    ComplaintPage,
    ComplaintPatch,
    ErrorOut,
    EventOut,
    PriorityT,
    StatusT,
    TransitionIn,
)

router = Router(tags=["complaints"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _user_ref(user: User | None) -> dict | None:
    return {"id": user.pk, "name": str(user)} if user else None


def complaint_out(c: Complaint) -> dict:
    return {
        "id": c.pk, "number": c.number, "status": c.status, "channel": c.channel,
        "title": c.title, "description": c.description, "demand": c.demand,
        "category": c.category, "subcategory": c.subcategory, "priority": c.priority,
        "emotion": c.emotion, "tags": c.tags or [], "owner": _user_ref(c.owner),
        "department": (
            {"id": c.department.pk, "code": c.department.code, "name": c.department.name}
            if c.department else None
        ),
        "customer_id": c.customer_id,
        "order_no": c.order.order_no if c.order_id else None,
        "received_at": c.received_at, "created_at": c.created_at, "updated_at": c.updated_at,
        "closed_at": c.closed_at,
        "allowed_transitions": sorted(lifecycle.allowed_targets(c.status)),
    }


def _reload(user: User, pk: int) -> Complaint:
    return complaint_get_for_user(user, pk)


@router.post("", response={201: ComplaintOut, **ERRORS}, summary="Create a complaint")
def create_complaint(request: HttpRequest, payload: ComplaintIn):
    user = request.user
    customer = None
    if payload.customer_id is not None:
        customer = Customer.objects.filter(pk=payload.customer_id).first()
        if customer is None:
            raise NotFound(code="customer_not_found")
    data = payload.customer
    complaint = services.complaint_create(
        actor=user, channel=payload.channel, description=payload.description,
        title=payload.title, scenario=payload.scenario, customer=customer,
        customer_data=services.CustomerData(**data.dict()) if data else None,
        order_no=payload.order_no, demand=payload.demand, category=payload.category,
        subcategory=payload.subcategory, priority=payload.priority, emotion=payload.emotion,
        tags=payload.tags, occurred_at=payload.occurred_at,
        channel_message_id=payload.channel_message_id,
    )
    return Status(201, complaint_out(_reload(user, complaint.pk) if _visible(user, complaint) else complaint))


def _visible(user: User, complaint: Complaint) -> bool:
    try:
        complaint_get_for_user(user, complaint.pk)
    except ApplicationError:
        return False
    return True


class ListFilters(Schema):
    status: StatusT | None = None
    priority: PriorityT = ""
    category: CategoryT = ""
    channel: ChannelT | None = None
    owner: int | None = Field(None, ge=1, le=2**62)
    department: int | None = Field(None, ge=1, le=2**62)
    q: str = Field("", max_length=100)
    scope: str = Field("all", pattern="^(mine|team|unassigned|all)$")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(25, ge=1, le=100)


@router.get("", response={200: ComplaintPage, **ERRORS}, summary="List complaints")
def list_complaints(request: HttpRequest, filters: Query[ListFilters]):
    page, size = clamp_page(filters.page, filters.page_size)
    result = selectors.complaint_list(
        user=request.user,
        filters=selectors.ComplaintFilters(
            scope=filters.scope, status=filters.status or "", priority=filters.priority,
            category=filters.category, channel=filters.channel or "", owner=filters.owner,
            department=filters.department, q=filters.q,
        ),
        page=page, page_size=size,
    )
    return {
        "items": [complaint_out(c) for c in result.items], "page": result.page,
        "page_size": result.page_size, "has_next": result.has_next,
    }


@router.get("/{int:complaint_id}", response={200: ComplaintOut, **ERRORS}, summary="Get a complaint")
def get_complaint(request: HttpRequest, complaint_id: int):
    return complaint_out(complaint_get_for_user(request.user, complaint_id))


@router.patch("/{int:complaint_id}", response={200: ComplaintOut, **ERRORS}, summary="Edit fields")
def patch_complaint(request: HttpRequest, complaint_id: int, payload: ComplaintPatch):
    user = request.user
    complaint = complaint_get_for_user(user, complaint_id)
    changes = payload.dict(exclude_unset=True)
    reason = changes.pop("reason", "")
    owner_id = changes.pop("owner_id", None)
    changes = {k: v for k, v in changes.items() if v is not None}
    if changes:
        complaint = services.complaint_update(complaint=complaint, actor=user, changes=changes,
                                              reason=reason)
    if owner_id is not None:
        services.complaint_assign(complaint=complaint, actor=user,
                                  owner=services.user_by_id(owner_id), reason=reason)
    return complaint_out(_reload(user, complaint_id))


@router.post("/{int:complaint_id}/transitions", response={200: ComplaintOut, **ERRORS},
             summary="Move to another lifecycle status")
def transition_complaint(request: HttpRequest, complaint_id: int, payload: TransitionIn):
    user = request.user
    complaint = complaint_get_for_user(user, complaint_id)
    services.complaint_transition(complaint=complaint, actor=user, to=payload.to,
                                  reason=payload.reason)
    return complaint_out(_reload(user, complaint_id))


def event_out(e: TimelineEvent) -> dict:
    return {
        "id": e.pk, "kind": e.kind, "at": e.at, "actor": _user_ref(e.actor), "field": e.field,
        "before": e.before, "after": e.after, "reason": e.reason, "body": e.body,
        "internal": e.internal,
    }


@router.get("/{int:complaint_id}/timeline", response={200: list[EventOut], **ERRORS},
            summary="The append-only timeline")
def complaint_timeline(request: HttpRequest, complaint_id: int):
    complaint = complaint_get_for_user(request.user, complaint_id)
    return [event_out(e) for e in selectors.complaint_timeline(complaint=complaint)]


@router.post("/{int:complaint_id}/comments", response={201: EventOut, **ERRORS},
             summary="Add a comment or internal note")
def add_comment(request: HttpRequest, complaint_id: int, payload: CommentIn):
    complaint = complaint_get_for_user(request.user, complaint_id)
    event = services.complaint_comment(complaint=complaint, actor=request.user, body=payload.body,
                                       internal=payload.internal)
    return Status(201, event_out(event))
