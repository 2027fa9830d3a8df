"""Delimited text and Excel sheets -> a frame of raw strings under the header row, with line numbers.

Exports arrive with vendor preambles above the header, totals below the data, rows with the wrong
number of fields, GBK text and Excel sheets. This module finds the header row, parses the rest with
pyarrow (as strings here, or as typed columns for typedread), and keeps track of which physical
line each data row came from, so that every problem can be reported as `file:line`. An ASCII file
on disk is only scanned, a piece at a time, and pyarrow reads it itself: its text is never held
whole unless the careful way needs it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from typing import BinaryIO
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from ..errors import DataError, NotText, UnknownTable
from .schema import CGI_HEADERS, OBJECT_HEADERS, RELIABILITY_HEADERS, TABLES, alias_index, names_cell, normalise_header

DELIMITERS = (",", ";", "\t", "|")
# How far down a file the header row is looked for (Huawei PRS puts six lines of preamble).
MAX_PREAMBLE_LINES = 40
# Written for "no value" by the OMC-Rs we know.
NULL_VALUES = ["", "NIL", "nil", "Nil", "/0", "-", "N/A", "n/a", "NA", "null", "NULL", "None", "--"]

# Anything but what str.isspace() calls whitespace, among ASCII characters.
_ASCII_NOT_BLANK = re.compile(rb"[^ \t\n\r\x0b\x0c\x1c-\x1f]")

# The header row is looked for in a file's first lines, however long (a vendor's export may have
# 20,000 counters, a header of several hundred KiB), up to this much of it; a file is scanned this
# much at a time.
_HEAD = 32 << 20
_PIECE = 1 << 20
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\n|\r")

_KNOWN = set().union(*(alias_index(t) for t in TABLES.values())) | {"date", "日期", "时间"} | OBJECT_HEADERS | CGI_HEADERS | RELIABILITY_HEADERS
# A row of units under the header says this under the period column.
_PERIODS = {h for t in TABLES.values() for h, c in alias_index(t).items() if c == "period_min"}
_MINUTES = {"minutes", "minute", "mins", "min", "分钟", "分"}


@dataclass(frozen=True)
class LineBreaks:
    """What numbering a text's lines needs of it, counted without splitting it."""

    count: int  # \r\n, \n and \r each break a line (as split_lines has it)
    final: bool  # the text ends with one
    quote: bool  # it has a quote anywhere (a quoted value may span lines)

    @classmethod
    def of(cls, utf8: bytes) -> LineBreaks:
        return cls(_breaks(utf8), utf8.endswith((b"\n", b"\r")), b'"' in utf8)


def _breaks(text: bytes) -> int:
    """Line breaks in a text: \r\n, \n and \r each one. (The \n are counted by numpy, a piece at a
    time: five times as fast as bytes.count.)"""
    view = np.frombuffer(text, dtype=np.uint8)
    count = sum(int(np.count_nonzero(view[i : i + _PIECE] == 10)) for i in range(0, len(view), _PIECE))
    return count + (text.count(b"\r") - text.count(b"\r\n") if b"\r" in text else 0)


