"""A validated [since, until) query period for API endpoints.

Raw ``datetime`` query parameters accept year 1 or 9999 and naive values; turning those into
aware datetimes for the database overflows and used to produce a 500. Every endpoint that takes a
period uses this schema instead, so a bad period is a clear 422 in the user's language.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import model_validator

EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


class PeriodQuery(Schema):
    since: datetime
    until: datetime

    @model_validator(mode="after")
    def _check(self) -> PeriodQuery:
        for name in ("since", "until"):
            value = getattr(self, name)
            if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
                raise ValueError(_("%(field)s must be between the years %(low)d and %(high)d.")
                                 % {"field": name, "low": EARLIEST_YEAR, "high": LATEST_YEAR})
            if timezone.is_naive(value):
                setattr(self, name, timezone.make_aware(value))
        if self.since >= self.until:
            raise ValueError(_("since must be earlier than until."))
        return self
