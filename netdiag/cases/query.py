"""The log as a frame, for the desk's lists and the analyses (which are pure functions over it).

One row per case with the stored fields (times as datetime64, causes/cells/flags as lists) and
derived columns:

  main_cell      the ticket's cell, else the first cell involved (LAC+CI resolved, or the triage's best)
  cause          the top cause id ("" when none)
  area           region, else BSC, else "" (the unit of the region reports)
  repeat_msisdn  the same subscriber complained within REPEAT_MSISDN_DAYS before
  repeat_cell    a complaint on the same cell within REPEAT_CELL_DAYS before
  ack_hours      received -> acknowledged, hours (NaN while not acknowledged)
  close_hours    received -> closed, hours (NaN while open)
  overdue        not acknowledged within the SLA, or open past the closing SLA, at `now`
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

import numpy as np
import pandas as pd

from ..errors import UsageError

from .db import CaseLog
from .model import STATUSES, Sla
from .store import BOOL_FIELDS, COLUMNS, JSON_FIELDS, TIME_FIELDS

REPEAT_MSISDN_DAYS = 30
REPEAT_CELL_DAYS = 7
_DEFAULTS = {"status": "received", "category": "network"}  # as the schema's
_OPEN = ("received", "acknowledged", "investigating", "responded", "reopened")


# The stored columns the analyses (report, hotspots, surges) read: cases_frame(log, columns=ANALYSIS_COLUMNS)
# reads the log about twice as fast as all of them.
ANALYSIS_COLUMNS = (
    "case_id", "complaint_id", "received_at", "msisdn", "symptom", "cell", "lac", "lat", "lon", "region", "bsc",
    "category", "class", "class_overridden", "verdict", "causes", "cells", "status", "acknowledged_at",
    "investigating_at", "responded_at", "closed_at", "followup", "updated_at",
)


def cases_frame(
    log: CaseLog, *, columns: Iterable[str] | None = None, sla: Sla | None = None, now: datetime | None = None,
) -> pd.DataFrame:
    """Every case of the log, with the derived columns (overdue against `sla` at `now`).

    `columns`: the stored columns to read (default: all; the others come empty); ANALYSIS_COLUMNS
    is what the analyses need. Text columns are plain Python strings (object dtype).
    """
    names = list(COLUMNS) if columns is None else list(dict.fromkeys(["case_id", *columns]))
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise UsageError(f"no column {', '.join(unknown)} in the case log")
    with log.read() as conn:
        rows = conn.execute(f"SELECT {', '.join(names)} FROM cases ORDER BY case_id").fetchall()
    table = np.array(rows, dtype=object) if rows else np.empty((0, len(names)), dtype=object)
    frame = pd.DataFrame(table, columns=names, dtype=object, copy=False)  # one block; no string inference
    return prepare(frame, sla=sla, now=now or log.clock.now())


def prepare(frame: pd.DataFrame, *, sla: Sla | None = None, now: datetime | None = None) -> pd.DataFrame:
    """Stored rows (as read from the cases table) -> the analysis frame. Pure: tests build frames by
    hand with only the columns they need; the others are added empty."""
    frame = frame.copy()
    for name in COLUMNS:
        if name not in frame:
            frame[name] = False if name in BOOL_FIELDS else _DEFAULTS.get(name)
    for name, default in _DEFAULTS.items():
        frame[name] = frame[name].fillna(default)
    for name in TIME_FIELDS:
        frame[name] = _times(frame[name])
    for name in JSON_FIELDS:
        frame[name] = _lists(frame[name])
    for name in ("lac", "ci", "case_id"):
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("Int64")
    for name in ("lat", "lon"):
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype(float)
    frame["class_overridden"] = frame["class_overridden"].fillna(False).astype(bool)
    cells = frame["cells"] if "cells" in frame else pd.Series([[]] * len(frame), index=frame.index)
    first = [c[0] if c else None for c in cells]
    frame["main_cell"] = frame["cell"].where(frame["cell"].notna(), pd.Series(first, index=frame.index, dtype=object))
    causes = frame["causes"] if "causes" in frame else pd.Series([[]] * len(frame), index=frame.index)
    frame["cause"] = [c[0].get("cause") or "" if c else "" for c in causes]
    frame["area"] = _area(frame)
    mark_repeats(frame)
    hour = pd.Timedelta(hours=1)
    frame["ack_hours"] = (frame["acknowledged_at"] - frame["received_at"]) / hour
    frame["close_hours"] = (frame["closed_at"] - frame["received_at"]) / hour
    if now is not None:
        sla = sla or Sla()
        waited = (pd.Timestamp(now) - frame["received_at"]) / hour
        is_open = frame["status"].isin(_OPEN)
        frame["overdue"] = ((frame["status"] == "received") & (waited > sla.ack_hours)) | (is_open & (waited > sla.close_hours))
    return frame


def mark_repeats(frame: pd.DataFrame, msisdn_days: int = REPEAT_MSISDN_DAYS, cell_days: int = REPEAT_CELL_DAYS) -> None:
    """Add repeat_msisdn / repeat_cell in place: an earlier case of the same subscriber within
    `msisdn_days`, of the same cell within `cell_days` (the first of a run is no repeat)."""
    order = frame.sort_values(["received_at", "case_id"] if "case_id" in frame else ["received_at"])
    for column, key, days in (("repeat_msisdn", "msisdn", msisdn_days), ("repeat_cell", "main_cell", cell_days)):
        gap = order.groupby(key, dropna=True, sort=False)["received_at"].diff()
        frame[column] = (gap <= pd.Timedelta(days=days)).reindex(frame.index, fill_value=False).astype(bool)


def list_cases(
    log: CaseLog,
    *,
    status: str | Iterable[str] | None = None,
    region: str | None = None,
    bsc: str | None = None,
    symptom: str | None = None,
    cause: str | None = None,
    overdue: bool | None = None,
    repeat: bool | None = None,
    sla: Sla | None = None,
    now: datetime | None = None,
) -> pd.DataFrame:
    """The cases matching every filter given, oldest first.

    region matches the case's area (region, else BSC); cause matches any cause of the triage, not
    only the top one; repeat: a repeat by subscriber or by cell (True) or neither (False).
    """
    statuses = [status] if isinstance(status, str) else list(status or ())
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown:
        raise UsageError(f"status {unknown[0]!r}: one of {', '.join(STATUSES)}")
    frame = cases_frame(log, sla=sla, now=now)
    keep = pd.Series(True, index=frame.index)
    if status is not None:
        keep &= frame["status"].isin([status] if isinstance(status, str) else list(status))
    if region is not None:
        keep &= (frame["region"] == region) | (frame["area"] == region)
    if bsc is not None:
        keep &= frame["bsc"] == bsc
    if symptom is not None:
        keep &= frame["symptom"] == symptom
    if cause is not None:
        keep &= pd.Series([any(c.get("cause") == cause for c in cs) for cs in frame["causes"]], index=frame.index)
    if overdue is not None:
        keep &= frame["overdue"] == overdue
    if repeat is not None:
        keep &= (frame["repeat_msisdn"] | frame["repeat_cell"]) == repeat
    return frame[keep].sort_values(["received_at", "case_id"]).reset_index(drop=True)


def _lists(values: pd.Series) -> pd.Series:
    """JSON text (or lists already) -> lists. Each distinct text is decoded once (most are `[]` or one
    cell), so rows with the same text share one list: read them, do not modify them in place."""
    texts = values.fillna("[]")
    try:
        codes, distinct = pd.factorize(texts)
    except TypeError:  # lists already (a frame built by hand)
        texts = values.map(lambda v: json.dumps(v) if isinstance(v, list) else (v if isinstance(v, str) else "[]"))
        codes, distinct = pd.factorize(texts)
    decoded = np.empty(len(distinct), dtype=object)  # (filled one by one: numpy would make lists of one length a 2-D array)
    for i, text in enumerate(distinct):
        decoded[i] = json.loads(text)
    return pd.Series(decoded[codes], index=values.index, dtype=object)


def _times(values: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    if values.isna().all():
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    return pd.to_datetime(values, format="ISO8601")


def _area(frame: pd.DataFrame) -> pd.Series:
    area = frame["region"].astype(object) if "region" in frame else pd.Series(None, index=frame.index, dtype=object)
    if "bsc" in frame:
        area = area.where(area.notna() & (area != ""), frame["bsc"])
    return area.fillna("").astype(str)
