"""Hotspots and surges beside the network's own record of that place and time: the findings of a
scan and the alarms of the window, from a data folder or a history store.

A surge with a fault found is a network event; one without is a lead (or a fault the data cannot
show: a cause outside the BSS). For each event:

  window    a surge: its days, midnight to midnight; a hotspot: the days from its first complaint
            to its last. A folder's statistics are narrowed to the periods overlapping the window
            (alarms to those open in it); from a store, the window's days are read for the
            event's cells only, with the network's context, as a complaint's triage reads them.
  place     the event's cells (a hotspot: the cells named by its complaints, and every cell whose
            site lies within its radius + PLACE_MARGIN_M of its centre; an area surge: the cells of
            the BSC or region), and above cell level (circuits, BSC, LAC) their BSCs.
  findings  the scan's findings on those cells (any level: cell, TRX, neighbour relation) and on
            their BSCs above cell level, ranked as the scan ranks them.
  alarms    alarms on those cells, on their sites (site-level alarms) or their BSCs (BSC-level
            alarms), raised before the window ends and not cleared before it starts.

A window the data does not reach gets `covered: false` and a note saying what the data covers.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from ..dataset.model import Dataset
from ..dataset.window import overlapping
from ..diagnosis.diagnose import diagnose
from ..diagnosis.source import Inputs, Notes, ignore, skipped_notes
from ..io.schema import COUNTER_TABLES
from .geo import to_metres
from .hotspots import Hotspot
from .surges import Surge

PLACE_MARGIN_M = 500.0
MAX_FINDINGS = 10
MAX_ALARMS = 20
FINDING_FIELDS = ("cause", "object", "cell", "bsc", "level", "severity", "score", "title_zh", "title_en")
ALARM_FIELDS = ("raised_at", "cleared_at", "object", "alarm", "alarm_class", "severity", "cell", "site", "bsc")


@dataclass
class Evidence:
    """What the data says of one event's place and time."""

    covered: bool
    start: pd.Timestamp
    end: pd.Timestamp
    cells: list[str] = field(default_factory=list)  # the place looked at
    findings: list[dict[str, Any]] = field(default_factory=list)
    alarms: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""  # why not covered, as a key of render.labels.CASE_NOTES, its values in note_values
    note_values: dict[str, str] = field(default_factory=dict)

    @property
    def fault_found(self) -> bool:
        return bool(self.findings)

    def as_dict(self) -> dict[str, Any]:
        return {
            "covered": self.covered, "start": self.start.isoformat(sep=" "), "end": self.end.isoformat(sep=" "),
            "cells": list(self.cells), "fault_found": self.fault_found, "findings": self.findings,
            "alarms": [{k: _iso(v) for k, v in a.items()} for a in self.alarms], "note": self.note,
            "note_values": dict(self.note_values),
        }


