"""The public complaint form: no login, attachments checked, abuse-limited, signed progress link."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bihuan.complaints import services as complaint_services
from bihuan.complaints.models import Attachment, Complaint
from bihuan.intake.services.public_form import form_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_fill_delay(settings):
    settings.BIHUAN_INTAKE_FORM_MIN_SECONDS = 0


def form_data(**changes):
    data = {"name": "陈先生", "phone": "136 8765 4321", "order_no": "", "demand": "refund",
            "description": "羽绒服穿了一次就跑绒，要求退款。", "website": "", "token": form_token()}
    data.update(changes)
    return data


def test_the_form_renders_in_chinese_and_english_without_login(client):
    zh = client.get("/intake/complain/", headers={"Accept-Language": "zh-hans"}).content.decode()
    en = client.get("/intake/complain/", headers={"Accept-Language": "en"}).content.decode()
    assert 'name="viewport"' in zh and "Tell us what went wrong" in en and "Tell us what went wrong" not in zh


def test_a_submission_shows_the_number_and_a_signed_progress_link(client):
    photo = SimpleUploadedFile("破损.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    r = client.post("/intake/complain/", {**form_data(), "attachments": [photo]}, follow=True)
    complaint = Complaint.objects.get()
    page = r.content.decode()
    assert complaint.number in page and complaint.channel == "web"
    assert complaint.customer.phone == "13687654321" and complaint.demand == "refund"
    assert Attachment.objects.get().complaint == complaint
    link = re.search(r'href="(http://testserver/intake/progress/[^"]+)"', page).group(1)
    progress = client.get(link.replace("http://testserver", "")).content.decode()
    assert complaint.number in progress and complaint.get_status_display() in progress


def test_progress_shows_customer_visible_updates_but_never_internal_notes(client, admin_user):
    client.post("/intake/complain/", form_data())
    complaint = Complaint.objects.get()
    lead = admin_user
    complaint = complaint_services.complaint_assign(complaint=complaint, actor=lead, owner=lead)
    complaint_services.complaint_comment(complaint=complaint, actor=lead, body="已联系仓库，明天补发。")
    complaint_services.complaint_comment(complaint=complaint, actor=lead, body="内部：客户难缠", internal=True)
    complaint_services.complaint_transition(complaint=complaint, actor=lead, to="assessed")
    from bihuan.intake.selectors import progress_token

    page = client.get(f"/intake/progress/{progress_token(complaint)}/").content.decode()
    assert "已联系仓库，明天补发。" in page and "内部：客户难缠" not in page
    assert str(lead) not in page


def test_a_tampered_progress_link_is_404(client):
    client.post("/intake/complain/", form_data())
    from bihuan.intake.selectors import progress_token

    token = progress_token(Complaint.objects.get())
    assert client.get(f"/intake/progress/{token[:-2]}xx/").status_code == 404


def test_disallowed_file_types_are_refused_and_nothing_is_stored(client):
    exe = SimpleUploadedFile("发票.exe", b"MZ" + b"0" * 50, content_type="application/x-msdownload")
    r = client.post("/intake/complain/", {**form_data(), "attachments": [exe]})
    assert r.status_code == 422 and Complaint.objects.count() == 0


def test_oversized_files_are_refused(client, settings):
    settings.BIHUAN_MAX_UPLOAD_BYTES = 1024
    big = SimpleUploadedFile("a.jpg", b"0" * 2048, content_type="image/jpeg")
    r = client.post("/intake/complain/", {**form_data(), "attachments": [big]})
    assert r.status_code == 422 and Complaint.objects.count() == 0


def test_per_ip_rate_limit(client, settings):
    settings.BIHUAN_INTAKE_FORM_RATE = (2, 3600)
    codes = [client.post("/intake/complain/", form_data(description=f"第{i}次投诉：空调坏了")).status_code
             for i in range(3)]
    assert codes == [302, 302, 429] and Complaint.objects.count() == 2


def test_bots_filling_the_honeypot_or_submitting_instantly_are_refused(client, settings):
    assert client.post("/intake/complain/", form_data(website="http://spam")).status_code == 422
    settings.BIHUAN_INTAKE_FORM_MIN_SECONDS = 3
    assert client.post("/intake/complain/", form_data()).status_code == 429
    assert Complaint.objects.count() == 0


def test_a_double_submit_of_the_same_form_is_one_complaint(client):
    data = form_data()
    client.post("/intake/complain/", data)
    client.post("/intake/complain/", data)
    assert Complaint.objects.count() == 1


def test_the_app_form_records_the_app_channel(client):
    client.post("/intake/complain/app/", form_data())
    assert Complaint.objects.get().channel == "app"
