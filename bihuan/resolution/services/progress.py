"""Customer progress links (进度链接): signed, expiring, revocable; and what they may show.

The page shows only what the customer may see: the stage, the next step, the
agreed remedy and its customer-facing steps, the promised time. Never internal
notes, staff names, other complaints or personal data beyond the number.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from bihuan.accounts.models import User
from bihuan.complaints import lifecycle
from bihuan.complaints.models import Complaint
from bihuan.complaints.permissions import ensure_can_edit
from bihuan.core.errors import ApplicationError, Conflict, ValidationFailed

from ..choices import RemedyStatus
from ..models import ProgressLink, Remedy
from ..policy import pick
from ..policy import tiers as t
from .common import record

SALT = "bihuan.resolution.progress"
LANGUAGES = ("zh-hans", "en")


class LinkUnusable(ApplicationError):
    """The link is unknown, expired or revoked; `code` says which (the page explains kindly)."""

    status_code = 410
    code = "link_unusable"


@transaction.atomic
def progress_link_create(*, complaint: Complaint, actor: User, language: str = "zh-hans",
                         days: int | None = None) -> tuple[ProgressLink, str]:
    ensure_can_edit(actor, complaint)
    if language not in LANGUAGES:
        raise ValidationFailed(_("Choose Chinese or English."), code="invalid_choice", field="language")
    days = days or int(getattr(settings, "BIHUAN_RESOLUTION_PROGRESS_LINK_DAYS", 30))
    if not 1 <= days <= 180:
        raise ValidationFailed(_("A link lasts 1–180 days."), code="invalid_days", field="days")
    link = ProgressLink.objects.create(complaint=complaint, nonce=secrets.token_hex(16), language=language,
                                       expires_at=timezone.now() + dt.timedelta(days=days), created_by=actor)
    record(complaint, actor, field="resolution.progress_link",
           body=_("Progress link created (valid %(days)d days).") % {"days": days}, after={"link": link.pk})
    return link, progress_token(link)


def progress_token(link: ProgressLink) -> str:
    return signing.dumps({"l": link.pk, "n": link.nonce}, salt=SALT)


@transaction.atomic
def progress_link_revoke(*, link: ProgressLink, actor: User) -> ProgressLink:
    ensure_can_edit(actor, link.complaint)
    current = ProgressLink.objects.select_for_update().get(pk=link.pk)
    if current.revoked_at is not None:
        raise Conflict(_("The link was already revoked."), code="already_revoked")
    current.revoked_at, current.revoked_by = timezone.now(), actor
    current.save(update_fields=["revoked_at", "revoked_by"])
    record(current.complaint, actor, field="resolution.progress_link", body=_("Progress link revoked."),
           after={"link": current.pk, "revoked": True})
    return current


def progress_link_open(*, token: str) -> ProgressLink:
    """The live link behind a token, counting the view; LinkUnusable(invalid/expired/revoked) otherwise."""
    try:
        data = signing.loads(token[:500], salt=SALT)
        link = ProgressLink.objects.select_related("complaint").get(pk=int(data["l"]), nonce=str(data["n"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, ProgressLink.DoesNotExist):
        raise LinkUnusable(code="invalid") from None
    if link.revoked_at is not None:
        raise LinkUnusable(code="revoked")
    if link.expires_at <= timezone.now():
        raise LinkUnusable(code="expired")
    ProgressLink.objects.filter(pk=link.pk).update(views=F("views") + 1, last_viewed_at=timezone.now())
    return link


# ------------------------------------------------------------------ what the customer sees
STAGES: dict[str, tuple[str, str]] = {
    lifecycle.RECEIVED: ("已受理", "Received"),
    lifecycle.ASSESSED: ("已受理", "Received"),
    lifecycle.VERIFYING: ("核实中", "Checking the facts"),
    lifecycle.WAITING_ON_CUSTOMER: ("等待您补充信息", "Waiting for information from you"),
    lifecycle.ESCALATED: ("专人处理中", "A specialist is handling it"),
    lifecycle.RESOLVING: ("制定方案中", "Working out a solution"),
    lifecycle.EXECUTING: ("方案执行中", "Carrying out the solution"),
    lifecycle.FOLLOW_UP: ("已解决，待回访", "Resolved; we will check back with you"),
    lifecycle.CLOSED: ("已完成", "Completed"),
    lifecycle.REOPENED: ("重新处理中", "Being handled again"),
}
NEXT: dict[str, tuple[str, str]] = {
    lifecycle.RECEIVED: ("我们会尽快核实情况并联系您", "We will check the facts and contact you soon"),
    lifecycle.ASSESSED: ("我们会尽快核实情况并联系您", "We will check the facts and contact you soon"),
    lifecycle.VERIFYING: ("核实完成后我们会给出处理方案", "Once the facts are checked we will propose a solution"),
    lifecycle.WAITING_ON_CUSTOMER: ("请按我们的消息补充信息", "Please send the information we asked for"),
    lifecycle.ESCALATED: ("专人会尽快与您联系", "A specialist will contact you shortly"),
    lifecycle.RESOLVING: ("我们会与您确认处理方案", "We will agree the solution with you"),
    lifecycle.FOLLOW_UP: ("我们会回访确认您满意", "We will check back that you are satisfied"),
    lifecycle.CLOSED: ("感谢您的耐心", "Thank you for your patience"),
    lifecycle.REOPENED: ("我们会重新核实并联系您", "We will check again and contact you"),
}
BAR = (("已受理", "Received"), ("核实", "Checking"), ("方案", "Solution"), ("执行", "In progress"), ("完成", "Done"))
BAR_POSITION = {lifecycle.RECEIVED: 0, lifecycle.ASSESSED: 0, lifecycle.VERIFYING: 1, lifecycle.WAITING_ON_CUSTOMER: 1,
                lifecycle.ESCALATED: 1, lifecycle.REOPENED: 1, lifecycle.RESOLVING: 2, lifecycle.EXECUTING: 3,
                lifecycle.FOLLOW_UP: 4, lifecycle.CLOSED: 4}


@dataclass(frozen=True)
class CustomerStep:
    title: str
    due_at: dt.datetime
    done: bool


@dataclass(frozen=True)
class ProgressPage:
    number: str
    received_at: dt.datetime
    stage: str
    next_step: str
    promised_at: dt.datetime | None
    bar: list[tuple[str, str]]  # (label, done/current/todo)
    remedy: list[str] = field(default_factory=list)
    steps: list[CustomerStep] = field(default_factory=list)
    expires_at: dt.datetime | None = None


def progress_page(link: ProgressLink) -> ProgressPage:
    """Customer-safe facts only; built field by field, never from the timeline."""
    complaint = Complaint.objects.only("pk", "number", "status", "received_at").get(pk=link.complaint_id)
    language = link.language
    remedies = list(Remedy.objects.filter(complaint_id=complaint.pk, status__in=(
        RemedyStatus.EXECUTING, RemedyStatus.COMPLETED, RemedyStatus.AGREED)).prefetch_related("steps")
        .order_by("created_at", "id"))
    lines = [line.label(language) for r in remedies for line in t.stored_lines(r.lines)]
    steps = sorted((CustomerStep(s.title(language), s.due_at, s.status == "done")
                    for r in remedies for s in r.steps.all()), key=lambda s: (not s.done, s.due_at))
    next_step = pick(NEXT.get(complaint.status, NEXT[lifecycle.RECEIVED]), language)
    pending = [s for s in steps if not s.done]
    if pending and complaint.status == lifecycle.EXECUTING:
        next_step = pending[0].title
    promised = max((r.promised_at for r in remedies if r.promised_at), default=None)
    position = BAR_POSITION.get(complaint.status, 0)
    finished = complaint.status in (lifecycle.FOLLOW_UP, lifecycle.CLOSED)
    bar = [(pick(label, language), "done" if i < position or finished else "current" if i == position else "todo")
           for i, label in enumerate(BAR)]
    return ProgressPage(number=complaint.number, received_at=complaint.received_at,
                        stage=pick(STAGES.get(complaint.status, STAGES[lifecycle.RECEIVED]), language),
                        next_step=next_step, promised_at=promised, bar=bar, remedy=lines, steps=steps,
                        expires_at=link.expires_at)
