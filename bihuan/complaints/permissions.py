"""The one permission chokepoint for complaints (DESIGN rule 4).

Every complaint a user sees or changes is fetched through `visible_complaints`
or `complaint_get_for_user`; write rights are checked with `ensure_can_edit`.

Who sees what:
- administrator: everything.
- team lead: complaints of their department or their team.
- department owner: complaints routed to their department.
- analyst, quality inspector: every complaint that is not restricted (read-only).
- agent, senior agent: complaints they own, and those of their team.
Restricted complaints are visible only to their owner, leads of the owning
team or department, and administrators.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from bihuan.accounts.models import Role, User
from bihuan.core.errors import NotFound, PermissionDenied

from .models import Complaint

READ_ONLY_ROLES = frozenset({Role.ANALYST, Role.QUALITY_INSPECTOR})


def _visibility_filter(user: User) -> Q | None:
    """None means "everything"; an empty Q-match is expressed as pk__in=[]."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.role == Role.ADMINISTRATOR or user.is_superuser:
        return None
    own = Q(owner_id=user.pk)
    if user.role == Role.TEAM_LEAD:
        scope = own
        if user.team_id:
            scope |= Q(team_id=user.team_id)
        if user.department_id:
            scope |= Q(department_id=user.department_id)
        return scope
    if user.role == Role.DEPARTMENT_OWNER:
        scope = own
        if user.department_id:
            scope |= Q(department_id=user.department_id)
        return scope
    if user.role in READ_ONLY_ROLES:
        return Q(restricted=False)
    # Agents and senior agents.
    scope = own
    if user.team_id:
        scope |= Q(team_id=user.team_id, restricted=False)
    return scope


def visible_complaints(user: User) -> QuerySet[Complaint]:
    qs = Complaint.objects.all()
    condition = _visibility_filter(user)
    return qs if condition is None else qs.filter(condition)


def complaint_get_for_user(
    user: User, complaint_id: int | str, *, for_update: bool = False
) -> Complaint:
    """The complaint if `user` may see it; NotFound otherwise (no existence leak)."""
    try:
        pk = int(complaint_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    qs = visible_complaints(user)
    if for_update:
        qs = qs.select_for_update()
    complaint = (
        qs.select_related("customer", "order", "owner", "team", "department").filter(pk=pk).first()
    )
    if complaint is None:
        raise NotFound()
    return complaint


def can_edit(user: User, complaint: Complaint) -> bool:
    """Write access; assumes `complaint` was fetched through the accessor above."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role in READ_ONLY_ROLES:
        return False
    condition = _visibility_filter(user)
    if condition is None:
        return True
    return visible_complaints(user).filter(pk=complaint.pk).exists()


def ensure_can_edit(user: User, complaint: Complaint) -> None:
    if not can_edit(user, complaint):
        raise PermissionDenied()
