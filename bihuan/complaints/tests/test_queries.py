"""No N+1: list endpoints and pages use a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bihuan.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(make_complaint, make_customer, agent):
    def make(n):
        for _ in range(n):
            customer = make_customer()
            make_complaint(actor=agent, owner=agent, order_no=customer.orders.first().order_no)
    return make


def _count(fn) -> int:
    fn()  # warm up: first calls touch the token and the session once
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_api_list_query_count_does_not_grow_with_rows(many, agent):
    client = Client(HTTP_HOST="127.0.0.1")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=agent)}"}
    many(2)
    small = _count(lambda: client.get("/api/v1/complaints", **headers))
    many(10)
    large = _count(lambda: client.get("/api/v1/complaints", **headers))
    assert small == large


def test_queue_page_query_count_does_not_grow_with_rows(many, agent):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(agent)
    many(2)
    small = _count(lambda: client.get("/complaints/?scope=mine"))
    many(10)
    large = _count(lambda: client.get("/complaints/?scope=mine"))
    assert small == large
