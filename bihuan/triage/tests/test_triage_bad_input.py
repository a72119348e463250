"""Bad input to triage: clear errors, nothing lost, never a 500 (findings of a QA pass)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils.html import escape

from bihuan.accounts.services import api_token_create
from bihuan.core.errors import ValidationFailed
from bihuan.triage import services
from bihuan.triage.engine import TriageEngine
from bihuan.triage.models import RuleSetVersion, TriageCorrection
from bihuan.triage.rules import Rule, RuleError, RuleSet, default_ruleset

RULE = {"id": "esc.x", "field": "escalation", "value": "threat", "terms": ["找包青天"], "weight": 1.5}


@pytest.fixture(autouse=True)
def fresh_engine():
    services.reset_engine_cache()
    yield
    services.reset_engine_cache()


# -- rules as plain data -----------------------------------------------------
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"terms": "包青天"}, "list of strings"),  # a string would become one-character cues
        ({"terms": [1, 2]}, "list of strings"),
        ({"weight": float("nan")}, "finite number"),
        ({"weight": float("inf")}, "finite number"),
        ({"weight": -1}, "between"),
        ({"weight": "heavy"}, "finite number"),
        ({"pattern": 5}, "pattern must be a string"),
    ],
)
def test_malformed_rule_values_are_refused(change, message):
    with pytest.raises(RuleError, match=message):
        Rule.from_dict({**RULE, **change})


@pytest.mark.parametrize(
    "data",
    [
        {"rules": {"a": 1}},
        {"rules": [5]},
        {"lexicons": {"negation": "不"}},
        {"lexicons": []},
        {"params": {"anger_threshold": "high"}},
        {"params": {"anger_threshold": float("nan")}},
    ],
)
def test_malformed_rule_sets_are_refused(data):
    with pytest.raises(RuleError):
        RuleSet.from_dict(data)


def test_latin_and_digit_terms_match_whole_words_only():
    engine = TriageEngine(default_ruleset(), None)
    # "i" (a policy-question cue) once fired inside "rice"; "12315" inside a phone number.
    rice = engine.triage("The rice cooker trips the breaker")
    assert "i" not in {r.get("cue") for r in rice.reasons}
    phone = engine.triage("我的电话是13912315000，请回电")
    assert phone.escalation_risk is False
    threat = engine.triage("我明天就打12315投诉")
    assert threat.escalation_risk is True
    assert "lawyer" in {r.get("cue") for r in engine.triage("I will call my lawyer.").reasons}


# -- web forms ---------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["123", "true", "1.5", '{"rules": [{"id": "x", "weight": NaN}]}', "[]"])
def test_publishing_non_object_or_non_finite_rules_is_a_form_error_not_a_500(admin_user, raw):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin_user)
    r = client.post("/triage/rules/", {"publish": "1", "data": raw, "note": ""})
    assert r.status_code == 422
    assert not RuleSetVersion.objects.exists()
    assert escape(raw) in r.content.decode()  # the administrator's text is kept for fixing


@pytest.mark.django_db
def test_rule_test_box_limits_the_typed_text_and_shows_the_engine_result_as_json(admin_user):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin_user)
    too_long = json.dumps({**RULE, "note": "x" * 20_001}, ensure_ascii=False)
    refused = client.post("/triage/rules/", {"rule": too_long, "text": "x"})
    assert refused.status_code == 422 and "20000" in refused.content.decode().replace(",", "")
    ok = client.post("/triage/rules/", {"rule": json.dumps(RULE, ensure_ascii=False), "text": "再不退款我就去找包青天"})
    page = ok.content.decode()
    assert ok.status_code == 200
    assert "&quot;escalation_risk&quot;: " in page and "False" not in page


@pytest.mark.django_db
def test_a_correction_must_fit_its_field_and_change_something(make_complaint, agent):
    c = make_complaint(actor=agent, owner=agent, description="快递三天没动，物流信息一直不更新", auto_triage=True)
    with pytest.raises(ValidationFailed) as wrong_pair:
        services.triage_correct(complaint=c, actor=agent, field="priority", value="angry")
    assert wrong_pair.value.code == "invalid_value"
    same = c.priority
    with pytest.raises(ValidationFailed) as no_change:
        services.triage_correct(complaint=c, actor=agent, field="priority", value=same)
    assert no_change.value.code == "no_change"
    assert not TriageCorrection.objects.exists()


# -- API -----------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("text", ["   \n\t ", ""])
def test_api_refuses_blank_text_with_a_message_in_the_users_language(agent, text):
    client = Client(HTTP_HOST="127.0.0.1")
    token = api_token_create(user=agent)
    r = client.post(
        "/api/v1/triage",
        data=json.dumps({"text": text}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert r.status_code == 422
    msg = r.json()["errors"][0]["msg"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in msg), msg


@pytest.mark.django_db
def test_api_without_credentials_is_401_not_a_csrf_403():
    client = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True)
    for auth in ({}, {"HTTP_AUTHORIZATION": "Bearer nope"}):
        r = client.post(
            "/api/v1/triage",
            data=json.dumps({"text": "太差了"}),
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="zh-hans",
            **auth,
        )
        assert r.status_code == 401
        assert r.json()["code"] == "unauthorized"


@pytest.mark.django_db
def test_unknown_api_paths_and_wrong_methods_answer_json(agent):
    client = Client(HTTP_HOST="127.0.0.1")
    token = api_token_create(user=agent)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    missing = client.post("/api/v1/triage/", data="{}", content_type="application/json", **auth)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    wrong = client.get("/api/v1/triage", **auth)
    assert wrong.status_code == 405 and wrong.json()["code"] == "method_not_allowed"


# -- commands ------------------------------------------------------------------
@pytest.mark.django_db
def test_triage_command_refuses_to_overwrite_its_input(tmp_path):
    source = tmp_path / "same.jsonl"
    source.write_text(json.dumps({"id": 1, "text": "太差了"}, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="same file"):
        call_command("triage", input=str(source), output=str(source), stderr=io.StringIO())
    assert "太差了" in source.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_triage_command_names_the_line_of_each_bad_record(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": 1, "text": "包裹破损了"}\n{"id": 2, "text": "  "}\n\nnot json\n{"id": 5, "text": "\\u0000x"}\n'
        '{"id": 6, "text": "太差了", "customer": [1]}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    call_command("triage", input=str(source), output=str(out), stderr=io.StringIO())
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert "category" in lines[0]
    assert [(x.get("id"), x.get("line")) for x in lines[1:]] == [(2, 2), (None, 4), (5, 5), (6, 6)]
    assert all("error" in x for x in lines[1:])


@pytest.mark.django_db
def test_triage_eval_needs_a_labelled_field_and_reports_unknown_labels(tmp_path):
    unlabelled = tmp_path / "plain.jsonl"
    unlabelled.write_text('{"text": "太差了"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="No line labels any field"):
        call_command("triage_eval", input=str(unlabelled), stdout=io.StringIO())
    odd = tmp_path / "odd.jsonl"
    odd.write_text('{"text": "太差了", "priority": "purple"}\nbroken\n', encoding="utf-8")
    err = io.StringIO()
    call_command("triage_eval", input=str(odd), stdout=io.StringIO(), stderr=err)
    assert "purple" in err.getvalue() and "skipped" in err.getvalue()


def test_a_huge_text_lists_a_bounded_number_of_reasons_but_counts_every_cue():
    from bihuan.triage.evidence import MAX_CUE_REASONS

    engine = TriageEngine(default_ruleset(), None)
    result = engine.triage("太差了，我要投诉12315！" * 1500)
    cue_reasons = [r for r in result.reasons if r.get("span")]
    assert len(cue_reasons) == MAX_CUE_REASONS  # 6,000 cues in the text
    assert len(result.reasons) < MAX_CUE_REASONS + 10  # plus a few summary and model reasons
    assert result.escalation_risk is True and result.priority == "red"


@pytest.mark.django_db
def test_rule_errors_are_shown_in_the_users_language(admin_user):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin_user)
    bad = json.dumps({"rules": [{**RULE, "field": "nonsense"}]})
    zh = client.post("/triage/rules/", {"publish": "1", "data": bad}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert zh.status_code == 422 and "未知字段" in zh.content.decode()
    test_box = client.post("/triage/rules/", {"rule": json.dumps({**RULE, "terms": "包青天"}), "text": "x"},
                           HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "必须是字符串列表" in test_box.content.decode()
    with pytest.raises(RuleError) as err:  # plain Python keeps the English text
        Rule.from_dict({**RULE, "field": "nonsense"})
    assert str(err.value) == "rule 'esc.x': unknown field 'nonsense'"


@pytest.mark.parametrize("with_model", [False, True])
def test_a_policy_question_naming_a_demand_is_not_a_complaint_but_a_complaint_asked_as_a_question_is(with_model):
    from bihuan.triage.model import LinearModel

    engine = TriageEngine(default_ruleset(), LinearModel.load() if with_model else None)
    question = engine.triage("请问七天无理由退货需要什么条件？")
    assert question.is_complaint is False and question.subcategory == "policy_question"
    assert engine.triage("怎么还没退款？都一个星期了").is_complaint is True
    assert engine.triage("请问你们是否能把坏掉的电饭煲换了？用了两天就坏了").is_complaint is True
