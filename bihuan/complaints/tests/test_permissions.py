"""The permission accessor: every branch (DESIGN rule 4)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from bihuan.accounts.models import Role
from bihuan.complaints.permissions import can_edit, complaint_get_for_user, visible_complaints
from bihuan.core.errors import NotFound

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user, make_complaint, team, other_team, department, other_department):
    """Complaints in two teams of one department, one in another department, one restricted."""
    agent = make_user(Role.AGENT, team=team)
    colleague = make_user(Role.AGENT, team=team)
    stranger = make_user(Role.AGENT, team=other_team)
    own = make_complaint(owner=agent)
    team_open = make_complaint(team=team)
    team_restricted = make_complaint(owner=colleague)
    team_restricted.restricted = True
    team_restricted.save(update_fields=["restricted"])
    other_team_c = make_complaint(owner=stranger)
    other_dept = make_complaint(department=other_department)
    return {
        "agent": agent, "colleague": colleague, "stranger": stranger, "own": own,
        "team_open": team_open, "team_restricted": team_restricted,
        "other_team": other_team_c, "other_dept": other_dept,
    }


def _visible_keys(world, user) -> set[str]:
    ids = set(visible_complaints(user).values_list("pk", flat=True))
    return {k for k, v in world.items() if hasattr(v, "number") and v.pk in ids}


def test_anonymous_and_inactive_users_see_nothing(world, make_user, team):
    assert not visible_complaints(AnonymousUser()).exists()
    inactive = make_user(Role.ADMINISTRATOR, team=team, is_active=False)
    assert not visible_complaints(inactive).exists()


def test_administrator_sees_everything_including_restricted(world, make_user):
    admin = make_user(Role.ADMINISTRATOR)
    assert _visible_keys(world, admin) == {
        "own", "team_open", "team_restricted", "other_team", "other_dept"}
    assert can_edit(admin, world["team_restricted"])


def test_agent_sees_own_and_team_but_not_restricted_or_other_teams(world):
    assert _visible_keys(world, world["agent"]) == {"own", "team_open"}
    with pytest.raises(NotFound):
        complaint_get_for_user(world["agent"], world["other_team"].pk)
    with pytest.raises(NotFound):
        complaint_get_for_user(world["agent"], world["team_restricted"].pk)


def test_agent_sees_a_restricted_complaint_they_own(world):
    assert "team_restricted" in _visible_keys(world, world["colleague"])


def test_team_lead_sees_team_and_department_including_restricted(world, make_user, team, department):
    lead = make_user(Role.TEAM_LEAD, team=team, department=department)
    # other_team is in the same department (its complaint has no department set, only team)
    assert _visible_keys(world, lead) == {"own", "team_open", "team_restricted"}


def test_department_owner_sees_their_department(world, make_user, other_department):
    owner = make_user(Role.DEPARTMENT_OWNER, department=other_department)
    assert _visible_keys(world, owner) == {"other_dept"}


@pytest.mark.parametrize("role", [Role.ANALYST, Role.QUALITY_INSPECTOR])
def test_read_only_roles_see_unrestricted_but_cannot_edit(world, make_user, role):
    reader = make_user(role)
    assert _visible_keys(world, reader) == {"own", "team_open", "other_team", "other_dept"}
    assert not can_edit(reader, world["own"])


def test_garbage_ids_are_not_found_not_errors(world):
    for bad in ("abc", None, "1; drop table"):
        with pytest.raises(NotFound):
            complaint_get_for_user(world["agent"], bad)


def test_agent_can_edit_what_they_see_only(world):
    assert can_edit(world["agent"], world["own"])
    assert not can_edit(world["agent"], world["other_team"])
