"""A-interface circuit measures (018 report, circuit states) and Ater groups of four circuits."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..dataset.model import Dataset
from .base import LevelFrames, row_ids, sum_per_group, take_or, text_ids, whole_number_text
from .stats import as_float, ratio

USABLE = {"idle", "busy"}
UNUSABLE = {"blocked", "faulty", "unequipped"}
# Traffic timeslots of a PCM in order (TS 0 and 16 carry framing and signalling).
TRAFFIC_TS = [*range(1, 16), *range(17, 32)]
_POSITION_OF_TS = np.full(32, np.nan)  # each traffic timeslot's place among them
_POSITION_OF_TS[TRAFFIC_TS] = np.arange(len(TRAFFIC_TS))

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
    group_of = _group_ids(circuits)
    groups = _groups(circuits, group_of)
    row = np.full(group_of.max() + 1, -1)  # each group's row in `groups` (-1: no traffic)
    row[groups["_group"].to_numpy()] = np.arange(len(groups))
    at = row[group_of]
    circuits = circuits.assign(
        group=pd.Series(take_or(groups["object"].to_numpy(dtype=object), at, np.nan), index=circuits.index, dtype=object),
        **{mine: take_or(groups[theirs].to_numpy(dtype="float64"), at, np.nan)
           for mine, theirs in (("group_max_hold", "max_hold"), ("group_min_hold", "min_hold"), ("group_circuits", "circuits"))},
    )
    keep_circuit = ["object", "cell", "bsc", "lac", *CIRCUIT_COLUMNS]
    keep_group = ["object", "cell", "bsc", "lac", *GROUP_COLUMNS]
    return LevelFrames(circuits[keep_circuit]), LevelFrames(groups[keep_group])


def _circuits(ds: Dataset) -> pd.DataFrame:
    """One row per circuit of the 018 report and the state table: of one of them in its order, of
    both sorted by BSC, PCM and TS (as an outer join gives them)."""
    tables = [ds[name] if ds.has(name) else None for name in ("a_circuits", "a_circuit_state")]
    if all(t is None for t in tables):
        return pd.DataFrame()
    keys = _CircuitKeys([t for t in tables if t is not None])
    table_keys = iter(keys.of_tables)
    report, state = tables
    parts = []
    if report is not None:
        parts.append(_report(report, next(table_keys)))
    if state is not None:
        parts.append(pd.DataFrame({"_key": next(table_keys), **_states(state)}))
    frame = parts[0] if len(parts) == 1 else parts[0].merge(parts[1], on="_key", how="outer")
    frame = frame.reindex(columns=list(dict.fromkeys([*frame.columns, "seizures", "hold_s", "cic", "ater_highway", "ater_ts", "bsc_state", "msc_state"])))
    key = frame.pop("_key").to_numpy()
    frame.insert(0, "bsc", pd.Series(keys.bsc(key), index=frame.index, dtype=object))
    frame.insert(1, "pcm", keys.pcm(key))
    frame.insert(2, "ts", keys.ts(key))
    bsc_totals = frame.groupby("bsc")[["hold_s", "seizures"]].transform("sum")
    return frame.assign(
        object=pd.Series(keys.labels(key), index=frame.index, dtype=object),
        cell=None,
        lac=np.nan,
        mean_hold=ratio(frame["hold_s"], frame["seizures"]),
        bsc_mean_hold=ratio(bsc_totals["hold_s"], bsc_totals["seizures"]),
        state_mismatch=_mismatch(frame["bsc_state"], frame["msc_state"]),
    )


class _CircuitKeys:
    """(BSC, PCM, TS) of the rows of both tables as one int64 that sorts as the three do (each
    missing one last): ranks in sorted vocabularies of the BSCs, PCMs and TSs."""

    def __init__(self, tables: list[pd.DataFrame]) -> None:
        bscs, self.bscs = text_ids([t["bsc"] for t in tables])
        pcms, self.pcms = _number_ids([t["pcm"] for t in tables])
        tss, self.tss = _number_ids([t["ts"] for t in tables])
        self.sizes = [len(self.bscs) + 1, len(self.pcms) + 1, len(self.tss) + 1]
        self.of_tables = [
            (_missing_last(b, self.sizes[0]) * self.sizes[1] + _missing_last(p, self.sizes[1])) * self.sizes[2] + _missing_last(t, self.sizes[2])
            for b, p, t in zip(bscs, pcms, tss)
        ]

    def labels(self, key: np.ndarray) -> np.ndarray:
        """`BSC/PCM3/TS5`, missing (pd.NA) where a part is: each BSC and PCM written once."""
        head, heads = pd.factorize(key // self.sizes[2])
        bsc = np.append(self.bscs, pd.NA)[heads // self.sizes[1]]
        head_text = bsc + "/PCM" + whole_number_text(_numbers(self.pcms))[heads % self.sizes[1]]
        return head_text[head] + ("/TS" + whole_number_text(_numbers(self.tss)))[key % self.sizes[2]]

    def bsc(self, key: np.ndarray) -> np.ndarray:
        return np.append(self.bscs, np.nan)[key // (self.sizes[1] * self.sizes[2])]

    def pcm(self, key: np.ndarray) -> np.ndarray:
        return _numbers(self.pcms)[key // self.sizes[2] % self.sizes[1]]

    def ts(self, key: np.ndarray) -> np.ndarray:
        return _numbers(self.tss)[key % self.sizes[2]]


def _missing_last(ids: np.ndarray, size: int) -> np.ndarray:
    return np.where(ids >= 0, ids, size - 1).astype(np.int64)


def _number_ids(columns: list[pd.Series]) -> tuple[list[np.ndarray], object]:
    """Ranks of the values of numeric columns in their sorted distinct values (-1: missing)."""
    ids, distinct = pd.factorize(pd.concat(columns, ignore_index=True), sort=True)
    return np.split(ids, np.cumsum([len(c) for c in columns])[:-1]), distinct


def _numbers(values) -> np.ndarray:
    """A vocabulary of whole numbers as float64, NaN appended for a missing one."""
    return np.append(as_float(pd.Series(values)), np.nan)


def _report(report: pd.DataFrame, key: np.ndarray) -> pd.DataFrame:
    """Per circuit of the 018 report (in order of first appearance): seizures and hold time summed,
    the first CIC and Ater position given. A circuit with a missing key part is left out."""
    group, keys = pd.factorize(key)
    labels = pd.DataFrame({c: as_float(report[c]) for c in ("cic", "ater_highway", "ater_ts")}).groupby(group).first()
    frame = pd.DataFrame({
        "_key": keys,
        **{c: sum_per_group(as_float(report[c]), group, len(keys)) for c in ("seizures", "hold_s")},
        **{c: labels[c].to_numpy() for c in labels.columns},
    })
    complete = report[["bsc", "pcm", "ts"]].notna().all(axis=1).to_numpy()
    return frame.iloc[np.unique(group[complete])].reset_index(drop=True) if not complete.all() else frame


def _states(state: pd.DataFrame) -> dict[str, pd.Series]:
    """Both sides' states, trimmed and in lower case (each distinct text once)."""
    out = {}
    for side in ("bsc_state", "msc_state"):
        code, distinct = pd.factorize(state[side])
        clean = pd.array(pd.Series(distinct, dtype=object).astype("string").str.strip().str.lower(), dtype="string")
        out[side] = pd.Series(clean.take(code, allow_fill=True), index=state.index)
    return out


