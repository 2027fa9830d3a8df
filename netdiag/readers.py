"""Readers: turn one exported file into a canonical frame of a known table.

All presentation handling (encoding, delimiter, header spelling, value notation) lives here, so
nothing downstream ever sees a vendor quirk. Every frame that leaves this module has the canonical
column names of netdiag.schema and its column kinds.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import DataError
from .schema import FLAG, FLOAT, INT, PCT, TABLES, TEXT, TIME, Table, alias_index, normalise_header

MISSING = {"", "nil", "/0", "-", "n/a", "na", "null", "none"}
_TRUE = {"1", "true", "yes", "y", "barred", "on"}
_FALSE = {"0", "false", "no", "n", "unbarred", "off"}
_PREFIX = re.compile(r"^(\d{3})[_\-\s]")


@dataclass
class FileReport:
    """What a reader did with one file: for `data inspect` and for diagnostics."""

    path: str
    table: str
    encoding: str
    delimiter: str
    rows: int
    columns: dict[str, str]  # header as written -> canonical column
    ignored_columns: list[str] = field(default_factory=list)


def decode(raw: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """Bytes -> text. UTF-8 (BOM or not) first, then GB18030 (a superset of GBK) for Chinese exports."""
    candidates = [encoding] if encoding else ["utf-8-sig", "gb18030"]
    for name in candidates:
        try:
            return raw.decode(name), "utf-8" if name == "utf-8-sig" else name
        except (UnicodeDecodeError, LookupError):
            continue
    raise DataError(f"{path}: cannot decode as {' or '.join(candidates)} (use --encoding)")


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    best, best_score = ",", -1
    for delim in (",", ";", "\t", "|"):
        counts = [len(next(csv.reader([line], delimiter=delim))) for line in lines]
        if not counts or max(counts) < 2:
            continue
        # most common field count among lines, weighted by how many fields it gives
        common = max(set(counts), key=counts.count)
        score = counts.count(common) * common
        if score > best_score:
            best, best_score = delim, score
    return best


def identify_table(headers: list[str], path: str) -> str | None:
    """The table whose columns a header row names best; all its key columns must be present."""
    normalised = {normalise_header(h) for h in headers}
    match = _PREFIX.match(Path(path).name)
    if match:
        for table in TABLES.values():
            if match.group(1) in table.file_prefixes:
                return table.name
    best, best_score = None, 0
    for table in TABLES.values():
        index = alias_index(table)
        found = {index[h] for h in normalised if h in index}
        # A lone key column (a file with just `cell`) says too little to name a table.
        if not set(table.keys) <= found or len(found) < 2:
            continue
        # Prefer the table that explains more of the header, then the narrower table.
        score = len(found) * 1000 - len(table.columns)
        if score > best_score:
            best, best_score = table.name, score
    return best


def map_columns(headers: list[str], table: Table) -> tuple[dict[str, str], list[str]]:
    index = alias_index(table)
    mapping: dict[str, str] = {}
    ignored: list[str] = []
    for header in headers:
        canonical = index.get(normalise_header(header))
        if canonical is None or canonical in mapping.values():
            ignored.append(header)
        else:
            mapping[header] = canonical
    return mapping, ignored


def read_file(path: Path, table: str | None = None, encoding: str | None = None) -> tuple[pd.DataFrame, FileReport]:
    """Read one delimited text file into the canonical frame of its table."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{name}: cannot read ({exc.strerror})") from exc
    text, used_encoding = decode(raw, name, encoding)
    if not text.strip():
        raise DataError(f"{name}: the file is empty")
    delimiter = sniff_delimiter(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, skipinitialspace=True
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        raise DataError(f"{name}: not a readable table ({str(exc).splitlines()[0]})") from exc
    headers = [str(h) for h in frame.columns]
    table = table or identify_table(headers, name)
    if table is None:
        raise DataError(f"{name}: no known table has these columns: {', '.join(headers[:8])}")
    spec = TABLES[table]
    mapping, ignored = map_columns(headers, spec)
    missing = [k for k in spec.keys if k not in mapping.values()]
    if missing:
        raise DataError(f"{name}: table {table} needs column {', '.join(missing)}")
    frame = frame[list(mapping)].rename(columns=mapping)
    frame = coerce(frame, spec, name, first_data_line=2)
    report = FileReport(name, table, used_encoding, delimiter, len(frame), mapping, ignored)
    return frame, report


def coerce(frame: pd.DataFrame, spec: Table, path: str, first_data_line: int) -> pd.DataFrame:
    """Strings -> column kinds, vectorised. A value that cannot be read is an error naming file:line."""
    out = {}
    for name in frame.columns:
        kind = spec.column_map[name].kind
        raw = frame[name].astype(str).str.strip()
        missing = raw.str.lower().isin(MISSING)
        converted, bad = _CONVERTERS[kind](raw.where(~missing, ""))
        bad = bad & ~missing
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            value = raw.iloc[pos]
            raise DataError(
                f"{path}:{first_data_line + pos}: column {name}: cannot read {value!r} as {kind}"
            )
        out[name] = converted
    return pd.DataFrame(out, index=frame.index)


def _text(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    values = raw.where(raw != "", None).astype(object)
    return values, pd.Series(False, index=raw.index)


def _number(raw: pd.Series) -> pd.Series:
    cleaned = raw.str.replace(",", "", regex=False).str.rstrip("%").str.strip()
    return pd.to_numeric(cleaned.where(cleaned != "", None), errors="coerce")


def _float(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    values = _number(raw).astype("float64")
    return values, values.isna() & (raw != "")


def _int(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    values = _number(raw).astype("float64")
    fractional = values.notna() & (values != np.floor(values))
    return values.round().astype("Int64"), (values.isna() & (raw != "")) | fractional


def _flag(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    lowered = raw.str.lower()
    values = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    values[lowered.isin(_TRUE)] = True
    values[lowered.isin(_FALSE)] = False
    return values, values.isna() & (raw != "")


def parse_times(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """OMC-R local times. A date that starts with the year is year-month-day; one that ends with
    the year is always day first, even when the day is 12 or less (formats.md)."""
    text = raw.str.replace(r"[/.]", "-", regex=True).str.replace("T", " ", regex=False)
    # Complete the time part to HH:MM:SS so that one format per date order suffices.
    text = text.str.replace(r"^(\S+)$", r"\1 00:00:00", regex=True)
    text = text.str.replace(r"^(\S+ \d{1,2}:\d{2})$", r"\1:00", regex=True)
    year_first = text.str.match(r"\d{4}-")
    result = pd.to_datetime(text.where(year_first), format="%Y-%m-%d %H:%M:%S", errors="coerce")
    day_first = pd.to_datetime(text.where(~year_first), format="%d-%m-%Y %H:%M:%S", errors="coerce")
    result = result.fillna(day_first).astype("datetime64[ns]")
    return result, result.isna() & (raw != "")


_CONVERTERS = {TEXT: _text, FLOAT: _float, PCT: _float, INT: _int, FLAG: _flag, TIME: parse_times}
