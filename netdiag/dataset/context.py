"""What a part of the network knows of the whole: the values measures use instead of working them
out from a partial dataset (one BSC's partition on a Dask worker, one complaint's scope read from
the history store). Plain values only: measures.context builds them from statistics."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class ContextParts:
    """Additive summaries of a slice of the network."""

    cell_sums: pd.DataFrame  # cell + BASELINE_COUNTERS, summed over the slice's periods
    period_traffic: pd.DataFrame  # start_time, tch_traffic_erl summed over the slice's cells
    bsc_sccp: pd.DataFrame  # bsc, cr_sent, cc_received
    window_end: pd.Timestamp | None
    # cell, tch_congestion, tch_attempts over every reporting cell: a handover target may be in
    # another slice (another BSC) than the cell handing over to it.
    target_sums: pd.DataFrame = field(default_factory=lambda: empty_target_sums())
    # cell, busy_tch_congestion, busy_tch_attempts: each cell's counts in its busy hours of each day
    # (the clock hours it carried most traffic), summed over the days: what a handover finds at the
    # hours it is refused, which a day's average hides.
    target_busy: pd.DataFrame = field(default_factory=lambda: empty_target_busy())


@dataclass(frozen=True)
class NetworkContext:
    """Network-wide values that measures use instead of computing them from a partial dataset."""

    cell_baselines: dict[str, float]
    busy_periods: frozenset[pd.Timestamp]
    sccp_baseline: float
    window_end: pd.Timestamp | None
    # neighbour, nb_tch_congestion, nb_tch_congestion_rate, nb_busy_congestion_rate
    target_congestion: pd.DataFrame | None = None
    # measures.radio.radio_plan of the whole configuration, worked out once for all partitions; or
    # how to get it when first needed (`plan`): from another process still working it out
    radio_plan: pd.DataFrame | Callable[[], pd.DataFrame] | None = None
    # The cells whose cell-level rows are wanted (a complaint's scope read from the store): the
    # configuration still lists every cell, for distances and neighbours, but only these are measured.
    focus: frozenset[str] | None = None
    # The network's carried traffic per period (start_time -> Erlang): what a cell's share of it
    # leads one to expect of the cell in a stretch of periods.
    period_traffic: pd.Series | None = None

    def plan(self) -> pd.DataFrame | None:
        """The radio plan the context brings (None: none), waited for if it is still to come."""
        return self.radio_plan() if callable(self.radio_plan) else self.radio_plan


def context_plan(context: NetworkContext | None) -> pd.DataFrame | None:
    """The radio plan of a dataset's context, if it has one."""
    return None if context is None else context.plan()


def empty_target_sums() -> pd.DataFrame:
    return pd.DataFrame(columns=["cell", "tch_congestion", "tch_attempts"])


def empty_target_busy() -> pd.DataFrame:
    return pd.DataFrame(columns=["cell", "busy_tch_congestion", "busy_tch_attempts"])
