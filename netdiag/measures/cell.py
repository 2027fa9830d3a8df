"""Cell-level measures: configuration, traffic rates against the network baseline, alarms, GPRS."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, partial

import numpy as np
import pandas as pd

from ..dataset.model import Dataset
from . import radio
from .base import LevelFrames, active_alarms, flag
from .cell_hours import ClockHours, LazyColumns, PooledCounters
from .cell_rows import CellRows, cell_rows
from .cell_stretch import CellCounters, Wanted, stretch_frame, whole_stretch_columns
from .context import TESTED_RATES, busy_periods_of, cell_baselines, focus_of, period_traffic_of
from .stats import as_float, binomial_p, ratio
from .stretch import STRETCH_COLUMNS, Timeline, change, runs

ALARM_CLASSES = ("cell_down", "bts_down", "trx_down", "vswr", "trx_degraded", "anc_degraded",
                 "transmission", "clock", "bcch_reconfigured", "gprs_fault")
HW_ALARM_CLASSES = ("cell_down", "bts_down", "trx_down", "vswr", "trx_degraded", "anc_degraded")

CONFIG = {
    "site": "site (BTS) name",
    "msc": "MSC serving the cell",
    "trx_count": "TRXs configured in the cell",
    "max_ta": "maximum timing advance allowed, TA steps",
    "bs_ag_blks_res": "CCCH blocks reserved for AGCH",
    "crh": "cell reselect hysteresis, dB",
    "paging_barred": "1 when paging is barred on the cell",
    "max_pdch": "maximum PDCHs configured for GPRS",
    "repeater": "1 when the cell feeds a repeater",
}
SUMMED = [
    "call_attempts", "sdcch_attempts", "sdcch_assign_fail", "sdcch_congestion", "sdcch_drops",
    "tch_attempts", "tch_assign_fail", "tch_congestion", "tch_seizures", "tch_drops", "unavailable_s",
    "ho_out_attempts", "ho_out_success", "ho_in_attempts", "ho_in_success",
    "idle_tch_band1", "idle_tch_band2", "idle_tch_band3", "idle_tch_band4", "idle_tch_band5",
    "location_updates", "paging_sent", "paging_discarded", "agch_discarded", "period_s",
]
AVERAGED = ["tch_traffic_erl", "tch_available", "rxlev_dl_avg", "bad_quality_good_level_pct"]
GPRS_SUMMED = ["tbf_attempts", "tbf_fail", "tbf_congestion", "dl_kbytes"]
GPRS_AVERAGED = ["pdch_used_avg", "low_cs_share_pct"]


COLUMNS = {
    **CONFIG,
    "periods": "periods with traffic statistics",
    **{c: f"{c} summed over the window" for c in SUMMED if c != "period_s"},
    "period_s": "seconds covered by the statistics",
    **{c: f"{c}, mean over periods" for c in AVERAGED},
    **{name: f"{num} / {den}" for name, num, den in TESTED_RATES},
    **{f"{name}_baseline": f"network baseline of {name} (pooled, worst 5 % of cells left out)" for name, _, _ in TESTED_RATES},
    **{f"{name}_p": f"binomial P(at least this many {num} | baseline): small = significantly high" for name, num, _ in TESTED_RATES},
    "sdcch_drop_rate": "sdcch_drops / sdcch_attempts",
    "ho_out_fail_rate": "1 - ho_out_success / ho_out_attempts",
    "interference_share": "share of idle TCHs in interference bands 4-5",
    "unavailable_share": "share of the covered time the cell was out of service",
    **{c: f"GPRS {c} summed over the window" for c in GPRS_SUMMED},
    **{c: f"GPRS {c}, mean over periods" for c in GPRS_AVERAGED},
    "pdch_max": "configured PDCH maximum reported by the GPRS statistics",
    "pdch_usage": "pdch_used_avg / pdch_max",
    "tbf_congestion_rate": "tbf_congestion / tbf_attempts",
    "tbf_fail_rate": "tbf_fail / tbf_attempts",
    "agch_discard_rate": "agch_discarded / call_attempts",
    "lu_rate": "location_updates / call_attempts",
    "lu_rate_baseline": "network baseline of lu_rate (pooled, worst 5 % of cells left out)",
    "rxlev_early": "mean downlink level over the first two thirds of the window, dBm",
    "rxlev_recent": "mean downlink level over the last third of the window, dBm",
    "rxlev_drop_db": "rxlev_early - rxlev_recent, dB: how far the level fell against the cell's own history",
    "busy_hour": "1 in the network's busiest quarter of periods (per-period frames only)",
    "hw_alarms_active": "active alarms of classes that take coverage away (cell/BTS/TRX down, VSWR, TRX/ANC degraded)",
    **radio.COLUMNS,
    **{f"{c}_active": f"1 when a {c} alarm on the cell or its site is active at the end of the window" for c in ALARM_CLASSES},
    **{f"{c}_alarms": f"{c} alarms raised on the cell or its site in the window" for c in ALARM_CLASSES},
    **STRETCH_COLUMNS,
}
# What a rule's stretch may follow the change of (measures.stretch): a tested rate or a mean level.
CHANGES = {**{name: (num, den) for name, num, den in TESTED_RATES}, **{c: (c, None) for c in AVERAGED + GPRS_AVERAGED}}


# Whole-window columns repeated on every period row, so per-period conditions can use them.
STATIC = [
    *(f"{c}_{s}" for c in ALARM_CLASSES for s in ("active", "alarms")),
    "hw_alarms_active", "rxlev_early", "rxlev_recent", "rxlev_drop_db", *radio.COLUMNS,
]


def cell_measures(ds: Dataset) -> LevelFrames:
    cells = ds["cells"]
    focus = focus_of(ds)
    if focus is not None:
        cells = cells[cells["cell"].isin(focus)]
    config = pd.DataFrame(
        {
            "object": cells["cell"].astype(object),
            "cell": cells["cell"].astype(object),
            "bsc": cells["bsc"].astype(object),
            "lac": cells["lac"].astype("Float64").astype("float64"),
            **{c: cells[c] for c in ("site", "msc")},
            **{c: as_float(cells[c]) for c in ("trx_count", "max_ta", "bs_ag_blks_res", "crh", "max_pdch")},
            "paging_barred": flag(cells["paging_barred"]),
            "repeater": flag(cells["repeater"]),
        }
    )
    rows = cell_rows(ds, cells["cell"], ["cell_kpi", "gprs_kpi"])
    whole_kpi = _aggregate(ds, rows)
    whole = _with_counter_columns(config.merge(whole_kpi, on="cell", how="left"))
    baselines = cell_baselines(ds)
    whole = _with_rates(whole, baselines)
    whole = whole.merge(_alarm_features(ds, cells), on="cell", how="left")
    alarm_columns = [f"{c}_{s}" for c in ALARM_CLASSES for s in ("active", "alarms")]
    whole = whole.assign(**{c: whole[c].fillna(0.0) for c in alarm_columns})
    whole = whole.assign(hw_alarms_active=whole[[f"{c}_active" for c in HW_ALARM_CLASSES]].sum(axis=1))
    whole = whole.merge(_level_trend(ds, rows), on="cell", how="left")
    whole = whole.merge(radio.radio_features(ds, None if focus is None else cells["cell"]), on="cell", how="left").assign(busy_hour=np.nan).copy()

    if not len(rows):
        return LevelFrames(whole=whole_stretch_columns(whole, Timeline.of(*(np.zeros(0, dtype=t) for t in ("int64", "M8[ns]", "M8[ns]")))))
    periods = _CellPeriods(ds, whole, rows, baselines, busy_periods_of(ds))
    periods.whole = whole = whole_stretch_columns(whole, periods.timeline)
    return LevelFrames(whole=whole, source=periods)


# Per-period counters: (table, column) of each.
KPI_COLUMNS = {
    **{c: ("cell_kpi", c) for c in SUMMED[:-1] + AVERAGED},
    "period_s": ("cell_kpi", "period_min"),
    **{c: ("gprs_kpi", c) for c in GPRS_SUMMED + GPRS_AVERAGED + ["pdch_max"]},
}


def _kpi_column(ds: Dataset, rows: CellRows, name: str, taken: np.ndarray | None = None) -> np.ndarray:
    """A counter on the rows (or on the `taken` positions among them)."""
    table, column = KPI_COLUMNS[name]
    values = rows.column(ds, table, column, taken)
    if name != "period_s":
        return values
    # a period only the GPRS export holds still has a length (rules judging hours need it)
    return np.where(np.isnan(values), rows.column(ds, "gprs_kpi", "period_min", taken), values) * 60.0


def _kpi_rows(ds: Dataset, rows: CellRows) -> pd.DataFrame:
    """The counters of every row, side by side, as float64 (those of a table the data has)."""
    present = [name for name, (table, _) in KPI_COLUMNS.items() if table in rows.positions]
    return pd.DataFrame({"cell": rows.cell, "start_time": rows.start_time, **{n: _kpi_column(ds, rows, n) for n in present}}, copy=False)


class _PeriodCounters(LazyColumns):
    """The counters of the rows, each taken from its table when first asked for (as a frame would give it)."""

    def __init__(self, ds: Dataset, rows: CellRows) -> None:
        super().__init__()
        self.ds, self.rows = ds, rows

    def __len__(self) -> int:
        return len(self.rows)

    def make(self, name: str) -> pd.Series:
        return pd.Series(_kpi_column(self.ds, self.rows, name) if name in KPI_COLUMNS else np.full(len(self), np.nan))


def _aggregate(ds: Dataset, rows: CellRows) -> pd.DataFrame:
    """Per cell: counters summed, levels and loads averaged over its periods, one column at a time
    (all of them at once would be a copy of the statistics)."""
    present = [name for name, (table, _) in KPI_COLUMNS.items() if table in rows.positions]
    if not len(rows) or not present:
        return pd.DataFrame(columns=["cell"])
    cell, cells = rows.factorized()  # first appearance, as a groupby of the rows
    out: dict[str, object] = {"cell": cells}
    for how, names in (("sum", SUMMED + GPRS_SUMMED), ("mean", AVERAGED + GPRS_AVERAGED), ("max", ["pdch_max"])):
        for name in (n for n in names if n in present):
            values = _kpi_column(ds, rows, name)
            if how == "mean":  # each cell's own rows in order: pandas' grouped mean varies in the last bit
                out[name] = _mean_per_group(values, cell, len(cells))  # with the other groups (a BSC partition)
                continue
            grouped = pd.Series(values).groupby(cell, sort=False)
            out[name] = (grouped.sum(min_count=1) if how == "sum" else getattr(grouped, how)()).to_numpy()
    out["periods"] = np.bincount(cell, minlength=len(cells)).astype("float64")
    return pd.DataFrame(out)


def _mean_per_group(values: np.ndarray, group: np.ndarray, groups: int) -> np.ndarray:
    """Per group id: the mean of its present values (NaN where none), from its own values alone:
    the sum in row order, then the mean of what is left over (two passes, as exact as a
    compensated sum)."""
    values = np.asarray(values, dtype="float64")
    present = ~np.isnan(values)
    counts = np.bincount(group, weights=present, minlength=groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(group, weights=np.where(present, values, 0.0), minlength=groups) / counts
        left = np.bincount(group, weights=np.where(present, values - mean[group], 0.0), minlength=groups)
        return np.where(counts > 0, mean + left / counts, np.nan)


def _with_counter_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Every counter column present (missing where a table was not given), so rates can be taken."""
    wanted = [*SUMMED, *AVERAGED, *GPRS_SUMMED, *GPRS_AVERAGED, "pdch_max", "periods"]
    return frame.reindex(columns=list(dict.fromkeys([*frame.columns, *wanted])))


