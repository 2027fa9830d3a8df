"""A frame of vendor counters turned into the canonical columns of a table, with the dictionary's arithmetic."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ...errors import DataError
from ..parsing import NULL_VALUES
from ..schema import INT, TABLES, Column, alias_index, normalise_header
from .model import ColumnPlan, CounterMatch


def _numbers(values: pd.Series) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        return values.to_numpy(dtype="float64", na_value=np.nan)
    text = values.astype("string").str.strip()
    text = text.mask(text.isin(NULL_VALUES))
    text = text.str.replace(",", "", regex=False).str.replace(r"\s*%$", "", regex=True)
    return pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def to_canonical(
    frame: pd.DataFrame,
    match: CounterMatch,
    table: str | None = None,
    *,
    keys: Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """The frame with canonical columns of `table` (default: the table the match chose).

    Counter columns are computed with the dictionary's arithmetic; other headers that name a
    column of the table (by the schema's aliases, or by `keys`: {header: canonical column}) are
    kept under their canonical name; a canonical column the file gives itself wins over the
    arithmetic. The second value lists every input column left out (unknown headers, counters the
    table does not use, duplicates), in the file's order: nothing is dropped silently.
    """
    table = table or match.table
    if table is None:
        raise DataError(f"no table for these counters: {match.reason}")
    if table not in TABLES:
        raise DataError(f"unknown table {table!r}")
    schema = TABLES[table]
    index = alias_index(schema)
    counters_of = {m.header for m in match.known}
    position: dict[str, int] = {}
    for i, header in enumerate(map(str, frame.columns)):
        position.setdefault(header, i)
    kept: dict[str, int] = {}  # canonical column -> position
    for header, i in position.items():
        if header in counters_of:
            continue
        canonical = (keys or {}).get(header) or index.get(normalise_header(header))
        if canonical in schema.column_map and canonical not in kept:
            kept[canonical] = i
    computed: dict[str, np.ndarray] = {}
    used: set[int] = set()
    for column, plan in match.plans.get(table, {}).items():
        if column in kept:
            continue
        if any(h not in position for h in plan.headers.values()):
            continue
        values = {ref: _numbers(frame.iloc[:, position[h]]) for ref, h in plan.headers.items()}
        computed[column] = computed_column(plan, values, schema.column_map[column])
        used.update(position[h] for h in plan.headers.values())
    out = pd.DataFrame(index=frame.index)
    for column in schema.column_names:
        if column in kept:
            out[column] = frame.iloc[:, kept[column]].to_numpy()
        elif column in computed:
            out[column] = computed[column]
    taken = used | set(kept.values())
    left_out = [str(h) for i, h in enumerate(frame.columns) if i not in taken]
    return out, left_out


def computed_column(plan: ColumnPlan, values: Mapping[str, np.ndarray], column: Column) -> np.ndarray:
    """A canonical column from the vendor counters its plan names (float64): missing wherever a term
    is missing or a division is by zero, and below zero in a column that cannot be negative."""
    result = plan.formula.evaluate(values)
    return result if column.signed else np.where(result < 0, np.nan, result)


def as_kind(values: np.ndarray, column: Column) -> tuple[object, int]:
    """Computed values in the column's kind, and how many were left out for it: a count (INT) that
    comes out a fraction is missing (the vendor counters do not add up to one)."""
    if column.kind != INT:
        return values, 0
    missing = np.isnan(values)
    fraction = ~missing & (np.abs(values - np.round(values)) > 1e-6)
    missing |= fraction | (np.abs(np.nan_to_num(values)) > 2**53)
    whole = np.where(missing, 0, np.round(np.nan_to_num(values))).astype(np.int64)
    return pd.arrays.IntegerArray(whole, missing), int(fraction.sum())
