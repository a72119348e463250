"""A validated [since, until) query period for API endpoints.

Raw ``datetime`` query parameters accept year 1 or 9999 and naive values; turning those into
aware datetimes for the database overflows and used to produce a 500. Every endpoint that takes a
period uses this schema instead, so a bad period is a clear 422 in the user's language.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import model_validator

from bihuan.core.errors import ValidationFailed

EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


def clean_moment(field: str, value: datetime | None) -> datetime | None:
    """A client-given moment to store on a record: within [EARLIEST_YEAR, LATEST_YEAR], in UTC.

    PostgreSQL stores year 1 at +02:00 as a BC timestamp Python cannot read back (one such value
    broke every later read of the record), and refuses UTC offsets beyond ±15:59 that Python
    accepts; both were 500s found by bench/fuzz_bench.py. A bad year is a clear 422.
    """
    if value is None:
        return None
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationFailed(_("%(field)s must be between the years %(low)d and %(high)d.")
                               % {"field": field, "low": EARLIEST_YEAR, "high": LATEST_YEAR},
                               code="out_of_range", field=field)
    return value if timezone.is_naive(value) else value.astimezone(UTC)


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
