"""The cell level's stretch frames: for each stretch (measures.stretch) a row like the whole-window
row of its cell, its counters summed, its levels averaged and its rates taken over the stretch's
periods only, with what the cell's usual share of the network's traffic leads one to expect there."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .cell_hours import LazyColumns
from .stretch import Groups, Timeline, expected_in, sums_before

EXPECTED = {"expected_call_attempts": "call_attempts", "expected_tbf_attempts": "tbf_attempts"}
QUIET_PEERS = 0.10  # a cell with no period outside its stretch is expected to be as busy as the quietest tenth of cells


@dataclass
class CellCounters:
    """What the cell level hands over: its period rows' counters by name, on the row positions given,
    and its rates as functions of a frame of counters (each taken alone, its counters only then)."""

    column: Callable[[str, np.ndarray], np.ndarray]
    summed: Sequence[str]
    averaged: Sequence[str]
    maximum: Sequence[str]
    present: set[str]
    rates: Callable[[object], dict[str, Callable[[], np.ndarray]]]


# What a caller keeps of the stretches: (the columns its test reads, the test: a frame of those
# columns and `object` -> the stretches kept).
Wanted = tuple[Iterable[str], Callable[[pd.DataFrame], np.ndarray]]


def stretch_frame(whole: pd.DataFrame, line: Timeline, groups: Groups, counters: CellCounters, traffic: np.ndarray,
                  wanted: Wanted | None = None) -> pd.DataFrame:
    """One row per stretch; `traffic` is the network's traffic in each of the level's period rows.
    With `wanted`, only the stretches its test keeps: the test's columns are worked out for every
    stretch, the rest of the row for those kept (each stretch's values are its own rows' alone)."""
    if not len(groups):
        return whole.iloc[0:0].assign(**{c: pd.Series(dtype="float64") for c in ("stretch_hours", *EXPECTED)})
    if wanted is not None:
        names, test = wanted
        some = _StretchColumns(whole, line, groups, counters, traffic)
        trial = pd.DataFrame({name: some[name] for name in dict.fromkeys(["object", *names]) if name in some},
                             index=pd.RangeIndex(len(groups)))
        groups = _kept(groups, np.asarray(test(trial), dtype=bool))
        if not len(groups):
            return whole.iloc[0:0]
    return _StretchColumns(whole, line, groups, counters, traffic).frame()


class _StretchColumns(LazyColumns):
    """The columns of a row per stretch, each worked out when first asked for (as a frame would give
    it): a counter summed, averaged or at its maximum over the stretch's periods, a rate of those, the
    stretch's bounds, what was expected there; any other column is its cell's whole-window value."""

    def __init__(self, whole: pd.DataFrame, line: Timeline, groups: Groups, counters: CellCounters, traffic: np.ndarray) -> None:
        self.whole, self.line, self.groups, self.counters, self.traffic = whole, line, groups, counters, traffic
        inside = groups.group >= 0
        self.g = groups.group[inside]
        self.stretched = line.order[inside]  # the rows in the stretches, in time order per cell
        self.rates = counters.rates(self)
        super().__init__()

    def __len__(self) -> int:
        return len(self.groups)

    def __contains__(self, name: str) -> bool:
        return name in self.whole.columns or name in self.rates

    def make(self, name: str) -> pd.Series:
        if name in self.rates or self._computed(name):
            return pd.Series(self._values(name), copy=False)
        return self.whole[name].take(self.groups.owner).reset_index(drop=True)

    def _computed(self, name: str) -> bool:
        counters = self.counters
        return (name in counters.present and name in (*counters.summed, *counters.averaged, *counters.maximum)) or name in (
            "periods", "stretch_start", "stretch_end", "stretch_hours", *EXPECTED) or (
            name in ("rxlev_early", "rxlev_recent", "rxlev_drop_db") and "rxlev_dl_avg" in counters.present)

    def _values(self, name: str) -> np.ndarray:
        counters, groups, n = self.counters, self.groups, len(self.groups)
        if name in self.rates:
            return self.rates[name]()
        if name in counters.summed:
            return _sum(counters.column(name, self.stretched), self.g, n)
        if name in counters.averaged:
            return _mean(counters.column(name, self.stretched), self.g, n)
        if name in counters.maximum:
            values = counters.column(name, self.stretched)
            top = np.full(n, -np.inf)
            np.maximum.at(top, self.g, np.where(np.isnan(values), -np.inf, values))
            return np.where(np.isfinite(top), top, np.nan)
        if name == "periods":
            return np.bincount(self.g, minlength=n).astype("float64")
        if name in ("stretch_start", "stretch_end", "stretch_hours"):
            return {"stretch_start": groups.start, "stretch_end": groups.end, "stretch_hours": groups.hours}[name]
        if name in EXPECTED:
            if EXPECTED[name] not in counters.present:
                return np.full(n, np.nan)
            counts, traffic = counters.column(EXPECTED[name], self.line.order), self.traffic[self.line.order]
            return expected_in(groups, self.line, counts, traffic, _quiet_share(self.line, counts, traffic))
        if name == "rxlev_early":
            return _mean_before(self.line, groups, counters.column("rxlev_dl_avg", self.line.order))
        if name == "rxlev_recent":
            return self["rxlev_dl_avg"].to_numpy()
        return (self["rxlev_early"] - self["rxlev_recent"]).to_numpy()  # rxlev_drop_db

    def frame(self) -> pd.DataFrame:
        """Every column: the whole-window row of each stretch's cell, its own values put in."""
        counters = self.counters
        out = self.whole.take(self.groups.owner).reset_index(drop=True)
        for name in [*counters.summed, *counters.averaged, *counters.maximum]:
            if name in counters.present:
                out[name] = self[name].to_numpy()
        out["periods"] = self["periods"].to_numpy()
        out = out.assign(**{name: self[name].to_numpy() for name in self.rates})
        for name in ("stretch_start", "stretch_end", "stretch_hours", *EXPECTED):
            out[name] = self[name].to_numpy()
        if "rxlev_dl_avg" in counters.present:
            for name in ("rxlev_early", "rxlev_recent", "rxlev_drop_db"):
                out[name] = self[name].to_numpy()
        return out


def _kept(groups: Groups, keep: np.ndarray) -> Groups:
    """The stretches where `keep`, numbered anew in the same order."""
    number = np.where(keep, np.cumsum(keep) - 1, -1)
    group = np.where(groups.group >= 0, number[np.maximum(groups.group, 0)], -1)
    return Groups(group, groups.owner[keep], groups.start[keep], groups.end[keep])


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