def _with_rates(frame: pd.DataFrame, baselines: dict[str, float]) -> pd.DataFrame:
    return frame.assign(**{name: rate() for name, rate in _rates(frame, baselines).items()})


def _rates(frame: pd.DataFrame, baselines: dict[str, float]) -> dict[str, Callable[[], np.ndarray]]:
    """Each rate column as a function of the counter columns, so that one can be taken alone (and
    its counters only fetched then: per-period counters are taken from the statistics on demand)."""
    new: dict[str, Callable[[], np.ndarray]] = {}
    for name, num, den in TESTED_RATES:
        new[name] = lambda num=num, den=den: ratio(frame[num], frame[den])
        new[f"{name}_baseline"] = partial(np.full, len(frame), baselines[name])
        new[f"{name}_p"] = lambda num=num, den=den, base=baselines[name]: binomial_p(frame[num], frame[den], base)
    new["sdcch_drop_rate"] = lambda: ratio(frame["sdcch_drops"], frame["sdcch_attempts"])
    new["ho_out_fail_rate"] = lambda: 1.0 - ratio(frame["ho_out_success"], frame["ho_out_attempts"])
    new["interference_share"] = lambda: ratio(
        frame["idle_tch_band4"].fillna(0) + frame["idle_tch_band5"].fillna(0),
        frame[[f"idle_tch_band{i}" for i in range(1, 6)]].sum(axis=1, min_count=1),
    )
    new["unavailable_share"] = lambda: ratio(frame["unavailable_s"], frame["period_s"])
    new["pdch_usage"] = lambda: ratio(frame["pdch_used_avg"], frame["pdch_max"])
    new["tbf_congestion_rate"] = lambda: ratio(frame["tbf_congestion"], frame["tbf_attempts"])
    new["tbf_fail_rate"] = lambda: ratio(frame["tbf_fail"], frame["tbf_attempts"])
    new["agch_discard_rate"] = lambda: ratio(frame["agch_discarded"], frame["call_attempts"])
    new["lu_rate"] = lambda: ratio(frame["location_updates"], frame["call_attempts"])
    new["lu_rate_baseline"] = partial(np.full, len(frame), baselines["lu_rate"])
    return new


