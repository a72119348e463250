"""Pure routing decisions (no Django): which rule matches, which agent gets the complaint.

Both functions take plain dataclasses so they are tested without a database
and cost microseconds (bench/assignment_bench.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# Seniority an angry or red complaint needs at least (SPEC §4: senior agents/experts).
SENIOR_LEVEL = 3
VIP_LEVEL = 3
PRIORITY_WEIGHT = {"red": 3, "yellow": 2, "green": 1, "": 1}


@dataclass(frozen=True, slots=True)
class ComplaintFacts:
    category: str = ""
    subcategory: str = ""
    priority: str = ""
    channel: str = ""
    emotion: str = ""
    member_level: int = 0
    products: tuple[str, ...] = ()  # product names and SKUs of the order
    region: str = ""  # province
    text: str = ""  # title + description
    language: str = "zh-hans"


@dataclass(frozen=True, slots=True)
class RuleSpec:
    id: int
    name: str = ""
    categories: frozenset[str] = frozenset()
    subcategories: frozenset[str] = frozenset()
    priorities: frozenset[str] = frozenset()
    channels: frozenset[str] = frozenset()
    min_member_level: int | None = None
    products: tuple[str, ...] = ()
    regions: frozenset[str] = frozenset()
    keywords: tuple[str, ...] = ()
    department_id: int | None = None
    team_id: int | None = None
    required_skills: frozenset[str] = frozenset()
    min_seniority: int = 1
    owner_roles: frozenset[str] = frozenset()
    restricted: bool = False


def rule_matches(rule: RuleSpec, facts: ComplaintFacts) -> bool:
    """All non-empty conditions must hold; inside one list any value is enough."""
    if rule.categories and facts.category not in rule.categories:
        return False
    if rule.subcategories and facts.subcategory not in rule.subcategories:
        return False
    if rule.priorities and facts.priority not in rule.priorities:
        return False
    if rule.channels and facts.channel not in rule.channels:
        return False
    if rule.min_member_level is not None and facts.member_level < rule.min_member_level:
        return False
    if rule.regions and facts.region not in rule.regions:
        return False
    if rule.products:
        haystack = [p.lower() for p in facts.products]
        if not any(needle.lower() in h for needle in rule.products for h in haystack):
            return False
    if rule.keywords:
        text = facts.text.lower()
        if not any(k.lower() in text for k in rule.keywords if k):
            return False
    return True


def match_rule(rules: Iterable[RuleSpec], facts: ComplaintFacts) -> RuleSpec | None:
    """The first matching rule in the given order (callers pass them ordered by position)."""
    for rule in rules:
        if rule_matches(rule, facts):
            return rule
    return None


@dataclass(frozen=True, slots=True)
class AgentFacts:
    id: int
    role: str
    skills: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset({"zh-hans"})
    seniority: int = 1
    load: int = 0  # open complaints weighted by priority (PRIORITY_WEIGHT)
    available: bool = True  # on shift and not away
    last_assigned_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Need:
    skills: frozenset[str] = frozenset()
    language: str = "zh-hans"
    min_seniority: int = 1
    roles: frozenset[str] = field(default_factory=frozenset)


def need_for(facts: ComplaintFacts, rule: RuleSpec | None) -> Need:
    """What the owner must bring: the rule's requirements, plus seniority for angry/red/VIP."""
    seniority = rule.min_seniority if rule else 1
    if facts.priority == "red" or facts.emotion == "angry":
        seniority = max(seniority, SENIOR_LEVEL)
    skills = set(rule.required_skills) if rule else set()
    return Need(skills=frozenset(skills), language=facts.language or "zh-hans",
                min_seniority=seniority, roles=rule.owner_roles if rule else frozenset())


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _rank(agent: AgentFacts, need: Need) -> tuple:
    """Lower is better. Hard needs were filtered first; these order what is left."""
    missing_skills = len(need.skills - agent.skills)
    speaks = 0 if need.language in agent.languages else 1
    too_junior = max(0, need.min_seniority - agent.seniority)
    # Round robin: among equals, whoever waited longest since their last assignment.
    last = agent.last_assigned_at or _EPOCH
    return (too_junior, missing_skills, speaks, agent.load, last, agent.id)


def choose_agent(candidates: Sequence[AgentFacts], need: Need) -> AgentFacts | None:
    """The best available candidate, relaxing needs step by step so someone always owns it.

    Order of relaxation: available agents who meet role, seniority and skills;
    then available agents of the role; then any available agent; then (nobody
    on shift) anyone in the pool. Ties: lower weighted load, then round robin.
    """
    if not candidates:
        return None
    pools: list[Sequence[AgentFacts]] = []
    available = [a for a in candidates if a.available]
    with_role = [a for a in available if not need.roles or a.role in need.roles]
    pools.append([a for a in with_role if a.seniority >= need.min_seniority and need.skills <= a.skills])
    pools.append([a for a in with_role if a.seniority >= need.min_seniority])
    pools.append(with_role)
    pools.append(available)
    pools.append(candidates)
    for pool in pools:
        if pool:
            return min(pool, key=lambda a: _rank(a, need))
    return None
