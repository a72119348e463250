"""Agents see what extraction found on the complaint page and accept demand / incident date."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bihuan.complaints import services as complaint_services
from bihuan.intake.adapters import Draft
from bihuan.intake.services import intake_draft

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def taken_in(agent):
    result = intake_draft(draft=Draft(
        channel="wechat", message_id="s1", customer_phone="13900001234", demand="apology",
        description="11月20日买的电饭煲坏了，要求退款两百元", received_at=dt.datetime(2026, 11, 23, 10, tzinfo=SH)))
    complaint = result.complaint
    return complaint_services.complaint_assign(complaint=complaint, actor=agent, owner=agent)


def test_the_complaint_page_shows_the_suggestions_with_accept_buttons(client, agent, taken_in):
    client.force_login(agent)
    page = client.get(f"/complaints/{taken_in.pk}/").content.decode()
    assert 'id="intake-suggestions"' in page and "2026-11-20" in page and "200" in page
    assert f"/intake/suggestions/{taken_in.pk}/accept/" in page


def test_accepting_a_suggested_demand_and_date_updates_the_record_with_a_reason(client, agent, taken_in):
    client.force_login(agent)
    url = f"/intake/suggestions/{taken_in.pk}/accept/"
    assert client.post(url, {"kind": "demands", "value": "refund"}).status_code == 302
    assert client.post(url, {"kind": "dates", "value": "2026-11-20"}).status_code == 302
    taken_in.refresh_from_db()
    assert taken_in.demand == "refund"
    assert taken_in.occurred_at.astimezone(SH).date() == dt.date(2026, 11, 20)
    event = taken_in.events.get(kind="field_changed", field="demand")
    assert event.actor == agent and event.after == "refund" and event.reason


def test_a_value_that_was_not_suggested_is_refused(client, agent, taken_in):
    client.force_login(agent)
    client.post(f"/intake/suggestions/{taken_in.pk}/accept/", {"kind": "demands", "value": "compensation"})
    taken_in.refresh_from_db()
    assert taken_in.demand == "apology"


def test_someone_who_cannot_see_the_complaint_gets_nothing(client, make_user, other_team, taken_in):
    outsider = make_user(team=other_team)
    client.force_login(outsider)
    r = client.post(f"/intake/suggestions/{taken_in.pk}/accept/", {"kind": "demands", "value": "refund"})
    assert r.status_code in (403, 404)
    taken_in.refresh_from_db()
    assert taken_in.demand == "apology"
