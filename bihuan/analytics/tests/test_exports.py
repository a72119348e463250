"""Exports: every dashboard table and the drill-down list open in a spreadsheet reader, Chinese intact."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from bihuan.accounts.models import Role
from bihuan.analytics.exports import Table, to_csv, to_xlsx
from bihuan.analytics.services import rollups_refresh
from bihuan.analytics.tables import TABLES


def test_csv_has_a_bom_and_formulas_are_defused():
    table = Table("t", "投诉", ["工单号", "描述"], [("TS001", "=HYPERLINK(\"x\")"), ("TS002", "电饭煲不加热")])
    raw = to_csv(table)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows == [["工单号", "描述"], ["TS001", "'=HYPERLINK(\"x\")"], ["TS002", "电饭煲不加热"]]
    sheet = load_workbook(io.BytesIO(to_xlsx(table))).active
    assert sheet.title == "投诉" and sheet["B3"].value == "电饭煲不加热" and sheet["B2"].value.startswith("'=")


@pytest.mark.django_db
def test_every_table_and_the_filtered_drill_down_export(make_user, make_complaint, agent, team, other_team):
    make_complaint(actor=agent, category="product", owner=agent, description="奶粉结块，宝宝不肯喝。")
    make_complaint(actor=agent, category="logistics", owner=agent, description="快递三天没动。")
    stranger = make_user(Role.AGENT, team=other_team)
    make_complaint(actor=stranger, category="product", owner=stranger, description="别人的投诉")
    rollups_refresh()
    analyst = Client()
    analyst.force_login(make_user(Role.ANALYST, username="analyst"))
    for name in TABLES:
        for fmt in ("csv", "xlsx"):
            response = analyst.get(f"/analytics/export/{name}.{fmt}?dim=category")
            assert response.status_code == 200, (name, fmt)
            assert response["Content-Disposition"].endswith(f'.{fmt}"')
    # the agent exports the filtered drill-down: only product complaints, only those the agent may see
    mine = Client()
    mine.force_login(agent)
    body = mine.get("/analytics/export/complaints.xlsx?dim=category&key=product").content
    sheet = load_workbook(io.BytesIO(body)).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "工单号" and len(values) == 2
    assert values[1][-1] == "奶粉结块，宝宝不肯喝。" and values[1][3] == "产品"
    text = mine.get("/analytics/export/complaints.csv?dim=category&key=product").content.decode("utf-8-sig")
    assert "奶粉结块，宝宝不肯喝。" in text and "别人的投诉" not in text
    # agents may not export dashboard tables, and unknown tables are 404
    assert mine.get("/analytics/export/agents.csv").status_code == 403
    assert analyst.get("/analytics/export/nothing.csv").status_code == 404
    assert analyst.get("/analytics/export/kpis.pdf").status_code == 404
