"""What the history store keeps where, and how a canonical frame becomes a Parquet table and back.

STORE/<table>/date=YYYY-MM-DD/part-NNNNNN.parquet, hive-style, one file per table and day:
- statistics tables by the date of start_time, the alarm list by the date of raised_at;
- configuration tables (cells, trx, neighbours, A-circuit states) as a snapshot per date;
- _context: the day's additive network summaries (measures.context.ContextParts), so that a
  partial read (one complaint's scope) still measures against the whole network.
The manifest (manifest.json) names the one current file of every partition: readers follow it and
nothing else, so files an import has not committed yet are never read.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from ..dataset.selection import BSC_TABLES, CELL_TABLES, SNAPSHOT_TABLES
from ..io.schema import COUNTER_TABLES, FLAG, FLOAT, INT, PCT, TABLES, TEXT, TIME

MANIFEST = "manifest.json"
LOCK = ".lock"
STAGING_PREFIX = ".staging-"
CONTEXT = "_context"

# Tables whose rows fall on a day, and the time column that says which.
TIME_COLUMN = {**{name: "start_time" for name in COUNTER_TABLES}, "alarms": "raised_at"}
# Configuration and state: a whole snapshot per date; a read takes the latest at or before its end.
# A partial read selects rows by the cell or by the BSC they belong to (CELL_TABLES, BSC_TABLES).
STORED_TABLES = (*TIME_COLUMN, *SNAPSHOT_TABLES)

# One alarm is one (time, object, alarm): the schema's key (raised_at) alone would merge alarms.
ALARM_IDENTITY = ["raised_at", "bsc", "site", "cell", "trx", "object", "alarm", "alarm_code"]
# Columns build_dataset derives that the store keeps with the table.
DERIVED = {"alarms": {"component": TEXT, "alarm_class": TEXT}}

# Rows sorted by the selecting column, so that Parquet row-group statistics let a read of a few
# cells skip most of a day's file.
ROW_GROUP_ROWS = 16_384

_ARROW = {TEXT: pa.string(), INT: pa.int64(), FLOAT: pa.float64(), PCT: pa.float64(), FLAG: pa.bool_(),
          TIME: pa.timestamp("ns")}
_PANDAS = {INT: "Int64", FLAG: "boolean", FLOAT: "float64", PCT: "float64", TIME: "datetime64[ns]"}


def identity(table: str) -> list[str]:
    """The columns that identify a row across imports: the newest import's row wins."""
    return ALARM_IDENTITY if table == "alarms" else TABLES[table].row_identity


def sort_columns(table: str) -> list[str]:
    first = "cell" if table in CELL_TABLES else "bsc" if table in BSC_TABLES else None
    keys = identity(table) if table in TIME_COLUMN else TABLES[table].row_identity
    return list(dict.fromkeys([c for c in (first, *keys) if c is not None]))


def statistics_columns(table: str) -> list[str]:
    """Columns whose row-group min/max a read filters on; statistics of the others only cost footer."""
    if table == CONTEXT:
        return ["part"]
    return [*sort_columns(table), *(["cleared_at"] if table == "alarms" else [])]


def column_kinds(table: str) -> dict[str, str]:
    return {**{c.name: c.kind for c in TABLES[table].columns}, **DERIVED.get(table, {})}


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([pa.field(name, _ARROW[kind]) for name, kind in column_kinds(table).items()])


def to_arrow(frame: pd.DataFrame, table: str) -> pa.Table:
    """The canonical frame as an Arrow table of the store's fixed schema (other columns dropped)."""
    kinds = column_kinds(table)
    arrays = []
    for name, kind in kinds.items():
        values = frame[name] if name in frame else pd.Series(None, index=frame.index, dtype=object)
        if kind == TEXT:
            arrays.append(_text_array(values))
        else:
            arrays.append(pa.array(values.astype(_PANDAS[kind]), type=_ARROW[kind], from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=arrow_schema(table))


def _text_array(values: pd.Series) -> pa.Array:
    objects = values.to_numpy(dtype=object)
    try:
        return pa.array(objects, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # numbers in a text column: their text
        present = values.notna().to_numpy()
        text = np.full(len(objects), None, dtype=object)
        text[present] = [str(v) for v in objects[present]]
        return pa.array(text, type=pa.string())


def to_frame(data: pa.Table, table: str) -> pd.DataFrame:
    """Back to the canonical dtypes load_dataset gives: text as object with None, nullable ints and flags."""
    kinds = column_kinds(table)
    columns = {}
    for name in data.column_names:  # all of the table's, or those a read asked for
        kind = kinds[name]
        chunked = data.column(name)
        if kind == TEXT:
            # An object column as the readers give it (pandas would infer its str dtype); a column
            # with no value at all is NaN throughout, as build_dataset makes an absent column.
            if chunked.null_count == len(chunked):
                columns[name] = pd.Series(np.nan, index=pd.RangeIndex(len(chunked)), dtype=object)
            else:
                columns[name] = pd.Series(chunked.to_numpy(zero_copy_only=False), dtype=object)
        elif kind == INT:
            columns[name] = pd.Series(pd.array(chunked.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get), dtype="Int64"))
        elif kind == FLAG:
            columns[name] = pd.Series(pd.array(chunked.to_pandas(types_mapper={pa.bool_(): pd.BooleanDtype()}.get), dtype="boolean"))
        else:
            columns[name] = pd.Series(chunked.to_numpy(zero_copy_only=False), dtype=_PANDAS[kind])
    return pd.DataFrame(columns, index=pd.RangeIndex(data.num_rows))


def empty_frame(table: str) -> pd.DataFrame:
    return to_frame(arrow_schema(table).empty_table(), table)


def partition_dir(store: Path, table: str, day: str) -> Path:
    return store / table / f"date={day}"


def part_name(import_id: int) -> str:
    return f"part-{import_id:06d}.parquet"


def parse_day(text: str) -> date:
    return date.fromisoformat(text)
