"""A folder of exports read: every file's tables, each file read while the one before converts."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from ..errors import DataError, NotText, UnknownTable
from ..memory import release_memory
from .parsing import RawTable
from .readers import Codes, FileReport, Reading, finish_reading, start_reading
from .sources import data_files, file_map, iter_raw, mapped_table


@dataclass
class FolderRead:
    """Every table found in a folder's files, parts of one table put together."""

    tables: dict[str, pd.DataFrame]
    reports: list[FileReport]
    notes: list[str]
    # (table, column) -> that key column's codes, as its reader gave them (a table read from one file)
    factorized: dict[tuple[str, str], tuple[np.ndarray, pd.Index]]


def read_folder(root: Path, encoding: str | None = None) -> FolderRead:
    """Read every table in a folder (files, zip members, sheets); one table may span several files.

    Each file is read (by pyarrow, in a thread) while the one before it is converted.
    """
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
        except NotText as binary:
            notes.append(f"{_short(name, root)}: {str(binary).split(': ', 1)[1]}")
            continue
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
    return FolderRead(tables, reports, notes, factorized)


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
