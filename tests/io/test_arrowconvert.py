"""The Arrow fast path of column conversion gives exactly what the careful path gives, or declines."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import example, given, settings
from hypothesis import strategies as st

from netdiag.io import arrowconvert
from netdiag.io.values import convert_column
from netdiag.io.schema import FLOAT, INT, PCT, TABLES, TEXT, TIME, Column, Table

VALUES = [
    "0", "7", "12", "+5", "007", "-3", "2.5", "1e3", "1,234", "12.5%", "0x10", "nan", "inf", "-inf",
    "9007199254740993", " 42 ", "\t8", "8\u3000", "\x1c9", "", " ", "NIL", " nil ", "-", "--", "N/A", "None",
    "2026-11-20 14:00", "2026-11-20 14:00:30", "20/11/2026 14:00", "2026-11-20T14:00", "2026/11/20",
    " 2026-11-20 14:00 ", "S0001A", " S0001A", "光谷1", "Total", "x y",
]
KINDS = [TEXT, INT, FLOAT, PCT, TIME]
# Values each close to what the fast path takes: a column of these alone often gets through it.
NEARLY_CLEAN = {
    "numbers": ["0", "7", "+5", "2.5", "-3", "nan", "inf", "1e3", "0x10", "1e20", "", "NIL", " 4 "],
    "times": ["2026-11-20 14:00", "2026-11-20 14:00:30", "20/11/2026 14:00", "2026-11-20T14:00", "", "-", " 2026-11-20 14:00"],
}
COLUMNS = st.one_of(
    st.lists(st.sampled_from(VALUES), max_size=12),
    *(st.lists(st.sampled_from(pool), min_size=1, max_size=6) for pool in NEARLY_CLEAN.values()),
)


def careful(values: list[str], kind: str, key: bool, signed: bool):
    spec = Table("t", (Column("v", kind, signed=signed), Column("k", TEXT)), keys=("v",) if key else ("k",))
    converted, bad = convert_column("v", pd.Series(values, dtype=pd.StringDtype("pyarrow")), spec)
    return converted, bad


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(COLUMNS, st.sampled_from(KINDS), st.booleans(), st.booleans())
@example(["1e20"], INT, False, False)
@example(["1e17"], INT, False, False)
@example(["nan"], FLOAT, False, False)
@example(["-3"], INT, False, False)
def test_fast_path_agrees_with_the_careful_path(values, kind, key, signed):
    strings = pa.chunked_array([pa.array(values[:3], pa.string()), pa.array(values[3:], pa.string())])
    fast = arrowconvert.convert(strings, kind, signed)
    if fast is None:
        return
    converted, missing = fast
    if isinstance(converted, np.ndarray):  # frames made of it get edited later
        assert converted.flags.writeable
    expected, bad = careful(values, kind, key, signed)
    got = pd.Series(converted, dtype=object if kind == TEXT else None)
    pd.testing.assert_series_equal(got, expected.reset_index(drop=True), check_names=False, check_exact=True)
    if kind == TEXT:  # missing text is pd.NA, as the careful path has it
        assert [type(v) for v in got] == [type(v) for v in expected]
    assert (missing & key).tolist() == bad.tolist()


def test_clean_counters_and_times_take_the_fast_path():
    counters = pa.chunked_array([pa.array(["1", "20", "300"])])
    assert arrowconvert.convert(counters, INT, False)[0].dtype == "Int64"
    times = pa.chunked_array([pa.array(["2026-11-20 14:00", "NIL"])])
    values, missing = arrowconvert.convert(times, TIME, False)
    assert values[0] == np.datetime64("2026-11-20T14:00") and missing.tolist() == [False, True]
    assert arrowconvert.convert(pa.chunked_array([pa.array(["1,234"])]), INT, False) is None
    assert arrowconvert.convert(pa.chunked_array([pa.array(["-1"])]), INT, False) is None


def test_whitespace_is_what_str_strip_removes():
    assert set(arrowconvert.WHITESPACE) == {c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()}


def test_schema_kinds_are_all_handled():
    assert {c.kind for t in TABLES.values() for c in t.columns} <= {*KINDS, "flag"}
