"""Cell-level measures: configuration, traffic rates against the network baseline, alarms, GPRS."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import pandas as pd

from ..dataset import Dataset
from . import radio
from .base import LevelFrames, active_alarms, flag, sum_by
from .context import busy_periods_of, cell_baselines
from .stats import as_float, binomial_p, ratio

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

# (rate column, numerator, denominator): each also gets <name>_baseline and <name>_p columns.
TESTED_RATES = [
    ("drop_rate", "tch_drops", "tch_seizures"),
    ("tch_congestion_rate", "tch_congestion", "tch_attempts"),
    ("tch_assign_fail_rate", "tch_assign_fail", "tch_attempts"),
    ("sdcch_assign_fail_rate", "sdcch_assign_fail", "sdcch_attempts"),
    ("sdcch_congestion_rate", "sdcch_congestion", "sdcch_attempts"),
]

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
}


# Whole-window columns repeated on every period row, so per-period conditions can use them.
STATIC = [
    *(f"{c}_{s}" for c in ALARM_CLASSES for s in ("active", "alarms")),
    "hw_alarms_active", "rxlev_early", "rxlev_recent", "rxlev_drop_db", *radio.COLUMNS,
]


def cell_measures(ds: Dataset) -> LevelFrames:
    cells = ds["cells"]
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
    kpi = _kpi_rows(ds, cells["cell"])
    whole_kpi = _aggregate(kpi, ["cell"])
    whole = _with_counter_columns(config.merge(whole_kpi, on="cell", how="left"))
    baselines = cell_baselines(ds)
    whole = _with_rates(whole, baselines)
    whole = whole.merge(_alarm_features(ds, cells), on="cell", how="left")
    alarm_columns = [f"{c}_{s}" for c in ALARM_CLASSES for s in ("active", "alarms")]
    whole = whole.assign(**{c: whole[c].fillna(0.0) for c in alarm_columns})
    whole = whole.assign(hw_alarms_active=whole[[f"{c}_active" for c in HW_ALARM_CLASSES]].sum(axis=1))
    whole = whole.merge(_level_trend(kpi), on="cell", how="left")
    whole = whole.merge(radio.radio_features(ds), on="cell", how="left").assign(busy_hour=np.nan).copy()

    if kpi.empty:
        return LevelFrames(whole=whole)
    return LevelFrames(whole=whole, source=_CellPeriods(whole, kpi, baselines, busy_periods_of(ds)))


def _kpi_rows(ds: Dataset, configured: pd.Series) -> pd.DataFrame:
    """One row per configured cell and period, cell and GPRS counters side by side as float64: cells
    in configuration order, each cell's periods as an outer join of the two tables orders them."""
    keys = ["cell", "start_time"]
    cell_columns = {c: c for c in SUMMED[:-1] + AVERAGED} | {"period_s": "period_min"}
    gprs_columns = {c: c for c in GPRS_SUMMED + GPRS_AVERAGED + ["pdch_max"]}
    tables = [(ds[name], columns) for name, columns in (("cell_kpi", cell_columns), ("gprs_kpi", gprs_columns)) if ds.has(name)]
    if not tables:
        return pd.DataFrame(columns=keys)
    if len(tables) == 1 or _same_rows(tables[0][0], tables[1][0], keys):
        # The usual exports: the tables list the same cells and periods alike (or there is one),
        # so every column is taken straight from its table in the final order.
        first = tables[0][0]
        order = _configured_order(first, configured, by_time=len(tables) > 1)
        out = {k: first[k].take(order).reset_index(drop=True) for k in keys}
        for table, columns in tables:
            for name, column in columns.items():
                out[name] = as_float(table[column])[order] * (60.0 if name == "period_s" else 1.0)
        return pd.DataFrame(out)
    frames = [pd.DataFrame({**{k: t[k] for k in keys}, **{n: as_float(t[c]) for n, c in columns.items()}}) for t, columns in tables]
    frames[0]["period_s"] *= 60.0
    merged = frames[0].merge(frames[1], on=keys, how="outer")
    return merged.take(_configured_order(merged, configured, by_time=False)).reset_index(drop=True)


def _configured_order(frame: pd.DataFrame, configured: pd.Series, by_time: bool) -> np.ndarray:
    """Positions of the rows of configured cells: by configuration order, then by time (else as they are)."""
    owner = pd.Index(configured).get_indexer(frame["cell"])
    kept = np.flatnonzero(owner >= 0)
    if by_time:
        return kept[np.lexsort((frame["start_time"].to_numpy()[kept], owner[kept]))]
    return kept[np.argsort(owner[kept], kind="stable")]


