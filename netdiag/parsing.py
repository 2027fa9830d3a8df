"""Delimited text and Excel sheets -> a frame of raw strings under the header row, with line numbers.

Exports arrive with vendor preambles above the header, totals below the data, rows with the wrong
number of fields, GBK text and Excel sheets. This module finds the header row, parses the rest with
pyarrow, and keeps track of which physical line each data row came from, so that every problem can
be reported as `file:line`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from .errors import DataError, UnknownTable
from .schema import TABLES, alias_index, normalise_header

DELIMITERS = (",", ";", "\t", "|")
# How far down a file the header row is looked for (Huawei PRS puts six lines of preamble).
MAX_PREAMBLE_LINES = 40
# Written for "no value" by the OMC-Rs we know.
NULL_VALUES = ["", "NIL", "nil", "Nil", "/0", "-", "N/A", "n/a", "NA", "null", "NULL", "None", "--"]

_KNOWN = set().union(*(alias_index(t) for t in TABLES.values())) | {"date", "日期", "时间"}


@dataclass
class RawTable:
    """Strings as written, one column per header cell (`c0`, `c1`, ...), and where each row stood in the file."""

    data: pa.Table  # every column a non-null Arrow string column
    headers: list[str]
    header_line: int  # 1-based physical line (or sheet row) of the header
    delimiter: str
    encoding: str
    lines: np.ndarray  # physical line of each data row
    malformed: list[tuple[int | None, str]] = field(default_factory=list)  # (line, why) rows skipped

    @property
    def frame(self) -> pd.DataFrame:
        """The strings as a pandas frame (readers work on `data`, in Arrow)."""
        return self.data.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow")}.get)


def decode(raw: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK) for Chinese exports."""
    candidates = [encoding] if encoding else ["utf-8-sig", "gb18030"]
    for candidate in candidates:
        try:
            return raw.decode(candidate), "utf-8" if candidate == "utf-8-sig" else candidate
        except (UnicodeDecodeError, LookupError):
            continue
    raise DataError(f"{name}: cannot decode the file as {' or '.join(candidates)} (use --encoding)")


def split_lines(text: str) -> list[str]:
    """Lines as pyarrow sees them: split at \\r\\n, \\n or \\r only (str.splitlines splits at more)."""
    return re.split(r"\r\n|\n|\r", text)


def _known_count(cells: list[str]) -> int:
    return sum(1 for cell in cells if normalise_header(cell) in _KNOWN)


def find_header(lines: list[str]) -> tuple[int, str] | None:
    """(index, delimiter) of the first line that names at least two known columns."""
    for index, line in enumerate(lines[:MAX_PREAMBLE_LINES]):
        best = max(DELIMITERS, key=lambda d: _known_count(next(csv.reader([line], delimiter=d), [])))
        cells = next(csv.reader([line], delimiter=best), [])
        if _known_count(cells) >= 2:
            return index, best
    return None


