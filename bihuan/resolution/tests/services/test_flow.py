"""Verification → remedy → negotiation → execution → follow-up, and the progress link."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bihuan.core.errors import Conflict, ValidationFailed
from bihuan.resolution import services
from bihuan.resolution.models import Evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(agent, make_order_complaint, resolution_library):
    return make_order_complaint(agent, owner=agent, demand="return", days_ago=2)


def _png(shade: int, size=(64, 48)) -> SimpleUploadedFile:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (shade, shade, shade))
    ImageDraw.Draw(image).rectangle([5, 5, size[0] // 2, size[1] // 2], fill=(250, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("crack.png", buffer.getvalue(), content_type="image/png")


def test_verification_records_checks_items_and_the_report(complaint, agent):
    verification = services.verification_run_checks(complaint=complaint, actor=agent)
    assert {c["code"] for c in verification.auto_checks} == {"refundable", "delivered", "within_7_days"}
    services.verification_item_set(complaint=complaint, actor=agent, code="batch_checked", done=True, note="B261101")
    with pytest.raises(ValidationFailed):
        services.verification_item_set(complaint=complaint, actor=agent, code="no_such_item", done=True)
    services.verification_complete(complaint=complaint, actor=agent, findings="批次抽检发现内胆涂层脱落",
                                   responsibility="own_product")
    complaint.refresh_from_db()
    assert complaint.status == "resolving"
    assert complaint.verification.responsibility == "own_product"
    assert list(complaint.events.filter(kind="transition").values_list("after", flat=True)) == \
        ["assessed", "verifying", "resolving"]


def test_evidence_images_are_hashed_and_near_duplicates_flagged(complaint, agent, make_order_complaint):
    first = services.evidence_add(complaint=complaint, actor=agent, upload=_png(200))
    assert first.kind == "photo" and len(first.phash) == 16 and (first.width, first.height) == (64, 48)
    # the customer re-sends the picture, resized
    resent = services.evidence_add(complaint=complaint, actor=agent, upload=_png(200, size=(128, 96)))
    assert resent.duplicate_of == first
    # the same picture turns up in another customer's complaint
    other = make_order_complaint(agent, owner=agent)
    again = services.evidence_add(complaint=other, actor=agent, upload=_png(200))
    assert again.duplicate_of == first
    assert other.events.filter(field="verification.duplicate_image").exists()
    text = SimpleUploadedFile("note.txt", b"hello", content_type="text/plain")
    assert services.evidence_add(complaint=complaint, actor=agent, upload=text).phash == ""
    assert Evidence.objects.count() == 4


def test_agreed_remedy_runs_its_plan_to_completion(complaint, agent):
    services.verification_complete(complaint=complaint, actor=agent, findings="质量问题", responsibility="own_product")
    remedy = services.remedy_propose(complaint=complaint, actor=agent,
                                     lines=[{"type": "return"}, {"type": "coupon", "amount": "10"}])
    with pytest.raises(Conflict):
        services.remedy_respond(remedy=remedy, actor=agent, response="accepted")
    services.remedy_offer(remedy=remedy, actor=agent, body="免费退货并送10元券")
    remedy = services.remedy_respond(remedy=remedy, actor=agent, response="accepted", body="客户同意")
    steps = list(remedy.steps.order_by("position"))
    assert [s.code for s in steps][0] == "return_requested" and steps[-1].code == "customer_confirmed"
    assert remedy.status == "executing" and remedy.promised_at == steps[-1].due_at
    complaint.refresh_from_db()
    assert complaint.status == "executing"
    services.step_exception(step=steps[2], actor=agent, note="快递取件延迟一天", delay_days=1)
    steps[2].refresh_from_db()
    assert steps[2].status == "exception"
    for step in steps:
        services.step_done(step=step, actor=agent)
    remedy.refresh_from_db()
    complaint.refresh_from_db()
    assert (remedy.status, complaint.status) == ("completed", "follow_up")
    with pytest.raises(Conflict):
        services.step_done(step=steps[0], actor=agent)


def test_progress_links_expire_and_can_be_revoked(complaint, agent):
    link, token = services.progress_link_create(complaint=complaint, actor=agent, language="en", days=7)
    assert services.progress_link_open(token=token) == link
    page = services.progress_page(link)
    assert page.number == complaint.number and page.stage == "Received"
    for bad in (token + "x", "garbage", ""):
        with pytest.raises(services.LinkUnusable) as error:
            services.progress_link_open(token=bad)
        assert error.value.code == "invalid"
    link.expires_at = timezone.now() - dt.timedelta(seconds=1)
    link.save(update_fields=["expires_at"])
    with pytest.raises(services.LinkUnusable) as error:
        services.progress_link_open(token=token)
    assert error.value.code == "expired"
    _, token2 = services.progress_link_create(complaint=complaint, actor=agent)
    services.progress_link_revoke(link=services.progress_link_open(token=token2), actor=agent)
    with pytest.raises(services.LinkUnusable) as error:
        services.progress_link_open(token=token2)
    assert error.value.code == "revoked"
