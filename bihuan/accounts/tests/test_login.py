"""Login throttling and API tokens."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from bihuan.accounts.services import api_token_authenticate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_repeated_failures_lock_the_account_then_a_good_password_is_refused_too(agent):
    client = Client(HTTP_HOST="127.0.0.1")
    for _ in range(5):
        assert _login(client, "agent", "wrong").status_code == 200
    locked = _login(client, "agent", "pw-for-tests-1")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_login_clears_earlier_failures(agent):
    client = Client(HTTP_HOST="127.0.0.1")
    for _ in range(3):
        _login(client, "agent", "wrong")
    assert _login(client, "agent", "pw-for-tests-1").status_code == 302
    client.logout()
    for _ in range(3):
        assert _login(client, "agent", "wrong").status_code == 200


def test_create_api_token_command_prints_a_working_token(agent, capsys):
    call_command("create_api_token", "agent")
    token = capsys.readouterr().out.strip()
    assert token.startswith("bh_") and api_token_authenticate(token) == agent
    assert api_token_authenticate("bh_not-a-token") is None
    assert api_token_authenticate("") is None
