"""The monthly complaint report: what the operator's review meeting reads (and the regulator asks for).

Pure: a cases frame in (query.cases_frame / prepare), a Report of DataFrame views out. Writing it
as XLSX or HTML is the render package's job; the views' bilingual column labels are in netdiag.render.labels.

Views (all over the complaints *received* in the month unless said otherwise):
  summary             one row: counts, 万人投诉比 of the network, SLA shares, repeats, satisfaction
  by_region           per area (the cells' region, else the BSC; or the unit the subscribers frame
                      counts by: region, bsc or lac): complaints, classes, subscribers, per 10,000
  ratio_trend         the same ratio per area for the month and the `trend_months - 1` before it
                      (none before the log's first month), with the change on the month before
  by_symptom, by_cause (the top cause of each case), by_class, by_category
  sla                 acknowledged within `sla_hours`, closed within `close_hours`: cases judged,
                      share within, median and p90 hours (linear interpolation, numpy's default)
  repeat_subscribers  subscribers with a repeat in the month (the same number within 30 days
                      before, the earlier one possibly in the month before); msisdn masked to its
                      last four digits unless show_msisdn
  repeat_cells        cells with a repeat in the month (a complaint on the same cell within 7 days before)
  top_cells           the `top` cells by complaints
  hotspots            the month's `top` hotspots (hotspots.find_hotspots over the whole month)
  surges              the month's surges (surges.find_surges testing each day of the month up to
                      `now`, against the days before it, those of earlier months included)

A case is "judged" for an SLA once it met it or can no longer meet it: acknowledged (closed), or
still waiting past the limit at `now`. Cases still within their time are "pending" and left out
of the share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError
from .hotspots import DEFAULT_MIN_COUNT, DEFAULT_RADIUS_M, find_hotspots, hotspots_frame
from .surges import find_surges, surges_frame

# The columns of the cases frame the report reads (the frame may have more).
_NEEDED = (
    "case_id", "received_at", "msisdn", "symptom", "cause", "category", "class", "class_overridden", "status", "main_cell",
    "area", "region", "bsc", "lac", "lat", "lon", "acknowledged_at", "investigating_at", "responded_at", "closed_at",
    "updated_at", "ack_hours", "close_hours", "followup", "repeat_msisdn", "repeat_cell",
)
NONE = "-"  # a missing area, symptom or cause in a view
PER = 10_000
# What a report may note, by key (render.labels.REPORT_NOTES has them in Chinese and English).
NOTES = {
    "no_complaints": "no complaints received in {month}",
    "no_subscribers": "no subscriber count for {areas} in {month}: their ratio is left empty",
    "subscribers_added_up": "subscribers: several rows for one area and month were added up",
}


class _Notes(list):
    """Notes as English text, and as (key, values) beside them."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[tuple[str, dict[str, str]]] = []

    def add(self, key: str, **values: str) -> None:
        self.append(NOTES[key].format(**values))
        self.keys.append((key, values))


