"""The dataset's checks on factorized key columns find what pandas finds on the columns themselves."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netdiag.dataset.checks import KeyCodes, flag_problems

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
@given(counter_frames(), st.sampled_from([["start_time", "cell"], ["cell"], ["start_time", "cell", "nb_bcch"]]),
       st.booleans())
def test_duplicates_on_codes_are_pandas_duplicates(frame, keys, too_many_to_number):
    with pytest.MonkeyPatch.context() as monkeypatch:
        if too_many_to_number:  # (the codes of each row then compared as they are, not as one number)
            monkeypatch.setattr(math, "prod", lambda sizes: 2**63)
        found = KeyCodes({"adjacency_ho": frame}).duplicated("adjacency_ho", keys)
    pd.testing.assert_series_equal(found, frame.duplicated(subset=keys, keep="first"))


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(counter_frames(), st.lists(NAMES, min_size=1, max_size=4))
def test_unknown_cells_on_codes_are_those_isin_finds(frame, configured):
    cells = pd.DataFrame({"cell": pd.Series(configured, dtype=object)})
    tables = {"cells": cells, "neighbours": frame}
    flags = [f for f in flag_problems(tables, {}, KeyCodes(tables)) if f["check"] == "unknown cell"]
    unknown = frame["cell"].notna() & ~frame["cell"].isin(set(cells["cell"].dropna()))
    expected = [{"table": "neighbours", "check": "unknown cell", "rows": int(unknown.sum()),
                 "example": str(frame.loc[unknown, "cell"].iloc[0])}] if unknown.any() else []
    assert flags == expected


def test_a_folder_loads_with_the_readers_codes_as_without(tmp_path, monkeypatch):
    """Duplicate periods and unknown cells found on the codes a reader hands over are those found
    by factorizing the loaded columns (names padded with spaces, NULL markers, a footer)."""
    import netdiag.dataset.load as dataset

    (tmp_path / "cells.csv").write_text("cell,lac\nA1,1\nA2,1\n")
    (tmp_path / "cell_kpi.csv").write_text(
        "start_time,cell,tch_drops\n"
        "2026-11-20 10:00,A1,1\n2026-11-20 10:00, A1 ,2\n2026-11-20 10:00,A2,3\n2026-11-20 11:00,GHOST,4\n"
        "2026-11-20 11:00,GHOST ,5\n2026-11-20 11:00,NIL,6\n2026-11-20 10:00:00,A2,7\nTotal,,28\n"
    )
    (tmp_path / "trx_kpi.csv").write_text(
        "start_time,cell,trx,tch_seizures\n2026-11-20 10:00,A1,1,3\n2026-11-20 10:00,A1,1 ,3\n2026-11-20 10:00,B9,2,3\n"
    )
    with_codes = dataset.load_dataset(tmp_path)
    handed = []
    original = dataset.complete_dataset

    def without_codes(tables, root, reports, notes, dictionary, codes, *more):
        handed.append(sorted(codes))
        return original(tables, root, reports, notes, dictionary, {}, *more)

    monkeypatch.setattr(dataset, "complete_dataset", without_codes)
    without = dataset.load_dataset(tmp_path)
    assert handed == [[("cell_kpi", "cell"), ("cells", "cell"), ("trx_kpi", "cell"), ("trx_kpi", "trx")]]
    assert with_codes.flags == without.flags and len(with_codes.flags) == 4, with_codes.flags
    for name, frame in with_codes.tables.items():
        pd.testing.assert_frame_equal(frame, without.tables[name])
