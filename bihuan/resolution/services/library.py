"""Solution-library writes: new versions, scenarios proposed from cases, checklist edits."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from bihuan.accounts.models import Role, User
from bihuan.complaints.models import Complaint
from bihuan.core.errors import Conflict, PermissionDenied, ValidationFailed

from ..choices import LegalFloor, Responsibility, ScenarioStatus
from ..models import Scenario, VerificationChecklist
from ..policy.tiers import LineError, parse_lines, parse_tiers

EDITORS = frozenset({Role.TEAM_LEAD, Role.DEPARTMENT_OWNER, Role.ADMINISTRATOR})
SCENARIO_FIELDS = ("category", "subcategory", "responsibility", "title_zh", "title_en", "standard_remedy",
                   "tiers", "legal_floor", "talk_track_zh", "talk_track_en", "message_zh", "message_en")


def _ensure_editor(actor: User) -> None:
    if actor.role not in EDITORS and not actor.is_superuser:
        raise PermissionDenied(_("Only supervisors edit the solution library."))


def _validate(data: dict) -> None:
    try:
        parse_tiers(data.get("tiers") or [])
        if data.get("standard_remedy"):
            parse_lines(data["standard_remedy"])
    except LineError as error:
        raise ValidationFailed(_("The tiers or standard remedy are not valid (%s).") % error.code,
                               code="invalid_tiers") from None
    if data.get("legal_floor", "none") not in LegalFloor.values:
        raise ValidationFailed(_("Unknown legal floor."), code="invalid_choice", field="legal_floor")
    if data.get("responsibility", "") not in ("", *Responsibility.values):
        raise ValidationFailed(_("Unknown responsibility."), code="invalid_choice", field="responsibility")
    if not (data.get("title_zh") or "").strip():
        raise ValidationFailed(_("A scenario needs a Chinese title."), code="required", field="title_zh")


@transaction.atomic
def scenario_new_version(*, scenario: Scenario, actor: User, changes: dict) -> Scenario:
    """Version n+1 becomes active and version n is retired; remedies keep their version."""
    _ensure_editor(actor)
    current = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if current.status != ScenarioStatus.ACTIVE:
        raise Conflict(_("Only the active version can be revised."), code="scenario_not_active")
    data = {name: changes.get(name, getattr(current, name)) for name in SCENARIO_FIELDS}
    _validate(data)
    latest = Scenario.objects.filter(code=current.code).order_by("-version").first()
    current.status = ScenarioStatus.RETIRED
    current.save(update_fields=["status"])
    return Scenario.objects.create(code=current.code, version=latest.version + 1, status=ScenarioStatus.ACTIVE,
                                   created_by=actor, approved_by=actor, **data)


@transaction.atomic
def scenario_propose_from_case(*, complaint: Complaint, actor: User, code: str, data: dict) -> Scenario:
    """A supervisor turns a resolved case into a proposed scenario (activated by another supervisor)."""
    _ensure_editor(actor)
    _validate(data)
    if Scenario.objects.filter(code=code).exists():
        raise Conflict(_("A scenario with this code exists; revise it instead."), code="scenario_exists")
    return Scenario.objects.create(code=code, version=1, status=ScenarioStatus.PROPOSED,
                                   source_complaint=complaint, created_by=actor,
                                   **{k: data.get(k, "") if k not in ("tiers", "standard_remedy") else data.get(k, [])
                                      for k in SCENARIO_FIELDS})


@transaction.atomic
def scenario_activate(*, scenario: Scenario, actor: User) -> Scenario:
    _ensure_editor(actor)
    current = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if current.status != ScenarioStatus.PROPOSED:
        raise Conflict(_("Only a proposed scenario can be activated."), code="scenario_not_proposed")
    if current.created_by_id == actor.pk:
        raise PermissionDenied(_("Someone other than the proposer must activate a scenario."),
                               code="self_approval")
    current.status, current.approved_by = ScenarioStatus.ACTIVE, actor
    current.save(update_fields=["status", "approved_by"])
    return current


@transaction.atomic
def checklist_update(*, actor: User, category: str, subcategory: str, items: list[dict]) -> VerificationChecklist:
    _ensure_editor(actor)
    clean = []
    for item in items[:30]:
        code = str(item.get("code", "")).strip()[:40]
        zh = str(item.get("zh", "")).strip()[:120]
        if not code or not zh:
            raise ValidationFailed(_("Each checklist item needs a code and a Chinese label."),
                                   code="invalid_checklist")
        clean.append({"code": code, "zh": zh, "en": str(item.get("en", "")).strip()[:120]})
    if len({i["code"] for i in clean}) != len(clean):
        raise ValidationFailed(_("Checklist item codes must be unique."), code="invalid_checklist")
    checklist, _created = VerificationChecklist.objects.update_or_create(
        category=category[:20], subcategory=subcategory[:40], defaults={"items": clean, "updated_by": actor})
    return checklist