@dataclass
class Report:
    month: str
    now: datetime
    views: dict[str, pd.DataFrame]
    notes: list[str] = field(default_factory=list)  # in English
    note_keys: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # the same as (key, values) of NOTES, for other languages
    cells: pd.DataFrame | None = field(default=None, repr=False)  # the cells the cases were placed with (a map's sectors); not in as_dict

    def __getitem__(self, view: str) -> pd.DataFrame:
        return self.views[view]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: every view as a list of records (times as ISO text, missing as null)."""
        return {
            "month": self.month, "now": self.now.isoformat(sep=" "), "notes": list(self.notes),
            "views": {name: [{k: _json(v) for k, v in row.items()} for row in view.to_dict("records")] for name, view in self.views.items()},
        }


def monthly_report(
    cases: pd.DataFrame,
    month: str,
    *,
    subscribers: pd.DataFrame | None = None,
    cells: pd.DataFrame | None = None,
    sla_hours: float = 24.0,
    close_hours: float = 72.0,
    trend_months: int = 6,
    top: int = 10,
    hotspot_radius_m: float = DEFAULT_RADIUS_M,
    hotspot_min_count: int = DEFAULT_MIN_COUNT,
    show_msisdn: bool = False,
    now: datetime | str | None = None,
) -> Report:
    """The report for `month` (`2026-11`). `now` judges the SLAs of cases still waiting (default: the
    latest time in the log); `subscribers` (formats.md `subscribers`) gives the ratios."""
    period = pd.Period(month, freq="M")
    notes = _Notes()
    frame = cases[[c for c in _NEEDED if c in cases]].copy()
    frame["month"] = frame["received_at"].dt.to_period("M")
    frame["area"] = _areas(frame, cells)
    now = pd.Timestamp(now) if now is not None else _latest(frame)
    unit, subs = _subscribers(subscribers, notes)
    frame["unit"] = _unit_of(frame, unit, cells)
    this = frame[frame["month"] == period]
    if this.empty:
        notes.add("no_complaints", month=str(period))
    trend = _trend(frame, subs, period, trend_months)
    region = trend[trend["month"] == str(period)].drop(columns=["month", "change"]).sort_values(["complaints", "area"], ascending=[False, True])
    region = region[(region["complaints"] > 0) | region["subscribers"].notna()]
    if subs is not None:
        missing = sorted(region.loc[region["subscribers"].isna() & (region["area"] != NONE), "area"])
        if missing:
            notes.add("no_subscribers", areas=", ".join(missing), month=str(period))
    spots = find_hotspots(this, cells, end=period.end_time, days=period.days_in_month,
                          radius_m=hotspot_radius_m, min_count=hotspot_min_count) if not this.empty else []
    sla = _sla(this, now, sla_hours, close_hours)
    surges = _surges(frame, cells, period, now)
    views = {
        "summary": _summary(this, subs, period, sla, len(spots), len(surges)),
        "by_region": region.reset_index(drop=True),
        "ratio_trend": trend,
        "by_symptom": _breakdown(this, "symptom"),
        "by_cause": _breakdown(this, "cause"),
        "by_class": _by_class(this),
        "by_category": _breakdown(this, "category"),
        "sla": sla,
        "repeat_subscribers": _repeat_subscribers(frame, period, show_msisdn),
        "repeat_cells": _repeat_cells(frame, period),
        "top_cells": _top_cells(this, top),
        "hotspots": hotspots_frame(spots[:top]),
        "surges": surges_frame(surges),
    }
    return Report(str(period), now.to_pydatetime(), views, list(notes), list(notes.keys), cells)


def mask_msisdn(msisdn: object) -> str | None:
    """All but the last four digits hidden: 13907100001 -> *******0001."""
    if msisdn is None or msisdn != msisdn:
        return None
    text = str(msisdn)
    return "*" * max(len(text) - 4, 0) + text[-4:]


# ------------------------------------------------------------------------------------------ views
def _classes(group: pd.DataFrame) -> dict[str, int]:
    klass = group["class"]
    return {"complaints": len(group), "valid": int((klass == "valid").sum()), "explained": int((klass == "explained").sum()),
            "unclassified": int(klass.isna().sum())}


def _trend(frame: pd.DataFrame, subs: pd.DataFrame | None, period: pd.Period, months: int) -> pd.DataFrame:
    first = frame["month"].min() if not frame.empty else period
    periods = [p for p in (period - i for i in range(months - 1, -1, -1)) if p >= min(first, period)]  # not before the log began
    window = frame[frame["month"].isin(periods)]
    units = sorted(set(window["unit"]) | (set(subs.loc[subs["month"].isin([str(p) for p in periods]), "unit"]) if subs is not None else set()))
    grid = pd.MultiIndex.from_product([units, [str(p) for p in periods]], names=["area", "month"])
    klass = window["class"]
    counts = pd.DataFrame({
        "area": window["unit"], "month": window["month"].astype(str), "complaints": 1, "valid": klass == "valid",
        "explained": klass == "explained", "unclassified": klass.isna(),
    }).groupby(["area", "month"]).sum()
    out = counts.reindex(grid, fill_value=0).astype(int).reset_index()
    if subs is not None:
        out = out.merge(subs.rename(columns={"unit": "area"}), on=["area", "month"], how="left")
    else:
        out["subscribers"] = np.nan
    out["per_10k"] = out["complaints"] / out["subscribers"] * PER
    out["valid_per_10k"] = out["valid"] / out["subscribers"] * PER
    out["change"] = out.groupby("area")["per_10k"].diff()
    return out[["area", "month", "complaints", "valid", "explained", "unclassified", "subscribers", "per_10k", "valid_per_10k", "change"]]


def _breakdown(this: pd.DataFrame, key: str) -> pd.DataFrame:
    values = this[key].astype(object).where(this[key].notna() & (this[key].astype(str) != ""), NONE)
    rows = [{key: k, **_classes(g), "share": len(g) / len(this)} for k, g in this.groupby(values, sort=False)]
    columns = [key, "complaints", "valid", "explained", "unclassified", "share"]
    return pd.DataFrame(rows, columns=columns).sort_values(["complaints", key], ascending=[False, True]).reset_index(drop=True)


def _by_class(this: pd.DataFrame) -> pd.DataFrame:
    klass = this["class"].fillna("unclassified")
    rows = [{"class": k, "complaints": int((klass == k).sum()), "overridden": int(this.loc[klass == k, "class_overridden"].sum()),
             "share": float((klass == k).mean()) if len(this) else np.nan} for k in ("valid", "explained", "unclassified")]
    return pd.DataFrame(rows, columns=["class", "complaints", "overridden", "share"])


def _sla(this: pd.DataFrame, now: pd.Timestamp, ack_limit: float, close_limit: float) -> pd.DataFrame:
    waited = (now - this["received_at"]) / pd.Timedelta(hours=1)
    rows = []
    for stage, hours, limit in (("acknowledged", this["ack_hours"], ack_limit), ("closed", this["close_hours"], close_limit)):
        done = hours.notna()
        late_waiting = ~done & (waited > limit)
        within = int((done & (hours <= limit)).sum())
        judged = int(done.sum() + late_waiting.sum())
        rows.append({
            "stage": stage, "limit_hours": limit, "cases": len(this), "judged": judged, "within": within,
            "late": judged - within, "pending": int((~done & ~late_waiting).sum()),
            "share_within": within / judged if judged else np.nan,
            "median_hours": float(hours[done].median()) if done.any() else np.nan,
            "p90_hours": float(hours[done].quantile(0.9)) if done.any() else np.nan,
        })
    return pd.DataFrame(rows)


def _surges(frame: pd.DataFrame, cells: pd.DataFrame | None, period: pd.Period, now: pd.Timestamp) -> list:
    """The surges of the month's days up to `now`, each day tested against the days before it."""
    first = period.start_time.normalize()
    last = min(period.end_time.normalize(), now.normalize())
    if frame.empty or last < first:
        return []
    cases = frame[frame["received_at"] < last + pd.Timedelta(days=1)]
    if cases.empty:
        return []
    return find_surges(cases, cells, end=last, days=(last - first).days + 1)


