"""`field__any_of=[ids]`: `= ANY(%s)` with one array parameter on PostgreSQL, IN elsewhere.

A 50k-complaint refresh filters several tables by chunks of 5,000 ids; as `__in` each
query carried 5,000 parameters that Django prepares and psycopg interpolates one by one,
which was a third of the refresh time. Registered on Field in AnalyticsConfig.ready().
"""

from __future__ import annotations

from django.db.models import Lookup


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [int(v) for v in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        if not self.rhs:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", [*params, *self.rhs]
