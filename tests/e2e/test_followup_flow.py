"""Resolve → follow-up due → survey answered with a low score on a phone → callback → reopened, in the browser."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bihuan.accounts.models import Role
from bihuan.followup import services
from bihuan.followup.models import Survey

from .conftest import SCREENSHOTS, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_loop_closes_and_a_low_score_reopens_it(live_server, browser, page, agent, lead, make_user, team,
                                                    make_complaint, make_customer, move_to, followup_defaults,
                                                    screenshot):
    senior = make_user(Role.SENIOR_AGENT, team=team, username="senior")
    complaint = make_complaint(actor=agent, owner=agent, customer=make_customer(), category="logistics",
                               priority="yellow", emotion="calm", channel="app",
                               description="玻璃花瓶到货就碎了，包装太简单")
    move_to(complaint, agent, "executing")

    # the agent resolves it: a follow-up is due in "my follow-ups"
    login(page, live_server.url, "agent")
    page.goto(f"{live_server.url}/complaints/{complaint.pk}/")
    page.click("#next-step")
    page.wait_for_selector("#current-status:has-text('回访')")
    assert "气泡膜" in page.inner_text("#reminders")  # 温馨提醒 on the complaint
    page.click("#nav-followups")
    row = page.locator(f"tr[data-complaint='{complaint.number}']")
    assert "回访" in row.inner_text()
    screenshot(page, "followup-queue")
    # the customer confirms by phone: resolved and satisfied → closed, survey sent
    row.locator("select[name=outcome]").select_option("resolved")
    row.locator("button.record-outcome").click()
    page.wait_for_selector("td.empty")
    survey = Survey.objects.get(complaint=complaint)
    url = live_server.url + f"/s/{services.survey_token(survey)}/"

    # the customer answers on a phone with a low score
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True)
    customer = phone.new_page()
    customer.goto(url)
    customer.locator("#q-csat label:has(input[value='2'])").click()
    customer.locator("#q-nps label:has(input[value='3'])").click()
    customer.fill("textarea[name=comment]", "建议包装多加一层泡沫")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    customer.screenshot(path=str(SCREENSHOTS / "survey_phone.png"), full_page=True)
    customer.click("#survey-submit")
    assert customer.inner_text("#done-title") == "感谢您的评价"
    # a second submission (back button, double tap) is refused cleanly
    customer.goto(url)
    assert customer.inner_text("#done-title") == "您已经评价过了"
    # a tampered link and an expired one get friendly pages
    customer.goto(url[:-4] + "xx/")
    assert "链接无效" in customer.inner_text("#unusable-title")
    other = move_to(make_complaint(actor=agent, owner=agent, customer=make_customer()), agent, "closed")
    expired = Survey.objects.get(complaint=other)
    Survey.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    response = customer.goto(live_server.url + f"/s/{services.survey_token(expired)}/")
    assert response.status == 410 and "已过期" in customer.inner_text("#unusable-title")
    screenshot(customer, "survey_expired_phone")
    phone.close()

    # the senior agent finds the callback, calls, and the customer is not satisfied: reopened
    senior_context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    senior_page = senior_context.new_page()
    login(senior_page, live_server.url, senior.username)
    senior_page.click("#nav-followups")
    row = senior_page.locator(f"tr[data-complaint='{complaint.number}']")
    assert "低分" in row.inner_text() and "电话" in row.inner_text()
    row.locator("select[name=outcome]").select_option("not_resolved")
    row.locator("input[name=note]").fill("客户说补发的花瓶还是碎的")
    row.locator("button.record-outcome").click()
    senior_page.wait_for_selector("td.empty")
    senior_page.goto(f"{live_server.url}/complaints/{complaint.pk}/")
    assert senior_page.inner_text("#current-status") == "核实中"
    assert senior_page.inner_text("#survey-result .csat") == "2"
    assert "客户说补发的花瓶还是碎的" in senior_page.inner_text("#timeline")
    screenshot(senior_page, "followup-reopened")
    senior_context.close()


def test_a_lead_previews_the_survey_in_both_languages_before_saving(live_server, page, lead, screenshot):
    login(page, live_server.url, "lead")
    page.goto(f"{live_server.url}/followup/mine/")
    page.click("#builder-link")
    page.uncheck("input[name=ask_nps]")
    page.fill("input[name=csat_en]", "How happy are you with the fix?")
    page.click("#preview")
    page.wait_for_selector("#preview-en")
    assert "How happy are you with the fix?" in page.inner_text("#preview-en")
    assert page.locator("#preview-zh-hans input[name=nps]").count() == 0
    assert page.locator("#preview-zh-hans input[name=csat]").count() == 5
    screenshot(page, "survey-builder")
    page.click("#save")
    page.wait_for_selector(".msg.success")
    assert not page.is_checked("input[name=ask_nps]")
