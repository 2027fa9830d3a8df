"""What a counter can hold: the plausible bounds of each statistics column per period.

A value no network can produce (a cell out of service for 1e308 seconds in an hour, 250 % of bad
quality reports, 10^15 drops) is no measurement: its row is rejected with file:line like a value
that cannot be read, so it neither raises a false finding nor hides a true one (issue 15, item 1).
The bounds are generous, far beyond any real export: they catch what is impossible, not what is rare.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .schema import FLOAT, INT, PCT, Table

# The longest period a statistics report has (a daily report): the bound on seconds when a row
# does not say its period.
LONGEST_PERIOD_MIN = 24 * 60
# The longest period any report covers: the 018, 025 and 180 reports may sum several days or weeks.
MAX_PERIOD_MIN = 31 * 24 * 60
# Channels of one cell, far above any GSM cell's (24 TRXs of 8 timeslots are 192): Erlang, mean
# available or idle channels and PDCHs cannot exceed them.
MAX_CHANNELS = 2048
# Events of one kind in one object in one period (10^9 in an hour: 280,000 a second in a cell).
MAX_COUNT = 10**9
# Kilobytes a cell sends in one period (10^9 kB in an hour is 2 Gbit/s over GPRS).
MAX_KBYTES = 10**9
# Timeslots a TRX busies at once: its busy seconds are at most this times the period.
TRX_TIMESLOTS = 8
# Rounding in an export (a period's last second counted twice) is not an impossible value.
SLACK = 1.01


@dataclass(frozen=True)
class Bound:
    """A column's bounds: low and high, or `per_period` times the period's seconds as high."""

    low: float = 0.0
    high: float | None = None
    per_period: float | None = None  # high = per_period x the row's period in seconds
    what: str = ""  # what the high bound is, for the reason


_SECONDS = Bound(per_period=1, what="the seconds in the row's period")
_CHANNELS = Bound(high=MAX_CHANNELS, what="the channels any cell has")
_PERCENT = Bound(high=100, what="100 %")
_COUNT = Bound(high=MAX_COUNT, what="what any object counts in a period")

# By column name in the statistics tables; other counters (INT) are counts, other percentages 0-100.
_BY_NAME = {
    "period_min": Bound(low=1, high=MAX_PERIOD_MIN, what="a month"),
    "unavailable_s": _SECONDS,
    "hold_s": _SECONDS,
    "congestion_s": _SECONDS,
    "tch_hold_s": Bound(per_period=TRX_TIMESLOTS, what="8 timeslots busy for the whole period"),
    "tch_traffic_erl": _CHANNELS,
    "tch_available": _CHANNELS,
    **{f"idle_tch_band{band}": _CHANNELS for band in range(1, 6)},
    "pdch_used_avg": _CHANNELS,
    "pdch_max": _CHANNELS,
    "dl_kbytes": Bound(high=MAX_KBYTES, what="what any cell sends in a period"),
    "rxlev_dl_avg": Bound(low=-130, high=0, what="0 dBm"),
}


def bound_of(spec: Table, column: str) -> Bound | None:
    """A statistics column's bound (tables without start_time hold configuration, not counters)."""
    if "start_time" not in spec.column_map or column not in spec.column_map:
        return None
    if column in _BY_NAME:
        return _BY_NAME[column]
    kind = spec.column_map[column].kind
    return _PERCENT if kind == PCT else _COUNT if kind in (INT, FLOAT) else None


def period_seconds(frame: pd.DataFrame) -> np.ndarray:
    """Each row's period in seconds: its period_min when it gives a plausible one, else a day's."""
    rows = len(frame)
    if "period_min" not in frame:
        return np.full(rows, LONGEST_PERIOD_MIN * 60.0)
    minutes = pd.to_numeric(frame["period_min"], errors="coerce").astype("float64").to_numpy(na_value=np.nan)
    usable = (minutes >= 1) & (minutes <= MAX_PERIOD_MIN)
    return np.where(usable, minutes, LONGEST_PERIOD_MIN) * 60.0


# A row dated this far outside the rest of its file is a stray (a clock reset to 1900, a typo of 2200).
STRAY_GAP = pd.Timedelta(days=1)
# ... when its stretch of time holds less than this share of the file's rows.
STRAY_SHARE = 0.1


