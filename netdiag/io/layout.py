"""How one file's columns are read into its table, beyond the canonical names and their aliases.

* an object-name column (`Object Name`, `measObjLdn`, a GCELL column) stands for the keys no header
  names (cell, trx, bsc): read as text, then parsed (objects.py); its CGI, when it carries one, is
  kept as an extra `cgi` column for the dataset to match against the configuration;
* Huawei's `Reliability` column: the rows that do not say `Reliable` are kept and counted (flagged);
* vendor counters the counter dictionary computes canonical columns from: read as numbers under a
  name of their own (`@<position>`), then computed into their canonical columns and let go.

The file is read (typed or as strings, readers.py) with the table widened by these columns; then
`complete` turns the result into the canonical frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .counters import ColumnPlan
from .counters.canonical import as_kind, computed_column
from .cell_refs import CGI_COLUMN, CI_COLUMN, LAC_COLUMN, cells_from_keys
from .objects import key_columns
from .planning import planning_columns, planning_values
from .wide_neighbours import PREFIX as NEIGHBOUR_LIST
from .recognise import Recognition, map_columns
from .schema import FLOAT, RELIABILITY_HEADERS, RELIABLE_VALUES, TABLES, TEXT, Column, Table, normalise_header

OBJECT, RELIABILITY = "object", "reliability"
OBJECT_KEYS = ("cell", "trx", "bsc")
CONFIGURATION = ("cells", "trx", "neighbours")  # tables whose cells are named, never keyed by CGI
EXAMPLES = 3


@dataclass(frozen=True)
class Layout:
    """A file's columns as they are read into `table`."""

    table: str
    spec: Table  # the table widened by the columns below, as the file is read
    mapping: dict[int, str]  # header position -> column of `spec`
    ignored: list[str]  # headers not read
    object_keys: tuple[str, ...] = ()  # the keys the object column stands for
    plans: dict[str, tuple[ColumnPlan, dict[str, str]]] = field(default_factory=dict)  # column -> plan, {ref: read column}
    cell_refs: tuple[str, ...] = ()  # the columns the cell is named from (cgi, or @lac and @ci; cell_refs.py)
    planning: bool = False  # a cells file's coordinates read as written, its lac and ci from a CGI (planning.py)


@dataclass
class Completion:
    """What completing a file's frame met, for its report."""

    object_rows_left_out: int = 0  # rows whose object names none of the keys needed
    object_examples: list[str] = field(default_factory=list)
    unreliable_rows: int = 0
    unreliable_example: str | None = None
    not_whole: dict[str, int] = field(default_factory=dict)  # counts that came out a fraction, per column
    unreadable_coordinates: int = 0  # coordinates of a cells file that are no degrees


def layout_of(headers: list[str], recognition: Recognition) -> Layout:
    """The read layout of a recognised file."""
    table = recognition.table
    assert table is not None
    spec = TABLES[table]
    mapping, _ = map_columns(headers, spec)
    extra: list[Column] = []
    keys, identity = list(spec.keys), list(spec.row_identity)
    covered: tuple[str, ...] = ()
    if recognition.object_column is not None:
        covered = tuple(k for k in OBJECT_KEYS if k in spec.keys and k not in mapping.values())
        if covered:
            mapping[recognition.object_column] = OBJECT
            extra.append(Column(OBJECT, TEXT))
            keys = [k for k in keys if k not in covered] + [OBJECT]
            identity = [k for k in identity if k not in covered] + [OBJECT]
    refs: tuple[str, ...] = ()
    if (recognition.cell_refs and table not in CONFIGURATION and "cell" in spec.column_map and "cell" not in mapping.values()
            and not {"lac", "ci"} & set(spec.column_map)):  # (a table with lac and ci of its own keeps them: complaints)
        refs = (CGI_COLUMN,) if len(recognition.cell_refs) == 1 else (LAC_COLUMN, CI_COLUMN)
        for position, column in zip(recognition.cell_refs, refs):
            mapping[position] = column
            extra.append(Column(column, TEXT))
        keys = [k for k in keys if k != "cell"] + list(refs) if "cell" in keys else keys
        identity = [k for k in identity if k != "cell"] + list(refs) if "cell" in identity else identity
    planning = False
    if table == "cells":  # a neighbour list across the row, coordinates as written, a CGI (planning.py)
        for position, column in planning_columns(headers, mapping).items():
            mapping[position] = column
            extra.append(Column(column, TEXT))
            planning = True
    reliability = next((i for i, h in enumerate(headers) if normalise_header(h) in RELIABILITY_HEADERS and i not in mapping), None)
    if reliability is not None:
        mapping[reliability] = RELIABILITY
        extra.append(Column(RELIABILITY, TEXT))
    plans = {}
    match = recognition.counters
    for column, plan in (match.plans.get(table, {}) if match else {}).items():
        if column in mapping.values():
            continue  # a canonical column the file gives itself wins over the arithmetic
        inputs = {}
        for ref, header in plan.headers.items():
            position = headers.index(header)
            if position not in mapping:
                mapping[position] = f"@{position}"
                extra.append(Column(f"@{position}", FLOAT))
            inputs[ref] = mapping[position]
        plans[column] = (plan, inputs)
    widened = Table(table, spec.columns + tuple(extra), tuple(keys), identity=tuple(identity) if spec.identity else ())
    ignored = [h for i, h in enumerate(headers) if i not in mapping]
    return Layout(table, widened, mapping, ignored, covered, plans, refs, planning)


