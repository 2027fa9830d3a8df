"""Measures per period for the pictures: a cell's values and the network's, worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from netdiag.dataset.context import NetworkContext
from netdiag.dataset.model import Dataset
from netdiag.measures.series import (SYMPTOM_SERIES, available, cell_series, network_series, period_minutes, series_for,
                                     window_values)

T0, T1, T2 = (pd.Timestamp("2026-11-20 10:00") + pd.Timedelta(hours=h) for h in range(3))


def dataset(**extra) -> Dataset:
    cells = pd.DataFrame({"cell": ["A", "B", "C"]})
    kpi = pd.DataFrame({
        "start_time": [T0, T0, T1, T1, T2, T0],
        "cell": ["A", "B", "A", "B", "A", "X"],  # X: not configured, left out of the network
        "period_min": [60] * 6,
        "tch_drops": [2, 0, 1, 3, None, 50],
        "tch_seizures": [100, 100, 0, 100, 80, 50],
        "ho_out_attempts": [10, 20, 0, 0, 10, 10],
        "ho_out_success": [9, 20, 0, 0, 10, 0],
        "tch_traffic_erl": [2.0, 4.0, 3.0, 5.0, 1.0, 9.0],
        "unavailable_s": [0, 1800, 0, 0, 3600, 0],
    })
    return Dataset({"cells": cells, "cell_kpi": kpi, **extra})


def values(frame: pd.DataFrame, measure: str, cell=None) -> list[float]:
    rows = frame[(frame["measure"] == measure) & ((frame["cell"] == cell) if cell else frame["cell"].isna())]
    return [round(v, 6) if not math.isnan(v) else "nan" for v in rows.sort_values("start_time")["value"]]


def test_a_cells_rates_per_period():
    out = cell_series(dataset(), ["A"], ["drop_rate", "ho_out_fail_rate", "tch_traffic_erl", "unavailable_share"])
    assert values(out, "drop_rate", "A") == [0.02, "nan"]  # T1: no seizures; T2: no drop counter reported
    assert values(out, "ho_out_fail_rate", "A") == [0.1, "nan", 0.0]  # 1 - success/attempts
    assert values(out, "tch_traffic_erl", "A") == [2.0, 3.0, 1.0]
    assert values(out, "unavailable_share", "A") == [0.0, 0.0, 1.0]  # seconds down / the period's seconds
    assert set(out["cell"]) == {"A"}


def test_the_network_pools_rates_and_averages_levels_over_configured_cells():
    out = network_series(dataset(), ["drop_rate", "tch_traffic_erl"])
    assert values(out, "drop_rate") == [0.01, 0.04]  # (2+0)/(100+100), (1+3)/(0+100); X left out; T2 no drops reported
    assert values(out, "tch_traffic_erl") == [3.0, 4.0, 1.0]  # mean over the cells that reported


def test_a_window_keeps_the_periods_that_start_in_it():
    out = cell_series(dataset(), ["A", "B"], ["tch_traffic_erl"], between=(T1, T2))
    assert sorted(out["start_time"].unique()) == [T1]
    assert set(out["cell"]) == {"A", "B"}


def test_measures_the_data_cannot_give_are_left_out():
    ds = dataset()
    assert available(ds, ["drop_rate", "tbf_fail_rate", "interference_share"]) == ["drop_rate"]
    assert cell_series(ds, ["A"], ["tbf_fail_rate"]).empty


def test_a_partial_dataset_has_no_network_series():
    context = NetworkContext(cell_baselines={}, busy_periods=frozenset(), sccp_baseline=0.0, window_end=None)
    ds = dataset()
    ds.context = context
    assert network_series(ds, ["drop_rate"]).empty
    assert not cell_series(ds, ["A"], ["drop_rate"]).empty


def test_window_values_of_a_cell_beside_the_network_by_hand():
    out = window_values(dataset(), "A", ["drop_rate", "tch_traffic_erl", "ho_out_fail_rate", "tbf_fail_rate"])
    assert set(out) == {"drop_rate", "tch_traffic_erl", "ho_out_fail_rate"}  # no GPRS statistics: left out
    # T2's seizures of A without a drop counter are left out (as per period); X is not configured
    assert out["drop_rate"] == {"cell": 0.03, "network": 0.02}
    assert out["tch_traffic_erl"] == {"cell": 2.0, "network": 3.0}  # a level: the mean of the periods
    assert out["ho_out_fail_rate"]["cell"] == 0.05 and out["ho_out_fail_rate"]["network"] == 0.025


def test_window_values_count_the_events_and_know_no_network_in_a_partial_dataset():
    gprs = pd.DataFrame({"start_time": [T0, T1, T0], "cell": ["A", "A", "B"], "period_min": [60] * 3,
                         "tbf_attempts": [100, 50, 200], "tbf_fail": [3, 0, 2]})
    ds = dataset(gprs_kpi=gprs)
    assert window_values(ds, "A", ["tbf_fail_rate"]) == {
        "tbf_fail_rate": {"cell": 0.02, "network": round(5 / 350, 5), "tbf_fail": 3, "tbf_attempts": 150}}
    ds.context = NetworkContext(cell_baselines={}, busy_periods=frozenset(), sccp_baseline=0.0, window_end=None)
    assert window_values(ds, "A", ["tbf_fail_rate"])["tbf_fail_rate"]["network"] is None
    assert window_values(ds, "C", ["tbf_fail_rate"]) == {}  # no statistics for the cell


def test_period_length_and_symptoms():
    assert period_minutes(dataset(), ["drop_rate"]) == 60.0
    assert series_for("gprs_slow")[0] == "dl_throughput_kbps"
    assert series_for("call_setup")[0] == "sdcch_congestion_rate"
    assert all(series_for(s) == SYMPTOM_SERIES[s] for s in SYMPTOM_SERIES)


@pytest.mark.parametrize("symptom", sorted(SYMPTOM_SERIES))
def test_every_symptom_draws_measures_the_sample_has(sample_dir, symptom):
    from netdiag import load_dataset

    assert available(load_dataset(sample_dir), series_for(symptom)), symptom
