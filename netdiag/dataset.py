"""A network's exports, read from one folder into one canonical frame per table."""

from __future__ import annotations

import math
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from . import alarms as alarm_classes
from .errors import DataError, UnknownTable
from .memory import release_memory, returning_allocator
from .parsing import RawTable
from .readers import Codes, FileReport, Reading, finish_reading, start_reading
from .schema import COUNTER_TABLES, NETWORK_TABLES, TABLES
from .sources import alarm_dictionary_file, data_files, file_map, iter_raw, mapped_table


@dataclass
class Dataset:
    tables: dict[str, pd.DataFrame]
    root: Path | None = None
    reports: list[FileReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Problems in the data itself (unknown cells, duplicate periods, inconsistent counters), flagged
    # for the engineer: {"table", "check", "rows", "example"}.
    flags: list[dict[str, object]] = field(default_factory=list)
    # Network-wide baselines and the like when these tables are only part of the network
    # (measures.context.NetworkContext); None: the tables are the whole network.
    context: object | None = None

    def has(self, name: str) -> bool:
        return name in self.tables and not self.tables[name].empty

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def missing(self) -> list[str]:
        """Optional tables that this data does not have."""
        return [name for name in NETWORK_TABLES if not self.has(name)]


def load_dataset(root: str | Path, encoding: str | None = None, alarm_dictionary: str | None = None) -> Dataset:
    """Read every table in a folder (files, zip members, sheets); one table may span several files."""
    with returning_allocator():
        return _load_dataset(Path(root), encoding, alarm_dictionary)


def _load_dataset(root: Path, encoding: str | None, alarm_dictionary: str | None) -> Dataset:
    if not root.is_dir():
        raise DataError(f"{root}: not a folder")
    mapping = file_map(root)
    frames: dict[str, list[pd.DataFrame]] = {}
    codes: dict[str, list[Codes]] = {}
    reports: list[FileReport] = []
    notes: list[str] = []
    found = False
    for path, name, reading in _one_ahead(_readings(root, encoding, mapping)):
        if name is None:  # the end of a file
            if not found and path.suffix.lower() in {".zip", ".xlsx", ".xlsm"}:
                notes.append(f"{path.name}: no table found inside")
            found = False
            continue
        try:
            if isinstance(reading, Exception):
                raise reading
            frame, report, part_codes = finish_reading(reading)
        except UnknownTable:
            notes.append(f"{_short(name, root)}: skipped, not a known table")
            continue
        found = True
        if report.table == "complaints":
            notes.append(f"{_short(name, root)}: complaints are read with --complaints, skipped here")
            continue
        frames.setdefault(report.table, []).append(frame)
        codes.setdefault(report.table, []).append(part_codes)
        reports.append(report)
        del reading, frame, part_codes
        release_memory()  # the file's text, read and converted: give it back
        if report.rejected:
            line, why = report.rejected[0]
            notes.append(f"{_short(name, root)}:{line}: {why}; {len(report.rejected)} rows skipped in all")
    tables = {name: pd.concat(parts, ignore_index=True) for name, parts in frames.items()}
    # The readers' codes of a table read from one file are the table's (of several: worked out again).
    factorized = {(name, column): column_codes for name, parts in codes.items() if len(parts) == 1
                  for column, column_codes in parts[0].items()}
    del codes
    dictionary = alarm_dictionary or alarm_dictionary_file(root)
    dataset = _build_dataset(tables, root, reports, notes, dictionary, factorized)
    release_memory()
    return dataset


def _readings(
    root: Path, encoding: str | None, mapping: dict[str, str]
) -> Iterator[tuple[Path, str | None, Reading | DataError | None]]:
    """(file, part, its reading begun) for every part of every data file, then (file, None, None).

    A part's error comes as a value, where it stands: the parts after it are still read.
    """
    for path in data_files(root):
        for name, raw in iter_raw(path, encoding):
            yield path, name, _begun(raw, name, mapping)
            del raw  # (its reading holds it for as long as the caller needs it)
        yield path, None, None


def _begun(raw: RawTable | UnknownTable, name: str, mapping: dict[str, str]) -> Reading | DataError:
    if isinstance(raw, UnknownTable):
        return raw
    try:
        return start_reading(raw, name, mapped_table(name, mapping))
    except DataError as error:  # (UnknownTable too)
        return error


def _one_ahead(items: Iterator[T]) -> Iterator[T]:
    """The items, each next one worked out in a thread while the caller works on this one: pyarrow
    reads the next file (without the GIL) while pandas converts this one."""
    with ThreadPoolExecutor(1, thread_name_prefix="netdiag-read") as pool:
        upcoming = pool.submit(next, items, _DONE)
        while True:
            item = [upcoming.result()]
            if item[0] is _DONE:
                return
            upcoming = pool.submit(next, items, _DONE)
            yield item.pop()  # (not held here: the caller lets go of it when done)


_DONE = object()
T = TypeVar("T")


def _short(message: object, root: Path) -> str:
    """A file named relative to the data folder; for a message, the part before its reason."""
    text = str(message).split(": ", 1)[0]
    prefix = str(root) + "/"
    return text[len(prefix):] if text.startswith(prefix) else text


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
    return _build_dataset(tables, root, reports, notes, alarm_dictionary_file, {})


def _build_dataset(
    tables: dict[str, pd.DataFrame],
    root: Path | None,
    reports: list[FileReport] | None,
    notes: list[str] | None,
    alarm_dictionary_file: str | None,
    factorized: dict[tuple[str, str], tuple[np.ndarray, pd.Index]],
) -> Dataset:
    """build_dataset; factorized: (table, column) -> that column's codes, as its reader gave them."""
    tables = {name: _with_all_columns(name, frame) for name, frame in tables.items()}
    if "cells" not in tables or tables["cells"].empty:
        raise DataError(f"{root or 'data'}: no cell configuration (table cells) found")
    cells = tables["cells"]
    duplicated = cells["cell"][cells["cell"].duplicated()]
    if not duplicated.empty:
        raise DataError(f"cells: cell {duplicated.iloc[0]!r} is configured more than once")
    tables["cells"] = _split_bsic(cells, "bsic", "ncc", "bcc")
    if "neighbours" in tables:
        tables["neighbours"] = _split_bsic(tables["neighbours"], "nb_bsic", "nb_ncc", "nb_bcc")
    if "alarms" in tables:
        tables["alarms"] = _complete_alarms(tables["alarms"], alarm_dictionary_file)
        factorized = {key: found for key, found in factorized.items() if key[0] != "alarms"}  # (names completed)
    for name in COUNTER_TABLES:
        if name in tables:
            tables[name] = _with_periods(name, tables[name])
    codes = _Codes(tables, factorized)
    repeated = {  # periods reported twice (overlapping exports), found once for flags and removal
        name: codes.duplicated(name, TABLES[name].row_identity)
        for name, frame in tables.items() if name in COUNTER_TABLES and not frame.empty
    }
    flags = _flag_problems(tables, repeated, codes) + _unknown_alarms(tables)
    tables = {name: _without_duplicate_periods(frame, repeated.get(name)) for name, frame in tables.items()}
    return Dataset(tables, root=root, reports=reports or [], notes=notes or [], flags=flags)


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


def period_ends(frame: pd.DataFrame) -> pd.Series:
    """start_time + period_min of every row of a statistics table (each distinct length converted once)."""
    period, lengths = pd.factorize(frame["period_min"].astype("float64"))
    length = np.append(pd.to_timedelta(lengths, unit="m").to_numpy(), np.timedelta64("NaT"))[period]
    return pd.Series(frame["start_time"].to_numpy() + length, index=frame.index)


def _with_periods(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """period_min from the spacing of start_time; a table with one period per object covers a day.

    Judged on the table, not per object: in an hourly table a cell reported for one hour only is
    still an hourly cell.
    """
    if frame.empty or frame["period_min"].notna().all():
        return frame
    keys = [k for k in TABLES[name].row_identity if k != "start_time"]
    times = np.sort(frame["start_time"].dropna().unique())
    steps = np.diff(times) / np.timedelta64(1, "m") if len(times) > 1 else np.array([])
    one_per_object = not frame.duplicated(subset=keys).any()
    step = 1440.0 if one_per_object or not (steps > 0).any() else float(steps[steps > 0].min())
    return frame.assign(period_min=frame["period_min"].fillna(pd.Series(step, index=frame.index).astype("Int64")))


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


class _Codes:
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


def _flag_problems(
    tables: dict[str, pd.DataFrame], repeated: dict[str, pd.Series], codes: _Codes
) -> list[dict[str, object]]:
    """Flag what an engineer should know about the data before trusting a diagnosis of it."""
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
                flags.append({"table": name, "check": "duplicate period", "rows": int(duplicated.sum()), "example": example})
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


def _unknown_alarms(tables: dict[str, pd.DataFrame]) -> list[dict[str, object]]:
    """Alarms the dictionary does not know are listed, never silently dropped (extend alarms.yaml)."""
    alarms = tables.get("alarms")
    if alarms is None or alarms.empty:
        return []
    unknown = alarms.loc[alarms["alarm_class"] == alarm_classes.UNKNOWN, "alarm"].fillna("(no name)")
    return [
        {"table": "alarms", "check": "unknown alarm", "rows": int(count), "example": str(name)}
        for name, count in unknown.value_counts().items()
    ]


def _without_duplicate_periods(frame: pd.DataFrame, repeated: pd.Series | None) -> pd.DataFrame:
    """A period reported twice (overlapping exports) counts once: the first report is kept."""
    if repeated is None or not repeated.any():
        return frame  # (not a copy of a table of a million rows for nothing)
    return frame[~repeated].reset_index(drop=True)
