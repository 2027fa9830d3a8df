"""Readers: turn one exported file into a canonical frame of a known table.

All presentation handling (encoding, delimiter, header spelling, value notation) lives here, so
nothing downstream ever sees a vendor quirk. Every frame that leaves this module has the canonical
column names of netdiag.schema and its column kinds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import arrowconvert, bounds
from .arrowconvert import as_strings, distinct, encoded, factorized, is_text, kept_rows, trimmed
from ..errors import DataError, UnknownTable
from ..memory import release_memory
from .parsing import RawTable, parse_text
from .counters import CounterDictionary
from .layout import Completion, Layout, complete, layout_of
from .planning import read_as
from .recognise import DATE_HEADERS, TIME_HEADERS, Recognition, recognise
from .schema import FLOAT, INT, PCT, TEXT, TIME, Table, normalise_header
from .typedread import TypedRows, read_typed, written_rows
from .values import convert_column, describe

# A footer row sums the report: its key columns are empty or say so.
# The whole value, not a prefix: a cell may well be named "Total Plaza".
_FOOTER = re.compile(r"^\s*(total|sum|合计|总计|小计)\s*[:：]?\s*$", re.IGNORECASE)
# Converting a table read typed gives the memory of its columns back each time this much is freed.
_GIVE_BACK = 16 << 20
@dataclass
class FileReport:
    """What a reader did with one file: for `data inspect` and for diagnostics."""

    path: str
    table: str
    encoding: str
    delimiter: str
    header_line: int
    rows: int  # rows kept
    columns: dict[str, str]  # header as written -> canonical column
    ignored_columns: list[str] = field(default_factory=list)
    rejected: list[tuple[int | None, str]] = field(default_factory=list)  # (line, reason), rows skipped
    footer_rows: int = 0
    time_range: tuple[str, str] | None = None
    format: str = "delimited text"  # or "Excel sheet", "Huawei M2000/U2000 performance CSV", a 3GPP XML format
    recognised_by: str = ""  # recognise.Recognition.why
    scores: dict[str, int] = field(default_factory=dict)  # content score per statistics table
    counters: dict[str, object] = field(default_factory=dict)  # see counter_facts
    notes: list[str] = field(default_factory=list)  # what else the read met, in words
    unreliable_rows: int = 0  # rows the export itself calls unreliable (Huawei `Reliability`), kept
    unreliable_example: str | None = None


def read_raw(
    raw: RawTable, name: str, table: str | None = None, dictionary: CounterDictionary | None = None
) -> tuple[pd.DataFrame, FileReport]:
    """A file's table -> its canonical frame; bad rows are skipped and reported.

    A clean delimited file is read typed (typedread); any other, or one that reading typed cannot
    vouch for, is read as strings and converted column by column, the careful way where needed.
    """
    frame, report, _ = finish_reading(start_reading(raw, name, table, dictionary))
    return frame, report


@dataclass
class Reading:
    """A file's table named, its columns mapped and, when it is clean, read typed: the first half
    of read_raw, mostly pyarrow's work, which may run in a thread of its own while another file's
    second half runs (dataset.load_dataset reads the next file meanwhile)."""

    raw: RawTable
    name: str
    spec: Table  # the table as this file is read (layout.py)
    mapping: dict[int, str]  # header position -> column of spec
    ignored: list[str]
    typed: TypedRows | None
    layout: Layout
    recognition: Recognition
    renamed: dict[str, str] = field(default_factory=dict)  # canonical header -> as written (netdiag.yaml columns:)


class NotATable(UnknownTable):
    """A delimited file or sheet whose header names no table; `recognition` says what it does name."""

    def __init__(self, message: str, recognition: Recognition) -> None:
        super().__init__(message)
        self.recognition = recognition


def start_reading(
    raw: RawTable, name: str, table: str | None = None, dictionary: CounterDictionary | None = None
) -> Reading:
    recognition = recognise(raw.headers, name, dictionary, raw.first_row, table)
    if recognition.table is None:
        raw.data  # (a file pyarrow cannot read is refused as such, not skipped as of no known table)
        raise NotATable(f"{name}: {recognition.reason()}", recognition)
    layout = layout_of(raw.headers, recognition)
    spec, mapping = layout.spec, layout.mapping
    typed = read_typed(raw, spec, mapping) if set(spec.keys) <= set(mapping.values()) else None
    if typed is not None:
        raw.let_go_of_text()  # (not kept beside the table: read again only if _from_typed declines)
        convert_ahead(typed, spec)
    return Reading(raw, name, spec, mapping, layout.ignored, typed, layout, recognition)


def convert_ahead(typed: TypedRows, spec: Table) -> None:
    """A typed read's numeric columns, keys aside, converted where the file was read (in the reading
    thread, while the caller converts the file before), and its text columns encoded. A numeric
    column that does not convert as it is stays as read, to be converted once the footer rows (which
    may be why) are left out."""
    for name, values in list(typed.columns.items()):
        column = spec.column_map[name]
        if is_text(values.type):
            typed.columns[name] = encoded(values)  # (each distinct string once: see _from_typed)
            continue
        if name in spec.keys or column.kind not in (INT, FLOAT, PCT):
            continue
        fast = arrowconvert.convert(values, column.kind, column.signed)
        if fast is not None:
            typed.numbers[name] = fast[0]
            del typed.columns[name], values


# Factorized key columns, {column: (each row's code, the distinct values)}: see finish_reading.
Codes = dict[str, tuple[np.ndarray, pd.Index]]


def finish_reading(reading: Reading) -> tuple[pd.DataFrame, FileReport, Codes]:
    """The second half of read_raw; and, for a file read typed, its text key columns (the row
    identity, the cell) factorized as pd.factorize would, from their distinct strings: the dataset's
    checks for duplicate periods and unknown cells then need not hash every row again."""
    raw, name, spec, mapping = reading.raw, reading.name, reading.spec, reading.mapping
    typed, reading.typed = reading.typed, None  # (its columns are freed as they are converted)
    read = _from_typed(typed, spec, raw, mapping) if typed is not None else None
    del typed
    converted, rejected, footer, codes = read if read is not None else (*_from_strings(raw, name, spec, mapping), {})
    converted, done = complete(converted, reading.layout)
    if reading.layout.object_keys or reading.layout.cell_refs:
        codes = {}  # (the keys were parsed out of the object names: coded again downstream)
    recognition = reading.recognition
    report = FileReport(
        path=name, table=spec.name, encoding=raw.encoding, delimiter=raw.delimiter, header_line=raw.header_line,
        rows=len(converted), columns=_columns_read(raw.headers, reading.layout), ignored_columns=reading.ignored,
        rejected=rejected, footer_rows=footer, time_range=_time_range(converted, spec), format=file_format(raw),
        recognised_by=recognition.why, scores=recognition.scores,
        counters=counter_facts(recognition, reading.layout), notes=completion_notes(done, raw.units_row),
        unreliable_rows=done.unreliable_rows, unreliable_example=done.unreliable_example,
    )
    return converted, report, codes


def file_format(raw: RawTable) -> str:
    """The kind of export a delimited file or sheet is, as data inspect names it."""
    if raw.source_format:
        return raw.source_format
    normalised = {normalise_header(h) for h in raw.headers}
    if {"result_time", "granularity_period", "object_name"} <= normalised:
        return "Huawei M2000/U2000 performance CSV" if raw.delimited else "Huawei M2000/U2000 performance sheet"
    return "delimited text" if raw.delimited else "Excel sheet"


def _columns_read(headers: list[str], layout: Layout) -> dict[str, str]:
    """Header as written -> what it became: a canonical column, the keys of an object name, Reliability,
    or the canonical columns a vendor counter goes into."""
    out = {}
    for position, column in layout.mapping.items():
        if column == "object":
            column = "+".join(layout.object_keys)
        elif column in layout.cell_refs:
            column = f"cell (by {'CGI' if column == 'cgi' else 'LAC+CI'})"
        elif layout.planning and read_as(column):
            column = read_as(column)
        elif column.startswith("@"):
            column = "+".join(c for c, (_plan, inputs) in layout.plans.items() if column in inputs.values())
        out[headers[position]] = column
    return out


def counter_facts(recognition: Recognition, layout: Layout | None) -> dict[str, object]:
    """The counter dictionary's reading of a file, for data inspect: which headers named which vendor
    counter, how each canonical column was computed, which headers are unknown or unused, and the
    entries no public document confirmed."""
    match = recognition.counters
    if match is None or not match.known:
        return {}
    used = {h for plan, _ in (layout.plans.values() if layout else ()) for h in plan.headers.values()}
    return {
        "matched": {m.header: f"{m.counter.vendor} {m.counter.key}" for m in match.known},
        "computed": {c: f"{plan.formula.text} ({plan.mapping.vendor})" for c, (plan, _) in (layout.plans.items() if layout else ())},
        "unused": [m.header for m in match.known if m.header not in used],
        "unknown": [h for h in match.unknown if layout is None or h in layout.ignored],
        "unverified": [f"{m.header} ({m.counter.vendor} {m.counter.key})" for m in match.known if not m.counter.verified],
    }


def completion_notes(done: Completion, units_row: bool = False) -> list[str]:
    notes = ["a row of units below the header skipped"] if units_row else []
    if done.object_rows_left_out:
        notes.append(f"{done.object_rows_left_out} rows left out: their object names none of the table's keys "
                     f"(e.g. {', '.join(done.object_examples)})")
    if done.unreadable_coordinates:
        notes.append(f"{done.unreadable_coordinates} coordinates left empty: neither degrees nor degrees-minutes-seconds")
    notes += [f"{column}: {n} values left out, the vendor counters do not add up to a whole count"
              for column, n in done.not_whole.items()]
    return notes


def _from_typed(
    typed: TypedRows, spec: Table, raw: RawTable, mapping: dict[int, str]
) -> tuple[pd.DataFrame, list[tuple[int | None, str]], int, Codes] | None:
    """The frame of a file read typed, or None when a value cannot be read: the reason names the
    value as written, which only its strings hold. Rows beyond bounds are left out as the strings'
    way leaves them out, their values as written read from their own lines."""
    columns = dict(typed.columns)  # (text encoded and numbers converted already: convert_ahead)
    ahead, typed.numbers = typed.numbers, {}
    typed.columns.clear()
    lines = typed.lines
    footer = _footer_rows(columns, spec, len(lines))
    if footer.any():
        columns, lines = {c: kept_rows(values, ~footer) for c, values in columns.items()}, lines[~footer]
        ahead = {c: values[~footer] for c, values in ahead.items()}
    # (text only: times written differently may be the same time)
    keys = [c for c in dict.fromkeys([*spec.row_identity, "cell"]) if c in columns and spec.column_map[c].kind == TEXT]
    codes = {c: factorized(columns[c]) for c in keys}
    converted = _convert_arrays(columns, spec, len(lines), consume=True, ahead=ahead, order=list(dict.fromkeys(mapping.values())))
    if converted is None or converted[1].any(axis=None):
        return None
    frame, rejected = converted[0], []
    if bounds.any_beyond(frame, spec):
        impossible, highs = bounds.beyond(frame, spec)
        bad = impossible.any(axis=1).to_numpy()
        rows = written_rows(raw, lines[bad])
        if rows is None or bad.all():  # (nothing left: the strings' way names the file as wrong)
            return None
        by_column = {column: position for position, column in mapping.items()}
        written = pd.DataFrame({c: [row[by_column[c]] for row in rows] for c in impossible.columns}, dtype=object)
        rejected = sorted(_beyond(written, impossible[bad], highs[bad], lines[bad], spec))
        frame = frame[~bad].reset_index(drop=True)
        codes = {c: _kept_codes(code, values, ~bad) for c, (code, values) in codes.items()}
    return frame, rejected, int(footer.sum()), codes


def _kept_codes(code: np.ndarray, values: pd.Index, keep: np.ndarray) -> tuple[np.ndarray, pd.Index]:
    """A column's codes on the rows kept, the values no row uses any more left out (as factorizing
    the kept rows would leave them out)."""
    code = code[keep]
    used = np.bincount(code[code >= 0], minlength=len(values)) > 0
    if used.all():
        return code, values
    position = (np.cumsum(used) - 1).astype(code.dtype)
    return np.where(code >= 0, position[code], -1).astype(code.dtype), values[used]


def _from_strings(
    raw: RawTable, name: str, spec: Table, mapping: dict[int, str]
) -> tuple[pd.DataFrame, list[tuple[int | None, str]], int]:
    """The frame of a file read as strings; rows that cannot be used are skipped and described."""
    data = raw.data  # (read first: a file pyarrow cannot read is refused as such)
    columns = {canonical: data.column(f"c{i}") for i, canonical in mapping.items()}  # Arrow, as parsed
    columns = _combine_date_and_time(columns, raw, spec)
    missing = [k for k in spec.keys if k not in columns]
    if missing:
        raise DataError(f"{name}:{raw.header_line}: table {spec.name} needs column {', '.join(missing)}")
    lines = raw.lines
    footer = _footer_rows(columns, spec, data.num_rows)
    if footer.any():
        kept = pa.array(~footer)
        columns, lines = {c: values.filter(kept) for c, values in columns.items()}, lines[~footer]
    converted, problems = _convert_arrays(columns, spec, len(lines))
    impossible, highs = bounds.beyond(converted, spec)
    rejected = [(line, why) for line, why in raw.malformed]
    if problems.any(axis=None) or impossible.any(axis=None):
        unreadable, beyond = problems.any(axis=1).to_numpy(), impossible.any(axis=1).to_numpy() if len(impossible.columns) else False
        bad_rows = unreadable | beyond
        chosen = pa.array(bad_rows)
        written = pd.DataFrame({c: values.filter(chosen).to_pylist() for c, values in columns.items()}, dtype=object)
        # (a value that cannot be read is named first; only a row whose values all read is beyond bounds)
        only_beyond = beyond & ~unreadable
        rows = dict(describe(written[unreadable[bad_rows]], problems[unreadable], lines[unreadable], spec)) if unreadable.any() else {}
        if np.any(only_beyond):
            rows |= dict(_beyond(written[only_beyond[bad_rows]], impossible[only_beyond], highs[only_beyond], lines[only_beyond], spec))
        rejected += sorted(rows.items())
        converted = converted[~bad_rows]
        if converted.empty:  # nothing usable is left: the file, not a row, is wrong
            line, why = rejected[len(raw.malformed)]
            raise DataError(f"{name}:{line}: {why} (and every other row too)")
    return converted.reset_index(drop=True), rejected, int(footer.sum())


def _beyond(written: pd.DataFrame, impossible: pd.DataFrame, highs: pd.DataFrame, lines: np.ndarray, spec: Table) -> list[tuple[int, str]]:
    """One reason per row rejected for a value beyond its column's bounds (the first such column)."""
    first = impossible.to_numpy().argmax(axis=1)
    columns = list(impossible.columns)
    return [(int(line), bounds.reason(spec, columns[i], written.iloc[row][columns[i]], highs.iloc[row][columns[i]]))
            for row, (line, i) in enumerate(zip(lines, first))]


