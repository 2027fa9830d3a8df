"""Values as exports write them, read into the column kinds: numbers with thousands separators or a
trailing `%`, NULL markers, flags, day-first or year-first times. The careful path, column by column,
that every file can take (arrowconvert is the fast path for clean columns, and must agree with it).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import DataError
from .arrowconvert import FIRST_TIME, LAST_TIME, TIME_YEARS, strptime_all
from .parsing import NULL_VALUES, is_missing
from .schema import FLAG, FLOAT, INT, PCT, TEXT, TIME, Table

_TRUE = {"1", "true", "yes", "y", "barred", "on"}
_FALSE = {"0", "false", "no", "n", "unbarred", "off"}


def convert(frame: pd.DataFrame, spec: Table) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Strings -> column kinds, vectorised: (converted frame, where a value could not be read)."""
    out, problems = {}, {}
    for name in frame.columns:
        out[name], problems[name] = convert_column(name, frame[name], spec)
    return pd.DataFrame(out, index=frame.index), pd.DataFrame(problems, index=frame.index)


def convert_column(name: str, strings: pd.Series, spec: Table) -> tuple[pd.Series, np.ndarray]:
    kind = spec.column_map[name].kind
    raw = strings.astype("string").fillna("").str.strip()
    missing = is_missing(raw)
    converted, bad = _CONVERTERS[kind](raw.where(~missing, ""))
    bad = bad & ~missing
    if name in spec.keys:
        bad |= (missing | converted.isna()).to_numpy(dtype=bool)  # a row without its key is no row
    if kind in (INT, FLOAT, PCT) and not spec.column_map[name].signed:
        bad |= (converted.astype("Float64").fillna(0) < 0).astype(bool)  # a counter below zero is no counter
    return converted, bad.to_numpy(dtype=bool)


def coerce(frame: pd.DataFrame, spec: Table, path: str, first_data_line: int) -> pd.DataFrame:
    """convert(), strict: the first value that cannot be read is an error naming file:line."""
    converted, problems = convert(frame, spec)
    if problems.any(axis=None):
        pos = int(np.flatnonzero(problems.any(axis=1).to_numpy())[0])
        column = next(c for c in problems.columns if problems[c].iloc[pos])
        raise DataError(f"{path}:{first_data_line + pos}: {reason(spec, column, frame[column].iloc[pos])}")
    return converted


def reason(spec: Table, column: str, value: object) -> str:
    kind = spec.column_map[column].kind
    if value is None or value is pd.NA or not str(value).strip() or str(value).strip() in NULL_VALUES:
        return f"column {column}: no value in a key column"
    if kind in (INT, FLOAT, PCT) and str(value).strip().startswith("-"):
        return f"column {column}: {str(value).strip()!r} is negative"
    what = {INT: "a whole number", FLOAT: "a number", PCT: "a percentage", FLAG: "a flag", TIME: "a time"}.get(kind, kind)
    if kind == TIME and _year_beyond(str(value)):
        what += f" ({TIME_YEARS})"
    return f"column {column}: cannot read {str(value).strip()!r} as {what}"


def _year_beyond(text: str) -> bool:
    """A time written with a four-digit year no frame can hold (9999, 3000, 1500)."""
    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", text)]
    return bool(years) and not any(pd.Timestamp.min.year < y < pd.Timestamp.max.year for y in years)


def describe(frame: pd.DataFrame, problems: pd.DataFrame, lines: np.ndarray, spec: Table) -> list[tuple[int, str]]:
    """One reason per rejected row (the first bad column); only rejected rows come through here."""
    first_bad = problems.to_numpy().argmax(axis=1)
    columns = list(problems.columns)
    return [
        (int(line), reason(spec, columns[i], frame.iloc[row][columns[i]]))
        for row, (line, i) in enumerate(zip(lines, first_bad))
    ]


def _text(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    values = raw.where(raw != "", None).astype(object)
    return values, pd.Series(False, index=raw.index)


def _arrow(raw: pd.Series) -> pa.Array:
    """The column as an Arrow string array with empty strings as nulls (zero-copy where possible)."""
    array = pa.array(raw.array) if isinstance(raw.dtype, pd.StringDtype) else pa.array(raw.astype(str).array)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    array = array.cast(pa.string())
    return pc.if_else(pc.equal(array, ""), pa.scalar(None, pa.string()), array)


def _number(raw: pd.Series) -> pd.Series:
    # Clean exports cast straight away in Arrow; only a column with `1,234` or `12.5%` is cleaned.
    try:
        return pd.Series(pc.cast(_arrow(raw), pa.float64()).to_numpy(zero_copy_only=False), index=raw.index)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        cleaned = raw.str.replace(",", "", regex=False).str.rstrip("%").str.strip()
        return pd.to_numeric(cleaned.where(cleaned != "", None), errors="coerce")


def _float(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    values = _number(raw).astype("float64")
    infinite = values.notna() & ~np.isfinite(values)
    return values.where(~infinite), (values.isna() & (raw != "")) | infinite


def _int(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    values = _number(raw).astype("float64")
    # Whole numbers only, and within what a counter can hold (2**53 keeps float64 exact).
    unusable = values.notna() & ((values != np.floor(values)) | ~np.isfinite(values) | (values.abs() > 2**53))
    bad = (values.isna() & (raw != "")) | unusable
    return values.where(~unusable).round().astype("Int64"), bad


def _flag(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    lowered = raw.str.lower()
    values = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    values[lowered.isin(_TRUE)] = True
    values[lowered.isin(_FALSE)] = False
    return values, values.isna() & (raw != "")


def parse_times(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """OMC-R local times. A date that starts with the year is year-month-day; one that ends with
    the year is always day first, even when the day is 12 or less (formats.md)."""
    parsed = strptime_all(_arrow(raw))
    if parsed is not None:
        result = pd.Series(parsed.to_numpy(zero_copy_only=False), index=raw.index).astype("datetime64[ns]")
        return result, pd.Series(False, index=raw.index)
    return _parse_times_slowly(raw)


def _parse_times_slowly(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Notations Arrow does not take (a `T` between date and time, one-digit hours)."""
    text = raw.str.replace(r"[/.]", "-", regex=True).str.replace("T", " ", regex=False)
    # Complete the time part to HH:MM:SS so that one format per date order suffices.
    text = text.str.replace(r"^(\S+)$", r"\1 00:00:00", regex=True)
    text = text.str.replace(r"^(\S+ \d{1,2}:\d{2})$", r"\1:00", regex=True)
    year_first = text.str.match(r"\d{4}-")
    result = pd.to_datetime(text.where(year_first), format="%Y-%m-%d %H:%M:%S", errors="coerce")
    day_first = pd.to_datetime(text.where(~year_first), format="%d-%m-%Y %H:%M:%S", errors="coerce")
    result = result.fillna(day_first)
    result = result.where((result >= FIRST_TIME) & (result <= LAST_TIME)).astype("datetime64[ns]")  # (no year 9999)
    return result, result.isna() & (raw != "")


_CONVERTERS = {TEXT: _text, FLOAT: _float, PCT: _float, INT: _int, FLAG: _flag, TIME: parse_times}
