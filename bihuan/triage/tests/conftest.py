"""Engines shared by the triage tests: the shipped one, the rules alone, and both in turn."""

from __future__ import annotations

import pytest

from bihuan.triage.engine import TriageEngine, default_engine
from bihuan.triage.rules import default_ruleset


@pytest.fixture(scope="session")
def engine() -> TriageEngine:
    return default_engine()


@pytest.fixture(scope="session")
def rules_only() -> TriageEngine:
    return TriageEngine(default_ruleset(), None)


@pytest.fixture(params=["model", "rules"], scope="session")
def any_engine(request, engine, rules_only) -> TriageEngine:
    return engine if request.param == "model" else rules_only
