"""Parts of one statistics table that carry different columns, put together by key (and parts of a
configuration table: a dump's cells and a workbook's, one row per cell; two values that differ are flagged).

Huawei's M2000 writes one file per counter group: the TCH traffic of a BSC's cells in one file, their
call drops in another, their handovers in a third, for the same cells and periods. Stacked one after
the other, each would be a row of its own, and the second a duplicate period of the first. Instead,
the rows of one key (the table's row identity and the period's length) become one row, each column
taking the first part's value that is not missing (parts in the order they were read: files in
name order). A value that two parts both give is a period reported twice: the first is kept, and
the keys where it happens are counted in a flag naming the file kept and the file left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .schema import COUNTER_TABLES, TABLES, counter_columns


def combine_parts(table: str, parts: list[tuple[pd.DataFrame, str]]) -> tuple[pd.DataFrame, list[dict[str, object]]]:
    """One frame of `table` from parts of different columns, and its flag for values given twice."""
    spec = TABLES[table]
    columns = list(dict.fromkeys(c for frame, _ in parts for c in frame.columns))
    frame = pd.concat([part.reindex(columns=columns) for part, _ in parts], ignore_index=True)
    frame = frame.astype({c: parts[_first_with(parts, c)][0][c].dtype for c in columns})
    origin = np.repeat(np.arange(len(parts)), [len(part) for part, _ in parts])
    keys = [k for k in (*spec.row_identity, "period_min") if k in frame.columns]
    group = frame.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    if len(np.unique(group)) == len(group):
        return frame, []
    values = [c for c in counter_columns(table) if c in frame.columns]  # (a CGI given by both is no repeat)
    given = frame[values].notna().to_numpy()
    if table in COUNTER_TABLES:
        counts = np.zeros((group.max() + 1, len(values)), dtype=np.int64)
        np.add.at(counts, group, given.astype(np.int64))
    else:  # a configuration given by two files: a conflict only where they differ
        counts = frame[values].astype(object).groupby(group, sort=True).nunique(dropna=True).to_numpy()
    twice = (counts > 1).any(axis=1)
    combined = frame.groupby(group, sort=False).first()  # the first value that is not missing, per column
    combined = combined.reset_index(drop=True)[columns].astype(frame.dtypes.to_dict())
    flags = []
    if twice.any():
        example = int(np.flatnonzero(twice)[0])
        column = int(np.flatnonzero(counts[example] > 1)[0])
        rows = np.flatnonzero((group == example) & given[:, column])  # the parts that both give it
        first_row = frame.iloc[rows[0]]
        flags.append({
            "table": table, "check": "period reported twice" if table in COUNTER_TABLES else "configured twice, differently",
            "rows": int(twice.sum()),
            "example": " ".join(str(first_row[k]) for k in keys if pd.notna(first_row[k])) + f" ({values[column]})",
            "kept": parts[origin[rows[0]]][1], "left_out": parts[origin[rows[1]]][1],
        })
    return combined, flags


def _first_with(parts: list[tuple[pd.DataFrame, str]], column: str) -> int:
    return next(i for i, (frame, _) in enumerate(parts) if column in frame.columns)
