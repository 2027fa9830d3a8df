"""Surges: cells and areas whose complaints on a day stand significantly above their own history.

The test, for a unit (a cell, a BSC, a region) and a day with k complaints, against the B days
before it (up to `baseline_days`) holding b complaints: is k more than the unit's own rate b/B
explains? It is the Poisson test of the day's count against the baseline rate, in its exact
conditional form: under "same rate", given the n = k + b complaints of the B + 1 days, the day's
share is Binomial(n, 1/(B+1)), so p = P(X >= k) = I_{1/(B+1)}(k, b + 1) (regularised incomplete
beta). Unlike plugging the estimate b/B into a Poisson tail, it accounts for the baseline being an
estimate itself (a quiet month does not turn an ordinary day into a surge), and it tends to the
plain Poisson test as the history grows. A unit with little or no history gets a floor: b is taken
as at least `floor_rate` × B (per cell; an area's floor is that times its number of cells), which
only makes the test more conservative.

Many tests are made at once: every unit of every level on every day tested (units with no complaint
that day included: each could have surged). The p-values are corrected with **Benjamini–Hochberg**
at `alpha`, not Bonferroni, because:
  * when the network is healthy (every unit at its usual rate) BH is as strict as Bonferroni: the
    chance of any false surge in a run is at most `alpha`;
  * during a real event many cells of one area rise together; BH keeps flagging the weaker ones
    beside the strongest, where Bonferroni's fixed threshold of alpha/m would drop them, and those
    are the cells an engineer needs to see. The price is a controlled share (`alpha`) of false
    leads among the surges raised, acceptable for a list of things to check.
BH holds for independent tests and for positively dependent ones (a cell's count is part of its
BSC's and region's), which is the case here.

A surge also needs at least `min_count` complaints. Consecutive surging days of one unit are one surge.
Each carries its cells and window so that the CLI can link it to the alarms and findings of that place and time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

LEVELS = ("cell", "bsc", "region")


@dataclass
class Surge:
    level: str  # cell | bsc | region
    unit: str
    start: date  # the window of surging days, both ends included
    end: date
    count: int  # complaints in the window
    expected: float  # the baseline rate over the window
    p_value: float  # of the window's most significant day
    q_value: float  # Benjamini–Hochberg adjusted
    cells: list[str] = field(default_factory=list)  # the cells with complaints in the window, most first
    case_ids: list[int] = field(default_factory=list)
    symptoms: dict[str, int] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.count / self.expected if self.expected > 0 else float("inf")

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out.update(start=self.start.isoformat(), end=self.end.isoformat(), ratio=round(self.ratio, 2),
                   expected=round(self.expected, 3))
        return out


def find_surges(
    cases: pd.DataFrame,
    cells: pd.DataFrame | None = None,
    *,
    end: date | datetime | str | None = None,
    days: int = 1,
    baseline_days: int = 28,
    min_history_days: int = 7,
    since: date | datetime | str | None = None,
    alpha: float = 0.05,
    floor_rate: float = 0.05,
    min_count: int = 3,
    levels: tuple[str, ...] = LEVELS,
) -> list[Surge]:
    """Surges among the `days` days ending `end` (default: the day of the latest complaint), most significant first.

    `cases`: a cases frame (query.prepare: received_at, main_cell, bsc, region). `cells` (formats.md
    `cells`) names every cell and area that could have surged (without it, those seen in the cases),
    and fills a case's BSC and region from its cell. `since`: the first day the log covers (default:
    its first complaint); a day with fewer than `min_history_days` days of history before it is not tested.
    """
    from scipy.special import betainc

    if cases.empty:
        return []
    day = cases["received_at"].dt.normalize()
    end_day = pd.Timestamp(end).normalize() if end is not None else day.max()
    first_day = pd.Timestamp(since).normalize() if since is not None else day.min()
    span = pd.date_range(max(first_day, end_day - pd.Timedelta(days=days - 1 + baseline_days)), end_day, freq="D")
    tested = [t for t in range(len(span)) if span[t] > end_day - pd.Timedelta(days=days)]
    inside = (day >= span[0]) & (day <= end_day)
    cases, day = cases[inside], day[inside]
    units = _units(cases, cells, levels)
    tests: list[tuple[str, np.ndarray, int, np.ndarray, np.ndarray, np.ndarray]] = []
    for level, (unit_of_case, universe, floor_cells) in units.items():
        counts = _counts(unit_of_case, day, universe, span)
        running = np.concatenate([np.zeros((len(universe), 1), dtype=np.int64), counts.cumsum(axis=1)], axis=1)
        floor = floor_rate * floor_cells
        for t in tested:
            history = min(baseline_days, (span[t] - first_day).days)
            if history < min_history_days:
                continue
            k = counts[:, t]
            base = np.maximum(running[:, t] - running[:, t - history], floor * history)
            with np.errstate(all="ignore"):
                p = np.where(k > 0, betainc(np.maximum(k, 1), base + 1, 1.0 / (history + 1)), 1.0)
            tests.append((level, np.arange(len(universe)), t, k, base / history, p))
    if not tests:
        return []
    p_all = np.concatenate([p for *_, p in tests])
    q_all = benjamini_hochberg(p_all)
    flagged: dict[tuple[str, int], list[tuple[int, int, float, float, float]]] = {}
    offset = 0
    for level, index, t, k, rate, p in tests:
        q = q_all[offset:offset + len(p)]
        offset += len(p)
        for i in np.flatnonzero((q <= alpha) & (k >= min_count)):
            flagged.setdefault((level, int(index[i])), []).append((t, int(k[i]), float(rate[i]), float(p[i]), float(q[i])))
    surges = []
    for (level, i), hits in flagged.items():
        unit_of_case, universe, _ = units[level]
        for run in _runs(sorted(hits)):
            start, stop = span[run[0][0]], span[run[-1][0]]
            members = cases[(unit_of_case == universe[i]) & (day >= start) & (day <= stop)]
            surges.append(Surge(
                level=level, unit=str(universe[i]), start=start.date(), end=stop.date(),
                count=sum(h[1] for h in run), expected=sum(h[2] for h in run),
                p_value=min(h[3] for h in run), q_value=min(h[4] for h in run),
                cells=_ranked_names(members["main_cell"]), case_ids=[int(c) for c in members.get("case_id", [])],
                symptoms=dict(_ranked(members["symptom"].fillna("?"))) if "symptom" in members else {},
            ))
    surges.sort(key=lambda s: (s.q_value, s.p_value, -s.count, s.level, s.unit))
    return surges


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """BH-adjusted p-values (q-values): a test is rejected at level alpha when its q <= alpha."""
    m = len(p)
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    q = np.minimum.accumulate(scaled[::-1])[::-1].clip(max=1.0)
    out = np.empty(m)
    out[order] = q
    return out


def surges_frame(surges: list[Surge]) -> pd.DataFrame:
    rows = [{
        "level": s.level, "unit": s.unit, "start": s.start, "end": s.end, "count": s.count,
        "expected": round(s.expected, 2), "ratio": round(s.ratio, 1), "p_value": s.p_value, "q_value": s.q_value,
        "cells": ";".join(s.cells), "symptoms": ";".join(f"{k}×{n}" for k, n in s.symptoms.items()),
    } for s in surges]
    return pd.DataFrame(rows, columns=SURGE_COLUMNS)


SURGE_COLUMNS = ["level", "unit", "start", "end", "count", "expected", "ratio", "p_value", "q_value", "cells", "symptoms"]


def _units(cases: pd.DataFrame, cells: pd.DataFrame | None, levels: tuple[str, ...]) -> dict[str, tuple[pd.Series, pd.Index, np.ndarray]]:
    """Per level: each case's unit, every unit that could surge, and each unit's number of cells (for its floor)."""
    cell = _clean(cases["main_cell"])
    lookup = cells.assign(cell=cells["cell"].astype(str)).drop_duplicates("cell").set_index("cell") if cells is not None else None
    out = {}
    for level in levels:
        configured = lookup is not None and (level == "cell" or level in lookup.columns)
        if level == "cell":
            unit, known = cell, (lookup.index if configured else [])
        else:
            unit = _clean(cases[level]) if level in cases else pd.Series(None, index=cases.index, dtype=object)
            known = []
            if configured:
                area_of = _clean(lookup[level])
                unit = unit.where(unit.notna(), cell.map(area_of))
                known = area_of.dropna()
        universe = pd.Index(sorted(set(unit.dropna()) | set(map(str, known))))
        if universe.empty:
            continue
        if level == "cell":
            size = np.ones(len(universe))
        else:
            members = area_of.groupby(area_of).size() if configured else cell.groupby(unit).nunique()
            size = np.maximum(members.reindex(universe).fillna(0).to_numpy(dtype=float), 1.0)
        out[level] = (unit, universe, size)
    return out


def _counts(unit: pd.Series, day: pd.Series, universe: pd.Index, span: pd.DatetimeIndex) -> np.ndarray:
    """Complaints per unit (rows, in universe order) and day (columns, in span order)."""
    row = universe.get_indexer(unit)
    col = ((day - span[0]) // pd.Timedelta(days=1)).to_numpy()
    keep = (row >= 0) & (col >= 0) & (col < len(span))
    counts = np.zeros((len(universe), len(span)), dtype=np.int64)
    np.add.at(counts, (row[keep], col[keep]), 1)
    return counts


def _clean(values: pd.Series) -> pd.Series:
    """Names as text, empty ones missing (each distinct value cleaned once)."""
    codes, names = pd.factorize(values.astype(object))
    cleaned = [None if v is None or v != v or str(v).strip() == "" else str(v).strip() for v in names]
    return pd.Series(np.array([*cleaned, None], dtype=object)[codes], index=values.index, dtype=object)


def _runs(hits: list[tuple[int, ...]]) -> list[list[tuple[int, ...]]]:
    """Consecutive days (by index) grouped."""
    runs: list[list[tuple[int, ...]]] = []
    for hit in hits:
        if runs and hit[0] == runs[-1][-1][0] + 1:
            runs[-1].append(hit)
        else:
            runs.append([hit])
    return runs


def _ranked(values: pd.Series) -> list[tuple[str, int]]:
    return sorted(((str(v), int(n)) for v, n in values.value_counts().items()), key=lambda vn: (-vn[1], vn[0]))


def _ranked_names(values: pd.Series) -> list[str]:
    values = values.dropna().astype(str)
    return [v for v, _ in _ranked(values[values != ""])]
