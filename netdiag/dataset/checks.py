"""What an engineer should know about the data before trusting a diagnosis of it: unknown cells,
periods reported twice, counters that contradict each other, alarms the dictionary does not know."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..io.schema import TABLES
from . import alarms as alarm_classes


# Counters that can never exceed another: (table, smaller, larger).
CONSISTENCY = [
    ("cell_kpi", "tch_seizures", "tch_attempts"),
    ("cell_kpi", "tch_drops", "tch_seizures"),
    ("cell_kpi", "ho_out_success", "ho_out_attempts"),
    ("cell_kpi", "ho_in_success", "ho_in_attempts"),
    ("cell_kpi", "sdcch_assign_fail", "sdcch_attempts"),
    ("trx_kpi", "tch_assign_fail", "tch_assign_attempts"),
    ("trx_kpi", "tch_drops", "tch_seizures"),
    ("sccp", "cc_received", "cr_sent"),
    ("adjacency_ho", "ho_success", "ho_attempts"),
    ("gprs_kpi", "tbf_fail", "tbf_attempts"),
]


class KeyCodes:
    """Each key column of the tables factorized once (its distinct values, and each row's among
    them): duplicate periods and unknown cells are both found on the codes, and a column of a
    million names is hashed once, not once per check."""

    def __init__(
        self, tables: dict[str, pd.DataFrame], found: dict[tuple[str, str], tuple[np.ndarray, pd.Index]] | None = None
    ) -> None:
        self.tables = tables
        self.found = dict(found or {})

    def of(self, table: str, column: str) -> tuple[np.ndarray, pd.Index]:
        """(codes, distinct values); a missing value's code is -1."""
        if (table, column) not in self.found:
            codes, uniques = pd.factorize(self.tables[table][column])
            self.found[table, column] = codes, pd.Index(uniques)
        return self.found[table, column]

    def duplicated(self, table: str, columns: list[str]) -> pd.Series:
        """frame.duplicated(subset=columns): over several columns, two rows are alike when all
        their codes are, as pandas has it (over one, pandas tells None from NaN: left to it)."""
        frame = self.tables[table]
        if len(columns) == 1:
            return frame.duplicated(subset=columns, keep="first")
        found = [self.of(table, c) for c in columns]
        if math.prod(len(distinct) + 1 for _, distinct in found) >= 2**63:
            return pd.DataFrame({c: codes for c, (codes, _) in zip(columns, found)}, index=frame.index).duplicated()
        # One number per row, its codes as digits (a missing value, -1, is a digit too): alike rows, alike numbers.
        key = np.zeros(len(frame), dtype=np.int64)
        for codes, distinct in found:
            key = key * (len(distinct) + 1) + (codes + 1)
        return pd.Series(key, index=frame.index).duplicated(keep="first")


def flag_problems(
    tables: dict[str, pd.DataFrame], repeated: dict[str, pd.Series], codes: KeyCodes,
    sources: dict[str, list[tuple[str, int]] | None] | None = None,
) -> list[dict[str, object]]:
    """Flag what an engineer should know about the data before trusting a diagnosis of it.

    sources: per table, the file and row count of each part in the order its rows stand (a period
    reported twice then names the file kept, the first read, and the file left out)."""
    flags: list[dict[str, object]] = []
    known = set(tables["cells"]["cell"].dropna())
    for name, frame in tables.items():
        if name != "cells" and "cell" in frame and not frame.empty and name != "alarms":
            cells, distinct = codes.of(name, "cell")
            # A cell that is not missing (code -1) and not configured, judged once per distinct name.
            unknown = np.append(~distinct.isin(known), False)[cells]
            if unknown.any():
                flags.append({"table": name, "check": "unknown cell", "rows": int(unknown.sum()),
                              "example": str(frame["cell"].iloc[int(np.argmax(unknown))])})
        keys = TABLES[name].row_identity
        if name in repeated:
            duplicated = repeated[name]
            if duplicated.any():
                first = frame.loc[duplicated, keys].iloc[0]
                example = " ".join("-" if pd.isna(v) else str(v) for v in first)  # one row's keys; a missing one as "-"
                flag = {"table": name, "check": "duplicate period", "rows": int(duplicated.sum()), "example": example}
                flags.append({**flag, **_kept_and_left_out(frame, duplicated, keys, (sources or {}).get(name))})
    for name, smaller, larger in CONSISTENCY:
        frame = tables.get(name)
        if frame is None or frame.empty:
            continue
        worse = (frame[smaller].astype("Float64") > frame[larger].astype("Float64")).fillna(False).astype(bool)
        if worse.any():
            row = frame[worse].iloc[0]
            flags.append({"table": name, "check": f"{smaller} > {larger}", "rows": int(worse.sum()),
                          "example": f"{row.get('cell', row.get('bsc', ''))} {row.get('start_time', '')}".strip()})
    return flags


def _kept_and_left_out(
    frame: pd.DataFrame, duplicated: pd.Series, keys: list[str], parts: list[tuple[str, int]] | None
) -> dict[str, str]:
    """The files of the first row kept and the first row left out of a period reported twice."""
    if not parts or sum(rows for _, rows in parts) != len(frame):
        return {"kept": "the first row read"}
    ends = np.cumsum([rows for _, rows in parts])
    left = int(np.argmax(duplicated.to_numpy()))
    row = frame[keys].iloc[left]
    same = ((frame[keys] == row) | (frame[keys].isna() & row.isna())).all(axis=1)
    kept = int(np.argmax(same.to_numpy(dtype=bool)))
    file_of = [parts[int(np.searchsorted(ends, row, side="right"))][0] for row in (kept, left)]
    return {"kept": file_of[0], "left_out": file_of[1]}


def unknown_alarms(tables: dict[str, pd.DataFrame]) -> list[dict[str, object]]:
    """Alarms the dictionary does not know are listed, never silently dropped (extend alarms.yaml)."""
    alarms = tables.get("alarms")
    if alarms is None or alarms.empty:
        return []
    unknown = alarms.loc[alarms["alarm_class"] == alarm_classes.UNKNOWN, "alarm"].fillna("(no name)")
    return [
        {"table": "alarms", "check": "unknown alarm", "rows": int(count), "example": str(name)}
        for name, count in unknown.value_counts().items()
    ]


def without_duplicate_periods(frame: pd.DataFrame, repeated: pd.Series | None) -> pd.DataFrame:
    """A period reported twice (overlapping exports) counts once: the first report is kept."""
    if repeated is None or not repeated.any():
        return frame  # (not a copy of a table of a million rows for nothing)
    return frame[~repeated].reset_index(drop=True)
