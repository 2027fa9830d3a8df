"""The desk's input files: tickets (formats.md `complaints`) and subscriber counts (`subscribers`),
CSV or XLSX (or zipped), Chinese or English headers, read by netdiag's readers.

A ticket row the reader cannot take (an unreadable time or number) is not lost in silence: it comes
back as refused, named by file and line with the column and value, and the other rows go on.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataError, UnknownTable
from ..io.readers import read_raw
from ..io.schema import TABLES
from ..io.sources import iter_raw


def read_tickets(path: Path, encoding: str | None = None) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """(the tickets frame, [(file:line, why)] of the rows refused by the reader)."""
    frame, refused = _read(Path(path), "complaints", encoding, "complaint_id, received_at, symptom, cell or lac+ci or lat+lon")
    return frame, refused


def read_subscribers(path: Path, encoding: str | None = None) -> pd.DataFrame:
    """Subscribers per region (or BSC, LAC) and month; a row the reader cannot take stops with one line."""
    frame, refused = _read(Path(path), "subscribers", encoding, "region (or bsc, lac), month, subscribers")
    if refused:
        where, why = refused[0]
        raise DataError(f"{where}: {why}")
    if not any(c in frame for c in ("region", "bsc", "lac")):
        raise DataError(f"{path}: subscribers need a region, bsc or lac column beside month and subscribers")
    return frame


def _read(path: Path, table: str, encoding: str | None, columns: str) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    frames, refused = [], []
    for name, raw in iter_raw(path, encoding):
        if isinstance(raw, UnknownTable):
            continue
        try:
            frame, report = read_raw(raw, name, table)
        except UnknownTable:
            continue
        if not set(TABLES[table].keys) <= set(report.columns.values()):
            continue
        refused += [(f"{name}:{line}" if line is not None else name, why) for line, why in report.rejected]
        frames.append(frame)
    if not frames:
        raise DataError(f"{path}: no {table} table found (columns {columns})")
    out = pd.concat(frames, ignore_index=True)
    if out.empty and not refused:
        raise DataError(f"{path}: no rows in the file")
    return out, refused
