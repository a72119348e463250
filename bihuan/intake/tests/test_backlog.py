"""Deliveries not yet turned into complaints are visible: the monitoring API and the leads' banner."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from bihuan.accounts.models import Role
from bihuan.intake.adapters import ADAPTERS
from bihuan.intake.models import AcceptedDelivery
from bihuan.intake.services import deliveries_settle_all, receive_webhook
from bihuan.intake.services.deliveries import MAX_ATTEMPTS

from .conftest import signed

pytestmark = pytest.mark.django_db


def accept(channel: str) -> None:
    body, headers = signed(channel, ADAPTERS[channel].example)
    receive_webhook(channel=channel, body=body, headers=headers)


def test_the_backlog_api_reports_waiting_stalled_and_failed_deliveries(client, make_user):
    client.force_login(make_user(Role.TEAM_LEAD))
    assert client.get("/api/v1/intake/deliveries/backlog").json() | {"oldest_pending_at": None} == {
        "pending": 0, "failed": 0, "oldest_pending_at": None, "oldest_pending_seconds": 0, "stalled": False}
    accept("wechat")
    accept("weibo")
    AcceptedDelivery.objects.filter(channel="wechat").update(accepted_at=timezone.now() - dt.timedelta(minutes=5))
    AcceptedDelivery.objects.filter(channel="weibo").update(attempts=MAX_ATTEMPTS)
    body = client.get("/api/v1/intake/deliveries/backlog").json()
    assert (body["pending"], body["failed"], body["stalled"]) == (1, 1, True)
    assert 290 <= body["oldest_pending_seconds"] <= 320
    deliveries_settle_all()
    assert client.get("/api/v1/intake/deliveries/backlog").json()["pending"] == 0


def test_the_backlog_api_needs_a_login(client):
    assert client.get("/api/v1/intake/deliveries/backlog").status_code == 401


def test_leads_see_a_red_banner_when_the_worker_falls_behind_and_agents_do_not(client, make_user):
    accept("douyin")
    AcceptedDelivery.objects.update(accepted_at=timezone.now() - dt.timedelta(minutes=7))
    lead = make_user(Role.ADMINISTRATOR, is_staff=True)
    client.force_login(lead)
    page = client.get("/complaints/?scope=all").content.decode()
    assert 'id="intake-alert"' in page and "7" in page and "accepteddelivery" in page
    cache.clear()
    client.force_login(make_user(Role.AGENT))
    assert 'id="intake-alert"' not in client.get("/complaints/?scope=mine").content.decode()
    cache.clear()
    deliveries_settle_all()
    client.force_login(lead)
    assert 'id="intake-alert"' not in client.get("/complaints/?scope=all").content.decode()
