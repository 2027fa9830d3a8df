"""The dataset's checks on factorized key columns find what pandas finds on the columns themselves."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from netdiag.dataset import _Codes, _flag_problems

NAMES = st.sampled_from(["A1", "A2", "B1", None, pd.NA, np.nan, "", "光谷1"])
TIMES = st.sampled_from([pd.Timestamp("2026-11-20 10:00"), pd.Timestamp("2026-11-20 11:00"), pd.NaT])
NUMBERS = st.sampled_from([1, 2, 3, None])


@st.composite
def counter_frames(draw):
    rows = draw(st.integers(0, 30))
    return pd.DataFrame({
        "start_time": pd.Series(draw(st.lists(TIMES, min_size=rows, max_size=rows)), dtype="datetime64[ns]"),
        "cell": pd.Series(draw(st.lists(NAMES, min_size=rows, max_size=rows)), dtype=object),
        "nb_bcch": pd.array(draw(st.lists(NUMBERS, min_size=rows, max_size=rows)), dtype="Int64"),
    })


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(counter_frames(), st.sampled_from([["start_time", "cell"], ["cell"], ["start_time", "cell", "nb_bcch"]]))
def test_duplicates_on_codes_are_pandas_duplicates(frame, keys):
    found = _Codes({"adjacency_ho": frame}).duplicated("adjacency_ho", keys)
    pd.testing.assert_series_equal(found, frame.duplicated(subset=keys, keep="first"))


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(counter_frames(), st.lists(NAMES, min_size=1, max_size=4))
def test_unknown_cells_on_codes_are_those_isin_finds(frame, configured):
    cells = pd.DataFrame({"cell": pd.Series(configured, dtype=object)})
    tables = {"cells": cells, "neighbours": frame}
    flags = [f for f in _flag_problems(tables, {}, _Codes(tables)) if f["check"] == "unknown cell"]
    unknown = frame["cell"].notna() & ~frame["cell"].isin(set(cells["cell"].dropna()))
    expected = [{"table": "neighbours", "check": "unknown cell", "rows": int(unknown.sum()),
                 "example": str(frame.loc[unknown, "cell"].iloc[0])}] if unknown.any() else []
    assert flags == expected
