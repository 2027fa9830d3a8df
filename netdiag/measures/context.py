"""What a part of the network needs to know about the whole: baselines, busy periods, the window's end.

Measures normally work these out from the dataset they are given. When that dataset is only part of
the network (one BSC's partition on a Dask worker, one complaint's scope read from the history
store), the network-wide values come from a NetworkContext instead, so that every finding is the
same as over the whole network. A context is built from parts that add up: per-cell counter sums,
per-period traffic and per-BSC SCCP sums can be taken from any slice of the data (a BSC, a day)
and combined by summing.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..dataset.context import ContextParts, NetworkContext, empty_target_busy, empty_target_sums
from ..dataset.model import Dataset
from ..dataset.periods import period_ends
from .stats import as_float, pooled_baseline, ratio

# The rates judged against a network baseline: name, numerator, denominator (cell level).
# (rate column, numerator, denominator) of the cell rates tested against the network's baseline;
# each also gets <name>_baseline and <name>_p columns in the cell measures.
TESTED_RATES = [
    ("drop_rate", "tch_drops", "tch_seizures"),
    ("tch_congestion_rate", "tch_congestion", "tch_attempts"),
    ("tch_assign_fail_rate", "tch_assign_fail", "tch_attempts"),
    ("sdcch_assign_fail_rate", "sdcch_assign_fail", "sdcch_attempts"),
    ("sdcch_congestion_rate", "sdcch_congestion", "sdcch_attempts"),
]
# Every rate with a network baseline: the tested ones and the location-update rate.
BASELINE_RATES = [*TESTED_RATES, ("lu_rate", "location_updates", "call_attempts")]
BASELINE_COUNTERS = list(dict.fromkeys(c for _, num, den in BASELINE_RATES for c in (num, den)))


def context_parts(ds: Dataset) -> ContextParts:
    """The additive summaries of one dataset (configured cells only, as the measures count them)."""
    every_cell = _every_cell_sums(ds)
    return ContextParts(_cell_sums(ds, every_cell), _period_traffic(ds), _bsc_sccp(ds), _window_end(ds),
                        _target_sums(ds, every_cell), _target_busy(ds))


def combine(parts: Iterable[ContextParts]) -> ContextParts:
    """Parts of slices of the network (BSCs, days) summed per cell, period and BSC."""
    parts = list(parts)
    ends = [p.window_end for p in parts if p.window_end is not None]
    return ContextParts(
        cell_sums=_summed([p.cell_sums for p in parts], "cell", sort=False),
        period_traffic=_summed([p.period_traffic for p in parts], "start_time", sort=True),
        bsc_sccp=_summed([p.bsc_sccp for p in parts], "bsc", sort=False),
        window_end=max(ends) if ends else None,
        target_sums=_summed([p.target_sums for p in parts], "cell", sort=False),
        target_busy=_summed([p.target_busy for p in parts], "cell", sort=False),
    )


def network_context(parts: ContextParts) -> NetworkContext:
    return NetworkContext(
        cell_baselines=_baselines(parts.cell_sums),
        busy_periods=busy_periods(parts.period_traffic),
        sccp_baseline=_sccp_baseline(parts.bsc_sccp),
        window_end=parts.window_end,
        # none summed (parts kept before they had target sums): the dataset's own cells' instead
        target_congestion=_target_rates(parts.target_sums, parts.target_busy) if not parts.target_sums.empty else None,
        period_traffic=_traffic_series(parts.period_traffic),
    )


# What measures ask for: the dataset's own context when it has one (a partial dataset), else the
# value computed from the dataset itself; one code path either way.
def cell_baselines(ds: Dataset) -> dict[str, float]:
    return dict(ds.context.cell_baselines) if ds.context is not None else _baselines(_cell_sums(ds))


def busy_periods_of(ds: Dataset) -> frozenset[pd.Timestamp]:
    return ds.context.busy_periods if ds.context is not None else busy_periods(_period_traffic(ds))


def sccp_baseline(ds: Dataset) -> float:
    return ds.context.sccp_baseline if ds.context is not None else _sccp_baseline(_bsc_sccp(ds))


def window_end_of(ds: Dataset) -> pd.Timestamp:
    if ds.context is not None:
        return ds.context.window_end if ds.context.window_end is not None else pd.Timestamp.max
    end = _window_end(ds)
    return pd.Timestamp.max if end is None else end


def period_traffic_of(ds: Dataset) -> pd.Series:
    """The network's carried traffic per period (start_time -> Erlang, by time)."""
    if ds.context is not None and ds.context.period_traffic is not None:
        return ds.context.period_traffic
    return _traffic_series(_period_traffic(ds))


def _traffic_series(period_traffic: pd.DataFrame) -> pd.Series:
    if period_traffic.empty:
        return pd.Series(dtype="float64", index=pd.DatetimeIndex([], name="start_time"), name="tch_traffic_erl")
    frame = period_traffic.sort_values("start_time", kind="stable")
    return pd.Series(as_float(frame["tch_traffic_erl"]), index=pd.DatetimeIndex(frame["start_time"], name="start_time"), name="tch_traffic_erl")


