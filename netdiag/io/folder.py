"""A folder of exports read: every file's tables, each file read while the one before converts.

Delimited files and sheets go through readers.py, 3GPP PM XML files through pm_tables.py (stacked
per table, put together at the end); what cannot be used is kept as a Skipped entry with its reason,
so that `data inspect` explains every file. Parts of one table that carry different columns (Huawei
writes one file per counter group) are put together by key (combine.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError, NotText, UnknownTable
from ..memory import hold_returning_allocator, release_memory
from .combine import combine_parts
from .counters import CounterDictionary, load_counter_dictionary, load_counter_dictionary_from_config
from .parsing import RawTable
from .readahead import read_ahead
from .pm_tables import PmFile, PmTables
from .readers import Codes, FileReport, NotATable, Reading, finish_reading, start_reading
from .recognise import Recognition
from .layout import CONFIGURATION
from .schema import COUNTER_TABLES
from .maps import FolderMaps, folder_maps
from .sources import MAP_FILE, data_files, folder_settings, iter_raw, other_files
from .wide_neighbours import split_neighbours
from .workbook import OtherTechnology
from .xml_sources import EmptyDump, UnknownXml, XmlPart

# Why a file (or part of one) was not used: data inspect words each in the user's language.
NOT_READ = "not_read"  # a suffix netdiag does not read
NO_HEADER = "no_header"  # no header row naming known columns
NOT_A_TABLE = "not_a_table"  # a header of no table (its recognition says why)
UNKNOWN_XML = "unknown_xml"  # XML of another format (root element)
NO_TABLE_INSIDE = "no_table_inside"  # a zip or workbook without any table
OTHER_TECHNOLOGY = "other_technology"  # a workbook's sheet of another technology than GSM (LTE, UMTS...)
EMPTY_DUMP = "empty_dump"  # a configuration dump (GExport, Bulk CM) without any GSM cell
NO_COUNTERS = "no_counters"  # a PM file none of whose blocks gives a table
COMPLAINTS = "complaints"  # complaints are read with --complaints
SUBSCRIBERS = "subscribers"  # subscribers are read by netdiag cases report --subscribers
ANSWER_KEY_FILE = "truth.csv"
ANSWER_KEY = "answer_key"  # netdiag sample's truth.csv: the faults it injected, no export (listed, never a note)
BINARY = "binary"  # a binary file (a PDF, an image, random bytes) where a text export was looked for
ERROR = "error"  # broken (data inspect lists it; a run stops on it)


@dataclass
class Skipped:
    """A file, or a part of one, that gave no table, and why."""

    path: str
    why: str  # one of the codes above
    message: str  # why, in words (English), for notes
    recognition: Recognition | None = None
    detail: list[str] = field(default_factory=list)  # names the reason refers to (root element, counters, ...)


@dataclass
class FolderRead:
    """Every table found in a folder's files, parts of one table put together."""

    tables: dict[str, pd.DataFrame]
    reports: list[FileReport]
    notes: list[str]
    # (table, column) -> that key column's codes, as its reader gave them (a table read from one file)
    factorized: dict[tuple[str, str], tuple[np.ndarray, pd.Index]]
    skipped: list[Skipped] = field(default_factory=list)
    flags: list[dict[str, object]] = field(default_factory=list)  # values reported twice, rows not reliable
    # table -> (file, rows) of each part in the order its rows stand in the table; None: parts combined by key
    sources: dict[str, list[tuple[str, int]] | None] = field(default_factory=dict)


def folder_dictionary(root: Path) -> CounterDictionary:
    """The shipped counter dictionary with the `counters:` of the folder's netdiag.yaml (errors `file:line:`)."""
    if (root / MAP_FILE).is_file() and folder_settings(root).get("counters") is not None:
        return load_counter_dictionary_from_config(root / MAP_FILE)
    return load_counter_dictionary()


def read_folder(root: Path, encoding: str | None = None, keep_going: bool = False) -> FolderRead:
    """Read every table in a folder (files, zip members, sheets, PM XML); one table may span several files.

    Each file is read (by pyarrow, in a thread) while the one before it is converted. `keep_going`: a
    broken file is listed as skipped (data inspect) instead of stopping the read.
    """
    if not root.is_dir():
        raise DataError(f"{root}: not a folder")
    begun = None if keep_going else _BEGUN.pop((root.resolve(), encoding), None)
    try:
        return _read_folder(root, encoding, keep_going, begun)
    finally:
        if begun is not None:
            begun.let_go()


