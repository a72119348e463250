"""温馨提醒 rules, customer outcomes (repurchase, withdrawn review, complained again), repeat/reopen counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from bihuan.complaints import services as complaint_services
from bihuan.customers.models import Order, OrderItem
from bihuan.followup import selectors, services
from bihuan.followup.models import CustomerOutcome, ReminderRule

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fields,expected", [
    ({"description": "带六个月的宝宝坐飞机，航班改签了怎么办", "category": "service"}, {"婴儿出行证件"}),
    ({"description": "陶瓷餐具收到时碎了两个", "category": "logistics"}, {"易碎品包装"}),
    ({"description": "衣服尺码不合适，想退货", "category": "product"}, {"七天无理由退货"}),
    ({"description": "客服态度很差", "category": "service"}, set()),
])
def test_seeded_reminders_match_realistic_complaints(make_complaint, agent, followup_defaults, fields, expected):
    complaint = make_complaint(actor=agent, **fields)
    names = {r.name for r in services.reminders_for(complaint=complaint, language="zh-hans")}
    assert names == expected


def test_reminders_match_ordered_products_and_speak_english(make_complaint, make_order_complaint, agent,
                                                            followup_defaults):
    complaint = make_order_complaint(agent, description="东西有问题", category="product", subcategory="")
    OrderItem.objects.filter(order=complaint.order).update(product_name="玻璃保鲜盒套装")
    [reminder] = services.reminders_for(complaint=complaint, language="en")
    assert reminder.name == "易碎品包装" and reminder.advice.startswith("When sending fragile items")


def test_an_edited_rule_applies_at_once_and_inactive_rules_do_not(make_complaint, agent, followup_defaults):
    complaint = make_complaint(actor=agent, description="宝宝出行", category="service", channel="wechat")
    ReminderRule.objects.filter(name="婴儿出行证件").update(channels=["phone"])
    assert services.reminders_for(complaint=complaint, language="zh-hans") == []
    ReminderRule.objects.create(name="微信专属", channels=["wechat"], advice_zh="可在公众号查询进度")
    assert [r.advice for r in services.reminders_for(complaint=complaint, language="en")] == ["可在公众号查询进度"]


def _order(customer, placed_at):
    return Order.objects.create(order_no=f"RB{placed_at:%m%d%H%M%S%f}", customer=customer, status="paid",
                                amount=Decimal("59.00"), placed_at=placed_at)


def test_repurchase_windows_count_from_closing(make_complaint, make_customer, agent, move_to, followup_defaults):
    quick, late, never = (make_customer(orders=0) for _ in range(3))
    closed = {}
    for customer in (quick, late, never):
        closed[customer] = move_to(make_complaint(actor=agent, owner=agent, customer=customer), agent, "closed")
    at = closed[quick].closed_at
    _order(quick, at + dt.timedelta(hours=30))
    _order(late, at + dt.timedelta(days=10))
    # while the 72 h window is open, only an order inside it is known
    soon = at + dt.timedelta(hours=40)
    assert services.outcome_refresh(complaint=closed[quick], now=soon).repurchase_72h is True
    assert services.outcome_refresh(complaint=closed[never], now=soon).repurchase_72h is None
    # after 31 days everything is known
    later = at + dt.timedelta(days=31)
    result = {c: services.outcome_refresh(complaint=closed[c], now=later) for c in (quick, late, never)}
    assert [(result[c].repurchase_72h, result[c].repurchase_30d) for c in (quick, late, never)] == [
        (True, True), (False, True), (False, False)]


def test_complained_again_and_the_withdrawn_review_flag(make_complaint, make_customer, agent, move_to,
                                                        followup_defaults):
    customer = make_customer()
    first = move_to(make_complaint(actor=agent, owner=agent, customer=customer), agent, "closed")
    assert services.outcome_refresh(complaint=first).complained_again is False
    make_complaint(actor=agent, customer=customer, received_at=timezone.now() + dt.timedelta(minutes=1))
    assert services.outcome_refresh(complaint=first).complained_again is True
    services.review_withdrawn_mark(complaint=first, actor=agent)
    assert CustomerOutcome.objects.get(complaint=first).review_withdrawn is True
    assert first.events.filter(field="followup.review_withdrawn").count() == 1


def test_the_worker_tick_fills_outcomes_of_recently_closed_complaints(make_complaint, make_customer, agent,
                                                                      move_to, followup_defaults):
    complaint = move_to(make_complaint(actor=agent, owner=agent, customer=make_customer()), agent, "closed")
    assert services.followup_tick(force=True) == (0, 1)
    assert CustomerOutcome.objects.get(complaint=complaint).checked_at is not None
    assert services.followup_tick(force=True) == (0, 0)  # checked recently: not again at once


def test_repeat_and_reopened_complaints_are_linked_and_counted(make_complaint, make_customer, agent, admin_user,
                                                               move_to, followup_defaults):
    since = timezone.now() - dt.timedelta(hours=1)
    customer = make_customer()
    first = move_to(make_complaint(actor=agent, owner=agent, customer=customer), agent, "follow_up")
    services.follow_up_record(task=first.follow_up_tasks.get(), actor=agent, outcome="not_resolved", note="没修好")
    repeat = make_complaint(actor=agent, owner=agent, customer=customer)
    complaint_services.complaint_link(complaint=repeat, other=first, actor=agent, kind="repeat")
    make_complaint(actor=agent, owner=agent)
    stats = selectors.repeat_stats(user=admin_user, since=since, until=timezone.now() + dt.timedelta(hours=1))
    assert (stats.complaints, stats.repeat_complaints, stats.reopened_complaints, stats.reopenings) == (3, 1, 1, 1)
    assert stats.repeat_rate == pytest.approx(1 / 3)
    first.refresh_from_db()
    info = selectors.repeat_info(complaint=first)
    assert info.repeats == [repeat] and info.reopen_count == 1
    assert selectors.repeat_info(complaint=repeat).repeat_of == [first]


def test_leads_edit_reminder_rules_in_the_app(client, lead, agent, make_complaint, followup_defaults):
    client.force_login(agent)
    assert client.get("/followup/reminders/").status_code == 403
    client.force_login(lead)
    assert "婴儿出行证件" in client.get("/followup/reminders/").content.decode()
    r = client.post("/followup/reminders/", {"name": "生鲜签收", "position": "5", "active": "on",
                                             "categories": "logistics", "keywords": "生鲜，冷链, 海鲜",
                                             "advice_zh": "生鲜请当面验货后签收",
                                             "advice_en": "Check fresh food on delivery"})
    assert r.status_code == 302
    rule = ReminderRule.objects.get(name="生鲜签收")
    assert rule.keywords == ["生鲜", "冷链", "海鲜"] and rule.categories == ["logistics"]
    complaint = make_complaint(actor=agent, category="logistics", description="冷链海鲜到了全化了")
    assert services.reminders_for(complaint=complaint, language="en")[0].advice == "Check fresh food on delivery"
    bad = client.post(f"/followup/reminders/{rule.pk}/", {"name": "x", "advice_zh": "y", "channels": "fax"})
    assert bad.status_code == 422
    rule.refresh_from_db()
    assert rule.name == "生鲜签收"
