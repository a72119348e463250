"""Surveys: sent on closing, one answer, tampered/expired links, low scores, suggestions, one reminder."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bihuan.accounts.models import Role
from bihuan.complaints import services as complaint_services
from bihuan.core.errors import Conflict, ValidationFailed
from bihuan.followup import services
from bihuan.followup.models import FollowUpTask, Suggestion, Survey, SurveyConfig
from bihuan.notifications.models import Outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(make_complaint, make_customer, agent, move_to, followup_defaults):
    def make(**fields):
        fields.setdefault("customer", make_customer())
        complaint = make_complaint(actor=agent, owner=agent, **fields)
        return move_to(complaint, agent, "closed")
    return make


def token_of(complaint) -> str:
    return services.survey_token(Survey.objects.get(complaint=complaint))


def test_closing_sends_one_survey_with_the_reminders_in_the_close_out(closed):
    # given a complaint about a glass item that arrived broken
    complaint = closed(category="logistics", description="玻璃花瓶到货就碎了")
    survey = Survey.objects.get(complaint=complaint)
    assert survey.expires_at - survey.sent_at == dt.timedelta(days=7)
    body = Outbox.objects.get(dedup_key=f"followup-survey:{survey.pk}").body
    # then the close-out carries the fragile-packing advice and the signed link
    assert "气泡膜" in body and f"/s/{services.survey_token(survey)}/" in body


def test_an_answer_is_stored_once_and_a_second_one_is_refused(closed):
    complaint = closed()
    token = token_of(complaint)
    survey = services.survey_submit(token=token, csat=5, nps=10, comment="很满意")
    assert (survey.csat, survey.nps, survey.low_score) == (5, 10, False)
    with pytest.raises(Conflict) as err:
        services.survey_submit(token=token, csat=1, nps=0)
    assert err.value.code == "already_answered"
    survey.refresh_from_db()
    assert (survey.csat, survey.nps) == (5, 10)
    assert not FollowUpTask.objects.filter(kind="callback").exists()


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature changed
    lambda t: t.replace(t.split(":")[0], "eyJzIjo5OTksIm4iOiJ4In0"),  # payload swapped
    lambda t: "nonsense", lambda t: "",
])
def test_tampered_links_are_invalid(closed, mangle):
    token = token_of(closed())
    with pytest.raises(services.LinkUnusable) as err:
        services.survey_submit(token=mangle(token), csat=1)
    assert err.value.code == "invalid"
    assert Survey.objects.get().answered_at is None


def test_expired_links_are_refused_as_expired(closed):
    complaint = closed()
    Survey.objects.filter(complaint=complaint).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(services.LinkUnusable) as err:
        services.survey_submit(token=token_of(complaint), csat=5)
    assert err.value.code == "expired"


@pytest.mark.parametrize("csat,nps", [(None, 8), (6, 8), (0, 8), (4, 11), ("x", 3)])
def test_missing_or_out_of_range_scores_are_validation_errors(closed, csat, nps):
    with pytest.raises(ValidationFailed):
        services.survey_submit(token=token_of(closed()), csat=csat, nps=nps)
    assert Survey.objects.get().answered_at is None


def test_a_low_score_creates_a_callback_for_a_senior_agent_and_tells_the_team_lead(closed, make_user, team, lead):
    senior = make_user(Role.SENIOR_AGENT, team=team, seniority=4)
    complaint = closed()
    services.survey_submit(token=token_of(complaint), csat=2, nps=8)
    task = FollowUpTask.objects.get(complaint=complaint, kind="callback")
    assert (task.owner, task.method, task.status) == (senior, "phone", "open")
    assert task.due_at <= timezone.now() + dt.timedelta(hours=24)
    recipients = set(Outbox.objects.filter(dedup_key__startswith=f"followup-callback:{task.pk}")
                     .values_list("payload__user", flat=True))
    assert recipients == {lead.pk, senior.pk}


def test_callback_not_resolved_reopens_the_closed_complaint(closed, make_user, team, lead):
    senior = make_user(Role.SENIOR_AGENT, team=team)
    complaint = closed()
    services.survey_submit(token=token_of(complaint), csat=4, nps=3)
    task = FollowUpTask.objects.get(complaint=complaint, kind="callback")
    services.follow_up_record(task=task, actor=senior, outcome="not_resolved", note="客户说退款还没到账")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.reopen_count) == ("verifying", 1)


def test_thresholds_come_from_the_builder(closed):
    SurveyConfig.objects.update_or_create(pk=1, defaults={"low_csat": 3, "ask_nps": False})
    complaint = closed()
    survey = services.survey_submit(token=token_of(complaint), csat=3)
    assert survey.low_score and survey.nps is None


def test_suggestions_go_to_the_responsible_department(closed, make_user, other_department):
    owner = make_user(Role.DEPARTMENT_OWNER, department=other_department)
    complaint = closed()
    services.survey_submit(token=token_of(complaint), csat=4, nps=9,
                           comment="建议电饭煲内胆涂层做得更耐用一些，产品质量还要改进")
    suggestion = Suggestion.objects.get()
    assert suggestion.department == other_department  # 产品部
    assert Outbox.objects.filter(dedup_key=f"followup-suggestion:{suggestion.pk}:{owner.pk}").exists()


def test_a_plain_comment_is_not_a_suggestion(closed):
    services.survey_submit(token=token_of(closed()), csat=5, nps=10, comment="谢谢，很满意")
    assert not Suggestion.objects.exists()


def test_reminder_is_sent_at_most_once_and_not_after_an_answer(closed):
    pending, answered = closed(), closed()
    services.survey_submit(token=token_of(answered), csat=5, nps=9)
    Survey.objects.update(sent_at=timezone.now() - dt.timedelta(hours=49))
    assert services.survey_reminders_send() == 1
    assert services.survey_reminders_send() == 0
    assert Survey.objects.get(complaint=pending).reminded_at is not None
    assert Outbox.objects.filter(dedup_key__startswith="followup-survey-reminder:").count() == 1


def test_the_survey_is_in_the_customers_language(closed):
    from bihuan.intake.models import IntakeRecord

    complaint = closed()
    survey = Survey.objects.get(complaint=complaint)
    assert survey.language == "zh-hans"
    field_names = {f.name for f in IntakeRecord._meta.get_fields()}
    assert "language" in field_names


def test_no_survey_for_a_complaint_closed_without_follow_up(make_complaint, agent, followup_defaults):
    # given spam closed straight from receipt
    complaint = make_complaint(actor=agent, owner=agent)
    complaint_services.complaint_transition(complaint=complaint, actor=agent, to="closed", reason="广告骚扰")
    assert not Survey.objects.filter(complaint=complaint).exists()
    assert not Outbox.objects.filter(complaint=complaint).exists()


def test_survey_stats_average_csat_and_nps(closed, client, admin_user):
    for csat, nps in ((5, 10), (4, 9), (2, 3), (3, 7)):
        services.survey_submit(token=token_of(closed()), csat=csat, nps=nps)
    client.force_login(admin_user)
    since, until = (timezone.now() + dt.timedelta(hours=h) for h in (-1, 1))
    r = client.get("/api/v1/followup/stats/surveys", {"since": since.isoformat(), "until": until.isoformat()})
    assert r.json() == {"answered": 4, "csat_avg": 3.5, "nps": 25.0}  # 2 promoters, 1 detractor of 4


@pytest.mark.parametrize("since, until", [
    ("0001-01-01T00:00:00", "2026-01-01T00:00:00"),  # overflowed into a 500 before periods were validated
    ("2026-01-01T00:00:00", "9999-12-31T23:59:59"),
    ("2026-02-01T00:00:00", "2026-01-01T00:00:00"),  # reversed
    ("yesterday", "2026-01-01T00:00:00"),
])
def test_survey_stats_rejects_bad_periods_with_422(client, admin_user, since, until):
    client.force_login(admin_user)
    for path in ("/api/v1/followup/stats/surveys", "/api/v1/followup/stats/repeats"):
        r = client.get(path, {"since": since, "until": until}, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert r.status_code == 422, (path, r.content)
        assert r.json()["code"] == "validation_error"


def test_survey_stats_accepts_naive_period(client, admin_user):
    client.force_login(admin_user)
    r = client.get("/api/v1/followup/stats/surveys", {"since": "2026-01-01T00:00:00", "until": "2026-02-01T00:00:00"})
    assert r.status_code == 200 and r.json()["answered"] == 0
