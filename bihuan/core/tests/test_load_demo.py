"""load_demo builds a usable, varied demo: every role, customers with orders, complaints in every stage."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bihuan.accounts.models import Role, User
from bihuan.complaints.models import Complaint, TimelineEvent
from bihuan.customers.models import Customer
from bihuan.followup.models import Survey
from bihuan.triage.models import TriageRecord

pytestmark = pytest.mark.django_db


def test_load_demo_creates_staff_customers_and_varied_complaints():
    out = io.StringIO()
    call_command("load_demo", customers=40, complaints=300, stdout=out)
    printed = out.getvalue()
    # every role has a user, printed with the shared password
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert "bihuan-demo-2026" in printed and "agent" in printed
    assert Customer.objects.count() == 40 and all(c.orders.exists() for c in Customer.objects.all())
    complaints = Complaint.objects.all()
    assert complaints.count() == 300
    # spread over channels, categories, priorities and lifecycle stages
    assert complaints.values("channel").distinct().count() >= 8
    assert complaints.values("category").distinct().count() == 4
    assert set(complaints.values_list("priority", flat=True)) == {"red", "yellow", "green"}
    assert complaints.values("status").distinct().count() >= 6
    # texts are generated, not a handful of repeated strings
    assert complaints.values("description").distinct().count() > 250
    # each complaint has a consistent timeline and a triage record; closed ones got surveys
    assert TimelineEvent.objects.filter(kind="created").count() == 300
    assert TriageRecord.objects.count() == 300
    assert Survey.objects.exists()
    # open complaints have an owner or are waiting in a team queue
    assert not complaints.filter(owner__isnull=True, team__isnull=True).exists()


def test_load_demo_refuses_a_database_that_has_complaints_unless_asked_to_skip():
    call_command("load_demo", customers=5, complaints=10, stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("load_demo", customers=5, complaints=10, stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo", if_empty=True, stdout=out)
    assert "skipping" in out.getvalue()
