"""A ticket with a value that cannot be read, or a place off the network, says why in its own row and
the batch goes on (issue 15, items 10 and 11)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from netdiag.cli.app import app
from netdiag.diagnosis.tickets import read_complaints

runner = CliRunner()
DAY = "2026-11-20"
HEADER = "complaint_id,occurred_at,symptom,cell,lat,lon\n"


@pytest.fixture(scope="module")
def ticket_file(tmp_path_factory, sample_diagnosis):
    cells = sample_diagnosis.dataset["cells"]
    east = cells.loc[cells["lon"].astype(float).idxmax()]
    far_lon = float(east["lon"]) + 90_000 / (111_195 * 0.86)  # 90 km east of the easternmost cell
    cell = cells["cell"].iloc[0]
    text = HEADER + "\n".join([
        f"K01,{DAY} 20:00,call_drop,{cell},,",
        f"K02,{DAY} 20:00,call_drop,,abc,114.27",  # lat `abc`
        f"K03,next tuesday,call_drop,{cell},,",  # a time nobody can read
        f"K04,{DAY} 20:00,no_coverage,,114.27,30.58",  # lat and lon swapped
        f"K05,{DAY} 20:00,no_coverage,,0,0",  # a spot at 0,0 (an empty GPS fix)
        f"K06,{DAY} 20:00,call_drop,,{float(east['lat']):.5f},{far_lon:.5f}",  # 90 km outside every cell
        f"K07,{DAY} 20:00,no_coverage",  # a row cut short
        f"K08,{DAY} 20:00,call_drop,{cell},,",
    ]) + "\n"
    path = tmp_path_factory.mktemp("tickets") / "complaints.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rows(sample_dir, ticket_file):
    result = runner.invoke(app, ["triage", str(sample_dir), "--complaints", str(ticket_file), "--format", "json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.stderr
    return {row["complaint_id"] or f"line {i + 2}": row for i, row in enumerate(json.loads(result.stdout)["complaints"])}


def test_every_ticket_keeps_its_row_in_file_order(rows):
    assert list(rows) == ["K01", "K02", "K03", "K04", "K05", "K06", "line 8", "K08"]
    assert rows["K01"]["verdict"] in ("fault_found", "no_fault_found")
    assert rows["K08"]["verdict"] == rows["K01"]["verdict"]


def test_an_unreadable_value_names_its_line_and_column(rows, ticket_file):
    assert rows["K02"]["verdict"] == "error"
    assert rows["K02"]["note"] == f"{ticket_file}:3: column lat: cannot read 'abc' as a number"
    assert rows["K03"]["verdict"] == "error"
    assert rows["K03"]["note"] == f"{ticket_file}:4: column occurred_at: cannot read 'next tuesday' as a time"
    assert rows["line 8"]["verdict"] == "error" and rows["line 8"]["note"].startswith(f"{ticket_file}:8: ")


def test_swapped_coordinates_are_refused_as_on_the_command_line(rows):
    assert rows["K04"]["verdict"] == "error"
    assert "latitude must be within ±90" in rows["K04"]["note"] and "swapped?" in rows["K04"]["note"]
    assert rows["K04"]["cause"] in (None, "")  # never a confident coverage_gap


@pytest.mark.parametrize("ticket", ["K05", "K06"])
def test_a_spot_outside_the_network_is_out_of_area_not_a_gap_nor_normal(rows, ticket):
    row = rows[ticket]
    assert row["verdict"] == "no_evidence"
    assert row["note"].startswith("out of area: ") and "km from the nearest cell" in row["note"]
    assert not row["top"]


def test_read_complaints_keeps_the_bad_tickets_with_their_error(ticket_file):
    frame = read_complaints(ticket_file)
    assert list(frame["line"]) == list(range(2, 10))
    assert frame["error"].notna().tolist() == [False, True, True, False, False, False, True, False]


def test_empty_and_total_rows_are_no_tickets(tmp_path):
    path = tmp_path / "tickets.csv"
    path.write_text("complaint_id,symptom,cell\nA1,call_drop,S0001A\n,,\n合计,,\nA2,call_drop,S0002A\n", encoding="utf-8")
    frame = read_complaints(path)
    assert list(frame["complaint_id"]) == ["A1", "A2"] and frame["error"].isna().all()
