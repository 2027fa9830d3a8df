"""`netdiag cases` through typer's runner: the desk's commands, their formats, bad input as one line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from netdiag.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
NETWORK = ROOT / "samples" / "network"
DESK = ROOT / "samples" / "desk"
runner = CliRunner()

TICKETS = """\
工单号,受理时间,发生时间,用户号码,投诉现象,小区名称,LAC,CI,纬度,经度,地址
T1,2026-11-20 21:10,2026-11-20 15:40,13907100001,家里没信号,S0009B,,,,,中北路 1 号
T2,yesterday,,13907100002,经常掉话,S0120B,,,,,
T3,2099-01-01 10:00,,13907100003,经常掉话,S0120B,,,,,
T4,2026-11-20 21:30,2026-11-20 19:00,13907100001,经常掉话,S9999X,,,,,
T5,2026-11-19 10:00,,13907100005,打不出电话,,4109,20034,,,
"""


def run(db: Path, *args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, ["cases", *args, *(["--db", str(db)] if db is not None else [])], env=env)


@pytest.fixture
def tickets(tmp_path) -> Path:
    path = tmp_path / "tickets.csv"
    path.write_text(TICKETS, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """A log with the sample tickets of the three months, imported without data (quick)."""
    db = tmp_path_factory.mktemp("cli") / "cases.db"
    for month in ("2026-09", "2026-10", "2026-11"):
        result = run(db, "import", str(DESK / f"tickets-{month}.csv"), "--lang", "en")
        assert result.exit_code == 0, result.output
    return db


def test_import_triages_refuses_bad_rows_in_one_line_each_and_flags_unknown_cells(tmp_path, tickets):
    db = tmp_path / "cases.db"
    result = run(db, "import", str(tickets), "--data", str(NETWORK), "--lang", "en", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["added"], doc["verdicts"]) == (3, {"fault_found": 1, "error": 1, "no_evidence": 1})
    refused = {r["complaint_id"]: r["reason"] for r in doc["refused"]}
    assert refused[f"{tickets}:3"] == "column received_at: cannot read 'yesterday' as a time"
    assert "in the future" in refused["T3"]
    assert doc["flagged"] == [{"complaint_id": "T4", "flags": ["unknown_cell"]}]
    assert f"refused {tickets}:3: column received_at" in result.stderr and "3 added" in result.stderr
    again = run(db, "import", str(tickets), "--data", str(NETWORK), "--lang", "en", "--format", "json")
    assert json.loads(again.stdout)["unchanged"] == 3  # idempotent on complaint_id
    shown = json.loads(run(db, "show", "T1", "--format", "json").stdout)
    assert (shown["verdict"], shown["class"], shown["causes"][0]["cause"]) == ("fault_found", "valid", "cell_out_of_service")
    assert json.loads(run(db, "show", "T5", "--format", "json").stdout)["cell"] is None  # LAC+CI named its cell...
    assert json.loads(run(db, "show", "T5", "--format", "json").stdout)["cells"] == ["S0009B"]  # ...among those involved


def test_the_log_is_found_through_netdiag_db(tmp_path, tickets):
    path = tmp_path / "elsewhere" / "desk.db"
    result = runner.invoke(app, ["cases", "import", str(tickets)], env={"NETDIAG_DB": str(path)})
    assert result.exit_code == 0 and path.is_file()
    listed = runner.invoke(app, ["cases", "list", "--format", "json"], env={"NETDIAG_DB": str(path)})
    assert [c["complaint_id"] for c in json.loads(listed.stdout)["cases"]] == ["T5", "T1", "T4"]


def test_a_damaged_or_foreign_file_is_one_line_and_exit_2(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    result = run(junk, "list")
    assert result.exit_code == 2 and result.stderr.strip() == f"netdiag: error: {junk}: not a netdiag case log (not an SQLite database)"
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE things (x)")
    conn.close()
    result = run(other, "list")
    assert result.exit_code == 2 and "without the case log's marker" in result.stderr and len(result.stderr.splitlines()) == 1
    assert run(tmp_path / "none.db", "list").stderr.strip().endswith("no case log there")


def test_lists_mask_numbers_unless_asked_and_write_every_format(imported, tmp_path):
    doc = json.loads(run(imported, "list", "--repeat", "--format", "json").stdout)
    assert doc["cases"] and all(c["msisdn"].startswith("*******") for c in doc["cases"] if c["msisdn"])
    full = json.loads(run(imported, "list", "--repeat", "--format", "json", "--show-msisdn").stdout)
    assert all(c["msisdn"].isdigit() for c in full["cases"] if c["msisdn"])
    out = tmp_path / "cases.csv"
    assert run(imported, "list", "--status", "received", "-o", str(out), "--lang", "zh").exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\ufeff案件号,工单号,受理时间,状态")  # BOM and Chinese headers for Excel
    stdout = run(imported, "list", "--symptom", "call_drop", "--format", "csv", "--lang", "en").stdout
    assert stdout.startswith("case,ticket,received,status") and "dropped calls" in stdout
    book = tmp_path / "cases.xlsx"
    assert run(imported, "list", "--symptom", "no_coverage", "-o", str(book), "--lang", "en").exit_code == 0
    sheet = load_workbook(book).active
    assert [c.value for c in sheet[1]][:3] == ["case", "ticket", "received"]
    assert run(imported, "list", "--format", "xlsx").exit_code == 2  # a binary format needs a file


def test_update_moves_a_case_along_and_refuses_a_wrong_step_in_one_line(tmp_path, tickets):
    db = tmp_path / "cases.db"
    run(db, "import", str(tickets))
    done = run(db, "update", "T1", "--status", "acknowledged", "--owner", "Li", "--at", "2026-11-20 22:00", "--user", "li",
               "--format", "json")
    assert done.exit_code == 0, done.output
    case = json.loads(done.stdout)
    assert (case["status"], case["acknowledged_at"], case["owner"]) == ("acknowledged", "2026-11-20 22:00:00", "Li")
    assert {h["field"] for h in case["history"] if h["user"] == "li"} == {"status", "acknowledged_at", "owner"}
    wrong = run(db, "update", "T1", "--status", "closed")
    assert wrong.exit_code == 2
    assert wrong.stderr.strip() == "netdiag: error: case 1: cannot go from acknowledged to closed; from acknowledged only to investigating"
    assert run(db, "update", "T1", "--status", "investigating", "--at", "2099-01-01 00:00").exit_code == 2
    assert run(db, "update", "T1", "--class", "explained", "--fix-date", "2026-11-21").exit_code == 0
    assert "no case 99" in run(db, "show", "99").stderr


def test_add_takes_a_call_at_the_desk_and_triages_it(tmp_path):
    db = tmp_path / "cases.db"
    result = run(db, "add", "--cell", "S0009B", "--text", "手机显示无服务", "--msisdn", "13900000001", "--time", "2026-11-20 18:00",
                 "--received", "2026-11-20 18:30", "--data", str(NETWORK), "--format", "json")
    assert result.exit_code == 0, result.output
    case = json.loads(result.stdout)
    assert case["complaint_id"].startswith("DESK-") and case["verdict"] == "fault_found" and case["region"] == "武昌区"
    assert run(db, "add", "--lac", "1").exit_code == 2


def test_hotspots_as_map_layers_and_surges_as_json(imported, tmp_path):
    geo = tmp_path / "hot.geojson"
    assert run(imported, "hotspots", "--days", "7", "-o", str(geo)).exit_code == 0
    features = json.loads(geo.read_text(encoding="utf-8"))["features"]
    assert len(features) == 1 and abs(features[0]["geometry"]["coordinates"][1] - 30.486) < 0.01
    kml = tmp_path / "hot.kml"
    assert run(imported, "hotspots", "--days", "7", "-o", str(kml), "--lang", "zh").exit_code == 0
    assert "<Placemark>" in kml.read_text(encoding="utf-8") and "投诉热点" in kml.read_text(encoding="utf-8")
    surges = json.loads(run(imported, "surges", "--format", "json", "--level", "cell").stdout)
    assert [(s["level"], s["unit"], s["start"]) for s in surges["surges"]] == [("cell", "S0009B", "2026-11-20")]
    assert "network" not in surges["surges"][0]  # no data given: the surge alone
    assert run(imported, "surges", "--level", "city").exit_code == 2


def test_the_report_as_xlsx_in_either_language_and_json(imported, tmp_path):
    for lang, first, ratio in (("zh", "月度概况", "万人投诉比"), ("en", "the month", "complaints per 10,000 subscribers")):
        book = tmp_path / f"report-{lang}.xlsx"
        result = run(imported, "report", "--month", "2026-11", "--subscribers", str(DESK / "subscribers.csv"), "-o", str(book), "--lang", lang)
        assert result.exit_code == 0, result.output
        workbook = load_workbook(book)
        assert workbook.sheetnames[0] == first and len(workbook.sheetnames) >= 13
        assert ratio in [c.value for c in workbook[workbook.sheetnames[1]][1]]
    doc = json.loads(run(imported, "report", "--month", "2026-11", "--format", "json").stdout)
    assert doc["month"] == "2026-11" and {"summary", "by_region", "ratio_trend", "sla", "hotspots", "surges"} <= set(doc["views"])
    assert run(imported, "report", "--month", "2026-13").exit_code == 2
    assert run(imported, "report", "--month", "2026-11", "--format", "xlsx").exit_code == 2  # needs -o


def test_recheck_needs_data_and_a_fix_date(tmp_path, tickets):
    db = tmp_path / "cases.db"
    run(db, "import", str(tickets))
    assert "give --store" in run(db, "recheck", "T1").stderr
    result = run(db, "recheck", "T1", "--data", str(NETWORK))
    assert result.exit_code == 2 and "has no fix date" in result.stderr


def test_tickets_from_a_workbook_with_chinese_headers(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in [line.split(",") for line in TICKETS.splitlines()]:
        sheet.append([None if v == "" else v for v in row])
    path = tmp_path / "工单.xlsx"
    book.save(path)
    result = run(tmp_path / "cases.db", "import", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["added"] == 3 and {r["complaint_id"] for r in doc["refused"]} == {f"{path}!Sheet:3", "T3"}  # file, sheet and row
