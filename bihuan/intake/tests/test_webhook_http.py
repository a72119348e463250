"""Real HTTP through the running server (live_server + httpx), one test per channel family,
and concurrent duplicate deliveries that must still make one complaint."""

from __future__ import annotations

import copy
import threading

import httpx
import pytest
from django.db import connection

from bihuan.complaints.models import Complaint
from bihuan.intake.adapters import ADAPTERS
from bihuan.intake.models import AcceptedDelivery, IntakeRecord, RejectedDelivery
from bihuan.intake.services import deliveries_settle, deliveries_settle_all

from .conftest import signed

pytestmark = pytest.mark.django_db(transaction=True)

FAMILIES = {
    "call centre": "phone", "forms": "web", "email": "email", "wechat": "wechat",
    "social": "weibo", "e-commerce": "ecommerce", "public platform": "public_platform",
    "regulator": "regulator", "generic rest": "api",
}



def race(count: int, call):
    """Run `call` on `count` threads released together, each on its own database connection;
    returns the results and fails on any exception."""
    barrier, results, errors = threading.Barrier(count), [], []

    def run():
        try:
            barrier.wait()
            results.append(call())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return results

@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_a_signed_delivery_over_http_creates_once_and_repeats_return_200(live_server, family):
    channel = FAMILIES[family]
    body, headers = signed(channel, ADAPTERS[channel].example)
    url = f"{live_server.url}/api/v1/intake/{channel}"
    with httpx.Client(timeout=20) as http:
        first = http.post(url, content=body, headers=headers)
        again = http.post(url, content=body, headers=headers)
        unsigned = http.post(url, content=body, headers={"Content-Type": "application/json"})
        assert deliveries_settle_all() == 1  # the worker's round
        settled = http.post(url, content=body, headers=headers)
    assert first.status_code == 201, first.text
    assert again.status_code == 200 and again.json()["number"] == first.json()["number"]
    assert unsigned.status_code == 401 and unsigned.json()["code"] == "missing_signature"
    complaint = Complaint.objects.get(channel=channel)
    assert settled.status_code == 200 and settled.json()["settled"] is True
    assert (settled.json()["complaint_id"], settled.json()["number"]) == (complaint.pk, first.json()["number"])
    assert RejectedDelivery.objects.filter(channel=channel, status_code=401).count() == 1


def test_concurrent_duplicate_deliveries_make_exactly_one_complaint(live_server):
    payload = copy.deepcopy(ADAPTERS["ecommerce"].example)
    body, headers = signed("ecommerce", payload)
    url = f"{live_server.url}/api/v1/intake/ecommerce"
    barrier, results = threading.Barrier(8), []

    def deliver():
        with httpx.Client(timeout=30) as http:
            barrier.wait()
            results.append(http.post(url, content=body, headers=headers))

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(r.status_code for r in results)
    assert codes == [200] * 7 + [201], [r.text for r in results]
    assert len({r.json()["number"] for r in results}) == 1
    assert AcceptedDelivery.objects.get().deliveries == 8
    assert deliveries_settle_all() == 1
    assert Complaint.objects.get().number == results[0].json()["number"]
    assert IntakeRecord.objects.count() == 1


def test_concurrent_duplicates_through_the_service_with_separate_connections():
    """Threads call the service directly, each on its own database connection."""
    from bihuan.intake.services import receive_webhook

    body, headers = signed("wechat", ADAPTERS["wechat"].example)
    outcomes = race(6, lambda: receive_webhook(channel="wechat", body=body, headers=headers))
    assert sum(r.created for r in outcomes) == 1
    assert len({r.number for r in outcomes}) == 1
    assert deliveries_settle_all() == 1
    assert Complaint.objects.count() == 1


def test_workers_settling_the_same_deliveries_at_once_make_each_complaint_once():
    """Two workers (threads, own connections) race over the same accepted deliveries."""
    from bihuan.intake.demo import stream
    from bihuan.intake.services import receive_webhook

    for channel, payload in stream(12, seed=11):
        body, headers = signed(channel, payload)
        receive_webhook(channel=channel, body=body, headers=headers)
    accepted = AcceptedDelivery.objects.count()
    race(2, deliveries_settle)
    assert not AcceptedDelivery.objects.filter(settled_at__isnull=True).exists()
    assert IntakeRecord.objects.count() == accepted
    assert Complaint.objects.count() + IntakeRecord.objects.filter(outcome="reopened").count() == accepted
    numbers = set(AcceptedDelivery.objects.values_list("complaint__number", flat=True))
    assert len(numbers) == Complaint.objects.count()
