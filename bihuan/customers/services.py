"""Personal data: revealed only to those who may, and every reveal is audited."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from bihuan.accounts.models import Role, User
from bihuan.core.errors import NotFound, PermissionDenied

from .models import PersonalDataReveal

# Analysts and quality inspectors work on masked data only.
REVEAL_ROLES = frozenset({Role.AGENT, Role.SENIOR_AGENT, Role.TEAM_LEAD, Role.DEPARTMENT_OWNER,
                          Role.ADMINISTRATOR})


@transaction.atomic
def customer_phone_reveal(*, user: User, complaint) -> str:
    """The full phone number of the complaint's customer; `complaint` must come from the accessor."""
    if user.role not in REVEAL_ROLES and not user.is_superuser:
        raise PermissionDenied(_("Your role works with masked personal data only."))
    customer = complaint.customer
    if customer is None or not customer.phone:
        raise NotFound(_("This complaint has no customer phone number."), code="no_phone")
    PersonalDataReveal.objects.create(user=user, customer=customer, complaint=complaint, field="phone")
    return customer.phone
