"""Reads for resolution: library lookups, fairness history, queues, the detail panel."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from bihuan.accounts.models import User
from bihuan.complaints.models import Complaint
from bihuan.complaints.permissions import visible_complaints

from . import defaults
from .choices import GRANTED_REMEDY_STATUSES, ApprovalStatus, RemedyType, Responsibility, ScenarioStatus
from .models import ApprovalRequest, Remedy, Scenario, VerificationChecklist
from .policy import authority, fairness


def checklist_for(complaint: Complaint) -> list[dict]:
    """The sub-category's checklist, else the category's, else the built-in default."""
    rows = {(c.subcategory): c.items for c in
            VerificationChecklist.objects.filter(category=complaint.category or "other",
                                                 subcategory__in=[complaint.subcategory, ""])}
    return rows.get(complaint.subcategory) or rows.get("") or defaults.checklist_items(complaint.category or "other")


def scenario_for(complaint: Complaint, responsibility: str = "") -> Scenario | None:
    """The best active scenario: exact sub-category and responsibility first, then looser, then general."""
    candidates = list(Scenario.objects.filter(status=ScenarioStatus.ACTIVE).filter(
        Q(category=complaint.category) | Q(code="general")))

    def score(s: Scenario) -> tuple[int, int, int]:
        return (int(s.category == complaint.category),
                2 if s.subcategory == complaint.subcategory and s.subcategory else (1 if not s.subcategory else -9),
                2 if responsibility and s.responsibility == responsibility else (1 if not s.responsibility else 0))

    candidates = [s for s in candidates if score(s)[1] >= 0]
    return max(candidates, key=score, default=None)


def active_scenarios() -> list[Scenario]:
    return list(Scenario.objects.filter(status=ScenarioStatus.ACTIVE).order_by("category", "subcategory", "code"))


def past_cases(*, complaint: Complaint, scenario: Scenario | None, order_value: Decimal,
               responsibility: str = "", limit: int = 200) -> list[fairness.PastCase]:
    """Granted remedies in similar past cases: same scenario (or category + sub-category),
    same responsibility when known, an order value within a factor of two, and the
    same customer level band (members of level 3+ vs others)."""
    qs = Remedy.objects.filter(status__in=GRANTED_REMEDY_STATUSES).exclude(complaint_id=complaint.pk)
    if scenario is not None:
        qs = qs.filter(Q(scenario__code=scenario.code)
                       | Q(complaint__category=complaint.category, complaint__subcategory=complaint.subcategory))
    else:
        qs = qs.filter(complaint__category=complaint.category, complaint__subcategory=complaint.subcategory)
    if responsibility:
        qs = qs.filter(responsibility__in=[responsibility, ""])
    if order_value > 0:
        qs = qs.filter(order_value__gte=order_value / 2, order_value__lte=order_value * 2)
    else:
        qs = qs.filter(order_value=0)
    level = complaint.customer.member_level if complaint.customer_id else 0
    qs = qs.filter(complaint__customer__member_level__gte=3) if level >= 3 else \
        qs.filter(Q(complaint__customer__isnull=True) | Q(complaint__customer__member_level__lt=3))
    rows = qs.order_by("-created_at").values_list("value", "order_value")[:limit]
    return [fairness.PastCase(value=v, order_value=o) for v, o in rows]


def approval_queue(*, user: User, include_decided: bool = False) -> QuerySet[ApprovalRequest]:
    """Requests this user may decide: required role within their rank, on complaints they can see."""
    roles = authority.approvable_roles(user.role) if not user.is_superuser else list(authority.APPROVER_ROLES)
    qs = ApprovalRequest.objects.filter(required_role__in=roles,
                                        complaint__in=visible_complaints(user).values("pk"))
    if not include_decided:
        qs = qs.filter(status=ApprovalStatus.PENDING)
    return qs.select_related("complaint", "remedy", "requested_by", "decided_by").order_by("due_at", "id")


@dataclass
class RemedyView:
    remedy: Remedy
    lines: list
    approvals: list[ApprovalRequest] = field(default_factory=list)
    steps: list = field(default_factory=list)
    negotiation: list = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


def remedies_for(complaint: Complaint) -> list[RemedyView]:
    from django.utils.translation import get_language

    from .policy.tiers import stored_lines

    language = get_language()

    remedies = list(complaint.remedies.select_related("scenario", "proposed_by")
                    .prefetch_related("approvals__decided_by", "approvals__requested_by", "steps",
                                      "negotiation__actor").order_by("created_at", "id"))
    out = []
    for r in remedies:
        lines = stored_lines(r.lines)
        out.append(RemedyView(r, lines, list(r.approvals.all()), list(r.steps.all()), list(r.negotiation.all()),
                              [line.label(language) for line in lines]))
    return out


# ------------------------------------------------------------------ the detail-page panel
@dataclass
class Panel:
    checklist: list[dict]
    checks: list[dict]
    verification: object | None
    evidence: list
    scenario: Scenario | None
    tier_offers: list[dict]
    band: dict
    remedies: list[RemedyView]
    talk: object
    closeout: str
    links: list[dict]
    needs_update: bool
    responsibility_choices: list = field(default_factory=list)
    remedy_choices: list = field(default_factory=list)
    case_resolved: bool = False  # a granted remedy exists: supervisors may turn the case into a scenario


def resolution_panel(*, user: User, complaint: Complaint) -> Panel:
    """Everything the resolution panel shows; reads only (the complaint came through the accessor)."""
    from django.utils import timezone
    from django.utils.translation import get_language

    from .models import Evidence, Verification
    from .policy import assist, checks, plans, tiers
    from .services.common import order_facts
    from .services.progress import progress_token

    language = get_language() or "zh-hans"
    verification = Verification.objects.filter(complaint=complaint).select_related("completed_by").first()
    state = verification.items if verification else {}
    checklist = [{**item, "label": item["en"] if language.startswith("en") and item.get("en") else item["zh"],
                  "done": bool(state.get(item["code"], {}).get("done")),
                  "note": state.get(item["code"], {}).get("note", "")} for item in checklist_for(complaint)]
    facts = order_facts(complaint)
    if verification and verification.auto_checks:
        found = [checks.Check(c["code"], c["outcome"], c["params"]) for c in verification.auto_checks]
    else:
        found = checks.run_checks(facts, now=timezone.now(), tz=timezone.get_current_timezone(),
                                  order_no=complaint.order.order_no if complaint.order_id else "")
    responsibility = verification.responsibility if verification else ""
    scenario = scenario_for(complaint, responsibility)
    order_value = facts.amount if facts else Decimal("0")
    offers = []
    if scenario is not None:
        for tier, line in tiers.tier_offers(tiers.parse_tiers(scenario.tiers), order_value):
            offers.append({"level": tier.level, "type": line.remedy_type, "amount": line.amount,
                           "points": line.points, "label": line.label(language)})
    past = past_cases(complaint=complaint, scenario=scenario, order_value=order_value, responsibility=responsibility)
    band = fairness.band(past, proposed=Decimal("0"), order_value=order_value).as_dict()
    remedies = remedies_for(complaint)
    agreed = [r for r in remedies if r.remedy.status in ("agreed", "executing", "completed")]
    closeout, promised = "", ""
    if agreed:
        promised_at = max((r.remedy.promised_at for r in agreed if r.remedy.promised_at), default=None)
        promised = timezone.localtime(promised_at).strftime("%m-%d") if promised_at else ""
        closeout = assist.closeout_summary([line for r in agreed for line in r.lines],
                                           refund_days=plans.STEPS["refund_paid"][2], promised=promised,
                                           language=language)
    high_conflict = complaint.priority == "red" or complaint.reopen_count > 0
    latest = remedies[-1] if remedies else None
    open_steps = [st for r in remedies if r.remedy.status == "executing" for st in r.steps if st.status != "done"]
    values = {"hours": 2, "days": 3, "time": "18:00",
              "remedy": " + ".join(latest.labels) if latest else None,
              "promised": closeout and promised or None,
              "steps": "；".join((st.title_en if language.startswith("en") else st.title_zh) for st in open_steps[:3])
              or None}
    talk = assist.talk_tracks(emotion=complaint.emotion, stage=complaint.status, high_conflict=high_conflict,
                              language=language, values={k: v for k, v in values.items() if v})
    now = timezone.now()
    links = [{"link": link, "token": progress_token(link)} for link in complaint.progress_links.all()
             if link.revoked_at is None and link.expires_at > now]
    last_customer_event = complaint.events.filter(internal=False).order_by("-at").values_list("at", flat=True).first()
    needs_update = complaint.status == "executing" and (
        last_customer_event is None or (now - last_customer_event).days >= 3)
    return Panel(checklist, [{"outcome": c.outcome, "text": checks.message(c, language)} for c in found],
                 verification, list(Evidence.objects.filter(complaint=complaint).select_related("attachment")),
                 scenario, offers, band, remedies, talk, closeout, links, needs_update,
                 Responsibility.choices, RemedyType.choices, case_resolved=bool(agreed))


# ------------------------------------------------------------------ supervisors' library screens
def library_overview(*, user: User) -> dict:
    """Scenarios (active and proposed, with how many retired versions) and checklists, for editors only."""
    from bihuan.core.errors import PermissionDenied

    from .services.library import EDITORS

    if user.role not in EDITORS and not user.is_superuser:
        from django.utils.translation import gettext as _

        raise PermissionDenied(_("Only supervisors edit the solution library."))
    rows = list(Scenario.objects.select_related("created_by", "approved_by", "source_complaint")
                .order_by("category", "subcategory", "code", "-version"))
    retired: dict[str, int] = {}
    for s in rows:
        if s.status == ScenarioStatus.RETIRED:
            retired[s.code] = retired.get(s.code, 0) + 1
    current = [s for s in rows if s.status != ScenarioStatus.RETIRED]
    for s in current:
        s.retired_versions = retired.get(s.code, 0)
        s.can_activate = s.status == ScenarioStatus.PROPOSED and s.created_by_id != user.pk
    checklists = list(VerificationChecklist.objects.select_related("updated_by").order_by("category", "subcategory"))
    return {"active": [s for s in current if s.status == ScenarioStatus.ACTIVE],
            "proposed": [s for s in current if s.status == ScenarioStatus.PROPOSED],
            "checklists": checklists}


def checklist_items_for(*, category: str, subcategory: str) -> list[dict]:
    """The stored checklist of exactly this category/sub-category, else the one the panel would use."""
    row = VerificationChecklist.objects.filter(category=category, subcategory=subcategory).first()
    if row is not None:
        return row.items
    fallback = VerificationChecklist.objects.filter(category=category, subcategory="").first()
    return fallback.items if fallback else defaults.checklist_items(category or "other")
