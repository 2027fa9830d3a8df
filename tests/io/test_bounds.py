"""Counters beyond what any network produces reject their row, named like an unreadable value (issue 15, item 1)."""

from __future__ import annotations

import warnings

from netdiag.io.parsing import parse_text
from netdiag.io.readers import read_raw

HEADER = "start_time,cell,period_min,tch_drops,tch_traffic_erl,unavailable_s,bad_quality_good_level_pct\n"
GOOD = "2026-11-20 00:00,S1,15,2,3.5,900,1.5\n"


def read(rows: str):
    return read_raw(parse_text((HEADER + GOOD + rows).encode(), "kpi.csv"), "kpi.csv")


def test_seconds_are_bounded_by_the_rows_own_period():
    frame, report = read("2026-11-20 00:15,S1,15,2,3.5,901,1.5\n2026-11-20 00:30,S1,15,2,3.5,1000,1.5\n")
    assert len(frame) == 2  # 901 s in 900: an export's rounding, kept
    assert report.rejected == [(4, "column unavailable_s: 1000 is beyond 900 (the seconds in the row's period), no real value")]


def test_erlang_percent_and_counts_beyond_any_cell_are_rejected_without_overflow_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame, report = read("2026-11-20 00:15,S1,15,2,1e308,0,1.5\n2026-11-20 00:30,S1,15,2,3,0,250\n"
                             "2026-11-20 00:45,S1,15,1e15,3,0,1\n2026-11-20 01:00,S1,15,x,1e308,0,1\n")
    assert len(frame) == 1
    assert [line for line, _ in report.rejected] == [3, 4, 5, 6]
    reasons = [why for _, why in report.rejected]
    assert reasons[0].startswith("column tch_traffic_erl: 1e308 is beyond 2048 (the channels any cell has)")
    assert reasons[1].startswith("column bad_quality_good_level_pct: 250 is beyond 100 (100 %)")
    assert reasons[2].startswith("column tch_drops: 1e15 is beyond 1000000000")
    assert reasons[3] == "column tch_drops: cannot read 'x' as a whole number"  # unreadable comes first


def test_without_a_period_the_longest_report_period_bounds_seconds():
    text = "start_time,cell,unavailable_s\n2026-11-20 00:00,S1,3600\n2026-11-20 01:00,S1,86401\n2026-11-20 02:00,S1,1e9\n"
    frame, report = read_raw(parse_text(text.encode(), "kpi.csv"), "kpi.csv")
    assert len(frame) == 2 and [line for line, _ in report.rejected] == [4]


def test_a_row_dated_more_than_a_day_outside_the_rest_of_its_file_is_rejected():
    rows = "".join(f"2026-11-20 {h:02d}:00,S1,60,1,1,0,1\n" for h in range(1, 12))
    frame, report = read(rows + "2200-01-01 00:00,S1,60,1,1,0,1\n1900-01-01 00:00,S1,60,1,1,0,1\n2026-11-21 09:00,S1,60,1,1,0,1\n")
    assert len(frame) == 13  # the next day's morning is within a day of the rest
    assert [line for line, _ in report.rejected] == [14, 15]
    assert report.rejected[0][1] == ("column start_time: 2200-01-01 00:00 is more than a day outside the rest of the file "
                                     "(2026-11-20 00:00:00 .. 2026-11-21 09:00:00), no real period")


def test_a_report_over_several_days_is_no_impossible_period(tmp_path):
    """An 018 circuit report summing three days (period_min 4320) is a real export, not a bad row."""
    from netdiag.io.bounds import MAX_PERIOD_MIN, bound_of
    from netdiag.io.schema import TABLES

    assert bound_of(TABLES["a_circuits"], "period_min").high == MAX_PERIOD_MIN >= 3 * 1440


def test_the_quick_check_of_a_clean_file_agrees_with_the_row_by_row_bounds():
    """any_beyond (a file read typed: is any value beyond?) says what beyond() finds, value by value."""
    import numpy as np
    import pandas as pd

    from netdiag.io.bounds import any_beyond, beyond
    from netdiag.io.schema import TABLES

    spec = TABLES["cell_kpi"]
    clean = pd.DataFrame({
        "start_time": pd.to_datetime(["2026-11-20 00:00", "2026-11-20 00:15", "2026-11-20 00:30"]),
        "period_min": pd.array([15, 15, None], dtype="Int64"),
        "tch_drops": pd.array([2, None, 0], dtype="Int64"),
        "tch_traffic_erl": [3.5, np.nan, 2048 * 1.01],
        "unavailable_s": pd.array([909, 0, 86400], dtype="Int64"),  # 900 s x 1.01; a day's seconds without a period
        # nothing missing: compared as the int64 they hold
        "tch_seizures": pd.array([5, 6, 10**9], dtype="Int64"),
    })
    changes = [("tch_drops", 1, 2 * 10**9), ("tch_traffic_erl", 1, 2069.0), ("unavailable_s", 0, 910),
               ("unavailable_s", 2, 87265), ("tch_traffic_erl", 0, -0.5), ("period_min", 0, 0),
               ("tch_seizures", 2, 10**9 * 1.01 + 1), ("tch_seizures", 0, -1)]
    assert not any_beyond(clean, spec) and not beyond(clean, spec)[0].any(axis=None)
    for column, row, value in changes:
        frame = clean.copy()
        frame.loc[row, column] = value
        assert any_beyond(frame, spec) == bool(beyond(frame, spec)[0].any(axis=None)), (column, value)
        assert beyond(frame, spec)[0].any(axis=None), (column, value)
