"""TRX-level measures: each TRX against the other TRXs of its own cell."""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from ..dataset.model import Dataset
from ..io.schema import INT, TABLES
from .base import LazyPeriods, LevelFrames, active_alarms, flag, left_join, take_or, text_ids, trx_object
from .context import cell_baselines
from .stats import as_float, binomial_p, ratio

# The least failure rate a TRX is tested against, whatever its siblings and the network show.
MIN_FLOOR = 0.002

COUNTERS = ["tch_seizures", "tch_hold_s", "tch_assign_attempts", "tch_assign_fail", "tch_drops"]

COLUMNS = {
    "trx": "TRX id",
    "trx_count": "TRXs configured in the cell",
    "cell_trxs": "TRXs of the cell that report statistics",
    "is_bcch": "1 when the TRX carries the BCCH",
    "power_w": "TRX output power, W",
    "periods": "periods with statistics",
    **{c: f"{c} summed over the window" for c in COUNTERS},
    "mean_hold": "mean TCH hold time, s (tch_hold_s / tch_seizures)",
    "assign_fail_rate": "tch_assign_fail / tch_assign_attempts",
    "drop_rate": "tch_drops / tch_seizures",
    "others_mean_hold": "mean hold time of the cell's other TRXs, s",
    "others_assign_fail_rate": "assignment failure rate of the cell's other TRXs",
    "others_drop_rate": "drop rate of the cell's other TRXs",
    "drop_p": "binomial P(at least this many drops | the other TRXs' drop rate)",
    "assign_fail_p": "binomial P(at least this many assignment failures | the other TRXs' rate)",
    "trx_alarms_active": "active TRX-down or TRX-degraded alarms on this TRX",
}


def trx_measures(ds: Dataset) -> LevelFrames:
    if not ds.has("trx_kpi"):
        return LevelFrames(whole=pd.DataFrame(columns=["object", "cell", "bsc", "lac", *COLUMNS]))
    kpi = ds["trx_kpi"]
    trx_id, reporting = _ids(kpi)
    network = cell_baselines(ds)
    floors = {rate: network[rate] if np.isfinite(network[rate]) else MIN_FLOOR for rate in ("drop_rate", "tch_assign_fail_rate")}
    # Summed per TRX one counter at a time: all of them side by side would copy the statistics.
    sums = {c: summed_per_trx(as_float(kpi[c]), trx_id, len(reporting), whole=TABLES["trx_kpi"].column_map[c].kind == INT)
            for c in COUNTERS}
    whole = pd.DataFrame({**reporting[_IDS], **sums, "periods": np.bincount(trx_id, minlength=len(reporting)).astype("float64")})
    config = _config(ds, reporting)
    # One row of measures per reporting TRX, in _trx order: looked up, not joined.
    measures = _measures(whole, ["_cell"], floors).drop(columns=_IDS).take(config["_trx"].to_numpy()).reset_index(drop=True)
    whole = pd.concat([config.drop(columns=_IDS), measures], axis=1)
    return LevelFrames(whole=whole, source=LazyPeriods(partial(_periods, ds, floors)))


def _periods(ds: Dataset, floors: dict[str, float]) -> pd.DataFrame:
    """Every TRX in every period (worked out again from the statistics: rarely asked for)."""
    rows, reporting = _rows(ds)
    periods = _measures(rows.assign(periods=1.0), ["_cell", "start_time"], floors)
    return _config(ds, reporting).merge(periods, on=_IDS, how="inner").drop(columns=_IDS)


# Cells and TRXs as whole numbers (in order of first appearance) for the groupings and joins: over
# a million rows, names would be hashed again for each.
_IDS = ["_cell", "_trx"]