class _CellPeriods:
    """The cell level's per-period measures: every configured cell and period (cells in the order of
    the whole frame), counters taken from the statistics and rates worked out from them when a rule
    names them, the cell's whole-window columns (configuration, alarms) looked up, not repeated."""

    def __init__(self, ds: Dataset, whole: pd.DataFrame, rows: CellRows, baselines: dict[str, float], busy: frozenset) -> None:
        self.owner = rows.owner_in(whole["cell"])
        self.ds, self.whole, self.rows, self.baselines, self.busy = ds, whole, rows, baselines, busy

    def columns(self, names) -> pd.DataFrame:
        return self._named(names, self.owner, self.rows.start_time, None, _PeriodCounters(self.ds, self.rows))

    @cached_property
    def clock_hours(self) -> ClockHours:
        """The clock hour of each period row (worked out once, for every rule judged per hour)."""
        return ClockHours.of(self.owner, self.rows.start_time)

    def hour_columns(self, names) -> tuple[pd.DataFrame, np.ndarray]:
        """The named columns per cell and clock hour, the hour's periods pooled (measures.cell_hours):
        `period_s` the seconds they cover, `periods` how many they are, `busy_hour` 1 where one of
        them is among the network's busy periods; and each hour row's cell row in the whole frame."""
        hours = self.clock_hours
        if len(hours) == len(self.rows):  # hourly periods: each hour's counters are its period's, as they are
            counters = _PeriodCounters(self.ds, self.rows)
        else:
            counters = PooledCounters(partial(_kpi_column, self.ds, self.rows), hours, [*SUMMED, *GPRS_SUMMED],
                                      [*AVERAGED, *GPRS_AVERAGED], ["pdch_max"])
        return self._named(names, hours.owner, hours.start, hours, counters), hours.owner

    def _named(self, names, owner: np.ndarray, start: pd.Series, hours: ClockHours | None, counters) -> pd.DataFrame:
        """`object` and the named columns of rows of the cells at `owner`: the periods, or with `hours`
        their clock hours; counters from `counters`, rates worked out from them when named."""
        rates = _rates(counters, self.baselines)
        out: dict[str, object] = {}
        for name in dict.fromkeys(["object", *names]):
            if name in _PERIOD_STATIC:
                out[name] = self.whole[name].take(owner).reset_index(drop=True)
            elif name == "start_time":
                out[name] = start
            elif name == "busy_hour":
                busy = self.rows.start_time.isin(self.busy).to_numpy(dtype="float64")
                out[name] = busy if hours is None else hours.any(busy)
            elif name == "periods":
                out[name] = np.ones(len(owner)) if hours is None else hours.count()
            elif name in _COUNTER_COLUMNS:
                out[name] = counters[name]
            elif name in rates:
                out[name] = rates[name]()
        return pd.DataFrame(out, index=pd.RangeIndex(len(owner)))

    @property
    def timeline(self) -> Timeline:
        """The rows in time order per cell."""
        if getattr(self, "_timeline", None) is None:
            period = self.rows.column(self.ds, next(iter(self.rows.positions)), "period_min")
            start = self.rows.start_time.to_numpy(dtype="datetime64[ns]")
            self._timeline = Timeline.of(self.owner, start, start + (period * 60e9).astype("timedelta64[ns]"))
        return self._timeline

    def stretches(self, holds: np.ndarray | None = None, change_of: tuple[str, bool] | None = None,
                  gap_hours: float = 0.0, min_hours: float = 0.0, wanted: Wanted | None = None) -> pd.DataFrame:
        """A whole-window-like row per stretch of a cell: the runs where `holds` (per period row), or
        the stretch since `change_of` = (column, rise) changed most (measures.stretch); with `wanted`,
        those its test keeps (cell_stretch.stretch_frame)."""
        line = self.timeline
        if holds is not None:
            groups = runs(line, np.asarray(holds, dtype=bool)[line.order], gap_hours, min_hours)
        else:
            name, rise = change_of
            numerator, denominator = CHANGES[name]
            den = None if denominator is None else _kpi_column(self.ds, self.rows, denominator, line.order)
            groups = change(line, _kpi_column(self.ds, self.rows, numerator, line.order), den, rise, min_hours)
        present = {name for name, (table, _) in KPI_COLUMNS.items() if table in self.rows.positions}
        counters = CellCounters(partial(_kpi_column, self.ds, self.rows), [*SUMMED, *GPRS_SUMMED],
                                [*AVERAGED, *GPRS_AVERAGED], ["pdch_max"], present, partial(_rates, baselines=self.baselines))
        if getattr(self, "_traffic", None) is None:
            self._traffic = period_traffic_of(self.ds).reindex(self.rows.start_time).to_numpy(dtype="float64")
        return stretch_frame(self.whole, line, groups, counters, self._traffic, wanted)

    def frame(self) -> pd.DataFrame:
        rows = _with_counter_columns(_kpi_rows(self.ds, self.rows).assign(periods=1.0)).drop(columns=["cell"])
        static = self.whole[_PERIOD_STATIC].take(self.owner).reset_index(drop=True)
        periods = pd.concat([static, _with_rates(rows, self.baselines)], axis=1)
        return periods.assign(busy_hour=periods["start_time"].isin(self.busy).to_numpy(dtype="float64"))


