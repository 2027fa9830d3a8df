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
    per_code = relations.groupby(keys, sort=False).agg(
        neighbours_with_code=("neighbour", "size"),
        code_neighbours=("neighbour", lambda names: ", ".join(sorted(names))),
        neighbour=("neighbour", "first"),
    ).reset_index()
    frame = per_code.merge(handovers, on=keys, how="outer")
    frame["neighbours_with_code"] = frame["neighbours_with_code"].fillna(0).astype("float64")
    defined = frame["neighbour"].where(frame["neighbours_with_code"] == 1, None)
    frame["neighbour"] = defined.where(frame["neighbours_with_code"] > 0, frame["reported_neighbour"])
    frame = frame.merge(_nearest_same_code(frame, relations, cells, cell_codes), on=keys, how="left")
    frame = frame.merge(cells[["cell", "bsc", "lac"]], on="cell", how="inner")
    frame = frame.merge(_target_congestion(ds), on="neighbour", how="left")
    code = frame["target"].str.extract(r"^(?P<bcch>\d+)/(?P<bsic>\d+)$")
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


def _nearest_same_code(frame: pd.DataFrame, relations: pd.DataFrame, cells: pd.DataFrame, cell_codes: pd.DataFrame) -> pd.DataFrame:
    """For each (cell, code): the nearest other cell with that code that is not one of its neighbours."""
    pairs = frame[["cell", "target"]].merge(
        cell_codes.rename(columns={"cell": "candidate", "code": "target"}), on="target", how="inner"
    )
    pairs = pairs[pairs["candidate"] != pairs["cell"]]
    known = relations[["cell", "neighbour"]].rename(columns={"neighbour": "candidate"}).assign(is_nb=True)
    pairs = pairs.merge(known, on=["cell", "candidate"], how="left")
    pairs = pairs[pairs["is_nb"].isna()]
    where = cells[["cell", "lat", "lon"]]
    pairs = pairs.merge(where, on="cell").merge(where.rename(columns={"cell": "candidate", "lat": "lat2", "lon": "lon2"}), on="candidate")
    pairs["km"] = haversine_km(pairs["lat"], pairs["lon"], pairs["lat2"], pairs["lon2"])
    nearest = pairs.sort_values("km", kind="stable").drop_duplicates(["cell", "target"])
    return nearest[["cell", "target", "km", "candidate"]].rename(
        columns={"km": "nearest_same_code_km", "candidate": "nearest_same_code_cell"}
    )
