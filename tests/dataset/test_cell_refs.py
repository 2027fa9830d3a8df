"""Statistics and alarms that name cells by CGI or by LAC + CI are matched to the configuration's cell
names; a key that matches no cell is flagged like an unknown cell."""

from __future__ import annotations

from netdiag import load_dataset
from tests.conftest import write

CELLS = "cell,bsc,lac,ci,bcch,ncc,bcc\nS0042A,BSC01,4101,20041,62,5,3\nS0042B,BSC01,4101,20042,66,5,4\n"


def _unknown(dataset):
    return [f for f in dataset.flags if f.get("check") == "unknown cell"]


def test_statistics_keyed_by_cgi_in_its_written_forms(tmp_path):
    write(tmp_path / "cells.csv", CELLS)
    write(tmp_path / "kpi.csv", "start_time,CGI,tch_attempts,tch_drops\n"
          "2026-12-07 10:00,460-00-4101-20041,100,2\n"
          "2026-12-07 10:00,460 00 4101 20042,90,1\n"
          "2026-12-07 11:00,46000410120042,80,0\n"
          "2026-12-07 11:00,460-00-1005-4E49,70,0\n"  # hexadecimal LAC and CI: 4101, 20041
          "2026-12-07 11:00,460-00-4101-29999,10,0\n")
    dataset = load_dataset(tmp_path)
    kpi = dataset.tables["cell_kpi"]
    assert kpi["cell"].tolist() == ["S0042A", "S0042B", "S0042B", "S0042A", "460-00-4101-29999"]
    assert "cgi" not in kpi.columns
    [flag] = _unknown(dataset)
    assert (flag["table"], flag["rows"], flag["example"]) == ("cell_kpi", 1, "460-00-4101-29999")


def test_statistics_keyed_by_lac_and_ci(tmp_path):
    write(tmp_path / "cells.csv", CELLS)
    write(tmp_path / "kpi.csv", "start_time,LAC,CI,tch_attempts,tch_drops\n"
          "2026-12-07 10:00,4101,20041,100,2\n2026-12-07 10:00,4101,20042,90,1\n2026-12-07 10:00,4102,7,9,1\n")
    dataset = load_dataset(tmp_path)
    assert dataset.tables["cell_kpi"]["cell"].tolist() == ["S0042A", "S0042B", "4102-7"]
    [flag] = _unknown(dataset)
    assert (flag["rows"], flag["example"]) == (1, "4102-7")
    report = next(r for r in dataset.reports if r.table == "cell_kpi")
    assert report.columns["LAC"] == report.columns["CI"] == "cell (by LAC+CI)"


def test_alarms_keyed_by_cgi(tmp_path):
    write(tmp_path / "cells.csv", CELLS)
    write(tmp_path / "alarms.csv", "raised_at,alarm,severity,CGI\n2026-12-07 10:03:00,VSWR alarm,major,460-00-4101-20042\n")
    dataset = load_dataset(tmp_path)
    assert dataset.tables["alarms"]["cell"].tolist() == ["S0042B"]


def test_a_cells_file_keeps_its_own_lac_and_ci(tmp_path):
    write(tmp_path / "cells.csv", CELLS)
    cells = load_dataset(tmp_path).tables["cells"]
    assert cells["cell"].tolist() == ["S0042A", "S0042B"] and cells["lac"].tolist() == [4101, 4101]
