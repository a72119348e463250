"""Pages: the public survey (friendly refusals), my follow-ups, the builder, the complaint panel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bihuan.accounts.models import Role
from bihuan.followup import services
from bihuan.followup.models import FollowUpTask, Survey, SurveyConfig

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(make_complaint, make_customer, agent, move_to, followup_defaults) -> Survey:
    complaint = make_complaint(actor=agent, owner=agent, customer=make_customer())
    move_to(complaint, agent, "closed")
    return Survey.objects.get(complaint=complaint)


def url(survey: Survey) -> str:
    return f"/s/{services.survey_token(survey)}/"


def test_the_survey_page_asks_in_the_customers_language(client, survey):
    r = client.get(url(survey))
    assert r.status_code == 200 and r["X-Robots-Tag"] == "noindex"
    html = r.content.decode()
    assert "您对本次投诉处理的满意度如何" in html and 'name="nps"' in html
    Survey.objects.filter(pk=survey.pk).update(language="en")
    assert "How satisfied are you" in client.get(url(survey)).content.decode()


def test_answer_then_duplicate_is_refused_cleanly(client, survey):
    r = client.post(url(survey), {"csat": "5", "nps": "9", "comment": ""})
    assert r.status_code == 200 and 'id="done-title"' in r.content.decode()
    again = client.post(url(survey), {"csat": "1", "nps": "0"})
    assert again.status_code == 409
    survey.refresh_from_db()
    assert (survey.csat, survey.nps) == (5, 9)
    assert client.get(url(survey)).status_code == 200  # the "already answered" page


def test_missing_answer_shows_the_form_again_with_the_message(client, survey):
    r = client.post(url(survey), {"nps": "7"})
    assert r.status_code == 422 and 'role="alert"' in r.content.decode()


def test_tampered_link_is_a_friendly_404_and_expired_a_friendly_410(client, survey):
    bad = client.get(url(survey)[:-3] + "x/")
    assert bad.status_code == 404 and "链接无效" in bad.content.decode()
    Survey.objects.filter(pk=survey.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    for r in (client.get(url(survey)), client.post(url(survey), {"csat": "5", "nps": "9"})):
        assert r.status_code == 410 and "评价链接已过期" in r.content.decode()


def test_my_follow_ups_lists_due_soonest_with_colours(client, agent, make_complaint, move_to, followup_defaults,
                                                       django_assert_max_num_queries):
    for priority in ("green", "red", "yellow"):
        move_to(make_complaint(actor=agent, owner=agent, priority=priority), agent, "follow_up")
    now = timezone.now()
    for priority, due in (("yellow", now - dt.timedelta(hours=1)), ("red", now + dt.timedelta(hours=2)),
                          ("green", now + dt.timedelta(days=3))):
        FollowUpTask.objects.filter(complaint__priority=priority).update(due_at=due)
    client.force_login(agent)
    with django_assert_max_num_queries(12):
        r = client.get("/followup/mine/")
    html = r.content.decode()
    rows = [html.index(f"task-{state}") for state in ("red", "yellow", "green")]
    assert rows == sorted(rows)  # overdue first (red), due within 4 h (yellow), later (green)


def test_recording_an_outcome_from_the_queue(client, agent, make_complaint, move_to, followup_defaults):
    complaint = move_to(make_complaint(actor=agent, owner=agent), agent, "follow_up")
    task = complaint.follow_up_tasks.get()
    client.force_login(agent)
    r = client.post(f"/followup/tasks/{task.pk}/outcome/", {"outcome": "resolved", "next": "/followup/mine/"})
    assert r.status_code == 302 and r["Location"] == "/followup/mine/"
    complaint.refresh_from_db()
    assert complaint.status == "closed"


def test_other_teams_tasks_are_not_found(client, make_user, other_team, agent, make_complaint, move_to,
                                         followup_defaults):
    task = move_to(make_complaint(actor=agent, owner=agent), agent, "follow_up").follow_up_tasks.get()
    client.force_login(make_user(Role.AGENT, team=other_team))
    assert client.post(f"/followup/tasks/{task.pk}/outcome/", {"outcome": "resolved"}).status_code == 404


def test_builder_previews_without_saving_and_saves_for_leads_only(client, lead, agent):
    client.force_login(agent)
    assert client.get("/followup/survey-builder/").status_code == 403
    client.force_login(lead)
    form = {"ask_csat": "on", "ask_comment": "on", "intro_zh": "您好", "intro_en": "Hello",
            "csat_zh": "打几分？", "csat_en": "Your score?", "nps_zh": "推荐吗", "nps_en": "Recommend?",
            "comment_zh": "留言", "comment_en": "Comment", "low_csat": "2", "low_nps": "6",
            "expires_days": "7", "reminder_hours": "48"}
    r = client.post("/followup/survey-builder/", {**form, "action": "preview"})
    html = r.content.decode()
    assert r.status_code == 200 and "打几分？" in html and "Your score?" in html and 'name="nps"' not in html
    assert not SurveyConfig.objects.filter(csat_zh="打几分？").exists()
    r = client.post("/followup/survey-builder/", {**form, "action": "save"})
    assert r.status_code == 302 and SurveyConfig.objects.get(pk=1).csat_zh == "打几分？"
    r = client.post("/followup/survey-builder/", {**form, "ask_csat": "", "action": "save"})
    assert r.status_code == 422


def test_complaint_detail_shows_survey_results_and_reminders(client, agent, survey):
    services.survey_submit(token=services.survey_token(survey), csat=2, nps=5, comment="退款太慢")
    client.force_login(agent)
    html = client.get(f"/complaints/{survey.complaint_id}/").content.decode()
    assert 'id="followup"' in html and 'class="csat">2<' in html and "退款太慢" in html


def test_task_api_query_count_does_not_grow_with_rows(client, agent, make_complaint, make_customer, move_to,
                                                      followup_defaults):
    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            r = client.get("/api/v1/followup/tasks")
        assert r.status_code == 200
        return len(ctx.captured_queries), len(r.json())

    client.force_login(agent)
    move_to(make_complaint(actor=agent, owner=agent, customer=make_customer()), agent, "follow_up")
    one, rows = count()
    for _ in range(4):
        move_to(make_complaint(actor=agent, owner=agent, customer=make_customer()), agent, "follow_up")
    five, more = count()
    assert (rows, more) == (1, 5) and five == one
