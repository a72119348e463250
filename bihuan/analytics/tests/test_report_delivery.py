"""Report subscriptions are delivered through the outbox once per period and subscriber."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from bihuan.accounts.models import Role
from bihuan.analytics.models import ReportSubscription
from bihuan.analytics.services import analytics_tick, report_subscription_save, reports_send_due
from bihuan.core.errors import PermissionDenied
from bihuan.notifications.models import Outbox

pytestmark = pytest.mark.django_db

# Monday 23 November 2026, 09:00 local: week 2026-W47 and month 2026-10 are complete and due.
MONDAY_9 = timezone.make_aware(dt.datetime(2026, 11, 23, 9, 0))


@pytest.fixture
def subscribers(make_user):
    analyst = make_user(Role.ANALYST, username="analyst", email="analyst@example.com")
    lead = make_user(Role.TEAM_LEAD, username="lead")
    report_subscription_save(user=analyst, weekly=True, monthly=True, language="en")
    report_subscription_save(user=lead, weekly=True, monthly=False, language="zh-hans")
    return analyst, lead


def test_each_subscriber_gets_each_report_once(subscribers, settings):
    settings.BIHUAN_PUBLIC_BASE_URL = "https://bihuan.example.com/"
    analyst, lead = subscribers
    # when the job runs twice (two ticks, a restart, a second worker)
    first = reports_send_due(now=MONDAY_9)
    second = reports_send_due(now=MONDAY_9 + dt.timedelta(hours=1))
    # then one outbox row per period and subscriber, and none the second time
    assert (first.queued, second.queued) == (3, 0)
    assert sorted(Outbox.objects.values_list("dedup_key", flat=True)) == sorted([
        f"report:weekly:2026-W47:{analyst.pk}", f"report:monthly:2026-10:{analyst.pk}",
        f"report:weekly:2026-W47:{lead.pk}"])
    mail = Outbox.objects.get(dedup_key=f"report:weekly:2026-W47:{analyst.pk}")
    assert (mail.channel, mail.recipient) in {("email", "analyst@example.com"), ("console", "analyst@example.com")}
    assert mail.subject == "[Bihuan] Weekly complaint report 2026-W47"  # the subscriber's language
    assert "https://bihuan.example.com/analytics/reports/?kind=weekly&period=2026-W47" in mail.body
    assert "https://bihuan.example.com/analytics/reports/pdf/?kind=weekly&period=2026-W47" in mail.body
    assert mail.payload == {"report": "weekly", "period": "2026-W47", "user": analyst.pk}
    console = Outbox.objects.get(dedup_key=f"report:weekly:2026-W47:{lead.pk}")
    assert (console.channel, console.recipient) == ("console", "lead")


def test_nothing_before_the_send_hour_and_the_next_week_is_a_new_report(subscribers):
    early = reports_send_due(now=MONDAY_9 - dt.timedelta(hours=2))  # Monday 07:00: the week is not due yet
    assert (early.periods, early.queued) == (["monthly:2026-10"], 1)  # October was due on 1 November
    assert reports_send_due(now=MONDAY_9).queued == 2
    next_monday = MONDAY_9 + dt.timedelta(days=7)
    assert reports_send_due(now=next_monday).queued == 2  # 2026-W48 for both; October already sent
    assert Outbox.objects.filter(dedup_key__startswith="report:weekly:2026-W48:").count() == 2


def test_unsubscribed_inactive_or_demoted_users_get_nothing(subscribers):
    analyst, lead = subscribers
    report_subscription_save(user=analyst, weekly=False, monthly=False, language="en")
    lead.role = Role.AGENT  # no longer allowed to see analytics
    lead.save(update_fields=["role"])
    assert reports_send_due(now=MONDAY_9).queued == 0
    assert not Outbox.objects.exists()


def test_agents_cannot_subscribe(make_user, team):
    with pytest.raises(PermissionDenied):
        report_subscription_save(user=make_user(Role.AGENT, team=team), weekly=True, monthly=True, language="en")
    assert not ReportSubscription.objects.exists()


def test_the_worker_beat_sends_due_reports(subscribers):
    analytics_tick(now=MONDAY_9, force=True)
    analytics_tick(now=MONDAY_9 + dt.timedelta(minutes=20))
    assert Outbox.objects.filter(dedup_key__startswith="report:").count() == 3


def test_command_writes_a_pdf_and_refuses_a_bad_period(tmp_path):
    out = tmp_path / "month.pdf"
    call_command("analytics_reports", "--kind", "monthly", "--pdf", str(out), stdout=io.StringIO())
    assert out.read_bytes().startswith(b"%PDF-")
    with pytest.raises(CommandError):
        call_command("analytics_reports", "--kind", "monthly", "--period", "2026-1x")
