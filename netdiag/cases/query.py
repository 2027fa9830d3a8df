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

import pandas as pd

from .db import CaseLog
from .model import Sla
from .store import BOOL_FIELDS, COLUMNS, JSON_FIELDS, TIME_FIELDS

REPEAT_MSISDN_DAYS = 30
REPEAT_CELL_DAYS = 7
_DEFAULTS = {"status": "received", "category": "network"}  # as the schema's
_OPEN = ("received", "acknowledged", "investigating", "responded", "reopened")


def cases_frame(log: CaseLog, *, sla: Sla | None = None, now: datetime | None = None) -> pd.DataFrame:
    """Every case of the log, with the derived columns (overdue against `sla` at `now`)."""
    with log.read() as conn:
        frame = pd.read_sql_query("SELECT * FROM cases ORDER BY case_id", conn)
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
    for name in TIME_FIELDS & set(frame.columns):
        frame[name] = pd.to_datetime(frame[name], format="ISO8601")
    for name in JSON_FIELDS & set(frame.columns):
        frame[name] = [json.loads(v) if isinstance(v, str) else (v if isinstance(v, list) else []) for v in frame[name]]
    for name in ("lac", "ci", "case_id"):
        if name in frame:
            frame[name] = frame[name].astype("Int64")
    if "class_overridden" in frame:
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


def _area(frame: pd.DataFrame) -> pd.Series:
    area = frame["region"].astype(object) if "region" in frame else pd.Series(None, index=frame.index, dtype=object)
    if "bsc" in frame:
        area = area.where(area.notna() & (area != ""), frame["bsc"])
    return area.fillna("").astype(str)
