"""Satisfaction surveys: sent once on closing by a signed, expiring link; answered at most once.

The link is signed like intake's progress link (django.core.signing with its
own salt) around the survey id and a random nonce, so a changed character is
a bad signature and a guessed id has no nonce. Expiry is a stored time, so the
page can tell "expired" (friendly, 410) from "invalid" (404).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bihuan.complaints.models import Complaint
from bihuan.core.errors import ApplicationError, Conflict, ValidationFailed
from bihuan.notifications.customers import customer_message
from bihuan.notifications.services import notifications_enqueue

from .. import policy
from ..models import Suggestion, Survey, SurveyConfig
from .common import customer_language, record, staff_message
from .reminders import reminders_for
from .tasks import callback_create

SALT = "bihuan.followup.survey"
DEPARTMENT_FOR = {"product": "product", "logistics": "logistics", "service": "customer_service"}


class LinkUnusable(ApplicationError):
    """Unknown/tampered ("invalid", 404) or expired ("expired", 410); the page explains kindly."""

    status_code = 410
    code = "link_unusable"


def survey_config() -> SurveyConfig:
    config, _created = SurveyConfig.objects.get_or_create(pk=1)
    return config


def questions_snapshot(config: SurveyConfig) -> dict:
    return {
        "csat": config.ask_csat, "nps": config.ask_nps, "comment": config.ask_comment,
        "low_csat": config.low_csat, "low_nps": config.low_nps,
        "zh-hans": config.wording("zh-hans"), "en": config.wording("en"),
    }


def survey_token(survey: Survey) -> str:
    # No timestamp inside: the same link in the close-out message and the reminder; expiry is stored.
    return signing.Signer(salt=SALT).sign_object({"s": survey.pk, "n": survey.nonce})


def survey_url(survey: Survey) -> str:
    base = getattr(settings, "BIHUAN_PUBLIC_BASE_URL", "").rstrip("/")
    return base + reverse("survey:page", kwargs={"token": survey_token(survey)})


def survey_send(*, complaint: Complaint, at: dt.datetime | None = None) -> Survey | None:
    """Create the survey and queue the close-out message (reminders + link) to the customer.

    Precondition: called by the complaint service inside its transaction as the
    complaint closes. A complaint closed again after reopening keeps its first survey.
    """
    if Survey.objects.filter(complaint_id=complaint.pk).exists():
        return None
    at = at or timezone.now()
    config = survey_config()
    language = customer_language(complaint)
    survey = Survey.objects.create(
        complaint=complaint, nonce=secrets.token_hex(16), language=language, channel=complaint.channel,
        questions=questions_snapshot(config), sent_at=at,
        expires_at=at + dt.timedelta(days=max(1, config.expires_days)))
    with translation.override(language):
        body = closeout_message(complaint, language=language, link=survey_url(survey))
    message = customer_message(complaint, key=f"followup-survey:{survey.pk}", body=body)
    notifications_enqueue(messages=[message] if message else [], now=at)
    record(complaint, None, field="followup.survey",
           body=_("Satisfaction survey sent (valid until %(d)s).") % {
               "d": timezone.localtime(survey.expires_at).strftime("%Y-%m-%d")},
           after={"survey": survey.pk, "language": language, "queued": bool(message)})
    return survey


def closeout_message(complaint: Complaint, *, language: str, link: str) -> str:
    """The close-out text: thanks, 温馨提醒 that apply, and the survey link."""
    lines = [_("Your complaint %(number)s has been closed. Thank you for your patience.")
             % {"number": complaint.number}]
    for reminder in reminders_for(complaint=complaint, language=language):
        lines.append(_("Friendly reminder: %(advice)s") % {"advice": reminder.advice})
    lines.append(_("How did we do? Please rate us (one minute): %(link)s") % {"link": link})
    return "\n".join(lines)


def survey_open(*, token: str) -> Survey:
    """The live survey behind a token; LinkUnusable(invalid/expired) otherwise."""
    try:
        data = signing.Signer(salt=SALT).unsign_object(token[:500])
        survey = Survey.objects.select_related("complaint").get(pk=int(data["s"]), nonce=str(data["n"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, Survey.DoesNotExist):
        raise LinkUnusable(code="invalid") from None
    if survey.answered_at is None and survey.expires_at <= timezone.now():
        raise LinkUnusable(code="expired")
    return survey


def _score(value, name: str, top: int, required: bool) -> int | None:
    if value in (None, ""):
        if required:
            raise ValidationFailed(_("Please answer every question."), code="required", field=name)
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= top or (name == "csat" and number < 1):
        raise ValidationFailed(_("Choose a score from the scale."), code="invalid_score", field=name)
    return number


@transaction.atomic
def survey_submit(*, token: str, csat=None, nps=None, comment: str = "") -> Survey:
    """Store the one answer; a second submission is refused (409), whatever it says."""
    survey = survey_open(token=token)
    if survey.answered_at is not None:
        raise Conflict(_("This survey has already been answered. Thank you!"), code="already_answered")
    asks = survey.questions or {}
    csat_value = _score(csat, "csat", 5, asks.get("csat", True)) if asks.get("csat", True) else None
    nps_value = _score(nps, "nps", 10, asks.get("nps", True)) if asks.get("nps", True) else None
    comment = (comment or "").strip() if asks.get("comment", True) else ""
    if len(comment) > 2000:
        raise ValidationFailed(_("The comment is too long (at most 2000 characters)."), code="too_long",
                               field="comment")
    low = policy.is_low_score(csat=csat_value, nps=nps_value, low_csat=asks.get("low_csat", 2),
                              low_nps=asks.get("low_nps", 6))
    now = timezone.now()
    # The conditional update is the once-only guard under concurrent submissions.
    claimed = Survey.objects.filter(pk=survey.pk, answered_at__isnull=True).update(
        answered_at=now, csat=csat_value, nps=nps_value, comment=comment, low_score=low)
    if not claimed:
        raise Conflict(_("This survey has already been answered. Thank you!"), code="already_answered")
    survey.refresh_from_db()
    complaint = survey.complaint
    record(complaint, None, field="followup.survey_answer",
           body=_("Survey answered: CSAT %(csat)s, NPS %(nps)s.") % {
               "csat": csat_value if csat_value is not None else "—",
               "nps": nps_value if nps_value is not None else "—"} + (f" “{comment}”" if comment else ""),
           after={"survey": survey.pk, "csat": csat_value, "nps": nps_value, "low": low})
    if low:
        callback_create(survey=survey, at=now)
    if comment and policy.is_suggestion(comment):
        _route_suggestion(survey, comment)
    return survey


def _route_suggestion(survey: Survey, comment: str) -> Suggestion:
    """Send the suggestion to the department responsible for what it is about (triage's category)."""
    from bihuan.accounts.models import Department, Role, User
    from bihuan.triage.services import triage_text

    complaint = survey.complaint
    # Triage files suggestions under "other"; what they are about is the best concrete category.
    scores = {k: v for k, v in triage_text(comment, channel=complaint.channel).category_scores.items()
              if k in DEPARTMENT_FOR}
    about = max(scores, key=scores.get) if scores and max(scores.values()) >= 0.2 else complaint.category
    kind = DEPARTMENT_FOR.get(about)
    department = (Department.objects.filter(kind=kind).order_by("id").first() if kind else None) \
        or complaint.department
    suggestion = Suggestion.objects.create(survey=survey, department=department, text=comment)
    if department is not None:
        people = User.objects.filter(is_active=True, department=department,
                                     role__in=(Role.DEPARTMENT_OWNER, Role.TEAM_LEAD)).order_by("id")
        body = _("[Bihuan] Customer suggestion on %(number)s: %(text)s") % {"number": complaint.number,
                                                                          "text": comment[:300]}
        notifications_enqueue(messages=[staff_message(u, key=f"followup-suggestion:{suggestion.pk}", body=body,
                                                      complaint=complaint) for u in people])
    record(complaint, None, field="followup.suggestion",
           body=_("Suggestion routed to %(dept)s.") % {"dept": department or "—"},
           after={"suggestion": suggestion.pk, "department": department.pk if department else None})
    return suggestion


def survey_reminders_send(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Remind once: unanswered, unexpired surveys sent more than `reminder_hours` ago."""
    now = now or timezone.now()
    hours = survey_config().reminder_hours
    due = (Survey.objects.filter(answered_at__isnull=True, reminded_at__isnull=True,
                                 sent_at__lte=now - dt.timedelta(hours=hours), expires_at__gt=now)
           .select_related("complaint", "complaint__customer").order_by("sent_at")[:limit])
    sent = 0
    for survey in due:
        with transaction.atomic():
            if not Survey.objects.filter(pk=survey.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue  # another worker took it: at most one reminder
            with translation.override(survey.language):
                body = _("A gentle reminder: how did we do with complaint %(number)s? %(link)s") % {
                    "number": survey.complaint.number, "link": survey_url(survey)}
            message = customer_message(survey.complaint, key=f"followup-survey-reminder:{survey.pk}", body=body)
            sent += notifications_enqueue(messages=[message] if message else [], now=now)
    return sent


def survey_config_save(*, actor, values: dict) -> SurveyConfig:
    """The builder's save; at least one question must stay on."""
    from bihuan.accounts.models import Role
    from bihuan.core.errors import PermissionDenied

    if actor.role not in (Role.TEAM_LEAD, Role.ADMINISTRATOR) and not actor.is_superuser:
        raise PermissionDenied()
    if not (values.get("ask_csat") or values.get("ask_nps")):
        raise ValidationFailed(_("Keep at least one of the CSAT and NPS questions."), code="no_questions")
    config = survey_config()
    for name, value in values.items():
        setattr(config, name, value)
    config.save()
    return config
