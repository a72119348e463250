"""The intake pipeline: extraction prefill, repeat linking (二次进线), acknowledgement and due times."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bihuan.complaints import services as complaint_services
from bihuan.complaints.models import Complaint, ComplaintLink
from bihuan.intake.adapters import Draft
from bihuan.intake.models import IntakeRecord, Outcome
from bihuan.intake.selectors import repeat_stats
from bihuan.intake.services import intake_draft

SH = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=SH)


def draft(text="电饭煲不加热了。", message_id="m1", **fields) -> Draft:
    fields.setdefault("received_at", at(23, 10))
    fields.setdefault("channel", "wechat")
    return Draft(description=text, message_id=message_id, **fields)


def take(d: Draft, now=None):
    return intake_draft(draft=d, now=now or d.received_at + dt.timedelta(seconds=1))


def test_extracted_order_demand_and_phone_prefill_the_record_and_are_kept_as_suggestions(make_customer):
    customer = make_customer(phone="13911112222")
    order = customer.orders.get()
    text = f"订单{order.order_no}的智能电饭煲坏了，要求退款两百元，电话13911112222"
    result = take(draft(text))
    complaint = result.complaint
    assert complaint.order == order and complaint.customer == customer
    assert complaint.demand == "refund"
    s = result.record.suggestions
    assert s["order_numbers"] == [order.order_no] and s["amounts"] == ["200"]
    assert s["products"] == ["智能电饭煲 4L"] and s["phones"] == ["13911112222"]
    assert s["applied"] == {"order_no": order.order_no, "demand": "refund", "customer_phone": "13911112222"}


def test_an_unknown_order_number_is_kept_not_refused():
    result = take(draft("包裹丢了", order_no="TB99999999999999"))
    assert result.created and result.complaint.order is None
    assert result.record.suggestions["applied"]["unmatched_order_no"] == "TB99999999999999"


def test_same_customer_within_the_window_is_linked_as_a_repeat_visible_on_both():
    first = take(draft("快递三天没动", "a", customer_phone="13800005555")).complaint
    second = take(draft("还是没动！", "b", customer_phone="13800005555", received_at=at(25, 11)))
    assert second.created and second.record.outcome == Outcome.REPEAT
    assert second.record.repeat_of == first
    assert ComplaintLink.objects.filter(source=second.complaint, target=first, kind="repeat").exists()
    assert first.events.filter(kind="link").exists() and second.complaint.events.filter(kind="link").exists()
    stats = repeat_stats(since=at(1, 0), until=at(30, 0))
    assert (stats.complaints, stats.repeats_linked, stats.reopened) == (2, 1, 0)


def test_outside_the_window_or_another_order_is_not_a_repeat(make_customer, settings):
    settings.BIHUAN_INTAKE_REPEAT_WINDOW_DAYS = 2
    customer = make_customer(phone="13800006666", orders=2)
    o1, o2 = customer.orders.order_by("id")
    take(draft("第一单坏了", "a", customer_phone=customer.phone, order_no=o1.order_no))
    other = take(draft("第二单也坏了", "b", customer_phone=customer.phone, order_no=o2.order_no,
                       received_at=at(23, 12)))
    late = take(draft("第一单还没处理", "c", customer_phone=customer.phone, order_no=o1.order_no,
                      received_at=at(26, 12)))
    assert other.record.outcome == Outcome.CREATED and late.record.outcome == Outcome.CREATED


def _close(complaint, user):
    for step in ("assessed", "verifying", "resolving", "executing", "follow_up", "closed"):
        complaint = complaint_services.complaint_transition(complaint=complaint, actor=user, to=step)
    return complaint


def test_a_repeat_on_a_closed_complaint_reopens_it_when_so_configured(settings, admin_user):
    settings.BIHUAN_INTAKE_REPEAT_ON_CLOSED = "reopen"
    lead = admin_user
    first = take(draft("耳机没声音", "a", customer_wechat_id="wx_1")).complaint
    _close(complaint_services.complaint_assign(complaint=first, actor=lead, owner=lead), lead)
    again = take(draft("换的新耳机还是没声音", "b", customer_wechat_id="wx_1", received_at=at(24, 10)))
    first.refresh_from_db()
    assert again.record.outcome == Outcome.REOPENED and again.complaint == first
    assert first.status == "reopened" and first.reopen_count == 1
    assert Complaint.objects.count() == 1
    assert first.events.filter(kind="comment", body="换的新耳机还是没声音", actor=None).exists()
    reopened = first.events.get(kind="transition", after="reopened")
    assert reopened.actor is None  # a system move: the timeline shows "System"
    assert first.owner == lead  # nobody took it over
    assert repeat_stats(since=at(1, 0), until=at(30, 0)).reopened == 1


def test_a_repeat_on_a_closed_complaint_opens_a_linked_one_by_default(admin_user):
    lead = admin_user
    first = take(draft("耳机没声音", "a", customer_wechat_id="wx_2")).complaint
    _close(complaint_services.complaint_assign(complaint=first, actor=lead, owner=lead), lead)
    again = take(draft("还是没声音", "b", customer_wechat_id="wx_2", received_at=at(24, 10)))
    assert again.record.outcome == Outcome.REPEAT and again.complaint != first
    first.refresh_from_db()
    assert first.status == "closed"


@pytest.fixture
def no_sla(db):
    from bihuan.routing.models import SlaPolicy

    SlaPolicy.objects.update(active=False)


def _first_response_clock(complaint):
    from bihuan.routing.models import SlaClock

    return SlaClock.objects.get(complaint=complaint, metric="first_response")


def test_inside_service_hours_the_first_response_due_is_the_sla_clocks():
    result = take(draft(received_at=at(23, 10, 0)))
    assert result.record.ack_kind == "in_hours" and result.record.ack_text == ""
    due = _first_response_clock(result.complaint).due_at
    assert result.record.first_response_due_at == due == result.complaint.next_action_due_at
    assert Complaint.objects.get(pk=result.complaint.pk).next_action_due_at == due
    assert not result.complaint.events.filter(field="next_action_due_at").exists()


def test_without_an_sla_policy_the_first_response_is_due_in_15_service_minutes(no_sla):
    result = take(draft(received_at=at(23, 10, 0)))
    assert result.record.first_response_due_at == at(23, 10, 15)
    assert Complaint.objects.get(pk=result.complaint.pk).next_action_due_at == at(23, 10, 15)


def test_near_closing_the_15_minutes_continue_at_the_next_opening(no_sla):
    result = take(draft(received_at=at(23, 20, 50)))
    assert result.record.first_response_due_at == at(24, 9, 5)


@pytest.mark.parametrize("language, needle", [("zh-hans", "非服务时间"), ("en", "outside our service hours")])
def test_outside_hours_an_acknowledgement_promises_the_next_opening_and_the_sla_due(language, needle):
    result = take(draft(received_at=at(22, 23, 30), language=language))
    record = result.record
    assert record.ack_kind == "auto_reply" and needle in record.ack_text
    assert "2026-11-23 09:00" in record.ack_text and result.complaint.number in record.ack_text
    complaint = Complaint.objects.get(pk=result.complaint.pk)
    due = _first_response_clock(complaint).due_at
    assert record.follow_up_due_at == due == complaint.next_action_due_at
    assert f"{due.astimezone(SH):%Y-%m-%d %H:%M}" in record.ack_text
    visible = complaint.events.filter(kind="comment", internal=False).get()
    assert visible.body == record.ack_text


def test_outside_hours_without_an_sla_policy_a_follow_up_is_due_an_hour_after_opening(no_sla):
    result = take(draft(received_at=at(22, 23, 30)))
    assert result.record.follow_up_due_at == at(23, 10, 0)
    assert Complaint.objects.get(pk=result.complaint.pk).next_action_due_at == at(23, 10, 0)


def test_service_hours_are_configurable(settings, no_sla):
    settings.BIHUAN_INTAKE_SERVICE_HOURS = "08:00-12:00"
    result = take(draft(received_at=at(23, 13, 0)))
    assert result.record.ack_kind == "auto_reply" and result.record.follow_up_due_at == at(24, 9, 0)


def test_a_future_timestamp_from_a_channel_is_not_believed():
    now = at(23, 10)
    result = intake_draft(draft=draft(received_at=at(30, 10)), now=now)
    assert result.complaint.received_at <= now + dt.timedelta(minutes=5)
    assert IntakeRecord.objects.get().received_at == result.complaint.received_at


def test_the_acknowledgement_is_sent_back_on_the_channel_the_complaint_came_by():
    from bihuan.notifications.models import Outbox

    result = take(draft(received_at=at(22, 23, 30), channel="email", message_id="<m2@example.cn>",
                        details={"reply_to": {"email": "wang@example.cn", "subject": "Re: 电饭煲"}}))
    message = Outbox.objects.get(dedup_key=f"intake-ack:{result.complaint.pk}")
    assert (message.channel, message.recipient) == ("email", "wang@example.cn")
    assert message.body == result.record.ack_text and result.complaint.number in message.body
    # in service hours there is no automatic reply to send
    inside = take(draft(received_at=at(23, 10, 0), message_id="m3"))
    assert not Outbox.objects.filter(dedup_key=f"intake-ack:{inside.complaint.pk}").exists()