@dataclass
class RawTable:
    """A table found in a file: its header row, and its rows as strings (`c0`, `c1`, ...) with the
    physical line each stood on.

    A delimited file keeps its text and reads the rows as strings only when they are asked for: a
    file read typed (typedread.read_typed) never needs them. Its text may be let go once read, when
    it can be read again (`reload`): a file's bytes are then not kept beside its table.
    """

    name: str
    headers: list[str]
    header_line: int  # 1-based physical line (or sheet row) of the header
    delimiter: str
    encoding: str
    utf8: bytes | None = None  # a delimited file's whole text as UTF-8, while it is kept
    reload: Callable[[], bytes] | None = field(default=None, repr=False)  # the same text, read again
    path: Path | None = None  # an ASCII file that pyarrow reads from the disk itself (parse_file)
    stream: Callable[[], BinaryIO] | None = field(default=None, repr=False)  # an ASCII zip member, opened again to be read
    breaks: LineBreaks | None = None  # counted as the file was scanned, or from the text when first needed
    # A row of units right below the header (Huawei M2000: `,Minutes,,,Erl,...`), skipped with it.
    units_row: bool = False
    # The first data row's cells as written, when the head holds it (what an object-name column names).
    first_row: tuple[str, ...] | None = None
    # The format its source is, when a reader of that format built it (a configuration dump's table):
    # data inspect names it so, and the table is known by its canonical header, never mapped by name.
    source_format: str | None = None
    _strings: tuple[pa.Table, np.ndarray, list[tuple[int | None, str]]] | None = field(default=None, repr=False)

    @property
    def head_lines(self) -> int:
        """Lines above the first data row: the preamble, the header and a row of units."""
        return self.header_line + self.units_row

    @property
    def delimited(self) -> bool:
        """A delimited file (not a sheet): it has a text to read."""
        return self.utf8 is not None or self.reload is not None

    def text(self) -> bytes:
        """The whole text as UTF-8 (read again if it was let go)."""
        if self.utf8 is None:
            assert self.reload is not None, "a sheet has no text"
            self.utf8 = self.reload()
        return self.utf8

    def let_go_of_text(self) -> None:
        """Free the text if it can be read again."""
        if self.reload is not None:
            self.utf8 = None

    def line_breaks(self) -> LineBreaks:
        if self.breaks is None:
            self.breaks = LineBreaks.of(self.text())
        return self.breaks

    @property
    def data(self) -> pa.Table:
        """Every column a non-null Arrow string column, as written."""
        return self._read_strings()[0]

    @property
    def lines(self) -> np.ndarray:
        """The physical line of each data row."""
        return self._read_strings()[1]

    @property
    def malformed(self) -> list[tuple[int | None, str]]:
        """(line, why) of the rows skipped for their number of fields."""
        return self._read_strings()[2]

    @property
    def frame(self) -> pd.DataFrame:
        """The strings as a pandas frame (readers work on `data`, in Arrow)."""
        return self.data.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow")}.get)

    def _read_strings(self) -> tuple[pa.Table, np.ndarray, list[tuple[int | None, str]]]:
        if self._strings is None:
            self._strings = _read_strings(self)
            self.let_go_of_text()  # (the strings hold it all)
        return self._strings


# What a file that is no text starts with (a PDF or a picture renamed .csv, an old Excel workbook).
_MAGIC = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
          b"\xd0\xcf\x11\xe0": "an old Office document (.xls/.doc)", b"PK\x03\x04": "a zip archive or Office document",
          b"\x1f\x8b": "a gzip archive", b"7z\xbc\xaf": "a 7-Zip archive", b"Rar!": "a RAR archive",
          b"\x7fELF": "a program", b"PAR1": "a Parquet file"}
# Control characters no text export holds (tab, line breaks, form feed, Ctrl-Z and escape aside).
_CONTROL = bytes(c for c in range(32) if c not in b"\t\n\r\x0b\x0c\x1a\x1b")
_SNIFF = 8192


def refuse_binary(head: bytes, name: str, encoding: str | None) -> None:
    """NotText when a file's first bytes show it is no text: a known binary signature, a NUL byte
    (unless UTF-16/32 was named with --encoding) or many control characters."""
    head = head[:_SNIFF]
    what = next((kind for magic, kind in _MAGIC.items() if head.startswith(magic)), None)
    wide = (encoding or "").lower().replace("-", "").replace("_", "").startswith(("utf16", "utf32"))
    if what is None and not wide and (b"\0" in head or len(head.translate(None, _CONTROL)) < 0.9 * len(head)):
        what = "binary data"
    if what is not None:
        raise NotText(f"{name}: skipped, a binary file ({what}), not a text export")


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


def _known_count(cells: list[str], known: frozenset[str] = frozenset()) -> int:
    """Headers netdiag knows in a row (`known`: the normalised headers netdiag.yaml `columns:` maps)."""
    return sum(1 for cell in cells if (h := normalise_header(cell)) in _KNOWN or h in known or names_cell(h))


def find_header(lines: list[str], known: frozenset[str] = frozenset()) -> tuple[int, str] | None:
    """(index, delimiter) of the first line that names at least two known columns."""
    for index, line in enumerate(lines[:MAX_PREAMBLE_LINES]):
        best = max(DELIMITERS, key=lambda d: _known_count(cells_of(line, d), known))
        cells = cells_of(line, best)
        if _known_count(cells, known) >= 2:
            return index, best
    return None


