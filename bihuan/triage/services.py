"""Triage on complaints: run the engine, store results, take corrections, publish rules, retrain.

The engine is loaded once per process and rebuilt only when the active rule
set or model changes (checked at most every few seconds, so triage stays a
sub-millisecond in-memory call on the hot path).
"""

from __future__ import annotations

import logging
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from bihuan.accounts.models import User
from bihuan.core.errors import ValidationFailed

from .encoder import EncoderFeatures, load_encoder_features
from .engine import TriageEngine, TriageResult
from .model import LinearModel
from .models import RuleSetVersion, TrainedModel, TriageCorrection, TriageRecord
from .rules import RuleError, RuleSet, default_ruleset

log = logging.getLogger(__name__)
_CHECK_EVERY_S = 5.0
_lock = threading.Lock()
_cache: dict[str, Any] = {"key": None, "engine": None, "checked": 0.0}

# Fields an agent may correct, and the complaint field each maps to.
CORRECTABLE = ("category", "subcategory", "priority", "emotion", "demand")
FIELD_NAMES = {"category": _("Category"), "subcategory": _("Sub-category"), "priority": _("Priority"),
               "emotion": _("Emotion"), "demand": _("Demand")}


def _active_key() -> tuple[int | None, int | None]:
    try:
        # A savepoint, so a missing table does not break an enclosing transaction.
        with transaction.atomic():
            ruleset = RuleSetVersion.objects.filter(is_active=True).values_list("pk", flat=True).first()
            model = TrainedModel.objects.filter(is_active=True).values_list("pk", flat=True).first()
    except DatabaseError:
        # Not migrated yet (e.g. `manage.py triage` straight after setup): the
        # built-in rules and the shipped model need no database. Any other
        # database error (down, locked) is not hidden behind the built-in rules.
        if RuleSetVersion._meta.db_table in connection.introspection.table_names():
            raise
        log.warning("triage: no rule or model tables in the database (run migrate); using the built-in ones")
        return None, None
    return ruleset, model


def _build(key: tuple[int | None, int | None]) -> TriageEngine:
    ruleset_pk, model_pk = key
    ruleset = default_ruleset()
    if ruleset_pk is not None:
        ruleset = RuleSet.from_dict(RuleSetVersion.objects.get(pk=ruleset_pk).data)
    model = LinearModel.load()
    if model_pk is not None:
        trained = TrainedModel.objects.get(pk=model_pk)
        model = LinearModel.load(Path(trained.path)) or model
    return TriageEngine(ruleset, model, encoder=_encoder(getattr(settings, "BIHUAN_TRIAGE_ENCODER", "")))


@lru_cache(maxsize=2)
def _encoder(name: str) -> EncoderFeatures | None:
    """The configured encoder, loaded once per process (rule or model changes
    rebuild the engine, not the encoder); None when off or not installed."""
    if not name or name in ("none", "off"):
        return None
    features = load_encoder_features(name)
    if features is None:
        log.warning("BIHUAN_TRIAGE_ENCODER=%s: package or heads missing; triage runs without an encoder", name)
    return features


def current_engine() -> TriageEngine:
    now = time.monotonic()
    if _cache["engine"] is not None and now - _cache["checked"] < _CHECK_EVERY_S:
        return _cache["engine"]
    with _lock:
        key = _active_key()
        if _cache["engine"] is None or key != _cache["key"]:
            _cache["engine"] = _build(key)
            _cache["key"] = key
        _cache["checked"] = now
        return _cache["engine"]


def reset_engine_cache() -> None:
    with _lock:
        _cache.update(key=None, engine=None, checked=0.0)


def customer_context(customer) -> dict[str, Any] | None:
    if customer is None:
        return None
    return {"member_level": customer.member_level}


def triage_text(text: str, *, channel: str | None = None, customer=None) -> TriageResult:
    return current_engine().triage(text, channel=channel, customer=customer_context(customer))


def prefill_fields(result: TriageResult) -> dict[str, Any]:
    """The complaint fields a triage result fills when the agent left them blank."""
    return {
        "category": result.category,
        "subcategory": result.subcategory,
        "priority": result.priority,
        "emotion": result.emotion,
        "demand": result.demand,
    }


def triage_record_save(*, complaint, result: TriageResult) -> TriageRecord:
    """Insert or replace the complaint's record in one upsert statement.

    (update_or_create took six: two savepoints, a locking select, the insert and two
    releases; this runs for every complaint created. A concurrent save of the same
    complaint's record cannot fail either way: the upsert is atomic.)
    """
    record = TriageRecord(
        complaint=complaint, result=result.as_dict(), model_version=result.model_version,
        escalation_risk=result.escalation_risk, is_complaint=result.is_complaint,
    )
    TriageRecord.objects.bulk_create(
        [record], update_conflicts=True, unique_fields=["complaint"],
        update_fields=["result", "model_version", "escalation_risk", "is_complaint", "updated_at"],
    )
    return record


@transaction.atomic
def correctable_values(field: str) -> dict[str, tuple[str, str]]:
    """The values an agent may choose for ``field``: code -> (zh-Hans, English) name."""
    from bihuan.triage.labels import CATEGORIES, DEMANDS, EMOTIONS, PRIORITIES, SUBCATEGORIES, TRIAGE_DEMANDS

    if field == "subcategory":
        return {code: names for subs in SUBCATEGORIES.values() for code, names in subs.items()}
    if field == "demand":
        return {code: DEMANDS[code] for code in TRIAGE_DEMANDS}
    return {"category": CATEGORIES, "priority": PRIORITIES, "emotion": EMOTIONS}.get(field, {})


