"""Surges: an injected burst is found with its cells and window; a healthy background raises none
beyond the nominal false-alarm level."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from caselog_support import cases_frame
from netdiag.cases import find_surges
from netdiag.render.labels import REPORT_COLUMNS as COLUMNS, REPORT_LABELS as LABELS
from netdiag.cases.surges import benjamini_hochberg, surges_frame

START = pd.Timestamp("2026-06-01")
ALPHA = 0.05


def network(ncell: int, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    cells = pd.DataFrame({
        "cell": [f"C{i:04d}" for i in range(ncell)], "bsc": [f"BSC{i % 8}" for i in range(ncell)],
        "region": [f"R{i % 3}" for i in range(ncell)],
    })
    rates = rng.gamma(0.8, 0.2, ncell)  # complaints a day: most cells quiet, a few busy (up to ~1.5)
    return cells, rates


def poisson_background(cells: pd.DataFrame, rates: np.ndarray, days: int, seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    counts = rng.poisson(np.tile(rates, (days, 1)))
    rows = []
    for day, cell in zip(*np.nonzero(counts)):
        for _ in range(counts[day, cell]):
            rows.append({"received_at": START + pd.Timedelta(days=int(day), seconds=int(rng.integers(0, 86400))),
                         "cell": cells["cell"][cell], "symptom": "call_drop"})
    return rows


def test_an_injected_burst_is_a_surge_with_its_cell_and_window():
    cells, rates = network(300, seed=1)
    rows = poisson_background(cells, rates, days=60, seed=2)
    quiet = cells["cell"][int(np.argsort(rates)[150])]  # a cell of median rate
    burst_day = START + pd.Timedelta(days=59)
    rows += [{"received_at": burst_day + pd.Timedelta(hours=8 + h), "cell": quiet, "symptom": "one_way_audio"} for h in range(6)]
    surges = find_surges(cases_frame(*rows), cells, end=burst_day)
    cell_surges = [s for s in surges if s.level == "cell"]
    assert [s.unit for s in cell_surges] == [quiet]
    surge = cell_surges[0]
    assert (surge.start, surge.end) == (burst_day.date(), burst_day.date())
    assert surge.count >= 6 and surge.cells == [quiet] and surge.symptoms["one_way_audio"] == 6
    assert surge.q_value <= ALPHA and surge.ratio > 5
    assert len(surge.case_ids) == surge.count
    for area in (s for s in surges if s.level != "cell"):  # an area may surge with it, never without the cell
        assert quiet in area.cells
    table = surges_frame(surges)
    assert list(table.columns) == COLUMNS["surges"] and set(LABELS["zh"]["surges"]) == set(table.columns)
    assert table.loc[table["unit"] == quiet, "start"].tolist() == [burst_day.date()]


def test_consecutive_surging_days_are_one_surge():
    cells, rates = network(100, seed=3)
    rows = poisson_background(cells, rates, days=40, seed=4)
    target = cells["cell"][int(np.argmin(rates))]
    for day in (37, 38, 39):
        rows += [{"received_at": START + pd.Timedelta(days=day, hours=9 + h), "cell": target} for h in range(5)]
    surges = [s for s in find_surges(cases_frame(*rows), cells, days=5, levels=("cell",)) if s.unit == target]
    assert [(s.start, s.end) for s in surges] == [((START + pd.Timedelta(days=37)).date(), (START + pd.Timedelta(days=39)).date())]
    assert surges[0].count == 15


def test_a_cell_without_history_surges_on_the_floor_rate():
    cells, rates = network(50, seed=5)
    rows = poisson_background(cells, rates * 0, days=40, seed=6)  # a silent network
    day = START + pd.Timedelta(days=39)
    rows_three = [{"received_at": day + pd.Timedelta(hours=h), "cell": "C0007"} for h in range(3)]
    rows_two = [{"received_at": day + pd.Timedelta(hours=h), "cell": "C0007"} for h in range(2)]
    first = {"received_at": START, "cell": "C0001"}  # the log's first day, 39 days before
    assert [s.unit for s in find_surges(cases_frame(first, *rows_three), cells, levels=("cell",))] == ["C0007"]
    assert find_surges(cases_frame(first, *rows_two), cells, levels=("cell",)) == []


def test_too_little_history_is_not_tested():
    rows = [{"received_at": START + pd.Timedelta(days=2, hours=h), "cell": "C1"} for h in range(10)]
    rows.append({"received_at": START, "cell": "C2"})
    assert find_surges(cases_frame(*rows)) == []  # two days of history, fewer than seven


def test_a_healthy_network_stays_within_the_nominal_false_alarm_rate():
    cells, rates = network(400, seed=8)
    frame = cases_frame(*poisson_background(cells, rates, days=130, seed=9))
    runs = range(30, 130)  # each day tested on its own, as a daily job would: 100 families of 400 cells + 11 areas
    alarmed = [d for d in runs if find_surges(frame, cells, end=START + pd.Timedelta(days=d), alpha=ALPHA)]
    assert len(alarmed) <= ALPHA * len(runs)
    # One family of every cell and area over the last 60 days: no surge at all.
    assert find_surges(frame, cells, end=START + pd.Timedelta(days=129), days=60, alpha=ALPHA) == []


def test_benjamini_hochberg_by_hand():
    q = benjamini_hochberg(np.array([0.01, 0.04, 0.03, 0.5]))
    assert q == pytest.approx([0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.5])
