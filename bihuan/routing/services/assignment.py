"""Route a new complaint (rule → department/team) and choose its owner (skills, load, availability).

Manual take/reassign with a reason stays in `complaints.services.complaint_assign`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from bihuan.accounts.models import Department, DepartmentKind, Role, User
from bihuan.complaints import lifecycle
from bihuan.complaints.choices import PRIORITY_RANK, EventKind
from bihuan.complaints.models import Complaint, TimelineEvent
from bihuan.routing.matching import (
    PRIORITY_WEIGHT,
    AgentFacts,
    ComplaintFacts,
    Need,
    RuleSpec,
    choose_agent,
    match_rule,
    need_for,
)
from bihuan.routing.models import AgentState, AgentStatus, RoutingRule

from .cache import cached_rules, no_jit, skills_for

DEFAULT_OWNER_ROLES = frozenset({Role.AGENT, Role.SENIOR_AGENT})
FALLBACK_OWNER_ROLES = frozenset({Role.TEAM_LEAD, Role.DEPARTMENT_OWNER})


def rule_spec(rule: RoutingRule) -> RuleSpec:
    return RuleSpec(
        id=rule.pk, name=rule.name, categories=frozenset(rule.categories or ()),
        subcategories=frozenset(rule.subcategories or ()), priorities=frozenset(rule.priorities or ()),
        channels=frozenset(rule.channels or ()), min_member_level=rule.min_member_level,
        products=tuple(rule.products or ()), regions=frozenset(rule.regions or ()),
        keywords=tuple(rule.keywords or ()), department_id=rule.department_id, team_id=rule.team_id,
        required_skills=frozenset(rule.required_skills or ()), min_seniority=rule.min_seniority,
        owner_roles=frozenset(rule.owner_roles or ()), restricted=rule.restricted,
    )


def complaint_facts(complaint: Complaint) -> ComplaintFacts:
    products: list[str] = []
    if complaint.order_id:
        for item in complaint.order.items.all():
            products += [item.product_name, item.sku]
    customer = complaint.customer
    return ComplaintFacts(
        category=complaint.category, subcategory=complaint.subcategory, priority=complaint.priority,
        channel=complaint.channel, emotion=complaint.emotion,
        member_level=customer.member_level if customer else 0, products=tuple(products),
        region=customer.province if customer else "",
        text=f"{complaint.title}\n{complaint.description}\n{complaint.scenario}",
    )


def active_rules() -> list[RuleSpec]:
    """Active rules in order, from the per-process cache (reloaded when the rule table changes)."""
    return cached_rules(
        lambda: [rule_spec(r) for r in RoutingRule.objects.filter(active=True).order_by("position", "id")])


@dataclass(frozen=True)
class Pool:
    users: dict[int, User]
    facts: list[AgentFacts]


def _pool_query(team_id: int | None, department_id: int | None, roles: frozenset[str]) -> tuple[str, tuple]:
    """SQL of the pool: users, their availability and their open load weighted by priority.

    The load is a correlated aggregate over the (owner, status, …) index. Compiled
    once per (team, department, roles) and kept: the ORM's compile step costs more
    than the query.
    """
    key = (team_id, department_id, roles)
    hit = _POOL_SQL.get(key)
    if hit is not None:
        return hit
    qs = User.objects.filter(is_active=True, role__in=roles or DEFAULT_OWNER_ROLES)
    if team_id:
        qs = qs.filter(team_id=team_id)
    elif department_id:
        qs = qs.filter(Q(team__department_id=department_id) | Q(department_id=department_id))
    else:
        qs = qs.filter(team__department__kind=DepartmentKind.CUSTOMER_SERVICE)
    # Weighted through priority_rank (not priority) so the (owner, status, priority_rank, …)
    # index answers the aggregate alone (index-only scan).
    weight = Case(*[When(priority_rank=PRIORITY_RANK[p], then=Value(w)) for p, w in PRIORITY_WEIGHT.items()],
                  default=Value(1), output_field=IntegerField())
    load = (Complaint.objects.filter(owner_id=OuterRef("pk"), status__in=sorted(lifecycle.OPEN_STATUSES))
            .order_by().values("owner_id").annotate(load=Sum(weight)).values("load"))
    qs = qs.annotate(open_load=Coalesce(Subquery(load, output_field=IntegerField()), 0),
                     agent_state=F("agent_status__state"), agent_last_assigned=F("agent_status__last_assigned_at"))
    qs = qs.only("id", "username", "first_name", "last_name", "role", "seniority", "languages", "date_joined",
                 "team_id", "department_id")
    sql, params = qs.order_by("pk")[:500].query.sql_with_params()
    if len(_POOL_SQL) > 1000:
        _POOL_SQL.clear()
    _POOL_SQL[key] = (sql, params)
    return sql, params


_POOL_SQL: dict[tuple, tuple[str, tuple]] = {}


def candidate_pool(*, team_id: int | None, department_id: int | None, roles: frozenset[str]) -> Pool:
    """Active users who may own the complaint, with availability and weighted open load (one query).

    Skills come from the per-process cache (a query only for users not cached yet).
    """
    no_jit()
    sql, params = _pool_query(team_id, department_id, frozenset(roles))
    users = {u.pk: u for u in User.objects.raw(sql, params)}
    if not users:
        return Pool(users={}, facts=[])
    skills = skills_for(list(users.values()))
    facts = []
    for u in users.values():
        facts.append(AgentFacts(
            id=u.pk, role=u.role, skills=skills.get(u.pk, frozenset()),
            languages=frozenset(x.strip() for x in (u.languages or "zh-hans").split(",") if x.strip()),
            seniority=u.seniority, load=u.open_load or 0,
            available=u.agent_state is None or u.agent_state == AgentState.ON_SHIFT,
            last_assigned_at=u.agent_last_assigned,
        ))
    return Pool(users=users, facts=facts)


def choose_owner(*, team_id: int | None, department_id: int | None, need: Need) -> User | None:
    """Best candidate of the team (or department, or customer service), else a lead there."""
    for roles in (need.roles or DEFAULT_OWNER_ROLES, FALLBACK_OWNER_ROLES):
        pool = candidate_pool(team_id=team_id, department_id=department_id, roles=frozenset(roles))
        picked = choose_agent(pool.facts, need)
        if picked is not None:
            return pool.users[picked.id]
    return None


def mark_assigned(user: User, at: dt.datetime) -> None:
    updated = AgentStatus.objects.filter(user=user).update(last_assigned_at=at)
    if not updated:
        AgentStatus.objects.get_or_create(user=user, defaults={"last_assigned_at": at})


def complaint_route(*, complaint: Complaint, actor: User | None, owner: User | None,
                    at: dt.datetime | None = None) -> Complaint:
    """Apply the first matching rule and pick an owner; writes the assignment event.

    Precondition: called inside complaint_create's transaction, right after the
    row was saved. A department/team/owner given by the caller is kept. When no
    candidate exists at all, a front-line actor who recorded it owns it, so a
    complaint is never left without an owner while anyone could take it.
    """
    now = at or timezone.now()
    rule = match_rule(active_rules(), complaint_facts(complaint))
    fields: list[str] = []
    if rule is not None:
        if complaint.department_id is None and rule.department_id:
            complaint.department_id = rule.department_id
            fields.append("department")
        if complaint.team_id is None and rule.team_id and owner is None:
            complaint.team_id = rule.team_id
            fields.append("team")
        if rule.restricted and not complaint.restricted:
            complaint.restricted = True
            fields.append("restricted")
    reason = ""
    if owner is None:
        need = need_for(complaint_facts(complaint), rule)
        owner = choose_owner(team_id=complaint.team_id,
                             department_id=None if complaint.team_id else complaint.department_id, need=need)
        if owner is None and actor is not None and actor.role in (Role.AGENT, Role.SENIOR_AGENT, Role.TEAM_LEAD):
            owner = actor
        reason = (f"routing: {rule.name}" if rule else "routing: default") if owner else ""
    if owner is not None:
        complaint.owner = owner
        fields.append("owner")
        if complaint.team_id is None and owner.team_id:
            complaint.team_id = owner.team_id
            fields.append("team")
        if complaint.department_id is None and reason:  # routed, not given by the caller
            complaint.department_id = owner.department_id or (owner.team.department_id if owner.team_id else None)
            fields.append("department")
        mark_assigned(owner, now)
    if fields:
        complaint.save(update_fields=sorted(set(fields)))
    if owner is not None:
        TimelineEvent.objects.create(
            complaint=complaint, kind=EventKind.ASSIGNMENT, actor=actor, at=complaint.received_at,
            field="owner", before={"owner": None, "team": None},
            after={"owner": owner.pk, "team": complaint.team_id, "owner_name": str(owner),
                   "department": complaint.department_id, "rule": rule.id if rule else None},
            reason=reason,
        )
    return complaint


def department_by_kind(kind: str) -> Department | None:
    return Department.objects.filter(kind=kind).order_by("pk").first()
