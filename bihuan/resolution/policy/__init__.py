"""Pure remedy policy (DESIGN rule 7): tiers, authority limits, legal floor,
fairness band, automatic order checks, execution-plan templates and the
agent-assist text rules. Plain Python; no database, testable in isolation.

Content strings that reach customers come as (zh-Hans, English) pairs, like
the triage label sets, because the customer's language is chosen per link or
message, not by the request.
"""

from __future__ import annotations


def pick(pair: tuple[str, str], language: str | None) -> str:
    """The English half for "en…", the Chinese half otherwise (zh-Hans first)."""
    return pair[1] if (language or "").lower().startswith("en") else pair[0]
