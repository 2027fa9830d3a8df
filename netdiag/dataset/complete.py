"""Canonical frames completed into a dataset: cells named by CGI, every column present, BSIC split,
alarms classified, periods known, an object at two granularities counted once, then checked
(checks.py) and periods reported twice removed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
from ..io.readers import FileReport
from ..io.schema import COUNTER_TABLES, TABLES
from . import alarms as alarm_classes
from .cell_keys import cells_by_cgi
from .channels import leave_out_beyond_channels
from .checks import KeyCodes, flag_problems, unknown_alarms, without_duplicate_periods
from .granularity import finest_periods
from .model import Dataset
from .origin import described, places
from .periods import with_periods


def build_dataset(
    tables: dict[str, pd.DataFrame],
    root: Path | None = None,
    reports: list[FileReport] | None = None,
    notes: list[str] | None = None,
    alarm_dictionary_file: str | None = None,
) -> Dataset:
    """Complete canonical frames into a dataset: derived columns, periods, checks.

    Also the entry point for frames built in memory (rule test fixtures, the library API).
    """
    return complete_dataset(tables, root, reports, notes, alarm_dictionary_file, {})


def complete_dataset(
    tables: dict[str, pd.DataFrame],
    root: Path | None,
    reports: list[FileReport] | None,
    notes: list[str] | None,
    alarm_dictionary_file: str | None,
    factorized: dict[tuple[str, str], tuple[np.ndarray, pd.Index]],
    flags: list[dict[str, object]] | None = None,
    sources: dict[str, list[tuple[str, int]] | None] | None = None,
) -> Dataset:
    """build_dataset; factorized: (table, column) -> that column's codes, as its reader gave them;
    flags: what the readers flagged; sources: the file each table's rows came from (see FolderRead)."""
    if "cells" not in tables or tables["cells"].empty:
        raise DataError(f"{root or 'data'}: no cell configuration (table cells) found")
    tables, named = cells_by_cgi(tables)
    if named:
        factorized = {key: found for key, found in factorized.items() if key[1] != "cell"}  # (names changed)
    notes = (notes or []) + named
    tables = {name: _with_all_columns(name, frame) for name, frame in tables.items()}
    cells = tables["cells"]
    duplicated = cells["cell"][cells["cell"].duplicated()]
    if not duplicated.empty:
        raise _configured_twice(cells, duplicated.iloc[0], reports or [])
    tables["cells"] = _split_bsic(cells, "bsic", "ncc", "bcc")
    if "neighbours" in tables:
        tables["neighbours"] = _split_bsic(tables["neighbours"], "nb_bsic", "nb_ncc", "nb_bcc")
    if "alarms" in tables:
        tables["alarms"] = _complete_alarms(tables["alarms"], alarm_dictionary_file)
        factorized = {key: found for key, found in factorized.items() if key[0] != "alarms"}  # (names completed)
    flags = list(flags or [])
    bounded = leave_out_beyond_channels(tables, reports, notes, root, factorized)
    factorized = {key: found for key, found in factorized.items() if bounded.get(key[0]) is tables.get(key[0])}  # (rows left out)
    tables = bounded
    for name in COUNTER_TABLES:
        if name in tables:
            tables[name] = with_periods(name, tables[name])
            tables[name], overlapping = finest_periods(name, tables[name])
            if overlapping is not None:
                flags.append(overlapping)
                factorized = {key: found for key, found in factorized.items() if key[0] != name}  # (rows left out)
    codes = KeyCodes(tables, factorized)
    repeated = {  # periods reported twice (overlapping exports), found once for flags and removal
        name: codes.duplicated(name, TABLES[name].row_identity)
        for name, frame in tables.items() if name in COUNTER_TABLES and not frame.empty
    }
    flags += flag_problems(tables, repeated, codes, sources) + unknown_alarms(tables)
    tables = {name: without_duplicate_periods(frame, repeated.get(name)) for name, frame in tables.items()}
    return Dataset(tables, root=root, reports=reports or [], notes=notes, flags=flags)


def _configured_twice(cells: pd.DataFrame, cell: object, reports: list[FileReport]) -> DataError:
    """`file:line: cell 'X' is configured more than once (first at line N)`, or at file:line."""
    first, second = np.flatnonzero((cells["cell"] == cell).to_numpy())[:2]
    was, where = places(reports, "cells", "cell", cell, [int(first), int(second)])
    return DataError(f"{described(where, 'cells')}: cell {cell!r} is configured more than once "
                     f"(first at {described(was, 'cells', beside=where[0])})")


def _with_all_columns(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Every canonical column present (absent ones empty), in canonical order."""
    spec = TABLES[name]
    missing = [c for c in spec.column_names if c not in frame.columns]
    if missing:
        frame = frame.assign(**{c: pd.Series(index=frame.index, dtype=_empty_dtype(spec, c)) for c in missing})
    extra = [c for c in frame.columns if c not in spec.column_map]
    return frame[spec.column_names + extra]


def _empty_dtype(spec, column: str) -> str:
    kind = spec.column_map[column].kind
    return {"int": "Int64", "float": "float64", "pct": "float64", "flag": "boolean", "time": "datetime64[ns]"}.get(
        kind, "object"
    )


def _split_bsic(frame: pd.DataFrame, bsic: str, ncc: str, bcc: str) -> pd.DataFrame:
    """The two-digit BSIC form is NCC then BCC (`53`; `03` or `3` = NCC 0, BCC 3)."""
    if frame[bsic].isna().all():
        return frame
    digits = pd.to_numeric(frame[bsic], errors="coerce")
    return frame.assign(
        **{
            ncc: frame[ncc].fillna((digits // 10).astype("Int64")),
            bcc: frame[bcc].fillna((digits % 10).astype("Int64")),
        }
    )


def _complete_alarms(alarms: pd.DataFrame, dictionary_file: str | None) -> pd.DataFrame:
    parsed = alarm_classes.parse_objects(alarms["object"])
    filled = {c: alarms[c].fillna(parsed[c]) if c in alarms else parsed[c] for c in ("bsc", "site", "cell", "trx")}
    trx = filled["trx"].astype("string").str.replace(r"(?i)^trx\s*", "", regex=True)
    filled["trx"] = trx.astype(object).where(trx.notna(), None)
    return alarms.assign(
        **filled,
        component=parsed["component"],
        alarm_class=alarm_classes.classify(alarms, dictionary_file),
    )
