"""Rollups: built from the timeline, incremental through the watermark, re-runnable."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from bihuan.analytics.models import ComplaintFact, RefreshState, Rollup, StageRollup
from bihuan.analytics.services import rollups_refresh
from bihuan.complaints import services
from bihuan.complaints.choices import LinkKind

pytestmark = pytest.mark.django_db


def _daily(dim: str, key: str = "") -> Rollup:
    return Rollup.objects.get(grain="d", dim=dim, key=key)


def test_refresh_counts_complaints_by_dimension_with_timeline_measures(make_complaint, make_customer, agent):
    # given two complaints from a member in 广东 about the rice cooker, one answered and closed
    customer = make_customer(member_level=3)
    customer.province = "广东"
    customer.save(update_fields=["province"])
    received = timezone.now() - dt.timedelta(hours=3)
    first = make_complaint(actor=agent, customer=customer, order_no=customer.orders.first().order_no,
                           category="product", subcategory="malfunction", received_at=received, owner=agent)
    make_complaint(actor=agent, customer=customer, category="logistics", received_at=received, channel="wechat")
    for step in ("assessed", "verifying", "resolving", "executing", "follow_up", "closed"):
        services.complaint_transition(complaint=first, actor=agent, to=step)
    # when the rollups are refreshed
    report = rollups_refresh()
    # then every dimension has its bucket and the measures follow the timeline
    assert report.complaints == 2
    everything = _daily("all")
    assert (everything.count, everything.closed, everything.fcr, everything.fr_n) == (2, 1, 1, 1)
    assert _daily("region", "广东").count == 2
    assert _daily("product", "智能电饭煲 4L").count == 1
    assert _daily("batch", "B261101").count == 1
    assert _daily("level", "3").count == 2
    assert _daily("agent", str(agent.pk)).count == first.__class__.objects.filter(owner=agent).count()
    assert _daily("region_category", "广东|product").count == 1
    assert _daily("channel", "wechat").count == 1
    local = timezone.localtime(received)
    assert Rollup.objects.get(grain="h", dim="all", hour=local.hour, day=local.date()).count == 2
    assert StageRollup.objects.filter(status="received").exists()


def test_refresh_is_incremental_and_re_runs_change_nothing(make_complaint, agent):
    # given a first refresh
    earlier = make_complaint(actor=agent, category="service")
    rollups_refresh()
    watermark = RefreshState.objects.get(name="rollups").last_event_id
    # when nothing happened, a second run touches only the late-commit overlap
    rows_before = list(Rollup.objects.order_by("id").values_list("dim", "key", "count"))
    rollups_refresh()
    assert sorted(rows_before) == sorted(Rollup.objects.values_list("dim", "key", "count"))
    # when a new complaint repeats the earlier one, the next run folds both in
    later = make_complaint(actor=agent, category="service")
    services.complaint_link(complaint=later, other=earlier, actor=agent, kind=LinkKind.REPEAT)
    rollups_refresh()
    assert RefreshState.objects.get(name="rollups").last_event_id > watermark
    assert _daily("all").count == 2 and _daily("all").repeat == 1
    assert ComplaintFact.objects.get(pk=earlier.pk).repeated_later is True


def test_refresh_resumes_in_batches(make_complaint, agent):
    # given several complaints and a tiny batch size (a run killed between batches keeps its progress)
    for _ in range(4):
        make_complaint(actor=agent)
    report = rollups_refresh(batch_events=1)
    assert report.batches >= 4
    assert _daily("all").count == 4


def test_command_with_since_and_reset(make_complaint, agent, capsys):
    make_complaint(actor=agent)
    call_command("analytics_refresh", "--reset", "--since", "2020-01-01")
    assert "Refreshed 1 complaints" in capsys.readouterr().out
    assert _daily("all").count == 1
