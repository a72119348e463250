from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    """Django side of triage: editable rule sets, corrections, trained models.

    The engine itself (engine.py, rules.py, model.py, ...) stays plain Python.
    """

    name = "bihuan.triage"
    label = "triage"
    verbose_name = _("Triage")
