"""Complaint services: creation, edits, transitions, assignment, comments, timeline."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bihuan.accounts.models import Role
from bihuan.complaints import services
from bihuan.complaints.models import TimelineEvent
from bihuan.core.errors import Conflict, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def test_create_gives_a_daily_number_and_a_created_event(make_complaint, agent):
    # when two complaints are created
    first = make_complaint(actor=agent)
    second = make_complaint(actor=agent)
    # then they get consecutive human-friendly numbers and a "created" event each
    assert re.fullmatch(r"TS-\d{8}-\d{6}", first.number)
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1
    assert first.status == "received"
    assert list(first.events.values_list("kind", flat=True)) == ["created", "assignment"]
    # "到我为止": the agent who recorded it owns it
    assert first.owner == agent


def test_create_matches_an_existing_customer_by_phone(make_customer, agent):
    customer = make_customer(phone="13912345678")
    c = services.complaint_create(actor=agent, channel="wechat", description="快递三天没动了",
                                  customer_data=services.CustomerData(phone="13912345678"))
    assert c.customer == customer


def test_create_links_the_order_and_its_customer(make_customer, agent):
    customer = make_customer()
    order = customer.orders.first()
    c = services.complaint_create(actor=agent, channel="ecommerce", description="收到的货是坏的",
                                  order_no=order.order_no)
    assert c.order == order and c.customer == customer


@pytest.mark.parametrize("fields,code", [
    ({"channel": "fax"}, "invalid_choice"),
    ({"description": "   "}, "required"),
    ({"description": "x" * 20_001}, "too_long"),
    ({"category": "product", "subcategory": "lost"}, "invalid_subcategory"),
    ({"priority": "purple"}, "invalid_choice"),
    ({"order_no": "NOPE"}, "order_not_found"),
])
def test_create_rejects_bad_input_with_a_stable_code(make_complaint, agent, fields, code):
    with pytest.raises(ValidationFailed) as err:
        make_complaint(actor=agent, **fields)
    assert err.value.code == code
    assert str(err.value.message)


def test_same_channel_message_id_is_a_conflict(make_complaint, agent):
    make_complaint(actor=agent, channel="wechat", channel_message_id="msg-1")
    with pytest.raises(Conflict) as err:
        make_complaint(actor=agent, channel="wechat", channel_message_id="msg-1")
    assert err.value.code == "duplicate_channel_message"
    # another channel may reuse the id
    make_complaint(actor=agent, channel="weibo", channel_message_id="msg-1")


def test_update_records_one_event_per_changed_field(make_complaint, agent):
    c = make_complaint(actor=agent, owner=agent)
    services.complaint_update(complaint=c, actor=agent, reason="核实后修正",
                              changes={"category": "product", "subcategory": "malfunction",
                                       "priority": "red", "title": c.title})
    c.refresh_from_db()
    assert (c.category, c.subcategory, c.priority, c.priority_rank) == ("product", "malfunction", "red", 0)
    changes = TimelineEvent.objects.filter(complaint=c, kind="field_changed")
    assert {e.field: (e.before, e.after) for e in changes} == {
        "category": ("", "product"), "subcategory": ("", "malfunction"), "priority": ("", "red")}
    assert all(e.reason == "核实后修正" and e.actor == agent for e in changes)


def test_changing_category_clears_a_subcategory_that_no_longer_fits(make_complaint, agent):
    c = make_complaint(actor=agent, owner=agent, category="product", subcategory="malfunction")
    c = services.complaint_update(complaint=c, actor=agent, changes={"category": "logistics"})
    assert c.subcategory == ""


def test_update_refuses_non_editable_fields(make_complaint, agent):
    c = make_complaint(actor=agent, owner=agent)
    with pytest.raises(ValidationFailed):
        services.complaint_update(complaint=c, actor=agent, changes={"status": "closed"})


def test_full_lifecycle_writes_a_transition_event_per_step(make_complaint, agent):
    c = make_complaint(actor=agent, owner=agent)
    for step in ("assessed", "verifying", "resolving", "executing", "follow_up", "closed"):
        c = services.complaint_transition(complaint=c, actor=agent, to=step)
    assert c.status == "closed" and c.closed_at is not None
    moves = list(c.events.filter(kind="transition").values_list("before", "after"))
    assert moves[0] == ("received", "assessed") and moves[-1] == ("follow_up", "closed")
    assert len(moves) == 6


def test_forbidden_transition_is_a_conflict_and_changes_nothing(make_complaint, agent):
    c = make_complaint(actor=agent, owner=agent)
    with pytest.raises(Conflict) as err:
        services.complaint_transition(complaint=c, actor=agent, to="executing")
    assert err.value.code == "transition_not_allowed"
    c.refresh_from_db()
    assert c.status == "received"
    assert not c.events.filter(kind="transition").exists()


def test_reopen_counts_and_needs_a_reason(make_complaint, agent):
    c = make_complaint(actor=agent, owner=agent)
    c = services.complaint_transition(complaint=c, actor=agent, to="closed", reason="重复投诉")
    with pytest.raises(ValidationFailed):
        services.complaint_transition(complaint=c, actor=agent, to="reopened")
    c = services.complaint_transition(complaint=c, actor=agent, to="reopened", reason="客户回访不满意")
    assert c.reopen_count == 1 and c.closed_at is None


def test_create_routes_to_an_agent_of_the_team_with_an_assignment_event(make_complaint, agent):
    # given a team with one agent on shift, when a complaint arrives from the API (no actor)
    c = make_complaint(actor=None, team=agent.team)
    # then routing makes that agent the owner, on the timeline
    assert c.owner == agent
    assert c.events.filter(kind="assignment").count() == 1


def test_moving_an_unowned_complaint_makes_the_actor_its_owner(make_complaint, admin_user, other_team):
    # given a team nobody works in: routing finds no candidate
    c = make_complaint(actor=None, team=other_team)
    assert c.owner is None
    c = services.complaint_transition(complaint=c, actor=admin_user, to="assessed")
    assert c.owner == admin_user
    assert c.events.filter(kind="assignment").count() == 1


def test_assign_to_someone_else_needs_a_reason_from_an_agent(make_complaint, agent, make_user):
    colleague = make_user(Role.SENIOR_AGENT, team=agent.team)
    c = make_complaint(actor=agent, owner=agent)
    with pytest.raises(ValidationFailed):
        services.complaint_assign(complaint=c, actor=agent, owner=colleague)
    c = services.complaint_assign(complaint=c, actor=agent, owner=colleague, reason="客户要求专家处理")
    assert c.owner == colleague
    event = c.events.filter(kind="assignment").last()
    assert event.after["owner"] == colleague.pk and event.reason == "客户要求专家处理"


def test_analysts_cannot_own_or_change_complaints(make_complaint, agent, make_user):
    analyst = make_user(Role.ANALYST)
    c = make_complaint(actor=agent, owner=agent)
    with pytest.raises(ValidationFailed):
        services.complaint_assign(complaint=c, actor=agent, owner=analyst, reason="x")
    with pytest.raises(PermissionDenied):
        services.complaint_transition(complaint=c, actor=analyst, to="assessed")


def test_comments_and_internal_notes(make_complaint, agent):
    c = make_complaint(actor=agent, owner=agent)
    services.complaint_comment(complaint=c, actor=agent, body="已致电客户致歉")
    services.complaint_comment(complaint=c, actor=agent, body="客户曾有恶意索赔记录", internal=True)
    kinds = list(c.events.exclude(kind__in=["created", "assignment"]).values_list("kind", "internal"))
    assert kinds == [("comment", False), ("internal_note", True)]
    with pytest.raises(ValidationFailed):
        services.complaint_comment(complaint=c, actor=agent, body=" ")


def test_timeline_is_append_only(make_complaint, agent):
    c = make_complaint(actor=agent)
    event = c.events.first()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        TimelineEvent.objects.filter(complaint=c).update(body="edited")
    with pytest.raises(TypeError):
        TimelineEvent.objects.filter(complaint=c).delete()


def test_link_is_visible_from_both_sides(make_complaint, agent):
    a, b = make_complaint(actor=agent, owner=agent), make_complaint(actor=agent, owner=agent)
    services.complaint_link(complaint=b, other=a, actor=agent, kind="repeat")
    services.complaint_link(complaint=b, other=a, actor=agent, kind="repeat")  # idempotent
    assert a.events.filter(kind="link").count() == 1 and b.events.filter(kind="link").count() == 1
    with pytest.raises(ValidationFailed):
        services.complaint_link(complaint=a, other=a, actor=agent)


def test_attachments_are_checked_for_type_and_size(make_complaint, agent, settings):
    c = make_complaint(actor=agent, owner=agent)
    photo = SimpleUploadedFile("破损.png", b"\x89PNG fake", content_type="image/png")
    attachment = services.attachment_add(complaint=c, actor=agent, upload=photo)
    assert attachment.size == 9 and len(attachment.sha256) == 64
    with pytest.raises(ValidationFailed) as err:
        services.attachment_add(complaint=c, actor=agent, upload=SimpleUploadedFile(
            "x.exe", b"MZ", content_type="application/x-msdownload"))
    assert err.value.code == "unsupported_file_type"
    settings.BIHUAN_MAX_UPLOAD_BYTES = 4
    with pytest.raises(ValidationFailed) as err:
        services.attachment_add(complaint=c, actor=agent, upload=SimpleUploadedFile(
            "big.png", b"12345", content_type="image/png"))
    assert err.value.code == "file_too_large"
