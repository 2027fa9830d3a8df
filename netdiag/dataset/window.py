"""The network as it was around one moment: the periods around a complaint's time.

A complaint names when it happened; what the counters said long before or after can hide or invent
its cause. The dataset is narrowed to the periods that overlap the hours leading up to that moment
(and one after, since a subscriber's "around three" is approximate), and alarms to those open then,
so measures, baselines and rules see that stretch of time only. Half a day before is the default:
enough busy hours for the rules that need several of them, little enough to forget yesterday.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from .model import Dataset
from .periods import period_ends
from ..errors import UsageError
from ..io.schema import COUNTER_TABLES

DEFAULT_HOURS = 12.0  # before the complaint
HOURS_AFTER = 1.0


def parse_time(text: str) -> pd.Timestamp:
    """A complaint time as engineers write it: ISO (`2026-11-20 14:30`, `2026-11-20T14:30`) or day-first."""
    text = text.strip()
    # ISO starts with the year; anything else is read day first (20/11/2026), as OMC exports write it.
    dayfirst = not text[:4].isdigit()
    try:
        value = pd.to_datetime(text, dayfirst=dayfirst)
    except (ValueError, TypeError, OverflowError):
        value = pd.NaT
    if not pd.isna(value):
        return pd.Timestamp(value).tz_localize(None) if value.tzinfo else pd.Timestamp(value)
    raise UsageError(f"--time {text!r}: expected a date and time such as 2026-11-20 14:30")


def around(ds: Dataset, when: pd.Timestamp, hours: float = DEFAULT_HOURS) -> Dataset:
    """The dataset narrowed to periods overlapping [when - hours, when + 1 h].

    Statistics tables keep the periods that overlap the window (a daily 180 report that covers the
    day is kept). Alarms keep those raised before the window ends and not cleared before it starts;
    an alarm cleared after `when` was still open when the subscriber complained, so it counts as
    active. Configuration tables are kept whole. The caller's frames are not modified.
    """
    start, end = window_bounds(when, hours)
    tables = dict(ds.tables)
    covered = False
    for name in COUNTER_TABLES:
        frame = tables.get(name)
        if frame is None or frame.empty:
            continue
        keep = overlapping(frame, start, end)
        covered |= bool(keep.any()) and name != "adjacency_ho"
        tables[name] = frame[keep.to_numpy(dtype=bool)].reset_index(drop=True)
    covers = None
    if not covered and any(ds.has(n) for n in COUNTER_TABLES if n != "adjacency_ho"):
        covers = time_range(ds)  # nothing around `when`: a triage says no_evidence, naming what the data covers
    if ds.has("alarms"):
        alarms = ds["alarms"]
        keep = (alarms["raised_at"] <= end) & (alarms["cleared_at"].isna() | (alarms["cleared_at"] >= start))
        alarms = alarms[keep.to_numpy(dtype=bool)]
        still_open = alarms["cleared_at"] > when
        tables["alarms"] = alarms.assign(cleared_at=alarms["cleared_at"].mask(still_open)).reset_index(drop=True)
    return dataclasses.replace(ds, tables=tables, covers=covers)


def overlapping(frame: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """Rows of a statistics table whose period overlaps [start, end)."""
    return (frame["start_time"] < end) & (period_ends(frame) > start)


def window_bounds(when: pd.Timestamp, hours: float = DEFAULT_HOURS) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The stretch of time `around` keeps: `hours` before the complaint's hour, that hour and one after.

    Complaints in the same hour share one window (and one diagnosis)."""
    hour = pd.Timestamp(when).floor("h")
    return hour - pd.Timedelta(hours=hours), hour + pd.Timedelta(hours=1 + HOURS_AFTER)


def time_range(ds: Dataset) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last moment the statistics cover."""
    span = statistics_span(ds)
    if span is None:
        raise UsageError("the data has no statistics with times, so --time cannot narrow it")
    return span


def statistics_span(ds: Dataset) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """First and last moment the statistics cover; None without statistics."""
    starts, ends = [], []
    for name in COUNTER_TABLES:
        if ds.has(name):
            frame = ds[name]
            starts.append(frame["start_time"].min())
            ends.append(period_ends(frame).max())
    return (min(starts), max(ends)) if starts else None