def stray_times(times: pd.Series) -> tuple[np.ndarray, str]:
    """Rows dated more than a day outside the span of the rest of the file: the file's times split
    where more than a day passes with none; the stretch with most rows is the file's, and a stretch
    with under a tenth of the rows beside it is a stray. (mask, the file's span as text)"""
    stray = np.zeros(len(times), dtype=bool)
    valid = times.dropna()
    if valid.empty:
        return stray, ""
    counts = valid.value_counts().sort_index()
    stretch = np.concatenate([[0], np.cumsum(np.diff(counts.index.to_numpy()) > STRAY_GAP.to_timedelta64())])
    rows = pd.Series(counts.to_numpy()).groupby(stretch).sum()
    main = int(rows.idxmax())
    span = counts.index[stretch == main]
    strays = counts.index[(stretch != main) & (rows.reindex(stretch).to_numpy() < STRAY_SHARE * len(valid))]
    stray = times.isin(strays).to_numpy(dtype=bool)
    return stray, f"{span.min()} .. {span.max()}"


def beyond(frame: pd.DataFrame, spec: Table) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(where a value is beyond its column's bounds, each row's high bound there) for a converted
    frame; columns without bounds are left out. A statistics row's time beyond the span of the rest
    of its file is beyond bounds too (its 'high bound' then is that span, as text)."""
    seconds = None
    out, highs = {}, {}
    if "start_time" in frame and "start_time" in spec.column_map:
        out["start_time"], span = stray_times(frame["start_time"])
        highs["start_time"] = np.full(len(frame), span, dtype=object)
    with np.errstate(all="ignore"):  # (NaN and huge values compare without warnings)
        for column in frame.columns:
            bound = bound_of(spec, column)
            if bound is None:
                continue
            values = _floats(frame[column])
            if bound.per_period is not None:
                seconds = period_seconds(frame) if seconds is None else seconds
                high = seconds * bound.per_period
            else:
                high = np.full(len(values), float(bound.high) if bound.high is not None else np.inf)
            out[column] = (values < bound.low) | (values > high * SLACK)
            highs[column] = high
    return pd.DataFrame(out, index=frame.index), pd.DataFrame(highs, index=frame.index)


def any_beyond(frame: pd.DataFrame, spec: Table) -> bool:
    """Whether beyond() finds a value beyond its bounds in the frame, without building its frames:
    a column with a fixed high bound by its least and greatest values, one bound by the period row by row."""
    if "start_time" in frame and "start_time" in spec.column_map and stray_times(frame["start_time"])[0].any():
        return True
    seconds = None
    with np.errstate(all="ignore"):
        for column in frame.columns:
            bound = bound_of(spec, column)
            if bound is None:
                continue
            values = _as_they_are(frame[column])
            if not len(values):
                continue
            if bound.per_period is None:
                high = float(bound.high) if bound.high is not None else np.inf
                # (fmin/fmax pass over NaN, as the comparisons row by row do: a missing value is within bounds)
                if np.fmin.reduce(values) < bound.low or np.fmax.reduce(values) > high * SLACK:
                    return True
                continue
            seconds = period_seconds(frame) if seconds is None else seconds
            if ((values < bound.low) | (values > seconds * bound.per_period * SLACK)).any():
                return True
    return False


def _as_they_are(values: pd.Series) -> np.ndarray:
    """A column's values to compare with bounds, not copied when they need not be: a nullable whole
    number column with nothing missing as its int64 (compared as floats, value by value, as _floats
    would give them), otherwise _floats."""
    if isinstance(values.array, pd.arrays.IntegerArray) and not values.array._mask.any():
        return values.array._data
    return _floats(values)


def _floats(values: pd.Series) -> np.ndarray:
    """A column's values as float64, NaN where missing, as beyond() reads them (not copied when they are)."""
    if values.dtype == np.float64:
        return values.to_numpy()
    if isinstance(values.array, pd.arrays.IntegerArray):  # (nothing missing: its whole numbers as they are)
        if not values.array._mask.any():
            return values.array._data.astype("float64")
    return pd.to_numeric(values, errors="coerce").astype("float64").to_numpy(na_value=np.nan)


def reason(spec: Table, column: str, written: object, high: object) -> str:
    """Why a value beyond its bounds is no measurement, naming it as written."""
    text = str(written).strip()
    if column == "start_time":
        return f"column start_time: {text} is more than a day outside the rest of the file ({high}), no real period"
    bound = bound_of(spec, column)
    assert bound is not None
    try:
        low_side = float(text.replace(",", "").rstrip("%")) < bound.low
    except ValueError:
        low_side = False
    if low_side:
        return f"column {column}: {text} is below {_number(bound.low)}, beyond any real value"
    return f"column {column}: {text} is beyond {_number(float(high))} ({bound.what}), no real value"


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:g}"
