"""Masked personal data: who may reveal it, and that every reveal is audited."""

from __future__ import annotations

import pytest
from django.test import Client

from bihuan.accounts.models import Role
from bihuan.customers.models import PersonalDataReveal

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(make_complaint, make_customer, agent):
    customer = make_customer(phone="13812345678")
    return make_complaint(actor=agent, owner=agent, order_no=customer.orders.first().order_no)


def _client(user):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def test_detail_page_masks_the_phone(complaint, agent):
    page = _client(agent).get(f"/complaints/{complaint.pk}/").content.decode()
    assert "138****5678" in page and "13812345678" not in page


def test_owner_reveals_the_phone_and_it_is_audited(complaint, agent):
    r = _client(agent).post(f"/complaints/{complaint.pk}/reveal-phone/")
    assert r.status_code == 200 and "13812345678" in r.content.decode()
    log = PersonalDataReveal.objects.get()
    assert (log.user, log.customer, log.complaint, log.field) == (agent, complaint.customer, complaint, "phone")


def test_analysts_cannot_reveal(complaint, make_user):
    analyst = make_user(Role.ANALYST)
    r = _client(analyst).post(f"/complaints/{complaint.pk}/reveal-phone/")
    assert r.status_code == 403 and "13812345678" not in r.content.decode()
    assert not PersonalDataReveal.objects.exists()


def test_agents_of_another_team_cannot_see_or_reveal(complaint, make_user, other_team):
    stranger = make_user(Role.AGENT, team=other_team)
    client = _client(stranger)
    assert client.get(f"/complaints/{complaint.pk}/").status_code == 404
    assert client.post(f"/complaints/{complaint.pk}/reveal-phone/").status_code == 404
    assert not PersonalDataReveal.objects.exists()