def cells_of(line: str, delimiter: str) -> list[str]:
    """A line's values split at a delimiter; none when that makes a value longer than the csv module
    takes (a wide header split at the wrong delimiter is one such value)."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def parse_text(
    raw: bytes, name: str, encoding: str | None = None, reload: Callable[[], bytes] | None = None,
    known: frozenset[str] = frozenset(),
) -> RawTable:
    """A delimited file's header row; its rows are read when asked for (RawTable.data, read_delimited).
    reload: the file's bytes read again, if the text may be let go once read (RawTable.reload)."""
    head, used, utf8 = _text(raw, name, encoding)
    header_index, delimiter, headers, units, first = _header(head, name, known)
    again = None if reload is None else (lambda: _text(reload(), name, encoding)[2])
    return RawTable(name, headers, header_index + 1, delimiter, used, utf8, again, units_row=units, first_row=first)


def parse_file(path: Path, name: str, encoding: str | None = None, known: frozenset[str] = frozenset()) -> RawTable:
    """A delimited file on disk. An ASCII one is scanned piece by piece (is it ASCII, where are its
    line breaks) and never held whole: pyarrow reads it from the disk itself. Any other is read
    whole, as parse_text reads it."""

    def read() -> bytes:
        try:
            return path.read_bytes()
        except OSError as exc:
            raise DataError(f"{name}: cannot read ({exc.strerror})") from exc

    raw = parse_stream(lambda: path.open("rb"), read, name, encoding, known)
    if raw.stream is not None:  # (pyarrow opens the file itself: faster than through Python)
        raw.path, raw.stream = path, None
    return raw


def parse_stream(
    open_stream: Callable[[], BinaryIO], read: Callable[[], bytes], name: str, encoding: str | None = None,
    known: frozenset[str] = frozenset(),
) -> RawTable:
    """A delimited text that can be opened as a stream (a file, a zip member) and read whole (`read`).
    An ASCII one is scanned piece by piece and never held whole: pyarrow reads it from a stream of
    its own (RawTable.stream). Any other is read whole, as parse_text reads it."""
    try:
        with open_stream() as file:
            refuse_binary(file.read(_SNIFF), name, encoding)
    except OSError as exc:
        raise DataError(f"{name}: cannot read ({exc.strerror})") from exc
    scanned = None if encoding else _scan_ascii(open_stream, name)
    if scanned is None:
        return parse_text(read(), name, encoding, read, known)
    head, breaks = scanned
    header_index, delimiter, headers, units, first = _header(head, name, known)
    return RawTable(name, headers, header_index + 1, delimiter, "utf-8", reload=read, stream=open_stream, breaks=breaks,
                    units_row=units, first_row=first)


def _scan_ascii(open_stream: Callable[[], BinaryIO], name: str) -> tuple[list[str], LineBreaks] | None:
    """(its first lines, its line breaks) of an ASCII file, read a piece at a time; None if not ASCII."""
    count, quote, blank, previous, head, head_done = 0, False, True, b"", b"", False
    try:
        with open_stream() as file:
            while piece := file.read(_PIECE):
                if not piece.isascii():
                    return None
                # (once the head holds its lines it is not counted again: a megabyte per piece read)
                head_done = head_done or len(head) >= _HEAD or _head_complete(head)
                if not head_done:
                    head += piece[: _HEAD - len(head)]
                count += _breaks(piece)
                count -= previous.endswith(b"\r") and piece.startswith(b"\n")  # (one \r\n, cut in two)
                quote = quote or b'"' in piece
                blank = blank and _ASCII_NOT_BLANK.search(piece) is None
                previous = piece
    except OSError as exc:
        raise DataError(f"{name}: cannot read ({exc.strerror})") from exc
    if blank:
        raise DataError(f"{name}: the file is empty")
    return _head_lines(head), LineBreaks(count, previous.endswith((b"\n", b"\r")), quote)


def _head_complete(head: bytes) -> bool:
    """Whether the bytes read so far hold every line the header row is looked for in."""
    return head.count(b"\n") + head.count(b"\r") > MAX_PREAMBLE_LINES


