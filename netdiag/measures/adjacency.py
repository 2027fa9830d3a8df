"""Neighbour-relation measures: handovers per target (180 report) and ghost BCCH/BSIC pairs.

A handover target is known to the BSS only by BCCH + BSIC, so relations are keyed by that code: when
two candidate cells share it, the 180 report cannot tell them apart, and neither can the BSC.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..dataset import Dataset
from .base import LevelFrames, sum_by
from .context import target_congestion_of
from .stats import as_float, ratio

HO = ["ho_attempts", "ho_success", "ho_fail_return", "ho_drops"]
PAIRS_AT_ONCE = 250_000  # (cell, candidate) pairs looked at together by _nearest_same_code

COLUMNS = {
    "neighbour": "target cell when the code names exactly one neighbour",
    "nb_bcch": "target BCCH ARFCN",
    "nb_bsic": "target BSIC (NCC then BCC)",
    "neighbours_with_code": "neighbours of the cell defined with this BCCH + BSIC",
    "code_neighbours": "names of those neighbours",
    "nearest_same_code_km": "distance to the nearest non-neighbour cell with the same BCCH + BSIC, km",
    "nearest_same_code_cell": "that cell",
    **{c: f"{c} summed over the window (180 report)" for c in HO},
    "ho_fail_rate": "1 - ho_success / ho_attempts",
    "ho_drop_rate": "ho_drops / ho_attempts",
    "ho_rejected": "attempts rejected before execution (no channel in the target)",
    "ho_reject_rate": "ho_rejected / ho_attempts",
    "nb_tch_congestion_rate": "the target cell's TCH congestion rate over the window",
    "nb_tch_congestion": "the target cell's TCH congestion count",
}


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    lat1, lon1, lat2, lon2 = (np.radians(as_float(v)) for v in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _code(bcch, ncc, bcc) -> pd.Series:
    """`62/53`: BCCH, then the BSIC as NCC and BCC digits; missing when any part is unknown."""
    parts = [pd.Series(v).astype("Float64").astype("Int64").astype("string") for v in (bcch, ncc, bcc)]
    return parts[0] + "/" + parts[1] + parts[2]


def adjacency_measures(ds: Dataset) -> LevelFrames:
    cells = ds["cells"]
    cell_codes = pd.DataFrame({"cell": cells["cell"], "code": _code(cells["bcch"], cells["ncc"], cells["bcc"])})
    relations = _relations(ds, cell_codes)
    handovers = _handovers(ds, relations, cell_codes)
    keys = ["cell", "target"]
    grouped = relations.groupby(keys, sort=False)
    per_code = grouped.agg(neighbours_with_code=("neighbour", "size"), neighbour=("neighbour", "first")).reset_index()
    per_code.insert(3, "code_neighbours", _joined_names(relations["neighbour"], grouped.ngroup().to_numpy(), len(per_code)))
    frame = per_code.merge(handovers, on=keys, how="outer")
    frame["neighbours_with_code"] = frame["neighbours_with_code"].fillna(0).astype("float64")
    defined = frame["neighbour"].where(frame["neighbours_with_code"] == 1, None)
    frame["neighbour"] = defined.where(frame["neighbours_with_code"] > 0, frame["reported_neighbour"])
    frame = frame.assign(**_nearest_same_code(frame, relations, cells, cell_codes))
    frame = frame.merge(cells[["cell", "bsc", "lac"]], on="cell", how="inner")
    frame = frame.merge(_target_congestion(ds), on="neighbour", how="left")
    code = _parsed_codes(frame["target"])
    by_name = frame["target"].str.startswith("name:")
    object_id = frame["cell"] + "->" + frame["neighbour"].astype("string").fillna(
        "BCCH " + code["bcch"] + "/BSIC " + code["bsic"]
    )
    object_id = object_id.where(~by_name, frame["cell"] + "->" + frame["target"].str.slice(5))
    rejected = (frame["ho_attempts"] - frame["ho_success"].fillna(0) - frame["ho_fail_return"].fillna(0)
                - frame["ho_drops"].fillna(0)).clip(lower=0)
    frame = frame.assign(
        object=object_id.astype(object),
        nb_bcch=as_float(code["bcch"]),
        nb_bsic=code["bsic"].astype(object),
        lac=as_float(frame["lac"]),
        ho_fail_rate=1.0 - ratio(frame["ho_success"], frame["ho_attempts"]),
        ho_drop_rate=ratio(frame["ho_drops"], frame["ho_attempts"]),
        ho_rejected=rejected,
        ho_reject_rate=ratio(rejected, frame["ho_attempts"]),
    )
    return LevelFrames(frame[["object", "cell", "bsc", "lac", *COLUMNS]])


def _parsed_codes(targets: pd.Series) -> pd.DataFrame:
    """bcch and bsic of each `62/53` target (missing for a `name:` target), parsed once per code."""
    position, distinct = pd.factorize(targets, use_na_sentinel=False)
    parsed = pd.Series(distinct, dtype=targets.dtype).str.extract(r"^(?P<bcch>\d+)/(?P<bsic>\d+)$")
    return parsed.take(position).set_axis(targets.index)


def _joined_names(names: pd.Series, group: np.ndarray, groups: int) -> pd.Series:
    """Per group: its names in sorted order, joined by ", " (a group of one is just the name)."""
    order = np.lexsort((names.to_numpy(dtype=object), group))  # by group, then name
    order = order[group[order] >= 0]
    group, names = group[order], names.to_numpy(dtype=object)[order]
    size = np.bincount(group, minlength=groups)
    joined = np.empty(groups, dtype=object)
    alone = size[group] == 1
    joined[group[alone]] = names[alone]
    if not alone.all():  # the few codes that name several neighbours (ghost BCCH/BSIC pairs)
        several = pd.Series(names[~alone]).groupby(group[~alone], sort=False).agg(", ".join)
        joined[several.index.to_numpy()] = several.to_numpy(dtype=object)
    return pd.Series(joined, dtype="str")


def _target_congestion(ds: Dataset) -> pd.DataFrame:
    """Each cell's TCH congestion over the window, to judge it as a handover target (from the
    network context for a partial dataset: the target may be in another part)."""
    return target_congestion_of(ds)


def _relations(ds: Dataset, cell_codes: pd.DataFrame) -> pd.DataFrame:
    """(cell, neighbour, target code): a neighbour's code from its cell configuration, else from nb_*."""
    if not ds.has("neighbours"):
        return pd.DataFrame(columns=["cell", "neighbour", "target"])
    nb = ds["neighbours"]
    frame = nb[["cell", "neighbour"]].merge(
        cell_codes.rename(columns={"cell": "neighbour"}), on="neighbour", how="left"
    )
    external = _code(nb["nb_bcch"], nb["nb_ncc"], nb["nb_bcc"])
    frame["target"] = frame["code"].fillna(pd.Series(external.to_numpy(), index=frame.index))
    frame["target"] = frame["target"].fillna("name:" + frame["neighbour"].astype("string"))
    return frame[["cell", "neighbour", "target"]]