def _mismatch(bsc_state: pd.Series, msc_state: pd.Series) -> np.ndarray:
    bsc_side, msc_side = bsc_state.astype("string"), msc_state.astype("string")
    mismatch = (bsc_side.isin(USABLE) & msc_side.isin(UNUSABLE)) | (bsc_side.isin(UNUSABLE) & msc_side.isin(USABLE))
    return mismatch.fillna(False).astype("float64")


def _group_ids(frame: pd.DataFrame) -> np.ndarray:
    """Four A circuits share one Ater timeslot: by the Ater columns when given, else in fours along
    the traffic timeslots of a PCM (1-4, 5-8, ..., 13-15+17, ..., 30-31). Each circuit's group as
    an id (a BSC with its highway and Ater TS, or with its PCM and four)."""
    ts, pcm = as_float(frame["ts"]), as_float(frame["pcm"])
    highway, ater_ts = as_float(frame["ater_highway"]), as_float(frame["ater_ts"])
    whole_ts = np.where((ts >= 0) & (ts < len(_POSITION_OF_TS)) & (ts == np.floor(ts)), ts, 0).astype(np.int64)
    position = np.where(whole_ts == ts, _POSITION_OF_TS[whole_ts], np.nan)
    bsc = pd.factorize(frame["bsc"])[0]
    by_ater = ~np.isnan(highway) & ~np.isnan(ater_ts)
    grouped = (bsc >= 0) & (by_ater | (~np.isnan(pcm) & ~np.isnan(position)))
    # Circuits that are neither (TS 0/16 or unknown) stay in a group of their own.
    alone = np.where(grouped, -1, np.arange(len(frame)))
    return row_ids(by_ater & grouped, bsc, np.where(by_ater, highway, pcm), np.where(by_ater, ater_ts, position // 4), alone)


def _groups(circuits: pd.DataFrame, group_of: np.ndarray) -> pd.DataFrame:
    """The groups with traffic, in order of their first circuit (with `_group`, their id)."""
    traffic = (circuits["seizures"] > 0).to_numpy()
    with_traffic = circuits[traffic].assign(_group=group_of[traffic])
    grouped = with_traffic.groupby("_group", sort=False)
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
    groups["object"] = pd.Series(_group_labels(groups), index=groups.index, dtype=object)
    groups["cell"] = None
    groups["lac"] = np.nan
    return groups


def _group_labels(groups: pd.DataFrame) -> np.ndarray:
    """`BSC/PCM3/TS5-8`; a group across the signalling slot reads `TS13-15+17`. Written once per
    distinct BSC and PCMs, and per distinct span of timeslots."""
    head, heads = _distinct_rows(groups["bsc"].astype("string").astype(object), groups["pcm"], groups["last_pcm"])
    pcm, last_pcm = as_float(heads["pcm"]), as_float(heads["last_pcm"])
    pcm_text = "PCM" + whole_number_text(pcm)
    pcm_text = np.where(pcm == last_pcm, pcm_text, pcm_text + "-" + whole_number_text(last_pcm))
    span, spans = _distinct_rows(groups["first_ts"], groups["last_ts"])
    first_ts, last_ts = as_float(spans["first_ts"]), as_float(spans["last_ts"])
    first, last = whole_number_text(first_ts), whole_number_text(last_ts)
    across_16 = (first_ts < 16) & (last_ts > 16)
    span_text = np.where(across_16, first + "-15+17" + np.where(last_ts > 17, "-" + last, ""), first + "-" + last)
    span_text = np.where(first_ts != last_ts, span_text, first)
    return (heads["bsc"].to_numpy() + "/" + pcm_text + "/TS")[head] + span_text[span]


def _distinct_rows(*columns: pd.Series) -> tuple[np.ndarray, pd.DataFrame]:
    """(each row's distinct combination of the columns' values, those combinations)."""
    row = row_ids(*(c.to_numpy() for c in columns))
    first = np.unique(row, return_index=True)[1]
    return row, pd.DataFrame({c.name: c.to_numpy()[first] for c in columns})
