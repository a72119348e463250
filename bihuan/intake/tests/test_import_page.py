"""Import page: upload → queued job → the worker runs it → the polled progress partial shows the result."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bihuan.accounts.models import Role
from bihuan.complaints.models import Complaint
from bihuan.intake.models import ImportJob, ImportStatus
from bihuan.intake.services.import_jobs import import_job_run

pytestmark = pytest.mark.django_db
CSV = "投诉内容,手机,受理时间,状态\n电饭煲不加热,13800001111,2026-11-20 10:00,已结案\n,13800001112,2026-11-20 11:00,\n"


def upload(name="history.csv", text=CSV):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


def test_a_lead_uploads_a_file_the_worker_imports_it_and_the_progress_shows_the_result(
        lead_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        r = lead_client.post("/intake/import/", {"file": upload(), "default_channel": "phone"})
    job = ImportJob.objects.get()
    assert r.status_code == 302 and r.url == f"/intake/import/{job.pk}/"
    assert job.status == ImportStatus.QUEUED and len(callbacks) == 1  # enqueued after commit
    page = lead_client.get(r.url).content.decode()
    assert 'hx-trigger="every 1s"' in page  # polls while queued
    import_job_run(job_id=job.pk)  # what the worker does
    job.refresh_from_db()
    assert (job.status, job.rows, job.imported, job.refused, job.percent) == (ImportStatus.DONE, 2, 1, 1, 100)
    assert job.issues == [["error", 3, "description", "required"]]
    assert Complaint.objects.get().status == "closed"
    partial = lead_client.get(r.url, headers={"HX-Request": "true"}).content.decode()
    assert "every 1s" not in partial and 'value="100"' in partial
    assert import_job_run(job_id=job.pk) is None  # idempotent: a finished job is not run again


def test_only_csv_or_xlsx_is_accepted(lead_client):
    r = lead_client.post("/intake/import/", {"file": upload("notes.txt"), "default_channel": "phone"})
    assert r.status_code == 200 and not ImportJob.objects.exists()


def test_agents_cannot_import(client, make_user, team):
    client.force_login(make_user(Role.AGENT, team=team))
    assert client.get("/intake/import/").status_code == 403
    assert client.post("/intake/import/", {"file": upload(), "default_channel": "phone"}).status_code == 403
    assert not ImportJob.objects.exists()
