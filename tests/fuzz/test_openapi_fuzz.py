"""schemathesis over every operation of the OpenAPI schema, authenticated, through real HTTP.

The property: whatever a client sends, the server never answers with a 5xx.
BIHUAN_FUZZ_EXAMPLES sets examples per operation (default 40, about 1,800 requests,
so the suite stays fast); the test prints how many requests it made. The large run
(≥ 5,000 requests through gunicorn, intake webhooks signed) is bench/fuzz_bench.py,
part of `make bench`.

Driven through schemathesis' Python API (operation strategies + hypothesis)
rather than its pytest plugin, which does not yet support pytest 9.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from bihuan.accounts.models import Role
from bihuan.accounts.services import api_token_create

EXAMPLES = int(os.environ.get("BIHUAN_FUZZ_EXAMPLES", "40"))

pytestmark = pytest.mark.django_db(transaction=True)


def test_no_request_yields_a_server_error(live_server, make_user, team, make_complaint, capsys):
    # given a team lead (broad rights) with a few complaints so ids resolve sometimes
    lead = make_user(Role.TEAM_LEAD, team=team)
    for _ in range(3):
        make_complaint(actor=lead, owner=lead)
    headers = {"Authorization": f"Bearer {api_token_create(user=lead)}"}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/openapi.json")
    failures: list[str] = []
    sent = 0
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7

    for operation in operations:
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            nonlocal sent
            response = case.call(base_url=live_server.url, headers=headers, timeout=30)
            sent += 1
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} → {response.status_code}: "
                                f"{response.text[:300]}")

        run()
    with capsys.disabled():
        print(f"\nschemathesis: {sent} requests over {len(operations)} operations, "
              f"{len(failures)} server errors")
    assert not failures, "\n".join(failures[:20])