def _same_rows(left: pd.DataFrame, right: pd.DataFrame, keys: list[str]) -> bool:
    """The same keys in the same order, each once (then an outer join only sorts)."""
    if len(left) != len(right) or left.duplicated(subset=keys).any():
        return False
    return all(np.array_equal(left[k].to_numpy(), right[k].to_numpy()) for k in keys)


def _aggregate(kpi: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    if kpi.empty:
        return pd.DataFrame(columns=keys)
    summed = [c for c in SUMMED + GPRS_SUMMED if c in kpi]
    averaged = [c for c in AVERAGED + GPRS_AVERAGED if c in kpi]
    grouped = kpi.groupby(keys, sort=False)
    out = sum_by(kpi, keys, summed)
    if averaged:
        out = out.merge(grouped[averaged].mean().reset_index(), on=keys)
    if "pdch_max" in kpi:
        out = out.merge(grouped["pdch_max"].max().reset_index(), on=keys)
    return out.merge(grouped.size().rename("periods").astype("float64").reset_index(), on=keys)


def _with_counter_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Every counter column present (missing where a table was not given), so rates can be taken."""
    wanted = [*SUMMED, *AVERAGED, *GPRS_SUMMED, *GPRS_AVERAGED, "pdch_max", "periods"]
    return frame.reindex(columns=list(dict.fromkeys([*frame.columns, *wanted])))


def _with_rates(frame: pd.DataFrame, baselines: dict[str, float]) -> pd.DataFrame:
    return frame.assign(**{name: rate() for name, rate in _rates(frame, baselines).items()})


def _rates(frame: pd.DataFrame, baselines: dict[str, float]) -> dict[str, Callable[[], np.ndarray]]:
    """Each rate column as a function of the counter columns, so that one can be taken alone."""
    new: dict[str, Callable[[], np.ndarray]] = {}
    for name, num, den in TESTED_RATES:
        new[name] = partial(ratio, frame[num], frame[den])
        new[f"{name}_baseline"] = partial(np.full, len(frame), baselines[name])
        new[f"{name}_p"] = partial(binomial_p, frame[num], frame[den], baselines[name])
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
    """The cell level's per-period measures: counters of every configured cell and period (in the
    order of the whole frame's cells), rates worked out from them when a rule names them, the
    cell's whole-window columns (configuration, alarms) looked up rather than repeated per row."""

    def __init__(self, whole: pd.DataFrame, kpi: pd.DataFrame, baselines: dict[str, float], busy: frozenset) -> None:
        self.owner = pd.Index(whole["cell"]).get_indexer(kpi["cell"])  # kpi: configured cells, in whole's order
        self.rows = _with_counter_columns(kpi.assign(periods=1.0)).drop(columns=["cell"])
        self.whole, self.baselines, self.busy = whole, baselines, busy

    def columns(self, names) -> pd.DataFrame:
        names = list(dict.fromkeys(["object", *names]))
        rates = _rates(self.rows, self.baselines)
        out: dict[str, object] = {}
        for name in names:
            if name in _PERIOD_STATIC:
                out[name] = self.whole[name].take(self.owner).reset_index(drop=True)
            elif name == "busy_hour":
                out[name] = self.rows["start_time"].isin(self.busy).to_numpy(dtype="float64")
            elif name in self.rows.columns:
                out[name] = self.rows[name]
            elif name in rates:
                out[name] = rates[name]()
        return pd.DataFrame(out, index=self.rows.index)

    def frame(self) -> pd.DataFrame:
        static = self.whole[_PERIOD_STATIC].take(self.owner).reset_index(drop=True)
        periods = pd.concat([static, _with_rates(self.rows, self.baselines)], axis=1)
        return periods.assign(busy_hour=periods["start_time"].isin(self.busy).to_numpy(dtype="float64"))


# Whole-window columns of a cell that its per-period rows share.
_PERIOD_STATIC = ["cell", "object", "bsc", "lac", *CONFIG, *STATIC]


def _level_trend(kpi: pd.DataFrame) -> pd.DataFrame:
    """Mean downlink level early in the window against its last third: coverage lost lately."""
    if kpi.empty or "rxlev_dl_avg" not in kpi:
        return pd.DataFrame(columns=["cell", "rxlev_early", "rxlev_recent", "rxlev_drop_db"])
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
