"""measures.cell_hours: a cell's periods pooled into clock hours, counters summed and rates of the sums."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from netdiag import build_dataset
from netdiag.io.schema import TABLES
from netdiag.io.values import coerce
from netdiag.measures.compute import compute


def _table(name: str, text: str) -> pd.DataFrame:
    return coerce(pd.read_csv(io.StringIO(text), dtype=str), TABLES[name], name, 2)


def _frames(kpi: str):
    return compute(build_dataset({"cells": _table("cells", "cell,bsc\nA,B1\nB,B1\n"), "cell_kpi": _table("cell_kpi", kpi)}), ["cell"])["cell"]


KPI = """start_time,cell,period_min,tch_attempts,tch_congestion,tch_traffic_erl
2026-11-20 10:00,A,15,100,0,3
2026-11-20 10:15,A,15,100,20,5
2026-11-20 10:30,A,15,100,0,3
2026-11-20 10:45,A,15,100,0,3
2026-11-20 11:00,A,15,40,0,1
2026-11-20 11:15,A,15,,0,1
2026-11-20 10:00,B,15,10,1,0.5
"""


def test_an_hour_sums_its_quarters_counters_and_takes_its_rate_from_the_sums():
    hours, owner = _frames(KPI).hour_columns(["start_time", "tch_attempts", "tch_congestion", "tch_congestion_rate",
                                               "tch_traffic_erl", "period_s", "periods"])
    rows = hours.assign(owner=owner).sort_values(["object", "start_time"]).reset_index(drop=True)
    assert list(rows["object"]) == ["A", "A", "B"]
    assert list(rows["start_time"]) == [pd.Timestamp("2026-11-20 10:00"), pd.Timestamp("2026-11-20 11:00"), pd.Timestamp("2026-11-20 10:00")]
    assert list(rows["tch_attempts"]) == [400, 40, 10]  # a missing quarter's counter is no count, not a zero hour
    assert list(rows["tch_congestion"]) == [20, 0, 1]
    np.testing.assert_allclose(rows["tch_congestion_rate"], [0.05, 0.0, 0.1])
    np.testing.assert_allclose(rows["tch_traffic_erl"], [3.5, 1.0, 0.5])  # a level is averaged
    assert list(rows["period_s"]) == [3600, 1800, 900]
    assert list(rows["periods"]) == [4, 2, 1]


def test_an_hour_is_busy_when_one_of_its_periods_is():
    frames = _frames(KPI)
    periods = frames.period_columns(["start_time", "busy_hour"])
    busy = set(periods.loc[periods["busy_hour"] == 1, "start_time"])
    assert busy and all(t.hour == 10 for t in busy) and len(busy) < 4  # (some quarters of 10:00 only)
    hours, _ = frames.hour_columns(["start_time", "busy_hour"])
    assert set(hours.loc[hours["busy_hour"] == 1, "start_time"]) == {pd.Timestamp("2026-11-20 10:00")}


HOURLY = """start_time,cell,period_min,tch_attempts,tch_congestion,tch_traffic_erl
2026-11-20 10:00,A,60,400,20,3.5
2026-11-20 11:00,A,60,40,0,1
2026-11-20 10:00,B,60,,1,0.5
2026-11-20 12:00,B,60,10,,
"""


def test_hourly_periods_are_their_own_hours():
    """Periods of an hour each: the hour rows are the period rows, counters as they are (not pooled
    again), the same values pooling them gives: missing stays missing, rates from the counters."""
    from functools import partial

    from netdiag.measures.cell import AVERAGED, GPRS_AVERAGED, GPRS_SUMMED, SUMMED, _kpi_column
    from netdiag.measures.cell_hours import PooledCounters

    frames = _frames(HOURLY)
    names = ["start_time", "tch_attempts", "tch_congestion", "tch_congestion_rate", "tch_traffic_erl", "period_s",
             "periods", "busy_hour", "tbf_attempts"]  # (no GPRS statistics: missing alike)
    hours, owner = frames.hour_columns(names)
    source = frames._pooler  # (the cell level's periods)
    clock = source.clock_hours
    pooled = PooledCounters(partial(_kpi_column, source.ds, source.rows), clock, [*SUMMED, *GPRS_SUMMED],
                            [*AVERAGED, *GPRS_AVERAGED], ["pdch_max"])
    expected = source._named(names, clock.owner, clock.start, clock, pooled)
    pd.testing.assert_frame_equal(hours, expected, check_dtype=False)
    assert len(hours) == 4 and list(hours["periods"]) == [1, 1, 1, 1]
    assert hours["tch_attempts"].isna().sum() == 1 and hours["tch_congestion"].isna().sum() == 1
