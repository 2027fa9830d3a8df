"""Column conversion in Arrow compute, for the common case: a column whose values are clean.

readers.convert() is the careful path: every notation, every bad value found and named, in pandas.
Most columns of most exports need none of that: once trimmed, every value is a plain number or
time, or a NULL marker. Such a column converts here to exactly what the careful path gives, at
Arrow speed; a column holding anything else (`1,234`, `12.5%`, a negative counter, a time notation
of the slow path) gets None and takes the careful path. Text always converts here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .parsing import NULL_VALUES
from .schema import FLOAT, INT, PCT, TEXT, TIME

# Every character str.strip() removes (those whose str.isspace() is true), so trimming in Arrow is
# trimming in Python.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_NULLS = pa.array(NULL_VALUES, pa.string())
_NO_STRING = pa.scalar(None, pa.string())
LARGEST_COUNT = 2**53  # float64 holds every whole number up to here exactly

# Every time notation of formats.md; a date ending with the year is always day first.
TIME_FORMATS = [
    f"{date} {time}".strip()
    for date in ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y.%m.%d")
    for time in ("%H:%M", "%H:%M:%S", "")
]


def trimmed(strings: pa.Array | pa.ChunkedArray) -> tuple[pa.Array | pa.ChunkedArray, np.ndarray]:
    """Values stripped as str.strip() does, and where they are a NULL marker (or empty)."""
    text = pc.utf8_trim(strings.fill_null(""), characters=WHITESPACE)
    return text, pc.is_in(text, value_set=_NULLS).to_numpy(zero_copy_only=False)


def distinct(strings: pa.Array | pa.ChunkedArray) -> tuple[pa.Array, np.ndarray]:
    """(each distinct string once, the position of every row's string among them): work on a
    column's few distinct values (cell names, times) is done once per value, not once per row."""
    strings = strings.fill_null("")
    values = pc.unique(strings)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values, pc.index_in(strings, value_set=values).to_numpy(zero_copy_only=False)


def strptime_all(values: pa.Array) -> pa.Array | None:
    """Times in Arrow: each format in turn, the first that reads a value wins; None when some
    value (not null) reads in none of them."""
    parsed = pa.nulls(len(values), pa.timestamp("s"))
    for fmt in TIME_FORMATS:
        parsed = pc.coalesce(parsed, pc.strptime(values, format=fmt, unit="s", error_is_null=True))
        if parsed.null_count == values.null_count:
            return parsed
    return None


def convert(strings: pa.Array | pa.ChunkedArray, kind: str, signed: bool) -> tuple[object, np.ndarray] | None:
    """(values, missing) of a column as the careful path would give them, or None: take that path."""
    if kind in (INT, FLOAT, PCT):
        # A clean column casts as it is: no blanks, no NULL markers (none of them reads as a number).
        none_missing = np.zeros(len(strings), dtype=bool)
        numbers = _numbers(strings, none_missing, kind, signed)
        if numbers is not None:
            return _numeric_column(numbers, none_missing, kind), none_missing
    if kind not in (TEXT, TIME, INT, FLOAT, PCT):
        return None
    values, row_value = distinct(strings)
    text, missing = trimmed(values)
    cleaned = pc.if_else(pa.array(missing, pa.bool_()), _NO_STRING, text)
    if kind == TEXT:
        objects = text.to_numpy(zero_copy_only=False).astype(object)
        objects[missing] = pd.NA
        # A row's string is its distinct value's object: a cell name on every row is stored once.
        return objects[row_value], missing[row_value]
    if kind == TIME:
        parsed = strptime_all(cleaned)
        if parsed is None:
            return None
        times = pd.Series(parsed.to_numpy(zero_copy_only=False)).astype("datetime64[ns]").to_numpy()
        return times[row_value], missing[row_value]
    numbers = _numbers(cleaned, missing, kind, signed)
    if numbers is None:
        return None
    return _numeric_column(numbers[row_value], missing[row_value], kind), missing[row_value]


def _numbers(values: pa.Array | pa.ChunkedArray, missing: np.ndarray, kind: str, signed: bool) -> np.ndarray | None:
    """The values as float64 (NaN where missing), or for INT as int64 (0 where missing); None when
    a value is no usable number. The checks run in Arrow and over sums, without copies."""
    try:
        floats = pc.cast(values, pa.float64())
        whole = pc.cast(floats, pa.int64()) if kind == INT else None  # a fraction or infinity refuses
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    low, high = (v.as_py() for v in pc.min_max(whole if kind == INT else floats).values())
    if low is not None and not signed and low < 0:
        return None  # a counter below zero is a rejected row: the careful path names it
    if kind == INT:
        if low is not None and max(-low, high) > LARGEST_COUNT:
            return None
        ints = whole.fill_null(0).to_numpy(zero_copy_only=False)
        return ints if ints.flags.writeable else ints.copy()  # (not Arrow's buffer: frames get edited)
    numbers = floats.to_numpy(zero_copy_only=False)
    if not np.isfinite(np.sum(numbers[~missing] if missing.any() else numbers)):
        return None  # NaN or infinity written out (or sums too large to check this way)
    return numbers if numbers.flags.writeable else numbers.copy()


def _numeric_column(numbers: np.ndarray, missing: np.ndarray, kind: str) -> object:
    if kind != INT:
        return numbers
    return pd.arrays.IntegerArray(numbers, missing.copy())