def read_soon(root: Path, encoding: str | None = None) -> None:
    """Begin reading a folder in a thread now, for the read_folder(root, encoding) to come: a command
    begins it before it imports what works on the data (half of its start-up), and the files are
    read meanwhile. A folder that cannot be read is left alone: read_folder says why."""
    try:
        root = Path(root)
        if not root.is_dir() or (root.resolve(), encoding) in _BEGUN:
            return
        for earlier in list(_BEGUN):  # (one reading begun at a time: an earlier one never taken over is dropped)
            _BEGUN.pop(earlier).drop()
        mapping, dictionary = folder_maps(root), folder_dictionary(root)
        let_go = hold_returning_allocator()  # (as load_dataset reads: the read's memory given back)
        items = _read_ahead(root, encoding, mapping, dictionary, False)
        _BEGUN[(root.resolve(), encoding)] = _Begun(mapping, dictionary, items, let_go)
    except Exception:  # noqa: BLE001  (read_folder reads it again and says what is wrong)
        return


@dataclass
class _Begun:
    """A folder's reading begun by read_soon."""

    mapping: FolderMaps
    dictionary: CounterDictionary
    items: Iterator
    let_go: Callable[[], None]

    def drop(self) -> None:
        """Stop reading (what the thread is reading is finished, nothing after it) and let go."""
        self.items.close()
        self.let_go()


_BEGUN: dict[tuple[Path, str | None], _Begun] = {}


def _read_folder(root: Path, encoding: str | None, keep_going: bool, begun: _Begun | None) -> FolderRead:
    if begun is not None:
        mapping, dictionary, items = begun.mapping, begun.dictionary, begun.items
    else:
        mapping, dictionary = folder_maps(root), folder_dictionary(root)
        items = _read_ahead(root, encoding, mapping, dictionary, keep_going)
    pm = PmTables(dictionary)
    parts: dict[str, list[tuple[pd.DataFrame, str]]] = {}
    codes: dict[str, list[Codes]] = {}
    read = FolderRead({}, [], [], {}, [Skipped(str(p), NOT_READ, "not a kind of file netdiag reads") for p in other_files(root)])
    found = False
    for path, name, reading in items:
        if name is None:  # the end of a file
            if not found and path.suffix.lower() in {".zip", ".xlsx", ".xlsm"}:
                read.skipped.append(Skipped(str(path), NO_TABLE_INSIDE, "no table found inside"))
            found = False
            continue
        if isinstance(reading, XmlPart):
            reading = _pm_read(reading, name, pm, keep_going)
        if isinstance(reading, Skipped):
            read.skipped.append(reading)
            continue
        if isinstance(reading, PmFile):
            found = found or bool(reading.reports)
            read.reports += reading.reports
            _pm_file_skips(name, reading, read)
            continue
        try:
            frame, report, part_codes = finish_reading(reading)
        except DataError as error:
            read.skipped.append(_skip(name, error, keep_going))
            continue
        found = True
        _said_renamed(report, reading.renamed)
        if report.table == "complaints":
            read.skipped.append(Skipped(name, COMPLAINTS, "complaints are read with --complaints, skipped here"))
            continue
        if report.table == "subscribers":
            read.skipped.append(Skipped(name, SUBSCRIBERS, "subscribers are read by netdiag cases report --subscribers, skipped here"))
            continue
        if report.table == "cells":
            frame, listed = split_neighbours(frame)
            if listed is not None:
                parts.setdefault("neighbours", []).append((listed, _short(name, root)))
                codes.setdefault("neighbours", []).append({})
                report.notes.append(f"{len(listed)} neighbour relations from its neighbour-list columns")
        parts.setdefault(report.table, []).append((frame, _short(name, root)))
        codes.setdefault(report.table, []).append(part_codes)
        read.reports.append(report)
        del reading, frame, part_codes
        release_memory()  # the file's text, read and converted: give it back
        if report.rejected:
            line, why = report.rejected[0]
            read.notes.append(f"{_short(name, root)}:{line}: {why}; {len(report.rejected)} rows skipped in all")
    pm_frames, pm_flags = pm.tables()
    read.notes += pm.unmatched_notes()
    for table, frame in pm_frames.items():
        parts.setdefault(table, []).append((frame, "PM XML"))
        codes.setdefault(table, []).append({})
    for flag in pm_flags:
        flag.update({key: _short(flag[key], root) for key in ("kept", "left_out") if flag.get(key)})
    read.flags += pm_flags + _unreliable_flags(read.reports, root)
    _put_together(parts, codes, read)
    read.notes = [f"{_short(s.path, root)}: {s.message}" for s in read.skipped if s.why not in (NOT_READ, ANSWER_KEY)] + read.notes
    return read


