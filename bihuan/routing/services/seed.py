"""`seed_routing`: the default routing rules, resolved against the departments and teams that exist."""

from __future__ import annotations

from django.db import transaction

from bihuan.accounts.models import Department, Team
from bihuan.routing.defaults import RULES
from bihuan.routing.models import RoutingRule


@transaction.atomic
def seed_routing() -> int:
    """Create the default rules once (by name); rules whose department is missing are skipped."""
    created = 0
    for name, position, conditions, dept_kind, team_name, skills, seniority, roles, restricted in RULES:
        if RoutingRule.objects.filter(name=name).exists():
            continue
        department = Department.objects.filter(kind=dept_kind).order_by("pk").first()
        if department is None:
            continue
        team = Team.objects.filter(name=team_name).first()
        RoutingRule.objects.create(
            name=name, position=position, department=department, team=team, required_skills=skills,
            min_seniority=seniority, owner_roles=roles, restricted=restricted, **conditions,
        )
        created += 1
    return created


@transaction.atomic
def seed_sla_defaults() -> None:
    """The default calendar and SLA policies, if none exist (the data migration does the same)."""
    from bihuan.routing.clock import BusinessCalendar
    from bihuan.routing.defaults import POLICIES
    from bihuan.routing.models import BusinessCalendarModel, SlaPolicy

    if not BusinessCalendarModel.objects.exists():
        BusinessCalendarModel.objects.create(name="默认服务时间（工作日 9-12, 13-21，含法定节假日与调休）",
                                             data=BusinessCalendar().as_dict())
    if SlaPolicy.objects.exists():
        return
    for name, position, priorities, channels, fr, nu, res, fu, basis, actions in POLICIES:
        SlaPolicy.objects.create(
            name=name, position=position, priorities=priorities, channels=channels,
            first_response_minutes=fr, next_update_minutes=nu, resolution_minutes=res, follow_up_minutes=fu,
            first_response_basis=basis, next_update_basis=basis, resolution_basis=basis, follow_up_basis=basis,
            warn_ratio=0.75, actions=actions,
        )
