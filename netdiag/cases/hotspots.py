"""Hotspots: many complaints close together in a short time, the mark of a network event rather than
of many unlucky subscribers.

Density clustering (DBSCAN) on metres: a complaint is a core when at least `min_count` complaints
(itself included) lie within `radius_m`, and more than the background explains: under complaints
spread evenly over the network (the cells' area, buffered by `radius_m`; without cells, the area the
complaints themselves cover), a disc holds Poisson(n·πr²/A) others, and a core needs a count that
no complaint's disc reaches by chance at level `alpha` (Bonferroni over the n complaints). Cores
within `radius_m` of each other form one hotspot, and a complaint within `radius_m` of a core joins it.

Positions are the subscriber's spot, else the complaint's cell (so complaints named only by cell
gather at their site). Only the complaints of the last `days` days up to `end` count. Density counts
subscribers, not tickets: one subscriber calling again and again from home is a repeat complainer
(the report lists them), not many subscribers in one area, so only each subscriber's first complaint
of the window (by msisdn; a complaint without one counts for itself) makes the clusters, and their
further complaints join the hotspot they lie in. Hotspots are ranked by subscribers, then complaints,
then tightness.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from .geo import positions, to_metres

DEFAULT_RADIUS_M = 500.0
DEFAULT_MIN_COUNT = 5
DEFAULT_DAYS = 7
DEFAULT_ALPHA = 0.05


@dataclass
class Hotspot:
    rank: int
    count: int  # complaints
    lat: float
    lon: float
    radius_m: float  # farthest complaint from the centre
    first: datetime
    last: datetime
    cells: list[str] = field(default_factory=list)  # by complaints, most first
    areas: list[str] = field(default_factory=list)
    symptoms: dict[str, int] = field(default_factory=dict)
    case_ids: list[int] = field(default_factory=list)
    complainers: int = 0  # distinct subscribers (a complaint without a number counts as one)

    @property
    def span_days(self) -> float:
        return (self.last - self.first).total_seconds() / 86400

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out.update(first=self.first.isoformat(sep=" "), last=self.last.isoformat(sep=" "), span_days=round(self.span_days, 2))
        return out


def find_hotspots(
    cases: pd.DataFrame,
    cells: pd.DataFrame | None = None,
    *,
    end: datetime | str | None = None,
    days: float = DEFAULT_DAYS,
    radius_m: float = DEFAULT_RADIUS_M,
    min_count: int = DEFAULT_MIN_COUNT,
    alpha: float = DEFAULT_ALPHA,
) -> list[Hotspot]:
    """The hotspots among `cases` (a cases frame, see query.prepare) received in (end - days, end].

    `end` defaults to the latest complaint received. Complaints with no known position are left out.
    `cells` (cell, lat, lon) places complaints named by cell and gives the network's area.
    """
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    if cases.empty:
        return []
    end = pd.Timestamp(end) if end is not None else cases["received_at"].max()
    recent = cases[(cases["received_at"] > end - pd.Timedelta(days=days)) & (cases["received_at"] <= end)]
    where = positions(recent, cells).dropna()
    if len(where) < min_count:
        return []
    recent = recent.loc[where.index]
    lat, lon = where["lat"].to_numpy(), where["lon"].to_numpy()
    first = _first_of_each_subscriber(recent)
    if first.sum() < min_count:
        return []
    origin = float(lat.mean()), float(lon.mean())
    every_xy = to_metres(lat, lon, *origin)
    xy = every_xy[first]
    area = covered_area(_sites(cells, origin) if cells is not None else xy, radius_m)
    background = len(xy) * np.pi * radius_m**2 / area  # others expected in a disc
    needed = max(min_count, 1 + _chance_bound(background, alpha / len(xy)))
    tree = cKDTree(xy)
    core = tree.query_ball_point(xy, r=radius_m, return_length=True) >= needed
    if not core.any():
        return []
    core_at = np.flatnonzero(core)
    core_tree = cKDTree(xy[core_at])
    links = core_tree.sparse_distance_matrix(core_tree, radius_m, output_type="coo_matrix")
    _, core_label = connected_components(links, directed=False)
    label = np.full(len(every_xy), -1)
    label[np.flatnonzero(first)[core_at]] = core_label
    others = np.flatnonzero(first)[~core]
    others = np.concatenate([others, np.flatnonzero(~first)])  # the other first complaints, then the repeats
    distance, nearest = core_tree.query(every_xy[others], k=1, distance_upper_bound=radius_m)  # safe: KD-tree lookup, not DataFrame.query
    border = np.isfinite(distance)
    label[others[border]] = core_label[nearest[border]]
    spots = _hotspots(recent, lat, lon, label)
    spots.sort(key=lambda h: (-h.complainers, -h.count, h.radius_m, h.first))
    for rank, spot in enumerate(spots, start=1):
        spot.rank = rank
    return spots


def _first_of_each_subscriber(cases: pd.DataFrame) -> np.ndarray:
    """True for each subscriber's first complaint (by received time) and every complaint without a number."""
    if "msisdn" not in cases:
        return np.ones(len(cases), dtype=bool)
    number = cases["msisdn"].astype(object)
    order = np.argsort(cases["received_at"].to_numpy(), kind="stable")
    repeat = number.iloc[order].duplicated() & number.iloc[order].notna()
    out = np.ones(len(cases), dtype=bool)
    out[order[repeat.to_numpy()]] = False
    return out


