"""A hostile HTML/JS payload received through a signed webhook is shown as text on the complaint page."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlparse

import pytest

from bihuan.accounts.models import Role
from bihuan.complaints.models import Complaint
from bihuan.intake.services import deliveries_settle_all
from bihuan.intake.services.signatures import forget_channel_secrets, signed_headers

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SECRET = "e2e-bad-input-secret"
TITLE = '<script>window.__pwned=1;alert("title")</script>'
DESCRIPTION = ('冰箱坏了<img src=x onerror="window.__pwned=2;alert(2)"> '
               '<svg onload=alert(3)></svg>"><iframe src=javascript:alert(4)> 😡 \u202eعربى')
NAME = "<b onmouseover=alert(5)>王女士</b>"


def _deliver(base_url: str, payload: dict) -> dict:
    body = json.dumps(payload, ensure_ascii=False).encode()
    url = urlparse(base_url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    conn.request("POST", "/api/v1/intake/api", body=body, headers=signed_headers(SECRET, body))
    response = conn.getresponse()
    data = json.loads(response.read())
    assert response.status == 201, data
    assert deliveries_settle_all() == 1  # the worker's round
    return {**data, "complaint_id": Complaint.objects.get(number=data["number"]).pk}


def test_an_html_payload_from_intake_is_shown_escaped_and_runs_nothing(live_server, page, settings, make_user,
                                                                       department):
    # given a complaint whose title, text and customer name are HTML/JS, received through the webhook
    settings.BIHUAN_INTAKE_SECRETS = {"api": SECRET}
    forget_channel_secrets()
    make_user(Role.ADMINISTRATOR, department=department, username="admin", is_staff=True, is_superuser=True)
    complaint = _deliver(live_server.url, {"message_id": "xss-1", "title": TITLE, "description": DESCRIPTION,
                                           "customer": {"name": NAME, "phone": "13800001234"}})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # when an administrator opens it, and the queue that lists it
    login(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/complaints/{complaint['complaint_id']}/")
    page.wait_for_selector("#timeline")
    page.hover("body")
    page.wait_for_timeout(300)
    # then the text is there literally, and nothing ran
    text = page.inner_text("body")
    assert TITLE in text and 'onerror="window.__pwned=2;alert(2)"' in text
    assert "<b onmouseover=alert(5)>" in text or "<b onmous" in text  # a long name may be cut for display
    assert page.evaluate("window.__pwned") is None and not dialogs
    assert page.locator("img[src=x], svg[onload], iframe, b[onmouseover]").count() == 0
    page.goto(f"{live_server.url}/complaints/?scope=all")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None and not dialogs
    forget_channel_secrets()