def _rows(ds: Dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the statistics with cell and TRX ids, the cell and TRX names of each TRX id)."""
    kpi = ds["trx_kpi"]
    trx_id, reporting = _ids(kpi)
    rows = pd.DataFrame({"_cell": reporting["_cell"].to_numpy()[trx_id], "_trx": trx_id, "start_time": kpi["start_time"].to_numpy(),
                         **{c: as_float(kpi[c]) for c in COUNTERS}})
    return rows, reporting


def summed_per_trx(values: np.ndarray, group: np.ndarray, groups: int, whole: bool) -> np.ndarray:
    """Per group: the sum of its values, NaN where it has none (a groupby's sum(min_count=1)).
    Whole numbers add up exactly in any order, so they are counted by position (no hashing);
    fractions keep pandas' compensated sum."""
    if not whole:
        return pd.Series(values).groupby(group, sort=False).sum(min_count=1).to_numpy()
    present = ~np.isnan(values)
    sums = np.bincount(group, weights=np.where(present, values, 0.0), minlength=groups).astype("float64")  # (empty: ints)
    sums[np.bincount(group, weights=present, minlength=groups) == 0] = np.nan
    return sums


def _ids(kpi: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """(the TRX id of each row, the cell id and the cell and TRX names of each TRX id)."""
    cell_id, cells = pd.factorize(kpi["cell"])
    trx_number, trx_names = pd.factorize(kpi["trx"])
    width = max(len(trx_names), 1)
    trx_id, pairs = pd.factorize(cell_id.astype(np.int64) * width + trx_number)
    reporting = pd.DataFrame({"_cell": pairs // width, "_trx": np.arange(len(pairs)),
                              "cell": cells.to_numpy(dtype=object)[pairs // width],
                              "trx": trx_names.to_numpy(dtype=object)[pairs % width]})
    return trx_id, reporting


def _measures(frame: pd.DataFrame, cell_keys: list[str], floors: dict[str, float]) -> pd.DataFrame:
    """Rates of each TRX and of the other TRXs of its cell (cell totals minus its own)."""
    totals = frame.groupby(cell_keys, sort=False)[COUNTERS].transform("sum")
    others = totals - frame[COUNTERS].fillna(0)
    trxs = frame.groupby(cell_keys, sort=False)["_trx"].transform("count")
    return frame.assign(
        cell_trxs=trxs.astype("float64"),
        mean_hold=ratio(frame["tch_hold_s"], frame["tch_seizures"]),
        assign_fail_rate=ratio(frame["tch_assign_fail"], frame["tch_assign_attempts"]),
        drop_rate=ratio(frame["tch_drops"], frame["tch_seizures"]),
        others_mean_hold=ratio(others["tch_hold_s"], others["tch_seizures"]),
        others_assign_fail_rate=ratio(others["tch_assign_fail"], others["tch_assign_attempts"]),
        others_drop_rate=ratio(others["tch_drops"], others["tch_seizures"]),
    ).pipe(_significance, floors)


def _significance(frame: pd.DataFrame, floors: dict[str, float]) -> pd.DataFrame:
    """Is this TRX worse than its siblings? Tested against their own rate, floored at the network's
    rate: siblings with few or no failures (a quiet night) must not make four drops look significant.
    A lone TRX has no siblings: NaN."""
    return frame.assign(
        drop_p=binomial_p(frame["tch_drops"], frame["tch_seizures"], np.maximum(frame["others_drop_rate"], max(floors["drop_rate"], MIN_FLOOR))),
        assign_fail_p=binomial_p(
            frame["tch_assign_fail"], frame["tch_assign_attempts"],
            np.maximum(frame["others_assign_fail_rate"], max(floors["tch_assign_fail_rate"], MIN_FLOOR)),
        ),
    )


def _config(ds: Dataset, reporting: pd.DataFrame) -> pd.DataFrame:
    """Cell context of every TRX that reports (`reporting`: _cell, _trx, cell, trx) and is on a
    configured cell, with TRX configuration where it is known (a TRX configured twice, twice, as a
    join gives it) and its active alarms. Cells and TRXs are matched by id, not by name."""
    cells = ds["cells"]
    trx = ds["trx"] if ds.has("trx") else None
    alarms = _trx_alarms(ds)
    (config_cells, *cell_ids), cell_names = text_ids([cells["cell"], reporting["cell"], alarms["cell"], *([trx["cell"]] if trx is not None else [])])
    trx_ids, trx_names = text_ids([reporting["trx"], alarms["trx"], *([trx["trx"]] if trx is not None else [])])
    pair = _Pairs(len(cell_names), len(trx_names))
    configured = np.full(len(cell_names) + 1, -1)  # (the last: no name)
    configured[config_cells[config_cells >= 0]] = np.flatnonzero(config_cells >= 0)
    cell_row = configured[cell_ids[0]]
    kept = np.flatnonzero(cell_row >= 0)
    reporting_pairs = pair(cell_ids[0][kept], trx_ids[0][kept])
    if trx is not None:
        joined, trx_row = left_join(reporting_pairs, pair(cell_ids[2], trx_ids[2]))
        kept = kept[joined]
        is_bcch = trx["is_bcch"].astype("boolean").array.take(trx_row, allow_fill=True)
        power_w = take_or(as_float(trx["power_w"]), trx_row, np.nan)
    else:
        is_bcch, power_w = pd.array([pd.NA] * len(kept), dtype="boolean"), np.full(len(kept), np.nan)
    alarm_row = left_join(pair(cell_ids[0][kept], trx_ids[0][kept]), pair(cell_ids[1], trx_ids[1]))[1]
    cell_row = cell_row[kept]
    names = reporting.iloc[kept].reset_index(drop=True)
    return pd.DataFrame(
        {
            "_cell": names["_cell"].to_numpy(),
            "_trx": names["_trx"].to_numpy(),
            "trx_alarms_active": take_or(alarms["trx_alarms_active"].to_numpy(dtype="float64"), alarm_row, 0.0),
            "object": trx_object(names["cell"], names["trx"]),
            "cell": names["cell"].astype(object),
            "bsc": cells["bsc"].take(cell_row).reset_index(drop=True).astype(object),
            "lac": as_float(cells["lac"])[cell_row],
            "trx": names["trx"].astype(object),
            "trx_count": as_float(cells["trx_count"])[cell_row],
            "is_bcch": flag(pd.Series(is_bcch)),
            "power_w": power_w,
        }
    )


class _Pairs:
    """(cell id, TRX id) as one int64, a missing id as a value of its own (missing matches missing)."""

    def __init__(self, cells: int, trxs: int) -> None:
        self.cells, self.trxs = cells, trxs

    def __call__(self, cell: np.ndarray, trx: np.ndarray) -> np.ndarray:
        return np.where(cell >= 0, cell, self.cells).astype(np.int64) * (self.trxs + 1) + np.where(trx >= 0, trx, self.trxs)


def _trx_alarms(ds: Dataset) -> pd.DataFrame:
    if not ds.has("alarms"):
        return pd.DataFrame({"cell": pd.Series(dtype=object), "trx": pd.Series(dtype=object), "trx_alarms_active": pd.Series(dtype="float64")})
    alarms = ds["alarms"]
    active = active_alarms(ds)
    hits = alarms[active & alarms["alarm_class"].isin(["trx_down", "trx_degraded"]) & alarms["trx"].notna()]
    counts = hits.groupby(["cell", "trx"]).size().rename("trx_alarms_active").astype("float64")
    return counts.reset_index()