def _handovers(ds: Dataset, relations: pd.DataFrame, cell_codes: pd.DataFrame) -> pd.DataFrame:
    """180 rows per (cell, target code); rows naming a neighbour and rows giving BCCH+BSIC mix."""
    if not ds.has("adjacency_ho"):
        return pd.DataFrame(columns=["cell", "target", *HO, "reported_neighbour"])
    report = ds["adjacency_ho"]
    rows = report[["cell", "neighbour"]].assign(**{c: as_float(report[c]) for c in HO})
    named = rows.merge(relations, on=["cell", "neighbour"], how="left")
    named = named.merge(cell_codes.rename(columns={"cell": "neighbour", "code": "nb_code"}), on="neighbour", how="left")
    bsic = pd.to_numeric(report["nb_bsic"], errors="coerce")
    given = _code(report["nb_bcch"], bsic // 10, bsic % 10)
    target = named["target"].fillna(named["nb_code"]).fillna(pd.Series(given.to_numpy(), index=named.index))
    target = target.fillna("name:" + named["neighbour"].astype("string"))
    named = named.assign(target=target)
    # The neighbour the report itself names, for targets the neighbour list does not define.
    reported = named.groupby(["cell", "target"], sort=False)["neighbour"].first().rename("reported_neighbour")
    return sum_by(named, ["cell", "target"], HO).merge(reported.reset_index(), on=["cell", "target"], how="left")


def _nearest_same_code(frame: pd.DataFrame, relations: pd.DataFrame, cells: pd.DataFrame, cell_codes: pd.DataFrame) -> dict[str, object]:
    """For each (cell, code) row: the nearest other configured cell with that code that is not one
    of the cell's neighbours (on equal distance, the first in the cell configuration)."""
    names = pd.Index(cells["cell"])
    n = len(names)
    code_of, codes = pd.factorize(cell_codes["code"])  # a cell without a code: -1
    # The cells of each code, in configuration order.
    by_code = np.argsort(code_of, kind="stable")
    by_code = by_code[code_of[by_code] >= 0]
    starts = np.searchsorted(code_of[by_code], np.arange(len(codes) + 1))
    row_cell = names.get_indexer(frame["cell"])
    row_code = pd.Index(codes).get_indexer(frame["target"]) if len(codes) else np.full(len(frame), -1)
    rows = np.flatnonzero((row_cell >= 0) & (row_code >= 0))
    listed = np.unique(names.get_indexer(relations["cell"]).astype(np.int64) * n + names.get_indexer(relations["neighbour"]))
    lat, lon = as_float(cells["lat"]), as_float(cells["lon"])
    nearest_km = np.full(len(frame), np.nan)
    nearest_cell = np.full(len(frame), np.nan, dtype=object)
    count = starts[row_code[rows] + 1] - starts[row_code[rows]]
    # Rows in blocks of about PAIRS_AT_ONCE candidate pairs: a national network has millions.
    block = np.searchsorted(np.cumsum(count), np.arange(PAIRS_AT_ONCE, count.sum() + PAIRS_AT_ONCE, PAIRS_AT_ONCE), side="right")
    for part in np.split(np.arange(len(rows)), np.unique(block[:-1])):
        row = np.repeat(rows[part], count[part])
        offset = np.arange(len(row)) - np.repeat(np.cumsum(count[part]) - count[part], count[part])
        candidate = by_code[np.repeat(starts[row_code[rows[part]]], count[part]) + offset]
        source = row_cell[row]
        pair = source.astype(np.int64) * n + candidate
        at = np.minimum(np.searchsorted(listed, pair), max(len(listed) - 1, 0))
        is_neighbour = listed[at] == pair if len(listed) else np.zeros(len(pair), dtype=bool)
        keep = (candidate != source) & ~is_neighbour
        row, source, candidate = row[keep], source[keep], candidate[keep]
        km = haversine_km(lat[source], lon[source], lat[candidate], lon[candidate])
        chosen = _first_nearest(row, km)
        nearest_km[row[chosen]] = km[chosen]
        nearest_cell[row[chosen]] = names.to_numpy(dtype=object)[candidate[chosen]]
    return {
        "nearest_same_code_km": nearest_km,
        "nearest_same_code_cell": pd.Series(nearest_cell, index=frame.index, dtype=object),
    }


def _first_nearest(row: np.ndarray, km: np.ndarray) -> np.ndarray:
    """Per run of equal `row` values (rows ascending): the position of its smallest km, the first of
    equals; a run of missing distances only gives its first (as a stable sort by km would)."""
    if not len(row):
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
    run = np.cumsum(np.r_[False, row[1:] != row[:-1]])
    with np.errstate(invalid="ignore"):
        least = np.fmin.reduceat(km, starts)[run]
    best = np.flatnonzero((km == least) | np.isnan(least))
    return best[np.r_[True, run[best][1:] != run[best][:-1]]]
