"""The cell level's stretch frames: for each stretch (measures.stretch) a row like the whole-window
row of its cell, its counters summed, its levels averaged and its rates taken over the stretch's
periods only, with what the cell's usual share of the network's traffic leads one to expect there."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .stretch import Groups, Timeline, expected_in, sums_before

EXPECTED = {"expected_call_attempts": "call_attempts", "expected_tbf_attempts": "tbf_attempts"}
QUIET_PEERS = 0.10  # a cell with no period outside its stretch is expected to be as busy as the quietest tenth of cells


@dataclass
class CellCounters:
    """What the cell level hands over: its period rows' counters by name, in row order."""

    column: Callable[[str], np.ndarray]
    summed: Sequence[str]
    averaged: Sequence[str]
    maximum: Sequence[str]
    present: set[str]
    with_rates: Callable[[pd.DataFrame], pd.DataFrame]


def stretch_frame(whole: pd.DataFrame, line: Timeline, groups: Groups, counters: CellCounters, traffic: np.ndarray) -> pd.DataFrame:
    """One row per stretch; `traffic` is the network's traffic in each of the level's period rows."""
    if not len(groups):
        return whole.iloc[0:0].assign(**{c: pd.Series(dtype="float64") for c in ("stretch_hours", *EXPECTED)})
    order, group = line.order, groups.group
    inside = group >= 0
    g = group[inside]
    out = whole.take(groups.owner).reset_index(drop=True)
    for name in counters.summed:
        if name in counters.present:
            out[name] = _sum(counters.column(name)[order][inside], g, len(groups))
    for name in counters.averaged:
        if name in counters.present:
            out[name] = _mean(counters.column(name)[order][inside], g, len(groups))
    for name in counters.maximum:
        if name in counters.present:
            values = counters.column(name)[order][inside]
            top = np.full(len(groups), -np.inf)
            np.maximum.at(top, g, np.where(np.isnan(values), -np.inf, values))
            out[name] = np.where(np.isfinite(top), top, np.nan)
    out["periods"] = np.bincount(g, minlength=len(groups)).astype("float64")
    out = counters.with_rates(out)
    out["stretch_start"], out["stretch_end"], out["stretch_hours"] = groups.start, groups.end, groups.hours
    sorted_traffic = traffic[order]
    for column, counter in EXPECTED.items():
        if counter in counters.present:
            counts = counters.column(counter)[order]
            out[column] = expected_in(groups, line, counts, sorted_traffic, _quiet_share(line, counts, sorted_traffic))
        else:
            out[column] = np.nan
    if "rxlev_dl_avg" in counters.present:
        early = _mean_before(line, groups, counters.column("rxlev_dl_avg")[order])
        out["rxlev_early"], out["rxlev_recent"] = early, out["rxlev_dl_avg"]
        out["rxlev_drop_db"] = out["rxlev_early"] - out["rxlev_recent"]
    return out


def whole_stretch_columns(whole: pd.DataFrame, line: Timeline) -> pd.DataFrame:
    """The stretch columns of the whole-window rows: the window itself, nothing expected."""
    objects = len(whole)
    start = np.full(objects, np.datetime64("NaT"), dtype="datetime64[ns]")
    end = start.copy()
    if len(line):
        firsts = np.flatnonzero(line.new_object())
        start[line.owner[firsts]] = line.start[firsts]
        lasts = np.r_[firsts[1:], len(line)] - 1
        end[line.owner[lasts]] = np.maximum.reduceat(line.end, firsts)
    return whole.assign(stretch_start=start, stretch_end=end, stretch_hours=(end - start) / np.timedelta64(1, "h"),
                        **{c: np.nan for c in EXPECTED})


def _sum(values: np.ndarray, group: np.ndarray, n: int) -> np.ndarray:
    present = ~np.isnan(values)
    sums = np.bincount(group, weights=np.where(present, values, 0.0), minlength=n)
    return np.where(np.bincount(group, weights=present, minlength=n) > 0, sums, np.nan)


def _mean(values: np.ndarray, group: np.ndarray, n: int) -> np.ndarray:
    present = ~np.isnan(values)
    counts = np.bincount(group, weights=present, minlength=n)
    sums = np.bincount(group, weights=np.where(present, values, 0.0), minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / counts, np.nan)


def _mean_before(line: Timeline, groups: Groups, values: np.ndarray) -> np.ndarray:
    """Per stretch: the mean of its cell's values in the periods before it (a stretch is a block of
    consecutive sorted rows, so the sums before its first row within the cell do)."""
    present = ~np.isnan(values)
    sums = sums_before(line, np.where(present, values, 0.0))
    counts = sums_before(line, present.astype("float64"))
    rows = np.flatnonzero(groups.group >= 0)
    _, first = np.unique(groups.group[rows], return_index=True)
    at = rows[first]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts[at] > 0, sums[at] / counts[at], np.nan)


def _quiet_share(line: Timeline, counts: np.ndarray, traffic: np.ndarray) -> float:
    """Counts per Erlang of network traffic of the quietest tenth of cells that count any."""
    objects = int(line.owner.max()) + 1 if len(line) else 0
    per_cell = np.bincount(line.owner, weights=np.nan_to_num(counts), minlength=objects)
    seen = np.bincount(line.owner, weights=np.nan_to_num(traffic), minlength=objects)
    shares = per_cell[(per_cell > 0) & (seen > 0)] / seen[(per_cell > 0) & (seen > 0)]
    return float(np.quantile(shares, QUIET_PEERS)) if len(shares) else 0.0