def _summary(this: pd.DataFrame, subs: pd.DataFrame | None, period: pd.Period, sla: pd.DataFrame, hotspots: int,
             surges: int = 0) -> pd.DataFrame:
    subscribers = np.nan
    if subs is not None:
        month = subs[subs["month"] == str(period)]["subscribers"]
        subscribers = float(month.sum()) if month.notna().any() else np.nan
    followup = this["followup"] if "followup" in this else pd.Series(dtype=object)
    answered = int(followup.isin(["satisfied", "unsatisfied"]).sum())
    classes = _classes(this)
    row = {
        "month": str(period), **classes, "subscribers": subscribers,
        "per_10k": classes["complaints"] / subscribers * PER, "valid_per_10k": classes["valid"] / subscribers * PER,
        "closed": int((this["status"] == "closed").sum()), "open": int((this["status"] != "closed").sum()),
        "ack_within_share": sla.loc[0, "share_within"], "close_within_share": sla.loc[1, "share_within"],
        "repeat_msisdn": int(this["repeat_msisdn"].sum()), "repeat_cell": int(this["repeat_cell"].sum()),
        "followups": answered, "satisfied_share": (followup == "satisfied").sum() / answered if answered else np.nan,
        "hotspots": hotspots,
        "surges": surges,
    }
    return pd.DataFrame([row])


