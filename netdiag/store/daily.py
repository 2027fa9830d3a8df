"""The network's additive summaries per day (measures.context.ContextParts), kept beside the data.

A one-complaint read loads a few cells but must judge them against the whole network: it sums the
days' small summaries instead of reading every cell of every day. Each frame of ContextParts is kept
as rows of one long table per day (`part` names the frame; its first column is its key). Per-cell
sums are taken over every cell with statistics; a read keeps those its configuration knows, as the
measures over the whole network do.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from functools import lru_cache

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..dataset.model import Dataset
from ..dataset.context import ContextParts
from ..measures.context import context_parts, target_sums_of
from ..dataset.window import overlapping

# The statistics tables whose rows decide where a day's statistics end.
STATS_TABLES = ("cell_kpi", "trx_kpi", "gprs_kpi", "sccp")
# The tables a day's summary is computed from: when one of them changes, the summary is redone.
SOURCE_TABLES = (*STATS_TABLES, "alarms")
# Sums over the cells the configuration knows (the measures leave other cells out of baselines).
CONFIGURED = "cell_sums"
PERIODS = "period_traffic"
TARGETS = "target_sums"


def _frames(parts: ContextParts) -> dict[str, pd.DataFrame]:
    return {f.name: getattr(parts, f.name) for f in dataclasses.fields(parts) if isinstance(getattr(parts, f.name), pd.DataFrame)}


@lru_cache(maxsize=1)
def layout() -> dict[str, list[str]]:
    """Each frame of ContextParts and its columns, key first (from the parts of no data at all)."""
    empty = context_parts(Dataset({"cells": pd.DataFrame({"cell": pd.Series(dtype=object)})}))
    return {name: list(frame.columns) for name, frame in _frames(empty).items()}


@lru_cache(maxsize=1)
def schema() -> pa.Schema:
    fields = {"part": pa.string()}
    for columns in layout().values():
        key, *values = columns
        fields.setdefault(key, pa.timestamp("ns") if key == "start_time" else pa.string())
        for column in values:
            fields.setdefault(column, pa.float64())
    return pa.schema(list(fields.items()))


def day_summary(tables: dict[str, pd.DataFrame]) -> tuple[pa.Table, dict[str, str | None]]:
    """One day's parts as one long table, and where its statistics and alarms end."""
    kpi = tables.get("cell_kpi")
    every_cell = pd.DataFrame({"cell": kpi["cell"].dropna().unique() if kpi is not None else pd.Series(dtype=object)})
    stats = {name: tables[name] for name in STATS_TABLES if name in tables}
    parts = context_parts(Dataset({"cells": every_cell, **stats}))
    pieces = [_to_arrow(name, frame) for name, frame in _frames(parts).items() if not frame.empty]
    table = pa.concat_tables(pieces) if pieces else schema().empty_table()
    alarms = tables.get("alarms")
    alarms_end = None
    if alarms is not None and not alarms.empty:
        alarms_end = pd.concat([alarms["raised_at"], alarms["cleared_at"]]).max()
    return table, {"stats_end": _text(parts.window_end), "alarms_end": _text(alarms_end), "parts": sorted(layout())}


def complete(day: dict[str, object] | None) -> bool:
    """Does a day's stored summary hold every part this netdiag's context is made of?"""
    return day is not None and set(layout()) <= set(day.get("parts") or ())


def _to_arrow(part: str, frame: pd.DataFrame) -> pa.Table:
    columns = {}
    for field in schema():
        if field.name == "part":
            columns["part"] = pa.array([part] * len(frame), pa.string())
        elif field.name not in frame:
            columns[field.name] = pa.nulls(len(frame), field.type)
        elif pa.types.is_string(field.type):
            values = frame[field.name].astype(object)
            columns[field.name] = pa.array(values.where(values.notna(), None).to_numpy(dtype=object), field.type)
        else:
            columns[field.name] = pa.array(frame[field.name], field.type, from_pandas=True)
    return pa.table(columns, schema=schema())


def _text(moment) -> str | None:
    return None if moment is None or pd.isna(moment) else pd.Timestamp(moment).isoformat(sep=" ")