def target_congestion_of(ds: Dataset) -> pd.DataFrame:
    """Each cell's TCH congestion over the window and at its busy hours, to judge it as a handover target."""
    if ds.context is not None and ds.context.target_congestion is not None:
        return ds.context.target_congestion
    return _target_rates(_target_sums(ds), _target_busy(ds))


def focus_of(ds: Dataset) -> frozenset[str] | None:
    """The cells to measure at cell level; None: every configured cell."""
    return getattr(ds.context, "focus", None)


def _kpi(ds: Dataset, columns: list[str]) -> pd.DataFrame:
    kpi = ds["cell_kpi"]
    configured = kpi["cell"].isin(ds["cells"]["cell"]).to_numpy()
    frame = pd.DataFrame({"cell": kpi["cell"], "start_time": kpi["start_time"], **{c: as_float(kpi[c]) for c in columns}})
    return frame if configured.all() else frame[configured]


def _every_cell_sums(ds: Dataset) -> pd.DataFrame | None:
    """BASELINE_COUNTERS summed per reporting cell, configured or not, in order of first appearance;
    missing only where a cell never reported the counter. None without cell statistics."""
    if not ds.has("cell_kpi"):
        return None
    kpi = ds["cell_kpi"]
    rows = pd.DataFrame({"cell": kpi["cell"], **{c: as_float(kpi[c]) for c in BASELINE_COUNTERS}})
    return rows.groupby("cell", sort=False)[BASELINE_COUNTERS].sum(min_count=1).reset_index()


