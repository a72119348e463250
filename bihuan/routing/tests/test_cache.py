"""Per-process routing caches: rules reload on change; the pool query reads load fresh."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_cached_rules_reload_after_an_edit():
    from bihuan.routing.models import RoutingRule
    from bihuan.routing.services.assignment import active_rules

    rule = RoutingRule.objects.create(name="物流", position=1, categories=["logistics"])
    assert rule.pk in [r.id for r in active_rules()]
    rule.categories = ["product"]
    rule.save()
    assert [r.categories for r in active_rules() if r.id == rule.pk] == [frozenset({"product"})]
    rule.delete()
    assert rule.pk not in [r.id for r in active_rules()]


@pytest.mark.django_db
def test_pool_load_and_availability_are_read_fresh(make_user, team, make_complaint):
    from bihuan.accounts.models import Role
    from bihuan.routing.models import AgentStatus
    from bihuan.routing.services.assignment import candidate_pool

    a = make_user(Role.AGENT, team=team, username="a1")
    before = {f.id: f for f in candidate_pool(team_id=team.pk, department_id=None, roles=frozenset()).facts}
    make_complaint(actor=a, owner=a, priority="red")
    AgentStatus.objects.update_or_create(user=a, defaults={"state": "away"})
    after = {f.id: f for f in candidate_pool(team_id=team.pk, department_id=None, roles=frozenset()).facts}
    assert after[a.pk].load == before[a.pk].load + 3  # red weighs 3
    assert before[a.pk].available and not after[a.pk].available
