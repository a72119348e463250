"""Triage on complaints: prefill, stored reasons, corrections, rule publishing, API, commands."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import httpx
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client

from bihuan.accounts.services import api_token_create
from bihuan.core.errors import ValidationFailed
from bihuan.triage import services
from bihuan.triage.models import RuleSetVersion, TriageCorrection, TriageRecord

pytestmark = pytest.mark.django_db

SAFETY_THREAT = "孩子喝了你们的奶粉上吐下泻住院了，我要找记者曝光！要求赔偿。"


@pytest.fixture(autouse=True)
def fresh_engine():
    services.reset_engine_cache()
    yield
    services.reset_engine_cache()


def test_new_complaint_is_triaged_and_the_result_kept_with_reasons(make_complaint, agent):
    c = make_complaint(actor=agent, description=SAFETY_THREAT, auto_triage=True)
    assert (c.category, c.priority) == ("product", "red")
    record = TriageRecord.objects.get(complaint=c)
    assert record.escalation_risk is True
    cues = {r["cue"] for r in record.result["reasons"]}
    assert "曝光" in cues or "记者" in cues


def test_fields_given_by_the_agent_are_not_overwritten(make_complaint, agent):
    c = make_complaint(actor=agent, description=SAFETY_THREAT, auto_triage=True, priority="green",
                       category="service")
    assert (c.priority, c.category) == ("green", "service")
    assert c.subcategory == "" or c.subcategory in ("attitude", "slow_response", "refused_warranty",
                                                    "broken_promise", "blame_shifting", "process_complex")


def test_a_correction_updates_the_complaint_and_is_kept_for_training(make_complaint, agent):
    c = make_complaint(actor=agent, owner=agent, description="快递三天没动，物流信息一直不更新", auto_triage=True)
    services.triage_correct(complaint=c, actor=agent, field="subcategory", value="lost")
    c.refresh_from_db()
    assert (c.category, c.subcategory) == ("logistics", "lost")
    correction = TriageCorrection.objects.get(complaint=c)
    assert correction.corrected == "lost" and correction.text.startswith("快递")
    assert c.events.filter(kind="field_changed", field="subcategory").exists()
    examples = services.corrections_as_examples()
    assert examples == [{"text": c.description, "subcategory": "lost", "category": "logistics"}]
    with pytest.raises(ValidationFailed):
        services.triage_correct(complaint=c, actor=agent, field="owner", value="x")


def test_publishing_rules_makes_a_new_active_version_used_by_the_engine(admin_user):
    data = services.active_ruleset_data()
    before = services.current_engine().triage("再不退款我就去找包青天").escalation_risk
    data["rules"].append({"id": "esc.tv", "field": "escalation", "value": "threat",
                          "terms": ["找包青天"], "weight": 3.0})
    v1 = services.ruleset_publish(data=data, actor=admin_user, note="包青天")
    services.reset_engine_cache()
    assert v1.version == 1 and v1.is_active
    assert services.current_engine().triage("再不退款我就去找包青天").escalation_risk is True
    assert before is False
    v2 = services.ruleset_publish(data=data, actor=admin_user)
    assert v2.version == 2
    assert list(RuleSetVersion.objects.filter(is_active=True)) == [v2]


@pytest.mark.parametrize("bad", [[], {"rules": "nope"}, {"rules": [{"id": "x", "field": "nonsense"}]}])
def test_invalid_rules_are_refused_with_a_clear_error(admin_user, bad):
    with pytest.raises(ValidationFailed) as err:
        services.ruleset_publish(data=bad, actor=admin_user)
    assert err.value.code == "invalid_rules"
    assert not RuleSetVersion.objects.exists()


def test_triage_api_returns_every_field_without_storing(agent):
    client = Client(HTTP_HOST="127.0.0.1")
    token = api_token_create(user=agent)
    r = client.post("/api/v1/triage", data=json.dumps({"text": "我不会去投诉的，就是问问退货流程"}),
                    content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"category", "subcategory", "priority", "emotion", "emotion_score",
                         "escalation_risk", "is_complaint", "demand", "reasons", "model_version", "categories"}
    assert body["categories"][0] == body["category"]
    assert body["escalation_risk"] is False
    assert not TriageRecord.objects.exists()
    bad = client.post("/api/v1/triage", data="{}", content_type="application/json",
                      HTTP_AUTHORIZATION=f"Bearer {token}")
    assert bad.status_code == 422


def test_triage_command_streams_jsonl(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([
        json.dumps({"id": 1, "text": SAFETY_THREAT}, ensure_ascii=False),
        "not json",
        json.dumps({"id": 3, "text": "包裹破损了，要求补发"}, ensure_ascii=False),
    ]), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    call_command("triage", input=str(source), output=str(out), stderr=io.StringIO())
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x.get("id") for x in lines] == [1, None, 3]
    assert lines[0]["priority"] == "red" and "error" in lines[1]
    assert lines[2]["category"] == "logistics"


def test_triage_command_strict_fails_on_bad_lines_but_writes_them_all(tmp_path):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text('{"id": 1, "text": "包裹破损了"}\nnot json\n', encoding="utf-8")
    with pytest.raises(CommandError, match="1 line"):
        call_command("triage", "--strict", input=str(source), output=str(out), stderr=io.StringIO())
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    clean = tmp_path / "clean.jsonl"
    clean.write_text('{"id": 1, "text": "包裹破损了"}\n', encoding="utf-8")
    call_command("triage", "--strict", input=str(clean), output=str(out), stderr=io.StringIO())  # no error


def test_triage_eval_command_reports_per_field_metrics(tmp_path):
    labelled = tmp_path / "gold.jsonl"
    labelled.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in [
        {"text": SAFETY_THREAT, "priority": "red", "category": "product"},
        {"text": "包裹破损了，要求补发", "category": "logistics"},
    ]), encoding="utf-8")
    out = io.StringIO()
    call_command("triage_eval", input=str(labelled), stdout=out)
    report = out.getvalue()
    assert "== category" in report and "== priority" in report and "macro-F1" in report


def test_triage_eval_scores_multi_label_categories(tmp_path):
    labelled = tmp_path / "gold.jsonl"
    labelled.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in [
        {"text": "某品牌轿车发动机异响，4S店拒绝保修", "categories": ["product", "service"]},
        {"text": "包裹破损了，要求补发", "category": ["logistics"]},
    ]), encoding="utf-8")
    out = io.StringIO()
    call_command("triage_eval", "--json", input=str(labelled), stdout=out, stderr=io.StringIO())
    metrics = json.loads(out.getvalue())
    assert set(metrics) == {"categories"}
    assert metrics["categories"]["per_class"]["service"]["support"] == 1
    assert metrics["categories"]["per_class"]["logistics"]["recall"] == 1.0


def test_triage_command_runs_before_the_database_is_migrated(tmp_path):
    # A fresh checkout: `manage.py triage` straight after setup, no migrate.
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps({"id": "a", "text": SAFETY_THREAT}, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    run = subprocess.run([sys.executable, "manage.py", "triage", "--input", str(source), "--output", str(out)],
                         cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "run migrate" in run.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["priority"] == "red"


def test_live_server_triage_over_http(live_server, agent):
    token = api_token_create(user=agent)
    r = httpx.post(live_server.url + "/api/v1/triage", json={"text": "要不要投诉到12315?"},
                   headers={"Authorization": f"Bearer {token}"})
    strong = httpx.post(live_server.url + "/api/v1/triage", json={"text": "我明天就去12315投诉"},
                        headers={"Authorization": f"Bearer {token}"})
    assert r.json()["escalation_score"] < strong.json()["escalation_score"]
    assert strong.json()["escalation_risk"] is True


def test_triage_train_uses_corrections_and_activates_the_new_model(make_complaint, agent, tmp_path):
    # given an agent's correction
    c = make_complaint(actor=agent, owner=agent, description="快递三天没动，物流信息一直不更新", auto_triage=True)
    services.triage_correct(complaint=c, actor=agent, field="subcategory", value="lost")
    # when a (small) model is trained
    trained = services.model_train(corpus_size=600, out_root=tmp_path, written=False)
    services.reset_engine_cache()
    # then it is active, counted the correction, and the engine uses it
    assert trained.is_active and trained.corrections == 1
    assert services.current_engine().model_version.startswith(trained.version.rsplit("-", 1)[0])


def test_an_encoder_setting_whose_package_or_heads_are_missing_falls_back_to_the_default_engine(settings, caplog):
    # given a site that names an encoder Bihuan cannot load
    settings.BIHUAN_TRIAGE_ENCODER = "no-such-encoder"
    services._encoder.cache_clear()
    # when the engine is built
    engine = services.current_engine()
    # then triage still runs, without the encoder, and the log says why
    assert engine.encoder is None and "+enc-" not in engine.model_version
    assert engine.triage(SAFETY_THREAT).priority == "red"
    assert "no-such-encoder" in caplog.text
    services._encoder.cache_clear()


def test_no_encoder_is_loaded_by_default(settings):
    settings.BIHUAN_TRIAGE_ENCODER = ""
    assert services.current_engine().encoder is None