def parse_text(raw: bytes, name: str, encoding: str | None = None) -> RawTable:
    text, used = decode(raw, name, encoding)
    if not text or text.isspace():  # (not text.strip(): that copies the whole text)
        raise DataError(f"{name}: the file is empty")
    head = split_lines(text[: 64 * 1024])
    found = find_header(head)
    if found is None:
        raise UnknownTable(f"{name}: no header row naming known columns in the first {MAX_PREAMBLE_LINES} lines")
    header_index, delimiter = found
    headers = [h.strip() for h in next(csv.reader([head[header_index]], delimiter=delimiter))]
    data = text.encode("utf-8") if used != "utf-8" or raw.startswith(b"\xef\xbb\xbf") else raw
    del text  # `data` holds the same lines as UTF-8: line breaks are counted there
    names = [f"c{i}" for i in range(len(headers))]
    malformed: list[tuple[int | None, str]] = []

    def skip(row: pacsv.InvalidRow) -> str:
        malformed.append((row.number, f"{row.actual_columns} fields where the header has {row.expected_columns}"))
        return "skip"

    def read(use_threads: bool) -> pa.Table:
        return pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(skip_rows=header_index + 1, column_names=names, use_threads=use_threads),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=skip, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, null_values=[], strings_can_be_null=False
            ),
        )

    try:
        table = read(use_threads=True)
        if malformed and any(number is None for number, _ in malformed):
            malformed.clear()  # the threaded reader cannot say where a bad row was: read again in order
            table = read(use_threads=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise DataError(f"{name}: not a readable table ({str(exc).splitlines()[0]})") from exc
    lines, malformed = _data_lines(data, header_index, table.num_rows, malformed)
    return RawTable(table, headers, header_index + 1, delimiter, used, lines, malformed)


def _data_lines(
    utf8: bytes, header_index: int, rows: int, malformed: list[tuple[int | None, str]]
) -> tuple[np.ndarray, list[tuple[int | None, str]]]:
    """Physical line of each parsed row, and of each skipped one (`utf8`: the text as UTF-8).

    pyarrow skips empty lines and numbers a bad row by its line less the empty lines after the
    header; the slow path below (taken only when a file has either) undoes both.
    """
    first = header_index + 2
    # Line breaks and empty lines as split_lines sees them: \r\n, \n and \r each break a line, so
    # two breaks in a row (an empty line) show as \n\n, \n\r or \r\r in the bytes, and only then.
    if b"\r" in utf8:
        newlines = utf8.count(b"\n") + utf8.count(b"\r") - utf8.count(b"\r\n")
        blank = b"\n\n" in utf8 or b"\n\r" in utf8 or b"\r\r" in utf8
    else:
        newlines, blank = utf8.count(b"\n"), b"\n\n" in utf8
    suspicious = newlines - header_index - 1 > rows + 1  # more lines than rows: bad or swallowed
    if not malformed and not suspicious and not blank:
        return np.arange(first, first + rows), malformed
    after = split_lines(utf8.decode("utf-8"))[header_index + 1 :]
    physical = np.arange(first, first + len(after))
    empty = np.array([line == "" for line in after], dtype=bool)
    reported = physical - np.cumsum(empty)  # pyarrow's number for each non-empty line
    by_number = dict(zip(reported[~empty].tolist(), physical[~empty].tolist()))
    bad = {by_number.get(number) for number, _ in malformed if number is not None}
    fixed = [(by_number.get(number, number) if number is not None else None, why) for number, why in malformed]
    data = [p for p, is_empty in zip(physical.tolist(), empty.tolist()) if not is_empty and p not in bad]
    if len(data) > rows:  # an unclosed quote swallowed the lines after it into one value
        fixed.append((data[rows], f"{len(data) - rows} lines from here on lost in an unclosed quote"))
    if len(data) < rows:  # a quoted field spanning lines: keep counting past the text's end
        data += list(range(data[-1] + 1 if data else first, (data[-1] + 1 if data else first) + rows - len(data)))
    return np.asarray(data[:rows], dtype="int64"), fixed


def parse_sheet(values: list[list[object]], name: str) -> RawTable:
    """An Excel sheet read as rows of cells."""
    rows = [["" if v is None else str(v).strip() for v in row] for row in values]
    header_index = next((i for i, row in enumerate(rows[:MAX_PREAMBLE_LINES]) if _known_count(row) >= 2), None)
    if header_index is None:
        raise UnknownTable(f"{name}: no header row naming known columns in the first {MAX_PREAMBLE_LINES} rows")
    headers = rows[header_index]
    width = len(headers)
    body = [row[:width] + [""] * (width - len(row)) for row in rows[header_index + 1 :]]
    keep = [i for i, row in enumerate(body) if any(cell for cell in row)]
    data = pa.table({f"c{i}": pa.array([body[k][i] for k in keep], pa.string()) for i in range(width)})
    lines = np.asarray(keep, dtype="int64") + header_index + 2
    return RawTable(data, headers, header_index + 1, "", "xlsx", lines)


def is_missing(values: pd.Series) -> pd.Series:
    return values.str.strip().isin(NULL_VALUES)