def _cell_sums(ds: Dataset, every_cell: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per configured cell (the baselines leave other cells out)."""
    sums = _every_cell_sums(ds) if every_cell is None else every_cell
    if sums is None:
        return pd.DataFrame(columns=["cell", *BASELINE_COUNTERS])
    # (as objects: isin on pandas' Arrow-backed str column, which the grouping gives, is 20x slower)
    configured = sums["cell"].astype(object).isin(ds["cells"]["cell"]).to_numpy()
    return sums if configured.all() else sums[configured].reset_index(drop=True)


def _period_traffic(ds: Dataset) -> pd.DataFrame:
    if not ds.has("cell_kpi"):
        return pd.DataFrame(columns=["start_time", "tch_traffic_erl"])
    rows = _kpi(ds, ["tch_traffic_erl"])
    return rows.groupby("start_time", sort=True)["tch_traffic_erl"].sum(min_count=1).reset_index()


def _bsc_sccp(ds: Dataset) -> pd.DataFrame:
    if not ds.has("sccp"):
        return pd.DataFrame(columns=["bsc", "cr_sent", "cc_received"])
    sccp = ds["sccp"]
    frame = pd.DataFrame({"bsc": sccp["bsc"], "cr_sent": as_float(sccp["cr_sent"]), "cc_received": as_float(sccp["cc_received"])})
    return frame.groupby("bsc", sort=False, dropna=False)[["cr_sent", "cc_received"]].sum(min_count=1).reset_index()


def _target_sums(ds: Dataset, every_cell: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every cell that reports, configured or not (a 180 report may name a cell the plan lacks);
    missing counters sum as 0, as the target's congestion always has."""
    sums = _every_cell_sums(ds) if every_cell is None else every_cell
    return empty_target_sums() if sums is None else target_sums_of(sums)


def target_sums_of(cell_sums: pd.DataFrame) -> pd.DataFrame:
    """The target sums from per-cell sums of every reporting cell (BASELINE_COUNTERS summed with
    min_count=1): the same numbers, 0 where a cell never reported a counter, by cell."""
    columns = ["cell", "tch_congestion", "tch_attempts"]
    summed = cell_sums[columns].fillna({c: 0.0 for c in columns[1:]})
    return summed.sort_values("cell", kind="stable").reset_index(drop=True)


# A day's busy hours: its busiest clock hour and every hour carrying nearly as much (this share of
# it). One hour alone is an arbitrary pick among near-equals: a congested cell carries no more at
# the hours it refuses calls (its channels are full) than at its other peak hours.
BUSY_SHARE = 0.9


def _target_busy(ds: Dataset) -> pd.DataFrame:
    """Every reporting cell's TCH congestion and attempts in its busy hours of each calendar day (the
    clock hours of most carried traffic, BUSY_SHARE; of most TCH attempts where the cell reports no
    traffic that day), summed over the days. Per day, so that slices of the network by BSC or by day
    add up. Counted on a dense (cell, hour) grid: a window holds a few dozen hours."""
    if not ds.has("cell_kpi"):
        return empty_target_busy()
    kpi = ds["cell_kpi"]
    cell, cells = pd.factorize(kpi["cell"])
    start = pd.DatetimeIndex(kpi["start_time"])
    known = (cell >= 0) & ~start.isna()
    if not known.any():
        return empty_target_busy()
    hour_of = start[known].floor("h")
    first = hour_of.min()
    hour = ((hour_of - first) // pd.Timedelta(hours=1)).to_numpy(dtype=np.int64)
    hours = int(hour.max()) + 1
    slot = cell[known].astype(np.int64) * hours + hour
    size = len(cells) * hours

    def grid(column: str) -> tuple[np.ndarray, np.ndarray]:
        values = as_float(kpi[column])[known]
        reported = ~np.isnan(values)
        sums = np.bincount(slot[reported], values[reported], size).reshape(len(cells), hours)
        return sums, np.bincount(slot[reported], minlength=size).reshape(len(cells), hours) > 0

    traffic, has_traffic = grid("tch_traffic_erl")
    attempts, _ = grid("tch_attempts")
    congestion, _ = grid("tch_congestion")
    day = (pd.DatetimeIndex(first + pd.to_timedelta(np.arange(hours), unit="h")).normalize()).to_numpy()
    busy_congestion, busy_attempts = np.zeros(len(cells)), np.zeros(len(cells))
    rows = np.arange(len(cells))
    for today in np.unique(day):
        columns = np.flatnonzero(day == today)
        by_traffic = has_traffic[:, columns].any(axis=1)
        load = np.where(by_traffic[:, None], traffic[:, columns], attempts[:, columns])
        peak = load.max(axis=1, keepdims=True)
        busy = (load >= BUSY_SHARE * peak) & (peak > 0)
        busy[rows, np.argmax(load, axis=1)] = True  # (a cell with no load that day: its first hour)
        busy_congestion += np.where(busy, congestion[:, columns], 0.0).sum(axis=1)
        busy_attempts += np.where(busy, attempts[:, columns], 0.0).sum(axis=1)
    frame = pd.DataFrame({"cell": np.asarray(cells, dtype=object), "busy_tch_congestion": busy_congestion,
                          "busy_tch_attempts": busy_attempts})
    return frame.sort_values("cell", kind="stable").reset_index(drop=True)


def _target_rates(sums: pd.DataFrame, busy: pd.DataFrame | None = None) -> pd.DataFrame:
    congestion, attempts = as_float(sums["tch_congestion"]), as_float(sums["tch_attempts"])
    frame = pd.DataFrame({"neighbour": sums["cell"].to_numpy(dtype=object), "nb_tch_congestion": congestion,
                          "nb_tch_congestion_rate": ratio(congestion, attempts)})
    if busy is None or busy.empty:
        return frame.assign(nb_busy_congestion_rate=np.nan)
    at = pd.Index(busy["cell"].to_numpy(dtype=object)).get_indexer(frame["neighbour"])
    rate = ratio(as_float(busy["busy_tch_congestion"]), as_float(busy["busy_tch_attempts"]))
    return frame.assign(nb_busy_congestion_rate=np.where(at >= 0, rate[np.maximum(at, 0)], np.nan))


def _window_end(ds: Dataset) -> pd.Timestamp | None:
    """The end of the statistics window: alarms still open then are active."""
    ends = []
    for name in ("cell_kpi", "trx_kpi", "gprs_kpi", "sccp"):
        if ds.has(name):
            ends.append(period_ends(ds[name]).max())
    if not ends and ds.has("alarms"):  # no statistics: the alarm list's own last moment
        alarms = ds["alarms"]
        ends.append(pd.concat([alarms["raised_at"], alarms["cleared_at"]]).max())
    ends = [e for e in ends if not pd.isna(e)]
    return max(ends) if ends else None


def _summed(frames: list[pd.DataFrame], key: str, sort: bool) -> pd.DataFrame:
    columns = list(frames[0].columns) if frames else [key]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=columns)
    both = pd.concat(frames, ignore_index=True)
    values = [c for c in both.columns if c != key]
    both[values] = both[values].astype("float64")
    return both.groupby(key, sort=sort, dropna=False)[values].sum(min_count=1).reset_index()


def _baselines(sums: pd.DataFrame) -> dict[str, float]:
    if sums.empty:
        return {name: float("nan") for name, _, _ in BASELINE_RATES}
    return {name: pooled_baseline(sums[num], sums[den]) for name, num, den in BASELINE_RATES}


def _sccp_baseline(sums: pd.DataFrame) -> float:
    return pooled_baseline(sums["cr_sent"] - sums["cc_received"], sums["cr_sent"]) if not sums.empty else float("nan")


def busy_periods(period_traffic: pd.DataFrame) -> frozenset[pd.Timestamp]:
    """The network's busiest quarter of periods by carried traffic (at least one)."""
    if period_traffic.empty:
        return frozenset()
    traffic = period_traffic.set_index("start_time")["tch_traffic_erl"].astype("float64").dropna()
    if traffic.empty:
        return frozenset()
    threshold = np.quantile(traffic.to_numpy(), 0.75)
    return frozenset(traffic[traffic >= threshold].index)
