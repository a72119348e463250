"""Follow-up tasks (回访), satisfaction surveys, reminder rules (温馨提醒) and customer outcomes (SPEC §7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import Method, Outcome, TaskKind, TaskStatus


class FollowUpPolicy(models.Model):
    """When the follow-up is due: the first active row (by position) matching category and priority.

    Blank category/priority match anything. Red complaints are always due
    within 24 hours, whatever the row says (SPEC §7).
    """

    position = models.PositiveIntegerField(_("position"), default=100)
    category = models.CharField(_("category (empty: any)"), max_length=20, blank=True)
    priority = models.CharField(_("priority (empty: any)"), max_length=10, blank=True)
    working_days = models.PositiveSmallIntegerField(_("due after (working days, 1–3)"), default=2)
    max_attempts = models.PositiveSmallIntegerField(_("attempts before giving up"), default=3)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("follow-up policy")
        verbose_name_plural = _("follow-up policies")

    def __str__(self) -> str:
        return f"{self.position} · {self.category or '*'} / {self.priority or '*'} → {self.working_days}"


class FollowUpTask(models.Model):
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, related_name="follow_up_tasks",
                                  verbose_name=_("complaint"))
    kind = models.CharField(_("kind"), max_length=12, choices=TaskKind.choices, default=TaskKind.FOLLOW_UP)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    channel = models.CharField(_("channel"), max_length=20)  # the complaint's original channel
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="follow_up_tasks", verbose_name=_("owner"))
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=3)
    note = models.TextField(_("note"), blank=True)
    survey = models.ForeignKey("Survey", null=True, blank=True, on_delete=models.SET_NULL, related_name="callbacks")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        constraints = [
            # Re-entering follow_up (or a second low score) never doubles an open task.
            models.UniqueConstraint(fields=["complaint", "kind"], condition=Q(status="open"),
                                    name="followup_one_open_task_per_kind"),
        ]
        indexes = [models.Index(fields=["owner", "status", "due_at"], name="followup_task_queue")]

    def __str__(self) -> str:
        return f"{self.complaint_id}:{self.kind} {self.status}"


class SurveyConfig(models.Model):
    """The survey builder's settings; one row (pk=1) is the live survey."""

    ask_csat = models.BooleanField(_("ask CSAT (1–5)"), default=True)
    ask_nps = models.BooleanField(_("ask NPS (0–10)"), default=True)
    ask_comment = models.BooleanField(_("ask for a comment"), default=True)
    intro_zh = models.CharField(_("introduction (Chinese)"), max_length=300,
                                default="感谢您给我们机会解决问题，耽误您一分钟做个评价。")
    intro_en = models.CharField(_("introduction (English)"), max_length=300,
                                default="Thank you for letting us put things right. One minute of your time, please.")
    csat_zh = models.CharField(_("CSAT question (Chinese)"), max_length=200, default="您对本次投诉处理的满意度如何？")
    csat_en = models.CharField(_("CSAT question (English)"), max_length=200,
                               default="How satisfied are you with how we handled your complaint?")
    nps_zh = models.CharField(_("NPS question (Chinese)"), max_length=200, default="您有多大可能向亲友推荐我们？")
    nps_en = models.CharField(_("NPS question (English)"), max_length=200,
                              default="How likely are you to recommend us to a friend?")
    comment_zh = models.CharField(_("comment prompt (Chinese)"), max_length=200,
                                  default="还有什么想告诉我们的？（选填）")
    comment_en = models.CharField(_("comment prompt (English)"), max_length=200,
                                  default="Anything else you would like to tell us? (optional)")
    low_csat = models.PositiveSmallIntegerField(_("low CSAT at or below"), default=2)
    low_nps = models.PositiveSmallIntegerField(_("low NPS at or below"), default=6)
    expires_days = models.PositiveSmallIntegerField(_("link valid (days)"), default=7)
    reminder_hours = models.PositiveSmallIntegerField(_("remind after (hours)"), default=48)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("survey settings")
        verbose_name_plural = _("survey settings")

    def __str__(self) -> str:
        return str(_("Survey settings"))

    def wording(self, language: str) -> dict[str, str]:
        suffix = "en" if language.startswith("en") else "zh"
        return {name: getattr(self, f"{name}_{suffix}") for name in ("intro", "csat", "nps", "comment")}


class Survey(models.Model):
    """One per complaint: sent once on closing, answered at most once."""

    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.CASCADE, related_name="survey")
    nonce = models.CharField(max_length=32)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    channel = models.CharField(_("channel"), max_length=20)  # the complaint's original channel
    questions = models.JSONField(_("questions"), default=dict)  # snapshot of the builder at sending
    sent_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("expires at"))
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    csat = models.PositiveSmallIntegerField(_("CSAT"), null=True, blank=True)
    nps = models.PositiveSmallIntegerField(_("NPS"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    low_score = models.BooleanField(_("low score"), default=False)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        indexes = [models.Index(fields=["answered_at", "reminded_at", "sent_at"], name="followup_survey_remind")]

    def __str__(self) -> str:
        return f"survey {self.complaint_id}"


class Suggestion(models.Model):
    """A survey comment that reads as a suggestion, routed to the responsible department."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="suggestion")
    department = models.ForeignKey("accounts.Department", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="suggestions", verbose_name=_("department"))
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")

    def __str__(self) -> str:
        return self.text[:40]


class ReminderRule(models.Model):
    """温馨提醒: advice attached to complaints whose attributes match every non-empty condition."""

    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=100)
    active = models.BooleanField(_("active"), default=True)
    categories = models.JSONField(_("categories (empty: any)"), default=list, blank=True)
    subcategories = models.JSONField(_("sub-categories (empty: any)"), default=list, blank=True)
    channels = models.JSONField(_("channels (empty: any)"), default=list, blank=True)
    keywords = models.JSONField(_("keywords in the complaint or ordered products (empty: any)"), default=list,
                                blank=True)
    advice_zh = models.TextField(_("advice (Chinese)"))
    advice_en = models.TextField(_("advice (English)"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")

    def __str__(self) -> str:
        return self.name

    def advice(self, language: str) -> str:
        return self.advice_en if language.startswith("en") and self.advice_en else self.advice_zh


class CustomerOutcome(models.Model):
    """What the customer did after the complaint (for analytics). None = not known yet."""

    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.CASCADE, related_name="outcome")
    repurchase_72h = models.BooleanField(_("bought again within 72 h"), null=True, blank=True)
    repurchase_30d = models.BooleanField(_("bought again within 30 days"), null=True, blank=True)
    review_withdrawn = models.BooleanField(_("withdrew a bad review"), default=False)
    complained_again = models.BooleanField(_("complained again"), default=False)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("customer outcome")
        verbose_name_plural = _("customer outcomes")

    def __str__(self) -> str:
        return f"outcome {self.complaint_id}"