def _head_lines(text: str | bytes) -> list[str]:
    """The first lines of a text (ASCII bytes or a string), where its header row is looked for: each
    whole, however long."""
    end = min(len(text), _HEAD)
    breaks = _LINE_BREAK_BYTES if isinstance(text, bytes) else _LINE_BREAK
    for number, found in enumerate(breaks.finditer(text, 0, _HEAD), start=1):
        if number > MAX_PREAMBLE_LINES:
            end = found.start()
            break
    head = text[:end]
    return split_lines(head.decode("ascii") if isinstance(head, bytes) else head)


def _header(head: list[str], name: str, known: frozenset[str] = frozenset()) -> tuple[int, str, list[str], bool, tuple[str, ...] | None]:
    """(index, delimiter, headers) of the header row, whether a row of units follows it, and the first
    data row's cells (None when the head ends before it)."""
    found = find_header(head, known)
    if found is None:
        raise UnknownTable(f"{name}: no header row naming known columns in the first {MAX_PREAMBLE_LINES} lines")
    header_index, delimiter = found
    headers = [h.strip() for h in cells_of(head[header_index], delimiter)]
    below = [cells_of(line, delimiter) for line in head[header_index + 1 : header_index + 4] if line.strip()]
    below = below if header_index + 4 < len(head) or head[-1] == "" else below[:-1]  # (the last line may be cut)
    units = bool(below) and is_units_row(headers, below[0])
    first = below[1 if units else 0] if len(below) > units else None
    return header_index, delimiter, headers, units, tuple(c.strip() for c in first) if first is not None else None


def is_units_row(headers: list[str], cells: list[str]) -> bool:
    """A row of units below the header, as Huawei's M2000 writes (`,Minutes,,,Erl,None`): `Minutes`
    under the period column and no digit anywhere (every data row has its time)."""
    periods = [i for i, h in enumerate(headers) if normalise_header(h) in _PERIODS]
    return any(i < len(cells) and cells[i].strip().lower() in _MINUTES for i in periods) and not any(
        ch.isdigit() for c in cells for ch in c)


def _text(raw: bytes, name: str, encoding: str | None) -> tuple[list[str], str, bytes]:
    """(the first lines, the encoding, the whole text as UTF-8) of a file's bytes."""
    refuse_binary(raw, name, encoding)
    if encoding is None and raw.isascii():
        # ASCII is UTF-8 as it is: only the head is decoded, not a copy of the whole text made.
        if _ASCII_NOT_BLANK.search(raw) is None:
            raise DataError(f"{name}: the file is empty")
        return _head_lines(raw), "utf-8", raw
    text, used = decode(raw, name, encoding)
    if not text or text.isspace():  # (not text.strip(): that copies the whole text)
        raise DataError(f"{name}: the file is empty")
    head = _head_lines(text)
    # pyarrow reads UTF-8 without a BOM, and line breaks are counted there
    return head, used, text.encode("utf-8") if used != "utf-8" or raw.startswith(b"\xef\xbb\xbf") else raw


def read_delimited(
    raw: RawTable, column_types: dict[str, pa.DataType], null_values: list[str] | None = None, use_threads: bool = True
) -> tuple[pa.Table, list[tuple[int | None, str]]]:
    """The rows below a delimited file's header, as pyarrow reads them: the columns named in
    `column_types` (`c0`, `c1`, ... by position) as those types, and the rows skipped for their
    number of fields ((pyarrow's row number, why); numbers are None when read in threads).
    Text columns are never null: NULL markers are told apart later, after trimming."""
    malformed: list[tuple[int | None, str]] = []

    def skip(row: pacsv.InvalidRow) -> str:
        malformed.append((row.number, f"{row.actual_columns} fields where the header has {row.expected_columns}"))
        return "skip"

    if raw.utf8 is None and raw.path is not None:  # (not read into memory: pyarrow reads the file)
        source = pa.input_stream(str(raw.path), compression=None)
    elif raw.utf8 is None and raw.stream is not None:  # (a zip member, inflated as pyarrow reads it)
        source = raw.stream()
    else:
        source = io.BytesIO(raw.text())
    table = pacsv.read_csv(
        source,
        read_options=pacsv.ReadOptions(
            skip_rows=raw.head_lines, column_names=[f"c{i}" for i in range(len(raw.headers))], use_threads=use_threads
        ),
        parse_options=pacsv.ParseOptions(delimiter=raw.delimiter, invalid_row_handler=skip, newlines_in_values=False),
        convert_options=pacsv.ConvertOptions(
            column_types=column_types, include_columns=list(column_types), null_values=null_values or [],
            strings_can_be_null=False,
        ),
    )
    return table, malformed