def complete(frame: pd.DataFrame, layout: Layout) -> tuple[pd.DataFrame, Completion]:
    """The canonical frame of a file read with `layout` (columns in canonical order, then `cgi`)."""
    done = Completion()
    if not (layout.object_keys or RELIABILITY in frame or layout.plans or layout.cell_refs or layout.planning):
        return frame, done
    columns = {c: frame[c] for c in frame.columns}
    if layout.planning:
        done.unreadable_coordinates = planning_values(columns)
    keep = np.ones(len(frame), dtype=bool)
    if layout.cell_refs:
        keep = cells_from_keys(columns)
        done.object_rows_left_out = int((~keep).sum())
    if layout.object_keys:
        objects = columns.pop(OBJECT)
        parsed = key_columns(objects.array if isinstance(objects.dtype, pd.CategoricalDtype) else objects.to_numpy(dtype=object))
        for key in layout.object_keys:
            columns[key] = pd.Series(parsed[key], index=frame.index, dtype=object)
            keep &= pd.notna(parsed[key])
        if any(value is not None for value in parsed["cgi"]):
            columns["cgi"] = pd.Series(parsed["cgi"], index=frame.index, dtype=object)
        if not keep.all():
            done.object_rows_left_out = int((~keep).sum())
            done.object_examples = list(dict.fromkeys(objects[~keep].astype(str)))[:EXAMPLES]
    if RELIABILITY in columns:
        said = columns.pop(RELIABILITY).astype("string").str.strip().str.lower()
        unreliable = (said.notna() & ~said.isin(RELIABLE_VALUES)).to_numpy(dtype=bool)
        done.unreliable_rows = int(unreliable.sum())
        if done.unreliable_rows:
            first = int(np.argmax(unreliable))
            where = [str(columns[k].iloc[first]) for k in ("cell", "trx", "bsc", "start_time") if k in columns]
            done.unreliable_example = f"{' '.join(where)}: {said.iloc[first]}"
    spec = TABLES[layout.table]
    for column, (plan, inputs) in layout.plans.items():
        values = {ref: columns[name].to_numpy(dtype="float64", na_value=np.nan) for ref, name in inputs.items()}
        columns[column], not_whole = as_kind(computed_column(plan, values, spec.column_map[column]), spec.column_map[column])
        if not_whole:
            done.not_whole[column] = not_whole
    ordered = {c: columns[c] for c in spec.column_names if c in columns}
    if "cgi" in columns:
        ordered["cgi"] = columns["cgi"]
    ordered.update({c: v for c, v in columns.items() if c.startswith(NEIGHBOUR_LIST)})
    out = pd.DataFrame(ordered, index=frame.index, copy=False)
    if done.object_rows_left_out:
        out = out[keep].reset_index(drop=True)
    return out, done
