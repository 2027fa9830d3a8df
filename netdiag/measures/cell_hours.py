"""A cell's periods pooled into clock hours, as busy-hour KPIs are read.

An operator's busy-hour congestion is the hour's congested attempts over the hour's attempts: an
export of 15-minute periods splits each hour in four, and a cell that refuses one call in twenty
over the hour may do so in one quarter and not in the next three. A rule that asks a state to hold
for hours (`persistence: {min_hours: ...}`) judges it over each clock hour's periods together:
counters summed, levels averaged, the rates worked out from the sums.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass
class ClockHours:
    """The clock hour of each period row: `group` per row, and per hour its object's row in the
    whole-window frame (`owner`), its start, and its first period row."""

    group: np.ndarray
    owner: np.ndarray
    start: pd.Series
    first: np.ndarray

    @classmethod
    def of(cls, owner: np.ndarray, start: pd.Series) -> "ClockHours":
        hour = pd.Series(pd.to_datetime(start).dt.floor("h").to_numpy(), copy=False)
        group = pd.DataFrame({"owner": owner, "hour": hour}).groupby(["owner", "hour"], sort=False).ngroup().to_numpy()
        _, first = np.unique(group, return_index=True)
        return cls(group, np.asarray(owner)[first], hour.take(first).reset_index(drop=True), first)

    def __len__(self) -> int:
        return len(self.first)

    def count(self) -> np.ndarray:
        """Periods in each hour."""
        return np.bincount(self.group, minlength=len(self)).astype("float64")

    def any(self, flags: np.ndarray) -> np.ndarray:
        """1 where a period of the hour has the flag."""
        return (np.bincount(self.group, weights=np.nan_to_num(np.asarray(flags, dtype="float64")), minlength=len(self)) > 0).astype("float64")


class LazyColumns:
    """Columns worked out when first asked for, as a frame would give them (`make` says how)."""

    def __init__(self) -> None:
        self.taken: dict[str, pd.Series] = {}

    def make(self, name: str) -> pd.Series:
        raise NotImplementedError

    def __getitem__(self, name):
        if isinstance(name, list):
            return pd.DataFrame({n: self[n] for n in name})
        if name not in self.taken:
            self.taken[name] = self.make(name)
        return self.taken[name]


class PooledCounters(LazyColumns):
    """Counters per clock hour, pooled from the period counters: `summed` summed (NaN where the hour
    reported none), `averaged` averaged, `maximum` at their maximum; any other missing."""

    def __init__(self, counters: Callable[[str], np.ndarray], hours: ClockHours, summed, averaged, maximum) -> None:
        super().__init__()
        self.counters, self.hours = counters, hours
        self.how = {**{n: "sum" for n in summed}, **{n: "mean" for n in averaged}, **{n: "max" for n in maximum}}

    def __len__(self) -> int:
        return len(self.hours)

    def make(self, name: str) -> pd.Series:
        how = self.how.get(name)
        if how is None:
            return pd.Series(np.full(len(self), np.nan))
        grouped = pd.Series(self.counters(name)).groupby(self.hours.group, sort=True)
        pooled = grouped.sum(min_count=1) if how == "sum" else getattr(grouped, how)()
        return pooled.reindex(range(len(self))).reset_index(drop=True)