def _read_strings(raw: RawTable) -> tuple[pa.Table, np.ndarray, list[tuple[int | None, str]]]:
    """Every column as the strings written, the physical line of each row and the rows skipped."""
    strings = {f"c{i}": pa.string() for i in range(len(raw.headers))}
    try:
        table, malformed = read_delimited(raw, strings)
        if malformed and any(number is None for number, _ in malformed):
            # the threaded reader cannot say where a bad row was: read again in order
            table, malformed = read_delimited(raw, strings, use_threads=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise DataError(f"{raw.name}: not a readable table ({str(exc).splitlines()[0]})") from exc
    lines, malformed = data_lines(raw, table.num_rows, malformed)
    return table, lines, malformed


def data_lines(
    raw: RawTable, rows: int, malformed: list[tuple[int | None, str]]
) -> tuple[np.ndarray, list[tuple[int | None, str]]]:
    """Physical line of each row pyarrow read of a delimited file, and of each it skipped.

    pyarrow skips empty lines and numbers a bad row by its line less the empty lines after the
    header; the slow path below (taken only when a file has either) undoes both.
    """
    header_index = raw.head_lines - 1  # (a row of units counts with the header)
    first = header_index + 2
    breaks = raw.line_breaks()
    below = breaks.count - header_index - breaks.final  # lines below the header
    if not malformed and below == rows and not breaks.quote:
        # A row on every line below the header: none empty, none skipped, and (without a quote)
        # none spanning lines. (Cheaper than looking for empty lines, which scans for every break.)
        return np.arange(first, first + rows), malformed
    utf8 = raw.text()
    # Two breaks in a row (an empty line) show as \n\n, \n\r or \r\r in the bytes, and only then.
    blank = b"\n\n" in utf8 or (b"\r" in utf8 and (b"\n\r" in utf8 or b"\r\r" in utf8))
    suspicious = breaks.count - header_index - 1 > rows + 1  # more lines than rows: bad or swallowed
    # A quote left open swallows the lines after it into the last value: the quotes do not pair up
    # (one quoted value spanning the last line and this file's one swallowed line look alike otherwise).
    suspicious = suspicious or (breaks.quote and utf8.count(b'"') % 2 == 1)
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


def parse_sheet(values: list[list[object]], name: str, known: frozenset[str] = frozenset()) -> RawTable:
    """An Excel sheet read as rows of cells."""
    rows = [["" if v is None else str(v).strip() for v in row] for row in values]
    header_index = next((i for i, row in enumerate(rows[:MAX_PREAMBLE_LINES]) if _known_count(row, known) >= 2), None)
    if header_index is None:
        raise UnknownTable(f"{name}: no header row naming known columns in the first {MAX_PREAMBLE_LINES} rows")
    headers = rows[header_index]
    width = len(headers)
    units = header_index + 1 < len(rows) and is_units_row(headers, rows[header_index + 1])
    first_data = header_index + 1 + units
    body = [row[:width] + [""] * (width - len(row)) for row in rows[first_data:]]
    keep = [i for i, row in enumerate(body) if any(cell for cell in row)]
    data = pa.table({f"c{i}": pa.array([body[k][i] for k in keep], pa.string()) for i in range(width)})
    lines = np.asarray(keep, dtype="int64") + first_data + 1
    first = tuple(body[keep[0]]) if keep else None
    return RawTable(name, headers, header_index + 1, "", "xlsx", units_row=units, first_row=first, _strings=(data, lines, []))


def is_missing(values: pd.Series) -> pd.Series:
    return values.str.strip().isin(NULL_VALUES)
