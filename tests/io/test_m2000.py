"""Huawei M2000/U2000 performance CSV (hand-written files in tests/io/m2000, see its README) read unaided:
one file per counter group, put together by key; the Object Name parsed; Reliability flagged; the
row of units skipped; CGIs matched to the configuration."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from netdiag import load_dataset
from netdiag.io.folder import NOT_A_TABLE, NOT_READ, read_folder

M2000 = Path(__file__).resolve().parent / "m2000"
CS = "pmresult_1275071424_60_202611201400_202611201600.csv"
DROPS = "pmresult_1275071458_60_202611201400_202611201600.csv"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(M2000)


def row(frame: pd.DataFrame, cell: str, hour: int) -> pd.Series:
    found = frame[(frame["cell"] == cell) & (frame["start_time"] == pd.Timestamp(f"2026-11-20 {hour}:00"))]
    assert len(found) == 1, found
    return found.iloc[0]


def test_two_counter_groups_of_the_same_cells_make_one_row_per_cell_and_period(dataset):
    kpi = dataset["cell_kpi"]
    assert len(kpi) == 6 and set(kpi["period_min"]) == {60}
    a14 = row(kpi, "S0042A", 14)
    assert a14["tch_attempts"] == 3 + 120 + 30  # K3020 + K3010A + K3010B
    assert a14["tch_congestion"] == 0 + 2 + 1 and a14["tch_seizures"] == 3 + 117 + 28
    assert a14["tch_traffic_erl"] == 12.5 and a14["tch_available"] == 14
    assert a14["tch_drops"] == 2  # CM33, written as its id 1278072498 in the other file
    assert a14["ho_out_success"] == 40 + 3  # CH313 + CH333, ids 1278079528 and 1278081557


def test_the_cell_is_the_label_of_the_object_name_or_the_configured_cell_of_its_cgi(dataset):
    # S0042B is exported as S0042B_OLD; its CGI 4600010054E4A is LAC 0x1005 = 4101, CI 0x4E4A = 20042
    assert set(dataset["cell_kpi"]["cell"]) == {"S0042A", "S0042B", "S0042C"}
    assert row(dataset["cell_kpi"], "S0042B", 15)["tch_attempts"] == 0 + 90 + 22
    assert "cgi" not in dataset["cell_kpi"].columns
    assert not [f for f in dataset.flags if f["check"] == "unknown cell"]
    assert "cell_kpi: 2 rows named by their CGI (the configuration's lac and ci)" in dataset.notes


def test_rows_the_export_calls_unreliable_are_kept_and_flagged(dataset):
    flag = next(f for f in dataset.flags if f["check"] == "not reliable")
    assert flag["table"] == "cell_kpi" and flag["rows"] == 1
    assert flag["example"] == f"{CS}: S0042C 2026-11-20 14:00:00: unreliable"
    assert row(dataset["cell_kpi"], "S0042C", 14)["tch_attempts"] == 0


def test_absent_values_stay_missing_and_a_sum_with_a_missing_term_is_missing(dataset):
    c15 = row(dataset["cell_kpi"], "S0042C", 15)
    assert pd.isna(c15["tch_attempts"]) and pd.isna(c15["tch_traffic_erl"]) and c15["tch_available"] == 14


def test_each_file_is_reported_with_its_counters_and_the_others_with_their_reason():
    read = read_folder(M2000)
    reports = {Path(r.path).name: r for r in read.reports}
    cs = reports[CS]
    assert cs.format == "Huawei M2000/U2000 performance CSV" and cs.table == "cell_kpi" and cs.rows == 6
    assert cs.columns["Object Name"] == "cell" and cs.columns["Result Time"] == "start_time"
    assert cs.counters["matched"]["K3014:Traffic Volume on TCH(Erl)"] == "huawei K3014"
    assert cs.counters["computed"]["tch_attempts"] == "K3020 + K3010A + K3010B (huawei)"
    assert cs.counters["unknown"] == ["AR3010A:Mean Number of Dynamically Configured Channels(SDCCH)(900/850/810 band)"]
    assert "a row of units below the header skipped" in cs.notes
    assert reports[DROPS].counters["matched"] == {"1278072498": "huawei CM33", "1278079528": "huawei CH313",
                                                   "1278081557": "huawei CH333"}
    skipped = {Path(s.path).name: s for s in read.skipped}
    assert skipped["README.md"].why == NOT_READ
    sgsn = skipped["pmresult_sgsn_process_60_202611201400.csv"]
    assert sgsn.why == NOT_A_TABLE and sgsn.recognition.scores == {"sccp": 0}  # a process of an SGSN: keys of BSC reports only


def test_the_same_file_exported_twice_counts_once_and_says_which_was_kept(tmp_path):
    for path in M2000.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    shutil.copy(M2000 / DROPS, tmp_path / "pmresult_1275071458_60_again.csv")
    dataset = load_dataset(tmp_path)
    assert len(dataset["cell_kpi"]) == 6 and row(dataset["cell_kpi"], "S0042A", 14)["tch_drops"] == 2
    flag = next(f for f in dataset.flags if f["check"] == "period reported twice")
    assert flag["rows"] == 6 and flag["example"] == "2026-11-20 14:00:00 S0042A 60 (tch_drops)"
    assert Path(str(flag["kept"])).name == DROPS  # files are read in name order: the first one's values are kept
    assert Path(str(flag["left_out"])).name == "pmresult_1275071458_60_again.csv"


def test_an_export_at_two_granularities_counts_each_hour_once(tmp_path):
    shutil.copy(M2000 / "cells.csv", tmp_path / "cells.csv")
    quarter = ["Result Time,Granularity Period,Object Name,Reliability,\"CM33:Call Drops on Traffic Channel\""]
    quarter += [f'2026-11-20 14:{m:02d},15,"BSC01/GCELL:LABEL=S0042A, CellIndex=11",Reliable,1' for m in (0, 15, 30, 45)]
    hour = ["Result Time,Granularity Period,Object Name,Reliability,\"CM33:Call Drops on Traffic Channel\"",
            '2026-11-20 14:00,60,"BSC01/GCELL:LABEL=S0042A, CellIndex=11",Reliable,4',
            '2026-11-20 15:00,60,"BSC01/GCELL:LABEL=S0042A, CellIndex=11",Reliable,7']
    (tmp_path / "drops_15.csv").write_text("\n".join(quarter) + "\n", encoding="utf-8")
    (tmp_path / "drops_60.csv").write_text("\n".join(hour) + "\n", encoding="utf-8")
    dataset = load_dataset(tmp_path)
    kpi = dataset["cell_kpi"].sort_values("start_time")
    assert list(kpi["period_min"]) == [15, 15, 15, 15, 60]  # the 15:00 hour has no quarters: kept hourly
    assert int(kpi["tch_drops"].sum()) == 4 + 7
    flag = next(f for f in dataset.flags if f["check"] == "two granularities")
    assert flag["rows"] == 1 and flag["kept"] == "the finer rows (15 min)"


def test_counters_named_in_netdiag_yaml_are_read_and_the_profile_accepts_the_key(tmp_path):
    """`counters:` in the folder's netdiag.yaml extends the dictionary; the profile loader, which reads
    the same file, used to refuse the key (`netdiag.yaml:1: counters: unknown key`)."""
    from typer.testing import CliRunner

    from netdiag.cli.app import app

    shutil.copy(M2000 / "cells.csv", tmp_path / "cells.csv")
    (tmp_path / "acme.csv").write_text(
        "Result Time,Granularity Period,Object Name,Reliability,ACME_DROPS\n"
        '2026-11-20 14:00,60,"BSC01/GCELL:LABEL=S0042A, CellIndex=11",Reliable,5\n', encoding="utf-8")
    (tmp_path / "netdiag.yaml").write_text(
        "counters:\n  - vendor: acme\n    source: our KPI definitions\n    counters: {ACME_DROPS: {verified: true}}\n"
        "    mappings: {cell_kpi: {tch_drops: ACME_DROPS}}\n", encoding="utf-8")
    assert load_dataset(tmp_path)["cell_kpi"]["tch_drops"].tolist() == [5]
    result = CliRunner().invoke(app, ["scan", str(tmp_path), "--format", "json"])
    assert result.exit_code in (0, 1) and "unknown key" not in result.output, result.output