def window_parts(read_part: Callable[[str, list[str]], pa.Table], ends: Iterable[dict[str, object]],
                 known_cells: pd.Series, recount: Callable[[list[str]], pd.DataFrame]) -> ContextParts:
    """The window's parts from its days' summaries, for the cells the configuration knows: the same
    sums context_parts takes over the whole window. `read_part(part, columns)` gives the days' rows
    of one part (with a `date` column saying whose day).

    A day whose statistics name cells the configuration does not have counted their traffic in its
    busy periods; `recount(days)` gives those days' per-period traffic over known cells only.
    """
    known = set(known_cells.dropna())
    frames, stale = {}, []
    for name, (key, *values) in layout().items():
        if name == TARGETS:
            continue  # the same sums as the cells' own (below): not read twice
        rows = read_part(name, [key, *values])
        summed = _summed(rows, key, values)
        if name == CONFIGURED:  # summed first: the known cells are looked up once each, not once a day
            frames[TARGETS] = target_sums_of(summed)  # as the stored target part holds them
            foreign = ~summed[key].isin(known)
            if foreign.any():
                named = pa.array(summed.loc[foreign, key].astype(str).tolist(), pa.string())
                stale = sorted(set(rows.filter(pc.is_in(rows[key], named))["date"].to_pylist()))
                summed = summed[~foreign].reset_index(drop=True)
        frames[name] = summed
    if stale:
        rows = read_part(PERIODS, layout()[PERIODS])
        key, *values = layout()[PERIODS]
        kept = rows.filter(pc.invert(pc.is_in(rows["date"], pa.array(stale, pa.string()))))
        both = pd.concat([_summed(kept, key, values), recount(stale)[[key, *values]]], ignore_index=True)
        frames[PERIODS] = both.sort_values(key, kind="stable").reset_index(drop=True)
    ends = list(ends)
    stats = [pd.Timestamp(e["stats_end"]) for e in ends if e.get("stats_end")]
    alarms = [pd.Timestamp(e["alarms_end"]) for e in ends if e.get("alarms_end")]
    window_end = max(stats) if stats else max(alarms) if alarms else None
    return ContextParts(**frames, window_end=window_end)


def _summed(rows: pa.Table, key: str, values: list[str]) -> pd.DataFrame:
    """Sums per key over the days, missing only where every day is (as pandas sum(min_count=1))."""
    options = pc.ScalarAggregateOptions(skip_nulls=True, min_count=1)
    summed = rows.group_by(key, use_threads=False).aggregate([(c, "sum", options) for c in values])
    frame = pd.DataFrame({key: summed[key].to_numpy(zero_copy_only=False),
                          **{c: summed[f"{c}_sum"].to_numpy(zero_copy_only=False) for c in values}})
    if key == "start_time":  # busy periods are taken in time order
        return frame.sort_values(key, kind="stable").reset_index(drop=True)
    frame[key] = pd.Series(frame[key].to_numpy(dtype=object), dtype=object)
    return frame


def needed_columns(table: str, available: list[str]) -> list[str]:
    """The columns of a table that the network's context (and where the day ends) is computed from."""
    if table == "alarms":
        return [c for c in available if c in ("raised_at", "cleared_at")]
    used = {"start_time", "period_min", *(c for columns in layout().values() for c in columns)}
    return [c for c in available if c in used]


# Tables the context reads only where their periods end (the window's end): their distinct periods do.
PERIODS_ONLY = ("trx_kpi", "gprs_kpi")


def context_rows(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of a table's needed columns that the context depends on: all of them for the tables
    it sums (cell_kpi, sccp), the distinct periods for those it only takes the window's end from."""
    if table not in PERIODS_ONLY:
        return frame
    periods = [c for c in ("start_time", "period_min") if c in frame]
    return frame[periods].drop_duplicates(ignore_index=True)


def parts_between(frames: dict[str, pd.DataFrame], config: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> ContextParts:
    """The network's parts over the periods that overlap [start, end), from its statistics tables
    (the needed columns of every cell): what context_parts gives for the network narrowed to them."""
    kept = {}
    for name, frame in frames.items():
        keep = overlapping(frame, start, end)
        kept[name] = frame[keep.to_numpy(dtype=bool)].reset_index(drop=True)
    return context_parts(Dataset({"cells": config, **kept}))
