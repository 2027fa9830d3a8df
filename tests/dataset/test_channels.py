"""Erlang, TCHs and PDCHs beyond the cell's own channels leave the row out (issue 15, item 1): the
readers' fixed cap (2,048 channels) lets 1,000 Erlang through on a two-TRX cell."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from netdiag.dataset.channels import CHANNELS_PER_TRX, beyond_channels, channels_of_cells
from netdiag.dataset.load import load_dataset

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "network"


@pytest.fixture(scope="module")
def sample_cells() -> pd.DataFrame:
    return pd.read_csv(SAMPLE / "cells.csv")


def copied(tmp_path: Path) -> Path:
    folder = tmp_path / "network"
    shutil.copytree(SAMPLE, folder)
    return folder


def edit_cell_kpi(folder: Path, cell: str, hour: str, **values: str) -> int:
    """Set values in the cell's row of that hour; the row's line in the file."""
    lines = (folder / "cell_kpi.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split(",")
        if fields[0] == hour and fields[1] == cell:
            for column, value in values.items():
                fields[header.index(column)] = value
            lines[number - 1] = ",".join(fields)
            (folder / "cell_kpi.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
            return number
    raise AssertionError(f"no row for {cell} at {hour}")


def test_a_cell_has_sixteen_channels_per_configured_trx():
    cells = pd.DataFrame({"cell": ["A", "B", "C"], "trx_count": pd.array([2, None, 0], dtype="Int64")})
    channels = channels_of_cells(cells)
    assert channels["A"] == 2 * CHANNELS_PER_TRX == 32
    assert pd.isna(channels["B"]) and pd.isna(channels["C"])  # not configured: the fixed cap stands


def test_the_readers_codes_of_the_cells_give_what_each_rows_cell_gives():
    """Coded (each distinct name looked up once) or row by row, the same rows and limits: a cell not
    configured, one without a TRX count and a row without a cell have no limit."""
    cells = pd.DataFrame({"cell": ["A", "B", "C"], "trx_count": pd.array([2, None, 1], dtype="Int64")})
    names = ["C", "A", None, "X", "B", "A", "C"]
    frame = pd.DataFrame({"cell": pd.Series(names, dtype=object), "tch_traffic_erl": [30.0, 40.0, 5.0, 99.0, 50.0, 3.0, 17.0]})
    codes, distinct = pd.factorize(frame["cell"])
    channels = channels_of_cells(cells)
    by_row = beyond_channels(frame, "cell_kpi", channels)
    coded = beyond_channels(frame, "cell_kpi", channels, (codes, pd.Index(distinct, dtype=object)))
    assert by_row[0].tolist() == coded[0].tolist() == [True, True, False, False, False, False, True]
    assert pd.Series(coded[1]).equals(pd.Series(by_row[1]))


def test_erlang_beyond_the_cells_channels_is_left_out_with_its_line(tmp_path, sample_cells):
    trx = int(sample_cells.set_index("cell").loc["S0129B", "trx_count"])
    folder = copied(tmp_path)
    line = edit_cell_kpi(folder, "S0129B", "2026-11-20 10:00", tch_traffic_erl="1000")
    clean = load_dataset(SAMPLE)
    dataset = load_dataset(folder)
    assert len(dataset.tables["cell_kpi"]) == len(clean.tables["cell_kpi"]) - 1
    kept = dataset.tables["cell_kpi"]
    assert not ((kept["cell"] == "S0129B") & (kept["start_time"] == pd.Timestamp("2026-11-20 10:00"))).any()
    note = next(n for n in dataset.notes if "beyond their cell's channels" in n)
    assert note.startswith(f"cell_kpi.csv:{line}: column tch_traffic_erl: 1000 is beyond {trx * 16}")
    assert f"{trx} TRX" in note and note.endswith("1 rows beyond their cell's channels skipped in all")
    report = next(r for r in dataset.reports if r.table == "cell_kpi")
    assert report.rejected[-1][0] == line


def test_channels_within_the_configuration_are_kept(tmp_path):
    folder = copied(tmp_path)
    edit_cell_kpi(folder, "S0129B", "2026-11-20 10:00", tch_traffic_erl="9.5")
    dataset = load_dataset(folder)
    assert not any("beyond their cell's channels" in n for n in dataset.notes)
    assert len(dataset.tables["cell_kpi"]) == len(load_dataset(SAMPLE).tables["cell_kpi"])


def test_impossible_idle_channels_no_longer_make_a_finding(tmp_path):
    """300 idle TCHs in the worst interference band (under the fixed cap of 2,048) on a healthy
    two- or three-TRX cell read as interference on nearly every channel it has."""
    from netdiag import Inputs, scan

    folder = copied(tmp_path)
    for hour in range(8, 22):
        edit_cell_kpi(folder, "S0001A", f"2026-11-20 {hour:02d}:00", idle_tch_band5="300")

    def found(data: Path) -> list[tuple[str, str]]:
        findings = scan(Inputs(data=data)).findings
        return sorted(zip(findings["cause"], findings["object"]))

    assert found(folder) == found(SAMPLE)
