"""Complaint tickets as they arrive: a CSV or XLSX file of the `complaints` columns (Chinese
headers too), each row made into a Complaint (the symptom read from the subscriber's words)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import DataError, UnknownTable, UsageError
from ..io.parsing import RawTable, is_missing as is_blank
from ..io.recognise import map_columns
from ..io.schema import TABLES
from ..io.sources import iter_raw
from ..io.values import convert, reason
from .locate import checked_spot
from .triage import Complaint

if TYPE_CHECKING:
    from .symptoms import Lexicon


class MissingLocation(UsageError):
    """A ticket that says nothing about where the subscriber was."""


class UnreadableTicket(DataError):
    """A ticket with a value that cannot be read (its message names file, line and column)."""


def read_complaints(path: Path, encoding: str | None = None) -> pd.DataFrame:
    """A complaints file (CSV or XLSX, formats.md `complaints`) as its canonical frame, one row per
    ticket in file order, with the `line` each stood on and an `error`: None, or why the ticket
    cannot be read (`file:line: column lat: cannot read 'abc' as a number`, a row of too few
    fields). Such a ticket's row in the batch says so, and the batch goes on."""
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    frames = []
    for name, raw in iter_raw(path, encoding):
        if isinstance(raw, UnknownTable):
            continue
        frames.append(_tickets(raw, name))
    if not frames:
        raise DataError(f"{path}: no complaints table found (columns complaint_id, symptom, cell or lat/lon ...)")
    complaints = pd.concat(frames, ignore_index=True)
    if complaints.empty:
        raise DataError(f"{path}: no complaints in the file")
    return complaints


# A summary row below the tickets, as the readers skip it (io.readers._FOOTER).
_TOTAL = re.compile(r"^\s*(total|sum|合计|总计|小计)\s*[:：]?\s*$", re.IGNORECASE)


def _tickets(raw: RawTable, name: str) -> pd.DataFrame:
    """One file's tickets, each value read on its own: a value that cannot be read is that ticket's
    error, not the file's (the readers would skip its row: a ticket would go missing)."""
    spec = TABLES["complaints"]
    mapping, _ = map_columns(raw.headers, spec)
    if "complaint_id" not in mapping.values():
        raise DataError(f"{name}:{raw.header_line}: a complaints file needs a complaint_id column (工单号)")
    strings = pd.DataFrame({column: raw.frame[f"c{i}"] for i, column in mapping.items()})
    lines = raw.lines
    blank = strings.apply(lambda c: is_blank(c.astype("string").fillna("").str.strip())).all(axis=1).to_numpy()
    total = strings["complaint_id"].astype("string").str.match(_TOTAL).fillna(False).to_numpy(dtype=bool)
    strings, lines = strings[~(blank | total)].reset_index(drop=True), lines[~(blank | total)]
    tickets, problems = convert(strings, spec)
    errors = [None] * len(tickets)
    for row in np.flatnonzero(problems.any(axis=1).to_numpy()):
        column = next(c for c in problems.columns if problems[c].iloc[row])
        errors[row] = f"{name}:{lines[row]}: {reason(spec, column, strings[column].iloc[row])}"
    tickets = tickets.assign(line=lines, error=errors)
    if raw.malformed:  # rows of too few or too many fields: tickets too, with nothing to read
        broken = pd.DataFrame({"line": [line for line, _ in raw.malformed],
                               "error": [f"{name}:{line}: {why}" for line, why in raw.malformed]})
        tickets = pd.concat([tickets, broken], ignore_index=True).sort_values("line", kind="stable", ignore_index=True)
    return tickets


def complaint_from_row(row: dict, lexicon: Lexicon, lang: str) -> Complaint:
    """One ticket -> a Complaint; the symptom may be an id or the subscriber's words."""
    if text_of(row.get("error")):
        raise UnreadableTicket(text_of(row["error"]))
    text = text_of(row.get("symptom"))
    if not text:
        raise UsageError({"zh": "没有投诉现象", "en": "no symptom given"}[lang])
    symptom = lexicon.resolve(text, lang)
    when = row.get("occurred_at")
    if is_missing(when):
        when = row.get("received_at")
    spot = None
    if not is_missing(row.get("lat")) and not is_missing(row.get("lon")):
        spot = checked_spot(float(row["lat"]), float(row["lon"]))
    cell = text_of(row.get("cell")) or None
    lac, ci = row.get("lac"), row.get("ci")
    has_cgi = not is_missing(lac) and not is_missing(ci)
    if cell is None and not has_cgi and spot is None:
        raise MissingLocation({"zh": "没有位置(小区、LAC+CI 或经纬度)", "en": "no location (cell, LAC+CI or lat/lon)"}[lang])
    return Complaint(
        symptom=symptom,
        cell=cell,
        lac=int(lac) if has_cgi and cell is None else None,
        ci=int(ci) if has_cgi and cell is None else None,
        spot=spot if cell is None and not has_cgi else None,
        time=None if is_missing(when) else pd.Timestamp(when),
        complaint_id=text_of(row.get("complaint_id")) or None,
        text=text if text != symptom else None,
    )


def is_missing(value: object) -> bool:
    """None, NaN, NaT or pd.NA: a cell of a ticket (or a result row) left empty."""
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def text_of(value: object) -> str:
    return "" if is_missing(value) else str(value).strip()