class NetworkRecord:
    """The data (a folder, read once, or a store, read per event) with the rule base, for linking events."""

    def __init__(self, inputs: Inputs, on_note: Notes = ignore) -> None:
        inputs.check()
        self.inputs = inputs
        self.on_note = on_note
        self.rules = inputs.rule_base(on_note)
        self._noted = False
        if inputs.store is None:
            self.dataset: Dataset | None = inputs.dataset(on_note)
            self.cells = self.dataset["cells"]
            self.days: set[date] | None = None
        else:
            from ..store import store_cells
            from ..store.manifest import read_manifest

            manifest = read_manifest(inputs.store)
            self.dataset = None
            self.cells = store_cells(inputs.store)
            self.days = {date.fromisoformat(d) for t in COUNTER_TABLES for d in manifest.partitions.get(t, {})}

    # ------------------------------------------------------------------------------------ events
    def for_surge(self, surge: Surge) -> Evidence:
        start = pd.Timestamp(surge.start)
        end = pd.Timestamp(surge.end) + pd.Timedelta(days=1)
        if surge.level == "cell":
            cells = list(dict.fromkeys([surge.unit, *surge.cells]))
        else:
            column = surge.level
            cells = self.cells.loc[self.cells[column].astype(str) == surge.unit, "cell"].astype(str).tolist() \
                if column in self.cells else list(surge.cells)
        return self.evidence(cells, start, end, focus=surge.cells)

    def for_hotspot(self, spot: Hotspot) -> Evidence:
        start = pd.Timestamp(spot.first).normalize()
        end = pd.Timestamp(spot.last).normalize() + pd.Timedelta(days=1)
        near = self.cells_near(spot.lat, spot.lon, spot.radius_m + PLACE_MARGIN_M)
        return self.evidence(list(dict.fromkeys([*spot.cells, *near])), start, end, focus=spot.cells)

    def cells_near(self, lat: float, lon: float, radius_m: float) -> list[str]:
        cells = self.cells
        if not {"lat", "lon"} <= set(cells):
            return []
        la, lo = pd.to_numeric(cells["lat"], errors="coerce").to_numpy(float), pd.to_numeric(cells["lon"], errors="coerce").to_numpy(float)
        ok = ~(np.isnan(la) | np.isnan(lo))
        xy = to_metres(la[ok], lo[ok], lat, lon)
        near = np.hypot(xy[:, 0], xy[:, 1]) <= radius_m
        return cells.loc[ok, "cell"].astype(str)[near].tolist()

    # ------------------------------------------------------------------------------------ evidence
    def evidence(self, cells: list[str], start: pd.Timestamp, end: pd.Timestamp, focus: list[str] = ()) -> Evidence:
        """The findings and alarms of `cells` (and above cell level, their BSCs) in [start, end); those on
        the `focus` cells (where the complaints are) first."""
        known = set(self.cells["cell"].astype(str))
        cells = [c for c in cells if c in known]
        place = self.cells[self.cells["cell"].astype(str).isin(cells)]
        bscs = sorted(set(place["bsc"].dropna().astype(str))) if "bsc" in place else []
        sites = sorted(set(place["site"].dropna().astype(str))) if "site" in place else []
        out = Evidence(covered=False, start=start, end=end, cells=cells)
        if not cells:
            out.note = "no_cells_here"
            return out
        data = self._data(cells, bscs, start, end, out)
        if data is None:
            return out
        out.covered = True
        diagnosis = diagnose(data, self.rules)
        if not self._noted:
            self._noted = True
            for line in skipped_notes(diagnosis.skipped):
                self.on_note(line)
        found = diagnosis.findings
        if not found.empty:
            on_cells = found["cell"].astype(object).isin(cells)
            above = found["cell"].isna() & found["bsc"].astype(object).isin(bscs)
            chosen = found[on_cells | above]
            first = chosen["cell"].astype(object).isin(list(focus))
            chosen = pd.concat([chosen[first], chosen[~first]]).head(MAX_FINDINGS)
            out.findings = [{k: _plain(r.get(k)) for k in FINDING_FIELDS} for r in chosen.to_dict("records")]
        out.alarms = _alarms(data, cells, sites, bscs, start, end)
        return out

    def _data(self, cells: list[str], bscs: list[str], start: pd.Timestamp, end: pd.Timestamp, out: Evidence) -> Dataset | None:
        if self.dataset is not None:
            span = _span(self.dataset)
            if span is None or not (span[0] < end and span[1] > start):
                out.note, out.note_values = "window_uncovered", _window(start, end, span)
                return None
            return narrowed(self.dataset, start, end)
        from ..store import load_store

        days = [d for d in _days(start, end) if d in self.days]
        if not days:
            held = (pd.Timestamp(min(self.days)), pd.Timestamp(max(self.days)) + pd.Timedelta(days=1)) if self.days else None
            out.note, out.note_values = "window_uncovered", _window(start, end, held)
            return None
        span_days = (days[-1] - days[0]).days + 1
        return narrowed(load_store(self.inputs.store, days=span_days, until=days[-1], cells=cells, bscs=bscs), start, end)


def narrowed(ds: Dataset, start: pd.Timestamp, end: pd.Timestamp) -> Dataset:
    """The statistics of periods overlapping [start, end), alarms open in it (cf. dataset.window.around)."""
    tables = dict(ds.tables)
    for name in COUNTER_TABLES:
        frame = tables.get(name)
        if frame is not None and not frame.empty:
            tables[name] = frame[overlapping(frame, start, end).to_numpy(dtype=bool)].reset_index(drop=True)
    if ds.has("alarms"):
        alarms = ds["alarms"]
        keep = (alarms["raised_at"] < end) & (alarms["cleared_at"].isna() | (alarms["cleared_at"] >= start))
        tables["alarms"] = alarms[keep.to_numpy(dtype=bool)].reset_index(drop=True)
    return dataclasses.replace(ds, tables=tables)


def _alarms(ds: Dataset, cells: list[str], sites: list[str], bscs: list[str], start: pd.Timestamp, end: pd.Timestamp) -> list[dict[str, Any]]:
    if not ds.has("alarms"):
        return []
    alarms = ds["alarms"]
    cell, site, bsc = (alarms[c].astype(object) if c in alarms else pd.Series(None, index=alarms.index, dtype=object) for c in ("cell", "site", "bsc"))
    here = cell.isin(cells) | (cell.isna() & site.isin(sites)) | (cell.isna() & site.isna() & bsc.isin(bscs))
    when = (alarms["raised_at"] < end) & (alarms["cleared_at"].isna() | (alarms["cleared_at"] >= start))
    chosen = alarms[(here & when).to_numpy(dtype=bool)].sort_values("raised_at").head(MAX_ALARMS)
    return [{k: _plain(r.get(k)) for k in ALARM_FIELDS} for r in chosen.to_dict("records")]


def _span(ds: Dataset) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    from ..dataset.periods import period_ends

    starts, ends = [], []
    for name in COUNTER_TABLES:
        if name != "adjacency_ho" and ds.has(name) and not ds[name].empty:
            starts.append(ds[name]["start_time"].min())
            ends.append(period_ends(ds[name]).max())
    return (min(starts), max(ends)) if starts else None


def _window(start: pd.Timestamp, end: pd.Timestamp, span) -> dict[str, str]:
    return {"window": f"{start:%Y-%m-%d %H:%M} - {end:%Y-%m-%d %H:%M}",
            "span": f"{span[0]:%Y-%m-%d %H:%M} - {span[1]:%Y-%m-%d %H:%M}" if span is not None else "-"}


def _days(start: pd.Timestamp, end: pd.Timestamp) -> list[date]:
    first, last = start.date(), (end - pd.Timedelta(seconds=1)).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _plain(value: Any) -> Any:
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def _iso(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.isoformat(sep=" ")
    return value
