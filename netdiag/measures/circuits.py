"""A-interface circuit measures (018 report, circuit states) and Ater groups of four circuits."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..dataset import Dataset
from .base import LevelFrames, sum_by
from .stats import as_float, ratio

USABLE = {"idle", "busy"}
UNUSABLE = {"blocked", "faulty", "unequipped"}
# Traffic timeslots of a PCM in order (TS 0 and 16 carry framing and signalling).
TRAFFIC_TS = [*range(1, 16), *range(17, 32)]
_POSITION = {ts: i for i, ts in enumerate(TRAFFIC_TS)}

CIRCUIT_COLUMNS = {
    "pcm": "PCM number",
    "ts": "timeslot",
    "cic": "circuit identity code",
    "seizures": "seizures in the window",
    "hold_s": "total occupancy, s",
    "mean_hold": "mean hold time per seizure, s",
    "bsc_mean_hold": "mean hold time over all circuits of the BSC, s",
    "group": "object id of the circuit's Ater group",
    "group_circuits": "circuits in the Ater group",
    "group_max_hold": "longest mean hold time among the group's circuits, s",
    "group_min_hold": "shortest mean hold time among the group's circuits, s",
    "bsc_state": "circuit state seen by the BSC",
    "msc_state": "circuit state seen by the MSC",
    "state_mismatch": "1 when one side can use the circuit and the other cannot",
}
GROUP_COLUMNS = {
    "pcm": "PCM of the group's first circuit",
    "ater_highway": "Ater highway (from the 018 report, when given)",
    "ater_ts": "Ater timeslot (from the 018 report, when given)",
    "circuits": "circuits in the group",
    "seizures": "seizures of the group",
    "min_seizures": "fewest seizures of one circuit in the group",
    "mean_hold": "mean hold time over the group, s",
    "max_hold": "longest mean hold time among its circuits, s",
    "min_hold": "shortest mean hold time among its circuits, s",
    "bsc_mean_hold": "mean hold time over all circuits of the BSC, s",
}


def circuit_measures(ds: Dataset) -> tuple[LevelFrames, LevelFrames]:
    """(circuit level, circuit group level)."""
    circuits = _circuits(ds)
    if circuits.empty:
        empty = pd.DataFrame(columns=["object", "cell", "bsc", "lac"])
        return LevelFrames(empty.reindex(columns=[*empty, *CIRCUIT_COLUMNS])), LevelFrames(
            empty.reindex(columns=[*empty, *GROUP_COLUMNS])
        )
    groups = _groups(circuits)
    circuits = circuits.merge(
        groups[["group_key", "object", "max_hold", "min_hold", "circuits"]].rename(
            columns={"object": "group", "max_hold": "group_max_hold", "min_hold": "group_min_hold", "circuits": "group_circuits"}
        ),
        on="group_key",
        how="left",
    )
    keep_circuit = ["object", "cell", "bsc", "lac", *CIRCUIT_COLUMNS]
    keep_group = ["object", "cell", "bsc", "lac", *GROUP_COLUMNS]
    return LevelFrames(circuits[keep_circuit]), LevelFrames(groups[keep_group])


def _circuits(ds: Dataset) -> pd.DataFrame:
    keys = ["bsc", "pcm", "ts"]
    parts = []
    if ds.has("a_circuits"):
        report = ds["a_circuits"]
        rows = report[keys].assign(
            seizures=as_float(report["seizures"]),
            hold_s=as_float(report["hold_s"]),
            cic=as_float(report["cic"]),
            ater_highway=as_float(report["ater_highway"]),
            ater_ts=as_float(report["ater_ts"]),
        )
        summed = sum_by(rows, keys, ["seizures", "hold_s"])
        labels = rows.groupby(keys, sort=False)[["cic", "ater_highway", "ater_ts"]].first().reset_index()
        parts.append(summed.merge(labels, on=keys))
    if ds.has("a_circuit_state"):
        state = ds["a_circuit_state"][[*keys, "bsc_state", "msc_state"]]
        parts.append(state.assign(**{c: state[c].astype("string").str.strip().str.lower() for c in ("bsc_state", "msc_state")}))
    if not parts:
        return pd.DataFrame()
    frame = parts[0] if len(parts) == 1 else parts[0].merge(parts[1], on=keys, how="outer")
    frame = frame.reindex(columns=list(dict.fromkeys([*frame.columns, "seizures", "hold_s", "cic", "ater_highway", "ater_ts", "bsc_state", "msc_state"])))
    frame["pcm"] = as_float(frame["pcm"])
    frame["ts"] = as_float(frame["ts"])
    bsc_totals = frame.groupby("bsc")[["hold_s", "seizures"]].transform("sum")
    bsc_side, msc_side = frame["bsc_state"].astype("string"), frame["msc_state"].astype("string")
    mismatch = (bsc_side.isin(USABLE) & msc_side.isin(UNUSABLE)) | (bsc_side.isin(UNUSABLE) & msc_side.isin(USABLE))
    pcm_label = frame["pcm"].astype("Int64").astype("string")
    ts_label = frame["ts"].astype("Int64").astype("string")
    return frame.assign(
        object=(frame["bsc"].astype("string") + "/PCM" + pcm_label + "/TS" + ts_label).astype(object),
        cell=None,
        lac=np.nan,
        mean_hold=ratio(frame["hold_s"], frame["seizures"]),
        bsc_mean_hold=ratio(bsc_totals["hold_s"], bsc_totals["seizures"]),
        state_mismatch=mismatch.fillna(False).astype("float64"),
        group_key=_group_keys(frame),
    )


def _group_keys(frame: pd.DataFrame) -> pd.Series:
    """Four A circuits share one Ater timeslot: by the Ater columns when given, else in fours along
    the traffic timeslots of a PCM (1-4, 5-8, ..., 13-15+17, ..., 30-31)."""
    position = frame["ts"].map(_POSITION)
    by_ater = frame["ater_highway"].notna() & frame["ater_ts"].notna()
    default = (
        frame["bsc"].astype("string") + "|P" + frame["pcm"].astype("Int64").astype("string")
        + "|G" + (position // 4).astype("Int64").astype("string")
    )
    ater = (
        frame["bsc"].astype("string") + "|H" + frame["ater_highway"].astype("Int64").astype("string")
        + "|T" + frame["ater_ts"].astype("Int64").astype("string")
    )
    # Circuits that are neither (TS 0/16 or unknown) stay in a group of their own.
    alone = pd.Series("single|" + frame.index.astype(str), index=frame.index)
    return ater.where(by_ater, default).fillna(alone)


def _groups(circuits: pd.DataFrame) -> pd.DataFrame:
    with_traffic = circuits[circuits["seizures"] > 0]
    grouped = with_traffic.groupby("group_key", sort=False)
    groups = grouped.agg(
        bsc=("bsc", "first"),
        pcm=("pcm", "min"),
        last_pcm=("pcm", "max"),
        first_ts=("ts", "min"),
        last_ts=("ts", "max"),
        ater_highway=("ater_highway", "first"),
        ater_ts=("ater_ts", "first"),
        circuits=("ts", "size"),
        seizures=("seizures", "sum"),
        hold_s=("hold_s", "sum"),
        min_seizures=("seizures", "min"),
        max_hold=("mean_hold", "max"),
        min_hold=("mean_hold", "min"),
        bsc_mean_hold=("bsc_mean_hold", "first"),
    ).reset_index()
    groups["circuits"] = groups["circuits"].astype("float64")
    groups["mean_hold"] = ratio(groups["hold_s"], groups["seizures"])
    groups["object"] = _group_labels(groups)
    groups["cell"] = None
    groups["lac"] = np.nan
    return groups


def _group_labels(groups: pd.DataFrame) -> pd.Series:
    """`BSC/PCM3/TS5-8`; a group across the signalling slot reads `TS13-15+17`."""
    first = groups["first_ts"].astype("Int64").astype("string")
    last = groups["last_ts"].astype("Int64").astype("string")
    across_16 = (groups["first_ts"] < 16) & (groups["last_ts"] > 16)
    span = (first + "-" + last).where(~across_16, first + "-15+17" + ("-" + last).where(groups["last_ts"] > 17, ""))
    span = span.where(groups["first_ts"] != groups["last_ts"], first)
    pcm = "PCM" + groups["pcm"].astype("Int64").astype("string")
    pcm = pcm.where(groups["pcm"] == groups["last_pcm"], pcm + "-" + groups["last_pcm"].astype("Int64").astype("string"))
    return (groups["bsc"].astype("string") + "/" + pcm + "/TS" + span).astype(object)
