"""replay_intake sends a mixed stream through real HTTP; re-deliveries come back as 200."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from bihuan.complaints.models import Complaint
from bihuan.intake.demo import stream
from bihuan.intake.models import AcceptedDelivery
from bihuan.intake.services import deliveries_settle_all

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_generated_payload_is_valid_for_its_adapter():
    from bihuan.intake.adapters import ADAPTERS

    for channel, data in stream(60, seed=3):
        ADAPTERS[channel].schema.model_validate(data)


def test_replay_against_the_live_server(live_server):
    out = io.StringIO()
    call_command("replay_intake", "--url", live_server.url, "--count", "30", "--seed", "5", stdout=out)
    text = out.getvalue()
    assert "accepted:" in text and "HTTP" not in text
    accepted = int(text.split("accepted: ")[1].split(",")[0].split(" ")[0])
    assert AcceptedDelivery.objects.count() == accepted
    assert deliveries_settle_all() == accepted  # the worker's part
    assert Complaint.objects.count() == accepted
