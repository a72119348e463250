"""Reads for complaints: queues, detail panels, timelines (DESIGN rule 1)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from bihuan.accounts.models import User
from bihuan.core.pagination import Page, paginate
from bihuan.customers.connectors import OrderInfo, get_order_connector
from bihuan.routing.matching import VIP_LEVEL
from bihuan.routing.selectors import live_clocks_prefetch

from . import lifecycle
from .models import Complaint, TimelineEvent
from .permissions import visible_complaints

QUEUE_SCOPES = ("mine", "team", "unassigned", "all")


@dataclass(frozen=True)
class ComplaintFilters:
    scope: str = "all"
    status: str = ""
    priority: str = ""
    category: str = ""
    channel: str = ""
    owner: int | None = None
    department: int | None = None
    q: str = ""
    open_only: bool = False
    sort: str = ""  # "" = priority then newest; "due" = next-action deadline soonest; "vip" = VIP first


def complaint_list(*, user: User, filters: ComplaintFilters, page: int, page_size: int) -> Page:
    qs = _filtered(visible_complaints(user), user=user, filters=filters)
    qs = qs.select_related("owner", "department", "customer", "order").prefetch_related(live_clocks_prefetch())
    if filters.sort == "due":
        qs = qs.order_by(F("next_action_due_at").asc(nulls_last=True), "priority_rank", "-id")
    elif filters.sort == "vip":  # member level >= VIP_LEVEL first, then the usual order
        vip = Case(When(customer__member_level__gte=VIP_LEVEL, then=Value(0)), default=Value(1),
                   output_field=IntegerField())
        qs = qs.order_by(vip, "priority_rank", "-received_at", "-id")
    else:
        qs = qs.order_by("priority_rank", "-received_at", "-id")
    return paginate(qs, page=page, page_size=page_size)


def _filtered(qs: QuerySet[Complaint], *, user: User, filters: ComplaintFilters) -> QuerySet[Complaint]:
    if filters.scope == "mine":
        qs = qs.filter(owner_id=user.pk)
    elif filters.scope == "team":
        qs = qs.filter(team_id=user.team_id) if user.team_id else qs.none()
    elif filters.scope == "unassigned":
        qs = qs.filter(owner__isnull=True)
    if filters.status:
        qs = qs.filter(status=filters.status)
    elif filters.open_only:
        qs = qs.filter(status__in=lifecycle.OPEN_STATUSES)
    for name in ("priority", "category", "channel"):
        value = getattr(filters, name)
        if value:
            qs = qs.filter(**{name: value})
    if filters.owner:
        qs = qs.filter(owner_id=filters.owner)
    if filters.department:
        qs = qs.filter(department_id=filters.department)
    term = filters.q.strip()[:100]
    if term:
        # A number or phone-like term is an exact lookup; otherwise search text.
        qs = qs.filter(
            Q(number=term) | Q(customer__phone=term) | Q(order__order_no=term)
            | Q(title__icontains=term) | Q(description__icontains=term)
        )
    return qs


def complaint_timeline(*, complaint: Complaint, include_internal: bool = True) -> list[TimelineEvent]:
    qs = TimelineEvent.objects.filter(complaint=complaint).select_related("actor")
    if not include_internal:
        qs = qs.filter(internal=False)
    return list(qs.order_by("at", "id"))


@dataclass(frozen=True)
class CustomerPanel:
    orders: list[OrderInfo]
    past_complaints: list[Complaint]


def customer_panel(*, user: User, complaint: Complaint) -> CustomerPanel:
    """Order history (through the connector) and the customer's other complaints."""
    if complaint.customer is None:
        return CustomerPanel(orders=[], past_complaints=[])
    orders = get_order_connector().orders_for_customer(complaint.customer, limit=10)
    past = list(
        visible_complaints(user)
        .filter(customer_id=complaint.customer_id)
        .exclude(pk=complaint.pk)
        .order_by("-received_at")[:10]
    )
    return CustomerPanel(orders=orders, past_complaints=past)


def complaint_links(*, complaint: Complaint) -> list[tuple[str, Complaint]]:
    out = [(link.kind, link.target) for link in complaint.links_out.select_related("target")]
    out += [(link.kind, link.source) for link in complaint.links_in.select_related("source")]
    return out