def read_file(path: Path, table: str | None = None, encoding: str | None = None) -> tuple[pd.DataFrame, FileReport]:
    """Read one delimited text file (kept for callers that hold a plain path)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from exc
    return read_raw(parse_text(raw, str(path), encoding), str(path), table)


def _combine_date_and_time(columns: dict[str, pa.ChunkedArray], raw: RawTable, spec: Table) -> dict[str, pa.ChunkedArray]:
    """Reports that give `Date` and `Time` (or 日期/时间) apart: the time key is the two together."""
    key = next((k for k in spec.keys if spec.column_map[k].kind == TIME), None)
    if key is None or key in columns:
        return columns
    normalised = [normalise_header(h) for h in raw.headers]
    date = next((f"c{i}" for i, h in enumerate(normalised) if h in DATE_HEADERS), None)
    time = next((f"c{i}" for i, h in enumerate(normalised) if h in TIME_HEADERS), None)
    if date and time:
        # An Excel date cell reads `2026-11-20 00:00:00`: only its date part belongs to the date.
        day = pc.list_element(pc.split_pattern(trimmed(raw.data.column(date))[0], " "), 0)
        return {**columns, key: pc.binary_join_element_wise(day, trimmed(raw.data.column(time))[0], " ")}
    if date or time:
        return {**columns, key: raw.data.column(date or time)}
    return columns


def _footer_rows(columns: dict[str, pa.ChunkedArray], spec: Table, rows: int) -> np.ndarray:
    """Rows that sum the report: every key empty (NIL and `-` count as empty), or one says Total."""
    footer = np.zeros(rows, dtype=bool)
    if rows == 0:
        return footer
    keys = [k for k in spec.keys if spec.column_map[k].kind != TIME] or list(spec.keys)
    empty = np.ones(rows, dtype=bool)
    for key in keys:
        if not is_text(columns[key].type):  # read as numbers: empty is null, and no number says Total
            empty &= columns[key].is_null().to_numpy(zero_copy_only=False)
            continue
        values, row_value = distinct(columns[key])
        text, missing = trimmed(values)
        empty &= missing[row_value]
        # Only a value with total/sum in it, or a non-ASCII one (合计, 总计, ...), can say Total.
        maybe = pc.or_(pc.match_substring_regex(text, "(?i)total|sum"), pc.invert(pc.string_is_ascii(text)))
        candidates = np.flatnonzero(maybe.to_numpy(zero_copy_only=False))
        if len(candidates):
            words = pd.Series(text.take(candidates).to_numpy(zero_copy_only=False), dtype=object)
            says_total = np.zeros(len(values), dtype=bool)
            says_total[candidates] = words.str.match(_FOOTER).fillna(False).to_numpy(dtype=bool)
            footer |= says_total[row_value]
    return footer | empty


def _convert_arrays(
    columns: dict[str, pa.ChunkedArray], spec: Table, rows: int, consume: bool = False,
    ahead: dict[str, object] | None = None, order: list[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """convert() for Arrow columns: clean columns in Arrow, the others the careful way from their
    strings. None when a column read as numbers is not usable as it is (its strings are needed).
    consume: each column is taken out of `columns` as it is converted, and its memory freed (and
    given back now and then: Arrow's small blocks would stay with the C library, and the converted
    columns take new memory beside them). `ahead`: columns converted already (convert_ahead, never
    keys), put in their place in `order`."""
    out, problems = {}, {}
    freed = 0
    for name in order or list(columns):
        if ahead and name in ahead:
            out[name], problems[name] = ahead.pop(name), np.zeros(rows, dtype=bool)
            continue
        values = columns.pop(name) if consume else columns[name]  # (the column before it is free now)
        if freed > _GIVE_BACK:
            release_memory()
            freed = 0
        column = spec.column_map[name]
        fast = arrowconvert.convert(values, column.kind, column.signed)
        if fast is None:
            if not is_text(values.type):
                return None
            as_text = as_strings(values).to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow")}.get)
            out[name], bad = convert_column(name, as_text, spec)
        else:
            converted, missing = fast
            # (never pandas' `str`; not copied: the array is new)
            out[name] = pd.Series(converted, dtype=object, copy=False) if column.kind == TEXT else converted
            bad = missing if name in spec.keys else np.zeros(rows, dtype=bool)  # a row without its key is no row
        problems[name] = bad
        freed += values.nbytes if consume else 0
    index = pd.RangeIndex(rows)
    return pd.DataFrame(out, index=index, copy=False), pd.DataFrame(problems, index=index, copy=False)


def _time_range(frame: pd.DataFrame, spec: Table) -> tuple[str, str] | None:
    key = next((c.name for c in spec.columns if c.kind == TIME and c.name in frame), None)
    if key is None or frame[key].dropna().empty:
        return None
    return str(frame[key].min()), str(frame[key].max())