def _put_together(parts: dict[str, list[tuple[pd.DataFrame, str]]], codes: dict[str, list[Codes]], read: FolderRead) -> None:
    """One frame per table: parts of the same columns one after the other (their repeated periods are
    found downstream), parts of different columns combined by key (a configuration dump's cells and
    an engineering-parameter workbook's, say: one row per cell, the first value given of each column)."""
    for table, table_parts in parts.items():
        if table in (*COUNTER_TABLES, *CONFIGURATION) and len({tuple(frame.columns) for frame, _ in table_parts}) > 1:
            read.tables[table], flags = combine_parts(table, table_parts)
            read.flags += flags
            read.sources[table] = None
            continue
        read.tables[table] = pd.concat([frame for frame, _ in table_parts], ignore_index=True)
        read.sources[table] = [(name, len(frame)) for frame, name in table_parts]
        if len(table_parts) == 1:  # the reader's codes of a table read from one file are the table's
            read.factorized.update({(table, column): found for column, found in codes[table][0].items()})


def _read_ahead(root: Path, encoding: str | None, mapping: FolderMaps, dictionary: CounterDictionary, keep_going: bool) -> Iterator:
    """The folder's readings (_readings), read ahead in a thread."""
    return read_ahead(_readings(root, encoding, mapping, dictionary, keep_going), _worth_reading_ahead, _end_of_file, _bytes_read)


def _readings(
    root: Path, encoding: str | None, mapping: FolderMaps, dictionary: CounterDictionary, keep_going: bool,
) -> Iterator[tuple[Path, str | None, Reading | XmlPart | Skipped | None]]:
    """(file, part, its reading begun) for every part of every data file, then (file, None, None).

    A part's error comes as a value, where it stands: the parts after it are still read. A PM XML
    file comes recognised, not read: the caller streams it (_pm_read) in its own thread. Streaming
    is Python and lxml holding the GIL, nothing to overlap; read here (in read_ahead's thread), every
    file would be a hand-over to a waiting thread (a futex wake and the GIL passed, 38,400 of them
    for a day of a 20,000-cell network).
    """
    for path in data_files(root):
        try:
            for name, raw in iter_raw(path, encoding, frozenset(mapping.headers)):
                yield path, name, _begun(raw, name, mapping, dictionary, keep_going)
                del raw  # (its reading holds it for as long as the caller needs it)
        except DataError as error:
            yield path, str(path), _skip(str(path), error, keep_going)
        yield path, None, None


def _begun(
    raw: RawTable | XmlPart | UnknownTable, name: str, mapping: FolderMaps, dictionary: CounterDictionary,
    keep_going: bool,
) -> Reading | XmlPart | Skipped:
    try:
        if isinstance(raw, OtherTechnology) and mapping.table_of(name, raw.raw):
            raw = raw.raw  # (a sheet of another technology that netdiag.yaml maps: read)
        if isinstance(raw, UnknownTable):
            raise raw
        if isinstance(raw, XmlPart):
            return raw  # (read by the caller: _pm_read)
        table = None if raw.source_format else mapping.table_of(name, raw)
        raw, renamed = mapping.renamed(raw)
        reading = start_reading(raw, name, table, dictionary)
        reading.renamed = renamed
        return reading
    except DataError as error:  # (UnknownTable too)
        return _skip(name, error, keep_going)


def _pm_read(part: XmlPart, name: str, pm: PmTables, keep_going: bool) -> PmFile | Skipped:
    """A PM XML file streamed into the stacks of `pm`; a broken one as _begun skips a part."""
    try:
        return pm.read(part)
    except DataError as error:
        return _skip(name, error, keep_going)