def display_label(names: tuple[str, str]) -> str:
    """The zh-Hans or English name of a label, for the active language."""
    return names[0] if (get_language() or "zh-hans").startswith("zh") else names[1]


def triage_correct(*, complaint, actor: User, field: str, value: str) -> TriageCorrection:
    """Apply an agent's correction to the complaint and keep it for retraining."""
    from bihuan.complaints.services import complaint_update

    if field not in CORRECTABLE:
        raise ValidationFailed(_("This field cannot be corrected."), code="invalid_field", field=field)
    allowed = correctable_values(field)
    field_name = FIELD_NAMES[field]
    if value not in allowed:
        raise ValidationFailed(_("This value does not belong to %(field)s; choose one of its values.")
                               % {"field": field_name}, code="invalid_value", field=field)
    if getattr(complaint, field, None) == value:
        # Nothing changes, and a "correction" equal to the current value would
        # teach the model nothing it does not already say.
        raise ValidationFailed(_("%(field)s is already “%(value)s”; nothing was changed.")
                               % {"field": field_name, "value": display_label(allowed[value])},
                               code="no_change", field=field)
    record = TriageRecord.objects.filter(complaint=complaint).first()
    predicted = str(record.result.get(field, "")) if record else ""
    changes: dict[str, Any] = {field: value}
    if field == "subcategory":
        # A sub-category code implies its category.
        from bihuan.triage.labels import SUBCATEGORIES

        for category, subs in SUBCATEGORIES.items():
            if value in subs:
                changes["category"] = category
    complaint_update(complaint=complaint, actor=actor, changes=changes,
                     reason=str(_("Triage correction")))
    return TriageCorrection.objects.create(
        complaint=complaint, field=field, predicted=predicted, corrected=value,
        text=complaint.description[:5000], corrected_by=actor,
    )


def rule_error_text(error: Exception) -> str:
    """A rule error in the user's language (RuleError carries its template and values)."""
    if isinstance(error, RuleError):
        try:
            return gettext(error.template) % error.params if error.params else gettext(error.template)
        except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder
            return str(error)
    return str(error)


@transaction.atomic
def ruleset_publish(*, data: Any, actor: User | None, note: str = "") -> RuleSetVersion:
    """Validate and publish a new rule set version, making it the active one."""
    if not isinstance(data, dict):
        raise ValidationFailed(_("Rules must be a JSON object."), code="invalid_rules")
    try:
        ruleset = RuleSet.from_dict(data)
        TriageEngine(ruleset)  # compiles every rule: catches bad patterns now, not at triage time
    except (RuleError, ValueError, TypeError, KeyError, AttributeError) as error:
        message = _("The rules are not valid: %s") % rule_error_text(error)
        raise ValidationFailed(message, code="invalid_rules") from None
    last = RuleSetVersion.objects.select_for_update().aggregate(m=Max("version"))["m"] or 0
    RuleSetVersion.objects.filter(is_active=True).update(is_active=False)
    version = RuleSetVersion.objects.create(
        version=last + 1, data=ruleset.as_dict(), note=note[:300], is_active=True, created_by=actor
    )
    transaction.on_commit(reset_engine_cache)
    return version


def active_ruleset_data() -> dict[str, Any]:
    active = RuleSetVersion.objects.filter(is_active=True).first()
    return active.data if active else default_ruleset().as_dict()


def corrections_as_examples() -> list[dict[str, Any]]:
    """Agents' corrections as partially-labelled training examples."""
    examples: dict[int, dict[str, Any]] = {}
    for c in TriageCorrection.objects.order_by("created_at").iterator():
        example = examples.setdefault(c.complaint_id, {"text": c.text})
        if c.field == "subcategory":
            from bihuan.triage.labels import SUBCATEGORIES

            category = next((cat for cat, subs in SUBCATEGORIES.items() if c.corrected in subs), "")
            example["subcategory"] = c.corrected
            if category:
                example["category"] = category
        else:
            example[c.field] = c.corrected
    return list(examples.values())


def model_train(
    *, corpus_size: int = 20000, seed: int = 0, out_root: Path | None = None, written: bool = True
) -> TrainedModel:
    """Train on the project's corpus (generated + hand-written unless ``written`` is
    False, which only tests use to train in seconds) plus agents' corrections,
    and activate the result."""
    from .corpus import training_corpus
    from .corpus.generator import WRITTEN_WEIGHT
    from .train import train_models

    corrections = corrections_as_examples()
    corpus = training_corpus(corpus_size, seed=seed, written_weight=WRITTEN_WEIGHT if written else 0)
    examples = corpus + corrections * 3  # corrections weigh more
    stamp = timezone.now()
    out_root = out_root or Path(settings.BASE_DIR) / "var" / "triage-models"
    out_dir = out_root / f"{stamp:%Y%m%d-%H%M%S}"
    meta = train_models(examples, out_dir, source="corpus+corrections" if corrections else "corpus")
    with transaction.atomic():
        TrainedModel.objects.filter(is_active=True).update(is_active=False)
        trained = TrainedModel.objects.create(
            version=f"{meta.get('version', 'lr')}-{stamp:%H%M%S}", path=str(out_dir), trained_at=stamp,
            examples=len(examples), corrections=len(corrections),
            metrics=meta.get("metrics", {}), is_active=True,
        )
        transaction.on_commit(reset_engine_cache)
    return trained
