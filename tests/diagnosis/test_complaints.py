"""A day's complaints from a ticket file: located, understood, triaged, one row each."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from netdiag.cli.app import app
from netdiag.diagnosis.tickets import read_complaints

runner = CliRunner()
DAY = "2026-11-20"


def fault_cell(truth: pd.DataFrame, cause: str) -> str:
    return truth.loc[(truth["cause"] == cause) & (truth["role"] == "injected"), "cell"].iloc[0]


def ahead(cells: pd.DataFrame, cell: str, metres: float) -> tuple[float, float]:
    row = cells.set_index("cell").loc[cell]
    azimuth, lat, lon = np.radians(float(row["azimuth"])), float(row["lat"]), float(row["lon"])
    return lat + metres * np.cos(azimuth) / 111_195, lon + metres * np.sin(azimuth) / (111_195 * np.cos(np.radians(lat)))


@pytest.fixture(scope="module")
def tickets(tmp_path_factory, sample_diagnosis, sample_truth):
    """A ticket export with Chinese headers, as a call centre writes it."""
    from netdiag.sample import affected_cells

    cells = sample_diagnosis.dataset["cells"]
    touched = set().union(*affected_cells(sample_truth, cells, sample_diagnosis.dataset["neighbours"]).values())
    healthy = next(c for c in cells["cell"] if c not in touched)
    congested = cells.set_index("cell").loc[fault_cell(sample_truth, "cell_congestion")]
    lat, lon = ahead(cells, fault_cell(sample_truth, "trx_latent_fault"), 300)
    down = fault_cell(sample_truth, "cell_out_of_service")
    rows = [
        ("T001", f"{DAY} 21:00", "", "13800000001", "对方听不到我说话", fault_cell(sample_truth, "trx_short_hold"), "", "", "", "", "武汉"),
        ("T002", f"{DAY} 21:00", "", "13800000002", "电话经常打不出去", "", int(congested["lac"]), int(congested["ci"]), "", "", ""),
        ("T003", f"{DAY} 21:00", "", "13800000003", "my calls keep dropping", "", "", "", f"{lat:.6f}", f"{lon:.6f}", ""),
        ("T004", f"{DAY} 21:00", "", "13800000004", "经常掉话", healthy, "", "", "", "", ""),
        ("T005", f"{DAY} 21:00", "", "13800000005", "掉话还有杂音", healthy, "", "", "", "", ""),
        ("T006", f"{DAY} 21:00", "", "13800000006", "经常掉话", "", "", "", "", "", "不知道"),
        ("T007", f"{DAY} 21:00", "", "13800000007", "经常掉话", "NO_SUCH_CELL", "", "", "", "", ""),
        ("T008", f"{DAY} 21:00", f"{DAY} 07:30", "13800000008", "家里没信号", down, "", "", "", "", ""),
        ("T009", f"{DAY} 21:00", f"{DAY} 18:30", "13800000009", "家里没信号", down, "", "", "", "", ""),
    ]
    header = "工单号,受理时间,发生时间,用户号码,投诉现象,小区名称,LAC,CI,纬度,经度,地址"
    text = header + "\n" + "\n".join(",".join(str(v) for v in row) for row in rows) + "\n"
    path = tmp_path_factory.mktemp("tickets") / "complaints.csv"
    path.write_bytes(text.encode("gb18030"))  # call-centre exports are often GBK
    return path


@pytest.fixture(scope="module")
def results(sample_dir, tickets):
    result = runner.invoke(app, ["triage", str(sample_dir), "--complaints", str(tickets), "--format", "json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    return {row["complaint_id"]: row for row in json.loads(result.stdout)["complaints"]}


def test_the_ticket_file_is_read_with_its_chinese_headers(tickets):
    frame = read_complaints(tickets)
    assert len(frame) == 9
    assert frame["symptom"].iloc[0] == "对方听不到我说话"
    assert frame["occurred_at"].notna().sum() == 2


def test_every_complaint_gets_one_row_in_file_order(results):
    assert list(results) == [f"T00{i}" for i in range(1, 10)]


def test_faults_are_found_whatever_way_the_ticket_says_where(results, sample_truth):
    assert results["T001"]["symptom"] == "one_way_audio" and results["T001"]["cause"] == "trx_short_hold"
    assert results["T002"]["symptom"] == "call_setup" and results["T002"]["cause"] == "cell_congestion"
    assert results["T002"]["cell"] == fault_cell(sample_truth, "cell_congestion")  # found by LAC + CI
    assert results["T003"]["symptom"] == "call_drop" and results["T003"]["cause"] == "trx_latent_fault"
    assert results["T003"]["cause_cell"] == fault_cell(sample_truth, "trx_latent_fault")  # found by coordinates
    for key in ("T001", "T002", "T003"):
        assert results[key]["verdict"] == "fault_found"
        assert results[key]["confidence"] in ("high", "medium") and results[key]["remedy"]
        assert 1 <= len(results[key]["top"]) <= 3


def test_a_healthy_cell_gets_no_fault_found(results):
    assert results["T004"]["verdict"] == "no_fault_found"


def test_unclear_tickets_say_what_is_missing_instead_of_stopping_the_batch(results):
    assert results["T005"]["verdict"] == "needs_symptom"
    assert "call_drop" in results["T005"]["note"] and "choppy_voice" in results["T005"]["note"]
    assert results["T006"]["verdict"] == "needs_location"
    assert results["T007"]["verdict"] == "error" and "NO_SUCH_CELL" in results["T007"]["note"]


def test_the_time_of_the_complaint_decides(results):
    assert results["T008"]["cause"] != "cell_out_of_service"  # the cell went down at noon
    assert results["T009"]["cause"] == "cell_out_of_service"


def test_csv_and_xlsx_open_as_tables(sample_dir, tickets, tmp_path):
    result = runner.invoke(app, ["triage", str(sample_dir), "--complaints", str(tickets), "--format", "csv", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(io.StringIO(result.stdout))
    assert len(table) == 9 and {"complaint_id", "verdict", "cause", "cell", "confidence"} <= set(table.columns)
    assert table.loc[table["complaint_id"] == "T001", "remedy"].iloc[0] != ""  # Chinese remedy text
    target = tmp_path / "triage.xlsx"
    result = runner.invoke(app, ["triage", str(sample_dir), "--complaints", str(tickets), "--output", str(target), "--lang", "en"])
    assert result.exit_code == 0, result.output
    sheet = pd.read_excel(target, sheet_name="triage")  # a workbook is for people: headings in words
    assert list(sheet["ticket"]) == [f"T00{i}" for i in range(1, 10)]
    assert set(sheet["verdict"]) <= {"fault found", "no network fault", "symptom unclear", "location missing", "no evidence", "cannot triage"}
    result = runner.invoke(app, ["triage", str(sample_dir), "--complaints", str(tickets), "--output", str(target), "--lang", "zh"])
    sheet = pd.read_excel(target, sheet_name="投诉诊断")
    assert list(sheet["工单"]) == [f"T00{i}" for i in range(1, 10)] and "发现故障" in set(sheet["结论"])
    assert not {"verdict", "complaint_id", "confidence", "high", "fault_found"} & {*sheet.columns, *sheet["结论"], *sheet["置信度"].dropna()}


def test_complaints_and_a_single_location_do_not_mix(sample_dir, tickets):
    result = runner.invoke(app, ["triage", str(sample_dir), "--complaints", str(tickets), "--cell", "S0001A"])
    assert result.exit_code == 2
    assert "--complaints takes location" in result.output


def test_a_missing_complaints_file_is_one_line(sample_dir, tmp_path):
    result = runner.invoke(app, ["triage", str(sample_dir), "--complaints", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2 and "nope.csv" in result.output and "Traceback" not in result.output