def _said_renamed(report: FileReport, renamed: dict[str, str]) -> None:
    """A file whose headers netdiag.yaml `columns:` renamed: its columns as written, and a note."""
    if not renamed:
        return
    report.columns = {renamed.get(header, header): column for header, column in report.columns.items()}
    report.notes.append("netdiag.yaml columns: " + ", ".join(f"{h} -> {c}" for c, h in renamed.items()))


def _skip(name: str, error: DataError, keep_going: bool) -> Skipped:
    """The Skipped entry of a part that gave no table; a broken one stops the read unless keep_going."""
    text = str(error)
    said = text[len(name) + 2:] if text.startswith(f"{name}: ") else text
    if isinstance(error, NotText):
        return Skipped(name, BINARY, said)
    if isinstance(error, UnknownXml):
        return Skipped(name, UNKNOWN_XML, f"skipped, {said}", detail=[d for d in (error.root, error.namespace) if d])
    if isinstance(error, OtherTechnology):
        return Skipped(name, OTHER_TECHNOLOGY, f"skipped, {said}", detail=[error.technology])
    if isinstance(error, EmptyDump):
        return Skipped(name, EMPTY_DUMP, f"skipped, {said}")
    if isinstance(error, UnknownTable) and Path(name).name == ANSWER_KEY_FILE:
        return Skipped(name, ANSWER_KEY, "netdiag sample's answer key (the faults it injected), not an export")
    if isinstance(error, NotATable):
        return Skipped(name, NOT_A_TABLE, f"skipped, not a known table: {said}", error.recognition)
    if isinstance(error, UnknownTable):
        return Skipped(name, NO_HEADER, f"skipped, not a known table ({said})")
    if not keep_going:
        raise error
    return Skipped(name, ERROR, text)


def _pm_file_skips(name: str, pm_file: PmFile, read: FolderRead) -> None:
    """A PM file's blocks of no table: the whole file skipped when it gave none, else a note."""
    if not pm_file.unmatched:
        return
    counters = sorted({c for _info, names, _why in pm_file.unmatched for c in names})
    blocks = ", ".join(info or "(no id)" for info, _names, _why in pm_file.unmatched)
    message = f"blocks {blocks} give no table (their counters: {', '.join(counters[:12])}{' ...' if len(counters) > 12 else ''})"
    if not pm_file.reports:
        read.skipped.append(Skipped(name, NO_COUNTERS, f"skipped, {message}", pm_file.unmatched[0][2], counters))
    else:  # (the run's note counts them over every file: PmTables.unmatched_notes)
        for report in pm_file.reports:
            report.notes.append(f"{message}; {pm_file.unmatched_rows} object rows left out")


def _unreliable_flags(reports: list[FileReport], root: Path) -> list[dict[str, object]]:
    """Rows the export itself calls unreliable (Huawei `Reliability`): kept, flagged per table."""
    flags: dict[str, dict[str, object]] = {}
    for report in reports:
        if report.unreliable_rows:
            flag = flags.setdefault(report.table, {"table": report.table, "check": "not reliable", "rows": 0,
                                                   "example": f"{_short(report.path, root)}: {report.unreliable_example}"})
            flag["rows"] = int(flag["rows"]) + report.unreliable_rows
    return list(flags.values())


def _worth_reading_ahead(item: tuple[Path, str | None, object]) -> bool:
    """Whether the next file is read ahead while the caller works on this one: not while it streams a
    PM XML file (Python and lxml, holding the GIL)."""
    return not isinstance(item[2], XmlPart)


def _bytes_read(item: tuple[Path, str | None, object]) -> int:
    """What a file read ahead holds until it is converted: its columns read typed, or its text."""
    reading = item[2]
    if not isinstance(reading, Reading):
        return 0
    if reading.typed is not None:
        return sum(column.nbytes for column in (*reading.typed.columns.values(), *reading.typed.numbers.values()))
    return len(reading.raw.utf8 or b"")


def _end_of_file(item: tuple[Path, str | None, object]) -> bool:
    """The marker after a file's parts: next to nothing to work out."""
    return item[1] is None




def _short(message: object, root: Path) -> str:
    """A file named relative to the data folder; for a message, the part before its reason."""
    text = str(message).split(": ", 1)[0]
    prefix = str(root) + "/"
    return text[len(prefix):] if text.startswith(prefix) else text