def _chance_bound(mean: float, level: float) -> int:
    """The least k with P(Poisson(mean) >= k) <= level: more others than chance puts in a disc."""
    from scipy.special import pdtrc  # P(X > k); scipy.stats would cost a second to import

    k = 0
    while pdtrc(k, mean) > level:  # P(X >= k + 1) > level
        k += 1
    return k + 1


def covered_area(xy: np.ndarray, radius_m: float) -> float:
    """Square metres of the convex hull of `xy` buffered by `radius_m` (hull + perimeter·r + πr²)."""
    from scipy.spatial import ConvexHull, QhullError

    points = np.unique(np.round(xy, 1), axis=0)
    buffer = np.pi * radius_m**2
    if len(points) >= 3:
        try:
            hull = ConvexHull(points)
            return float(hull.volume + hull.area * radius_m + buffer)  # in 2-D: volume = area, area = perimeter
        except QhullError:  # all on one line
            pass
    length = float(np.hypot(*np.ptp(points, axis=0))) if len(points) > 1 else 0.0
    return 2 * length * radius_m + buffer


def _sites(cells: pd.DataFrame, origin: tuple[float, float]) -> np.ndarray:
    lat = pd.to_numeric(cells.get("lat"), errors="coerce") if "lat" in cells else pd.Series(dtype=float)
    lon = pd.to_numeric(cells.get("lon"), errors="coerce") if "lon" in cells else pd.Series(dtype=float)
    ok = lat.notna() & lon.notna()
    return to_metres(lat[ok].to_numpy(float), lon[ok].to_numpy(float), *origin)


def hotspots_frame(spots: list[Hotspot]) -> pd.DataFrame:
    """One row per hotspot, for a report: lists joined with `;`, symptoms as `id×n`."""
    rows = [{
        "rank": h.rank, "count": h.count, "complainers": h.complainers, "lat": round(h.lat, 6), "lon": round(h.lon, 6),
        "radius_m": round(h.radius_m),
        "first": h.first, "last": h.last, "span_days": round(h.span_days, 1), "cells": ";".join(h.cells),
        "areas": ";".join(h.areas), "symptoms": ";".join(f"{s}×{n}" for s, n in h.symptoms.items()),
    } for h in spots]
    return pd.DataFrame(rows, columns=HOTSPOT_COLUMNS)


HOTSPOT_COLUMNS = ["rank", "count", "complainers", "lat", "lon", "radius_m", "first", "last", "span_days", "cells", "areas", "symptoms"]


def _hotspots(cases: pd.DataFrame, lat: np.ndarray, lon: np.ndarray, label: np.ndarray) -> list[Hotspot]:
    """One Hotspot per label >= 0, from plain arrays split at the labels' boundaries (a cluster's
    sub-frame would cost milliseconds each, and a year's report may hold a hundred clusters)."""
    inside = np.flatnonzero(label >= 0)
    order = inside[np.argsort(label[inside], kind="stable")]
    bounds = np.flatnonzero(np.diff(label[order])) + 1
    columns = {c: cases[c].to_numpy(dtype=object) if c != "received_at" else cases[c].to_numpy()
               for c in ("case_id", "received_at", "main_cell", "area", "symptom", "msisdn") if c in cases}
    spots = []
    for part in np.split(order, bounds):
        la, lo = lat[part], lon[part]
        clat, clon = float(la.mean()), float(lo.mean())
        received = columns["received_at"][part]
        numbers = columns["msisdn"][part].tolist() if "msisdn" in columns else [None] * len(part)
        known = {n for n in numbers if _present(n)}
        spots.append(Hotspot(
            rank=0, count=len(part), lat=clat, lon=clon, radius_m=round(float(np.hypot(*to_metres(la, lo, clat, clon).T).max()), 1),
            first=_second(received.min()), last=_second(received.max()),
            cells=_counted(columns, "main_cell", part), areas=_counted(columns, "area", part),
            symptoms=dict(_ranked(["?" if not _present(v) else v for v in columns["symptom"][part]])) if "symptom" in columns else {},
            case_ids=[int(c) for c in columns["case_id"][part]] if "case_id" in columns else [],
            complainers=len(known) + sum(1 for n in numbers if not _present(n)),
        ))
    return spots


def _second(value) -> datetime:
    return pd.Timestamp(value).floor("s").to_pydatetime()


def _present(value: object) -> bool:
    return value is not None and value == value and str(value) != ""


def _counted(columns: dict[str, np.ndarray], name: str, part: np.ndarray) -> list[str]:
    """The distinct values, most frequent first (ties by name)."""
    return [v for v, _ in _ranked(columns[name][part])] if name in columns else []


def _ranked(values) -> list[tuple[str, int]]:
    """(value, count), most frequent first, ties by name; missing and empty values left out."""
    counts = Counter(str(v) for v in values if _present(v))
    return sorted(counts.items(), key=lambda vn: (-vn[1], vn[0]))