def _repeat_subscribers(frame: pd.DataFrame, period: pd.Period, show: bool) -> pd.DataFrame:
    this = frame[frame["month"] == period]
    who = this[this["msisdn"].isin(this.loc[this["repeat_msisdn"], "msisdn"].unique())].sort_values("received_at")
    groups = who.groupby("msisdn")
    out = groups.agg(complaints=("received_at", "size"), repeats=("repeat_msisdn", "sum"),
                     first=("received_at", "min"), last=("received_at", "max"))
    out["cells"] = _joined(who, "msisdn", "main_cell").reindex(out.index).fillna("")
    out = out.reset_index()
    if not show:
        out["msisdn"] = out["msisdn"].map(mask_msisdn)
    out = out.sort_values(["complaints", "last"], ascending=[False, False]).reset_index(drop=True)
    return out[["msisdn", "complaints", "repeats", "cells", "first", "last"]].astype({"complaints": int, "repeats": int})


def _repeat_cells(frame: pd.DataFrame, period: pd.Period) -> pd.DataFrame:
    this = frame[frame["month"] == period]
    which = this[this["main_cell"].isin(this.loc[this["repeat_cell"], "main_cell"].unique())]
    out = which.groupby("main_cell").agg(area=("area", "first"), complaints=("received_at", "size"), repeats=("repeat_cell", "sum"))
    out = out.reset_index().rename(columns={"main_cell": "cell"}).astype({"complaints": int, "repeats": int})
    return out.sort_values(["repeats", "complaints", "cell"], ascending=[False, False, True]).reset_index(drop=True)[
        ["cell", "area", "complaints", "repeats"]]


def _top_cells(this: pd.DataFrame, top: int) -> pd.DataFrame:
    placed = this[this["main_cell"].notna()]
    klass = placed["class"]
    counts = placed.assign(valid=klass == "valid", explained=klass == "explained", unclassified=klass.isna()).groupby("main_cell").agg(
        area=("area", "first"), complaints=("received_at", "size"), valid=("valid", "sum"), explained=("explained", "sum"),
        unclassified=("unclassified", "sum"), repeats=("repeat_cell", "sum"))
    counts = counts.reset_index().rename(columns={"main_cell": "cell"}).sort_values(["complaints", "cell"], ascending=[False, True]).head(top)
    chosen = placed[placed["main_cell"].isin(counts["cell"])]
    counts["symptoms"] = [_tally(chosen.loc[chosen["main_cell"] == c, "symptom"]) for c in counts["cell"]]
    counts["causes"] = [_tally(chosen.loc[chosen["main_cell"] == c, "cause"]) for c in counts["cell"]]
    columns = ["cell", "area", "complaints", "valid", "explained", "unclassified", "repeats", "symptoms", "causes"]
    return counts[columns].astype({c: int for c in columns[2:7]}).reset_index(drop=True)