_COUNTER_COLUMNS = {*SUMMED, *AVERAGED, *GPRS_SUMMED, *GPRS_AVERAGED, "pdch_max"}
# Whole-window columns of a cell that its per-period rows share.
_PERIOD_STATIC = ["cell", "object", "bsc", "lac", *CONFIG, *STATIC]


def _level_trend(ds: Dataset, rows: CellRows) -> pd.DataFrame:
    """Mean downlink level early in the window against its last third: coverage lost lately."""
    if not len(rows) or "cell_kpi" not in rows.positions:
        return pd.DataFrame(columns=["cell", "rxlev_early", "rxlev_recent", "rxlev_drop_db"])
    kpi = pd.DataFrame({"cell": rows.cell, "start_time": rows.start_time, "rxlev_dl_avg": _kpi_column(ds, rows, "rxlev_dl_avg")})
    order = kpi.groupby("cell")["start_time"].rank(method="dense", pct=True)
    recent = order > 2 / 3
    levels = kpi.assign(early=kpi["rxlev_dl_avg"].where(~recent), recent=kpi["rxlev_dl_avg"].where(recent))
    trend = levels.groupby("cell")[["early", "recent"]].mean()
    trend.columns = ["rxlev_early", "rxlev_recent"]
    trend["rxlev_drop_db"] = trend["rxlev_early"] - trend["rxlev_recent"]
    return trend.reset_index()


