"""A network's exports, read from one folder into one canonical frame per table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import alarms as alarm_dictionary
from .errors import DataError
from .readers import FileReport, read_file
from .schema import COUNTER_TABLES, NETWORK_TABLES, TABLES

READABLE_SUFFIXES = {".csv", ".txt", ".tsv"}


@dataclass
class Dataset:
    tables: dict[str, pd.DataFrame]
    root: Path | None = None
    reports: list[FileReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return name in self.tables and not self.tables[name].empty

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def missing(self) -> list[str]:
        """Optional tables that this data does not have."""
        return [name for name in NETWORK_TABLES if not self.has(name)]


def load_dataset(root: str | Path, encoding: str | None = None, alarm_dictionary_file: str | None = None) -> Dataset:
    """Read every table file in a folder; one table may be split over several files."""
    root = Path(root)
    if not root.is_dir():
        raise DataError(f"{root}: not a folder")
    frames: dict[str, list[pd.DataFrame]] = {}
    reports: list[FileReport] = []
    notes: list[str] = []
    for path in sorted(p for p in root.iterdir() if p.is_file()):
        if path.suffix.lower() not in READABLE_SUFFIXES:
            continue
        try:
            frame, report = read_file(path, encoding=encoding)
        except DataError as exc:
            if "no known table" in str(exc):
                notes.append(f"{path.name}: ignored, not a known table")
                continue
            raise
        if report.table == "complaints":
            notes.append(f"{path.name}: complaints are read with --complaints, ignored here")
            continue
        frames.setdefault(report.table, []).append(frame)
        reports.append(report)
    tables = {name: pd.concat(parts, ignore_index=True) for name, parts in frames.items()}
    return build_dataset(tables, root=root, reports=reports, notes=notes, alarm_dictionary_file=alarm_dictionary_file)


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
    for name in COUNTER_TABLES:
        if name in tables:
            tables[name] = _with_periods(name, tables[name])
    dataset = Dataset(tables, root=root, reports=reports or [], notes=notes or [])
    return dataset


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
    parsed = alarm_dictionary.parse_objects(alarms["object"])
    filled = {c: alarms[c].fillna(parsed[c]) if c in alarms else parsed[c] for c in ("bsc", "site", "cell", "trx")}
    trx = filled["trx"].astype("string").str.replace(r"(?i)^trx\s*", "", regex=True)
    filled["trx"] = trx.astype(object).where(trx.notna(), None)
    return alarms.assign(
        **filled,
        component=parsed["component"],
        alarm_class=alarm_dictionary.classify(alarms, dictionary_file),
    )


def _with_periods(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """period_min from the spacing of start_time per object; one period per object covers a day."""
    if frame.empty or frame["period_min"].notna().all():
        return frame
    keys = [k for k in TABLES[name].keys if k != "start_time"]
    per_object = frame.groupby(keys, dropna=False, observed=True)["start_time"].transform("nunique")
    times = np.sort(frame["start_time"].dropna().unique())
    steps = np.diff(times) / np.timedelta64(1, "m") if len(times) > 1 else np.array([])
    step = float(steps[steps > 0].min()) if (steps > 0).any() else 1440.0
    inferred = np.where(per_object.to_numpy() <= 1, 1440.0, step)
    return frame.assign(period_min=frame["period_min"].fillna(pd.Series(inferred, index=frame.index).astype("Int64")))