# ------------------------------------------------------------------------------------------ helpers
def _areas(frame: pd.DataFrame, cells: pd.DataFrame | None) -> pd.Series:
    """The cells' region of each case's cell, else the area stored with the case (region, else BSC)."""
    area = frame["area"].astype(object).where(frame["area"].astype(str) != "", None) if "area" in frame else pd.Series(None, index=frame.index, dtype=object)
    if cells is not None:
        lookup = cells.assign(cell=cells["cell"].astype(str)).drop_duplicates("cell").set_index("cell")
        codes, names = pd.factorize(frame["main_cell"])  # each distinct cell looked up once
        for column in ("region", "bsc"):
            if column in lookup:
                per_name = pd.Series(names, dtype=object).map(lookup[column]).to_numpy(dtype=object)
                known = pd.Series(np.append(per_name, None)[codes], index=frame.index, dtype=object)  # code -1: no cell
                area = known.where(known.notna() & (known.astype(str) != ""), area) if column == "region" else area.where(area.notna(), known)
    return area.fillna(NONE).astype(str)


def _subscribers(subscribers: pd.DataFrame | None, notes: list[str]) -> tuple[str, pd.DataFrame | None]:
    """(the unit they are counted by, a frame of unit, month (`YYYY-MM`), subscribers)."""
    if subscribers is None:
        return "region", None
    unit = next((c for c in ("region", "bsc", "lac") if c in subscribers.columns and subscribers[c].notna().any()), None)
    if unit is None or "month" not in subscribers or "subscribers" not in subscribers:
        raise DataError("subscribers: needs columns region (or bsc, lac), month and subscribers")
    months = pd.to_datetime(subscribers["month"].astype(str).str.strip(), format="mixed", errors="coerce")
    if months.isna().any():
        row = int(months.isna().to_numpy().argmax())
        raise DataError(f"subscribers: row {row + 1}: month {subscribers['month'].iloc[row]!r} is not a month such as 2026-11")
    out = pd.DataFrame({
        "unit": subscribers[unit].astype(str).str.strip(),
        "month": months.dt.to_period("M").astype(str),
        "subscribers": pd.to_numeric(subscribers["subscribers"].astype(str).str.replace(",", ""), errors="coerce"),
    })
    if out.duplicated(["unit", "month"]).any():
        notes.add("subscribers_added_up")
    return unit, out.groupby(["unit", "month"], as_index=False)["subscribers"].sum(min_count=1)


def _unit_of(frame: pd.DataFrame, unit: str, cells: pd.DataFrame | None) -> pd.Series:
    if unit == "region":
        return frame["area"]
    own = frame[unit].astype(object) if unit in frame else pd.Series(None, index=frame.index, dtype=object)
    if cells is not None and unit in cells:
        lookup = cells.assign(cell=cells["cell"].astype(str)).drop_duplicates("cell").set_index("cell")[unit]
        own = own.where(own.notna(), frame["main_cell"].map(lookup))
    own = own.map(lambda v: None if v is None or v != v else (str(int(v)) if isinstance(v, float) else str(v)))
    return own.fillna(NONE).astype(str)


def _latest(frame: pd.DataFrame) -> pd.Timestamp:
    times = [frame[c].max() for c in ("received_at", "acknowledged_at", "investigating_at", "responded_at", "closed_at", "updated_at") if c in frame]
    times = [t for t in times if pd.notna(t)]
    return max(times) if times else pd.Timestamp("1970-01-01")


def _joined(frame: pd.DataFrame, key: str, column: str) -> pd.Series:
    """Per key, the distinct values of `column` in frame order, joined with `;`."""
    distinct = frame.dropna(subset=[column]).drop_duplicates([key, column])
    return distinct.groupby(key)[column].agg(lambda values: ";".join(map(str, values)))


def _tally(values: pd.Series) -> str:
    values = values.dropna().astype(str)
    counts = values[values != ""].value_counts()
    return ";".join(f"{k}×{n}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _json(value: Any) -> Any:
    if isinstance(value, (pd.Timestamp, datetime)):
        return None if pd.isna(value) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value