def _alarm_features(ds: Dataset, cells: pd.DataFrame) -> pd.DataFrame:
    """Per cell and alarm class: raised in the window, and active at its end.

    An alarm on a site (no cell named) counts for every cell of that site.
    """
    columns = ["cell", *(f"{c}_{s}" for c in ALARM_CLASSES for s in ("active", "alarms"))]
    if not ds.has("alarms"):
        return pd.DataFrame(columns=columns)
    alarms = ds["alarms"]
    alarms = alarms.assign(active=active_alarms(ds).astype("float64"), raised=1.0)
    on_cell = alarms[alarms["cell"].notna()]
    on_site = alarms[alarms["cell"].isna() & alarms["site"].notna()].drop(columns=["cell"])
    on_site = on_site.merge(cells[["site", "cell"]], on="site", how="inner")
    per_cell = pd.concat([on_cell, on_site], ignore_index=True)
    per_cell = per_cell[per_cell["alarm_class"].isin(ALARM_CLASSES)]
    if per_cell.empty:
        return pd.DataFrame(columns=columns)
    table = per_cell.pivot_table(index="cell", columns="alarm_class", values=["active", "raised"], aggfunc={"active": "max", "raised": "sum"})
    out = pd.DataFrame({"cell": table.index})
    for c in ALARM_CLASSES:
        out[f"{c}_active"] = table["active"][c].to_numpy() if c in table["active"] else 0.0
        out[f"{c}_alarms"] = table["raised"][c].to_numpy() if c in table["raised"] else 0.0
    return out.fillna(0.0)
