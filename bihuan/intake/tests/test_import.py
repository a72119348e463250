"""import_complaints: CSV and XLSX, mapping, row-level errors, numbering, timeline events."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook

from bihuan.complaints.models import Complaint, NumberSequence, TimelineEvent
from bihuan.customers.models import Customer
from bihuan.intake.services.importing import import_file, parse_mapping

pytestmark = pytest.mark.django_db

ROWS = [
    ["投诉内容", "手机", "订单号", "受理时间", "渠道", "诉求", "来源单号"],
    ["电饭煲不加热", "13800001111", "", "2026-11-20 10:00", "电话", "换货", "H-1"],
    ["", "13800001112", "", "2026-11-20 11:00", "电话", "", "H-2"],  # no description
    ["羽绒服跑绒", "13800001111", "TB000", "2026-11-20 12:00", "传真", "", "H-3"],  # bad channel
    ["空调不制冷", "", "", "not a date", "微信", "", "H-4"],  # bad date
    ["快递丢件", "13800001113", "TB404", "2026/11/21", "wechat", "退款", "H-5"],
    ["", "", "", "", "", "", ""],  # blank line: skipped, not counted
    ["重复的单", "13800001114", "", "2026-11-21 09:00", "电话", "", "H-1"],  # same source id as row 2
]


def write_csv(tmp_path, rows=ROWS):
    path = tmp_path / "history.csv"
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        csv.writer(f).writerows(rows)
    return path


def test_csv_with_chinese_headers_imports_valid_rows_and_reports_every_refused_row(tmp_path, make_complaint):
    make_complaint(received_at=timezone.make_aware(dt.datetime(2026, 11, 20, 9, 0)))  # TS-20261120-000001
    report = import_file(write_csv(tmp_path), mapping=parse_mapping("来源单号=channel_message_id"),
                         batch_size=2)
    assert (report.rows, report.imported) == (6, 2)
    assert {(e.row, e.field) for e in report.errors} == {
        (3, "description"), (4, "channel"), (5, "received_at"), (8, "channel_message_id")}
    assert [w.field for w in report.warnings] == ["order_no"]
    numbers = sorted(Complaint.objects.values_list("number", flat=True))
    assert numbers == ["TS-20261120-000001", "TS-20261120-000002", "TS-20261121-000001"]
    assert NumberSequence.objects.get(day="2026-11-20").last == 2
    imported = Complaint.objects.exclude(number="TS-20261120-000001")
    assert TimelineEvent.objects.filter(complaint__in=imported, kind="created").count() == 2
    first = Complaint.objects.get(channel_message_id="H-1")
    assert (first.channel, first.demand, first.customer.phone) == ("phone", "exchange", "13800001111")
    lost = Complaint.objects.get(channel_message_id="H-5")
    assert "order:TB404" in lost.tags and lost.demand == "refund"


def test_reimporting_the_same_file_refuses_rows_already_imported(tmp_path):
    path = write_csv(tmp_path)
    mapping = parse_mapping("来源单号=channel_message_id")
    import_file(path, mapping=mapping)
    again = import_file(path, mapping=mapping)
    assert again.imported == 0 and Complaint.objects.count() == 2


def test_xlsx_is_read_streamed_with_an_explicit_mapping(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Text", "Mobile", "When"])
    sheet.append(["Earphones: no sound on the left", "13700002222", "2026-11-19 15:30"])
    sheet.append(["洗衣机漏水", "13700002223", None])
    path = tmp_path / "legacy.xlsx"
    book.save(path)
    report = import_file(path, mapping=parse_mapping("Text=description,Mobile=customer_phone,When=received_at"),
                         default_channel="email")
    assert (report.rows, report.imported, report.errors) == (2, 2, [])
    assert set(Complaint.objects.values_list("channel", flat=True)) == {"email"}


def test_the_command_prints_a_summary_and_writes_the_error_report(tmp_path):
    out = io.StringIO()
    report_path = tmp_path / "errors.csv"
    call_command("import_complaints", str(write_csv(tmp_path)), "--mapping", "来源单号=channel_message_id",
                 "--report", str(report_path), "--no-progress", stdout=out)
    assert "imported 2" in out.getvalue() and "refused 4" in out.getvalue()
    lines = report_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "row,field,level,message" and len(lines) == 1 + 4 + 1


def test_an_unknown_mapping_target_is_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="unknown target field"):
        call_command("import_complaints", str(write_csv(tmp_path)), "--mapping", "a=nope")


def test_historical_rows_keep_their_status_and_get_no_owner_or_sla_clocks(tmp_path):
    from bihuan.routing.models import SlaClock

    rows = [["投诉内容", "手机", "受理时间", "状态", "结案时间"],
            ["热水器漏水", "13600001111", "2026-10-01 10:00", "已结案", "2026-10-03 18:00"],
            ["配送员态度差", "13600001112", "2026-10-02 10:00", "", ""]]
    report = import_file(write_csv(tmp_path, rows))
    assert (report.imported, report.errors) == (2, [])
    closed = Complaint.objects.get(description="热水器漏水")
    assert closed.status == "closed" and closed.closed_at == timezone.make_aware(dt.datetime(2026, 10, 3, 18))
    assert Complaint.objects.get(description="配送员态度差").status == "received"
    assert not Complaint.objects.filter(owner__isnull=False).exists()
    assert not SlaClock.objects.exists()
    assert set(Complaint.objects.values_list("next_action_due_at", flat=True)) == {None}


def test_triage_fills_blank_classification_in_batches_when_asked(tmp_path):
    rows = [["投诉内容", "分类"], ["快递三天没动，要求补发", ""], ["电饭煲不加热，要求换货", "product"]]
    import_file(write_csv(tmp_path, rows), triage=True)
    shipped = Complaint.objects.get(description__startswith="快递")
    assert shipped.category and shipped.priority and shipped.demand and shipped.emotion
    kept = Complaint.objects.get(description__startswith="电饭煲")
    assert kept.category == "product" and kept.priority  # the file's value stays, blanks are filled


def test_without_triage_blank_classification_stays_blank(tmp_path):
    import_file(write_csv(tmp_path, [["投诉内容"], ["快递三天没动，要求补发"]]))
    assert Complaint.objects.get().category == ""


def test_only_the_first_issues_are_kept_in_memory_but_every_one_reaches_the_sink(tmp_path, monkeypatch):
    from bihuan.intake.services import importing

    monkeypatch.setattr(importing, "KEPT_ISSUES", 2)
    rows = [["投诉内容", "受理时间"], *[["", "2026-11-20"] for _ in range(5)], ["有效的一行", "bad"]]
    seen = []
    report = import_file(write_csv(tmp_path, rows), sink=lambda level, issue: seen.append((level, issue.row)))
    assert (report.refused, report.error_count, len(report.errors)) == (6, 6, 2)
    assert [row for _, row in seen] == [2, 3, 4, 5, 6, 7]


def test_imported_customers_are_matched_across_batches_and_reused(tmp_path, make_customer):
    known = make_customer(phone="13500000001")
    rows = [["投诉内容", "手机"], ["一", "13500000001"], ["二", "13500000002"], ["三", "13500000002"]]
    import_file(write_csv(tmp_path, rows), batch_size=2)
    by_text = {c.description: c.customer_id for c in Complaint.objects.all()}
    assert by_text["一"] == known.pk and by_text["二"] == by_text["三"] != known.pk


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_batches_are_written_while_the_next_are_read(tmp_path):
    # On PostgreSQL this runs the writer thread (its own connection); elsewhere, the same path in line.
    rows = [["投诉内容", "手机", "受理时间", "来源单号"],
            *[[f"第{i}单", f"1390000{i % 3:04d}", f"2026-11-{1 + i % 5:02d} 10:00", f"P-{i}"] for i in range(9)],
            ["", "13900000001", "2026-11-02", "P-x"]]
    path = write_csv(tmp_path, rows)
    mapping = parse_mapping("来源单号=channel_message_id")
    report = import_file(path, mapping=mapping, batch_size=2)
    assert (report.rows, report.imported, report.refused) == (10, 9, 1)
    assert [e.row for e in report.errors] == [11]
    assert Complaint.objects.count() == 9 == TimelineEvent.objects.filter(kind="created").count()
    assert Complaint.objects.values("customer").distinct().count() == 3
    again = import_file(path, mapping=mapping, batch_size=4)
    assert (again.imported, again.refused) == (0, 10) and Complaint.objects.count() == 9


@pytest.mark.django_db(transaction=True)
def test_a_failing_batch_stops_the_import_with_its_error(tmp_path, monkeypatch):
    from bihuan.intake.services.importing import writing

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writing, "_write_copy", broken)
    monkeypatch.setattr(writing, "_write_orm", broken)
    rows = [["投诉内容"], *[[f"第{i}单"] for i in range(7)]]
    with pytest.raises(RuntimeError, match="disk full"):
        import_file(write_csv(tmp_path, rows), batch_size=2)
    assert not Complaint.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_share_customers_and_refuse_duplicates_still_in_flight(tmp_path):
    # On PostgreSQL two writer threads race over small batches: the same new customers appear in
    # every batch and message ids repeat across batches that are written at the same time.
    rows = [["投诉内容", "手机", "受理时间", "来源单号"],
            *[[f"第{i}单", f"1370000{i % 4:04d}", "2026-11-03 10:00", f"Q-{i % 30}"] for i in range(60)]]
    report = import_file(write_csv(tmp_path, rows), mapping=parse_mapping("来源单号=channel_message_id"),
                         batch_size=3, writers=2)
    assert (report.rows, report.imported, report.refused) == (60, 30, 30)
    assert Complaint.objects.count() == 30
    assert Complaint.objects.values("customer").distinct().count() == 4
    assert Customer.objects.filter(phone__startswith="1370000").count() == 4
    numbers = list(Complaint.objects.values_list("number", flat=True))
    assert len(set(numbers)) == 30 and all(n.startswith("TS-20261103-") for n in numbers)
