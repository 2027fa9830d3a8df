"""Complaint tickets as they arrive: a CSV or XLSX file of the `complaints` columns (Chinese
headers too), each row made into a Complaint (the symptom read from the subscriber's words)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import DataError, UnknownTable, UsageError
from ..io.readers import read_raw
from ..io.sources import iter_raw
from .locate import Spot
from .triage import Complaint

if TYPE_CHECKING:
    from .symptoms import Lexicon


class MissingLocation(UsageError):
    """A ticket that says nothing about where the subscriber was."""


def read_complaints(path: Path, encoding: str | None = None) -> pd.DataFrame:
    """A complaints file (CSV or XLSX, formats.md `complaints`) as its canonical frame."""
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    frames = []
    for name, raw in iter_raw(path, encoding):
        if isinstance(raw, UnknownTable):
            continue
        frame, report = read_raw(raw, name, "complaints")
        if report.rejected:
            line, why = report.rejected[0]
            raise DataError(f"{name}:{line}: {why}")
        frames.append(frame)
    if not frames:
        raise DataError(f"{path}: no complaints table found (columns complaint_id, symptom, cell or lat/lon ...)")
    complaints = pd.concat(frames, ignore_index=True)
    if complaints.empty:
        raise DataError(f"{path}: no complaints in the file")
    return complaints


def complaint_from_row(row: dict, lexicon: Lexicon, lang: str) -> Complaint:
    """One ticket -> a Complaint; the symptom may be an id or the subscriber's words."""
    text = text_of(row.get("symptom"))
    if not text:
        raise UsageError({"zh": "没有投诉现象", "en": "no symptom given"}[lang])
    symptom = lexicon.resolve(text, lang)
    when = row.get("occurred_at")
    if is_missing(when):
        when = row.get("received_at")
    spot = None
    if not is_missing(row.get("lat")) and not is_missing(row.get("lon")):
        spot = Spot(float(row["lat"]), float(row["lon"]))
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
