"""``makemessages`` that also collects messages marked ``N_("…")``.

Plain-Python modules (e.g. bihuan/triage/rules.py) cannot import Django's
gettext; they mark messages with a no-op ``N_`` and the Django layer
translates them when it shows them.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]
