"""Where a complaint is: the cells that plausibly serve a spot, from distance and sector azimuth.

A spot is served by the cells whose predicted downlink level there comes within a margin of the best
one: level falls with distance (a suburban path-loss slope) and with the angle off the antenna's
main lobe (a sector pattern). A KD-tree over the sites keeps the search to the nearby ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import UsageError
from ..measures.stats import as_float

EARTH_RADIUS_M = 6_371_000.0
TA_STEP_M = 553.5
# Path loss: 35 dB per decade of distance (Hata, suburban, BTS ~30 m).
PATH_LOSS_SLOPE_DB = 35.0
# Sector antenna pattern (3GPP TR 36.814): -min(12 (θ/θ3dB)², front-to-back).
BEAMWIDTH_DEG = 65.0
FRONT_TO_BACK_DB = 20.0
# Cells predicted within this margin of the best server are candidates (a handover margin and then some).
SERVER_MARGIN_DB = 10.0
MAX_CANDIDATES = 3
# A sector covers about ±60° around its azimuth; beyond that the spot is "behind" the cell.
SECTOR_HALF_WIDTH_DEG = 60.0
# Expected cell radius: this share of the distance to the nearest other site (hexagonal layouts
# overlap a little past half the inter-site distance), never beyond what max_ta allows.
RADIUS_SHARE_OF_SITE_DISTANCE = 0.75
# Search radius when none is given: several inter-site distances, bounded.
MIN_SEARCH_M, MAX_SEARCH_M = 2_000.0, 35_000.0
# No GSM cell serves beyond 63 timing-advance steps (about 35 km): a spot farther from every cell is
# outside the network's coverage (out of area), not a hole in it.
MAX_REACH_M = 63 * TA_STEP_M


@dataclass(frozen=True)
class Spot:
    lat: float
    lon: float
    radius_m: float | None = None

    def as_dict(self) -> dict[str, float]:
        out = {"lat": self.lat, "lon": self.lon}
        if self.radius_m is not None:
            out["radius_m"] = self.radius_m
        return out


def spot_towards(lat: float, lon: float, bearing_deg: float, metres: float) -> Spot:
    """The spot `metres` from (lat, lon) along a bearing: where a sector's subscriber stands."""
    bearing = np.radians(bearing_deg)
    north, east = metres * np.cos(bearing), metres * np.sin(bearing)
    scale = np.radians(1.0) * EARTH_RADIUS_M
    return Spot(float(lat + north / scale), float(lon + east / (scale * np.cos(np.radians(lat)))))


def parse_spot(text: str, radius_m: float | None = None) -> Spot:
    """`LAT,LON` in WGS84 degrees (a space or `;` also separates them)."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise UsageError(f"--at {text!r}: expected LAT,LON in degrees, e.g. 30.5801,114.2702") from None
    if radius_m is not None and radius_m <= 0:
        raise UsageError("--radius must be a positive distance in metres")
    return checked_spot(lat, lon, radius_m, what=f"--at {text!r}")


def checked_spot(lat: float, lon: float, radius_m: float | None = None, what: str | None = None) -> Spot:
    """A spot in WGS84 degrees, or a UsageError when it is off the globe (a ticket's too)."""
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        swapped = " (latitude and longitude swapped?)" if abs(lon) <= 90 and abs(lat) <= 180 else ""
        raise UsageError(f"{what or f'lat {lat:g}, lon {lon:g}'}: latitude must be within ±90 and longitude within ±180{swapped}")
    return Spot(lat, lon, radius_m)


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (the flat projection is exact only within a region)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


class CellLocator:
    """Cells by LAC+CI and by the spot they serve (a cell named outright is checked by diagnosis.scope_of)."""

    def __init__(self, cells: pd.DataFrame):
        self.cells = cells.reset_index(drop=True)
        lat, lon = as_float(self.cells["lat"]), as_float(self.cells["lon"])
        self._located = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
        self._lat0 = float(np.nanmean(lat)) if self._located.size else 0.0
        self._xy = self._project(lat, lon)
        from scipy.spatial import cKDTree  # here, not at import: a triage by cell never locates (0.2 s)

        self._tree = cKDTree(self._xy[self._located]) if self._located.size else None
        self.azimuth = as_float(self.cells["azimuth"])
        self.radius_m = self._expected_radius_m()

    # -------------------------------------------------------------- by identity
    def by_cgi(self, lac: int, ci: int) -> str:
        lacs, cis = as_float(self.cells["lac"]), as_float(self.cells["ci"])
        hit = self.cells["cell"][(lacs == float(lac)) & (cis == float(ci))]
        if hit.empty:
            raise UsageError(f"no cell has LAC {lac} and CI {ci} in the cell configuration")
        return str(hit.iloc[0])

    # -------------------------------------------------------------- by spot
    def serving(self, spot: Spot) -> pd.DataFrame:
        """Candidate serving cells of a spot, best first, with why: distance, bearing, level margin.

        Columns: cell, site, distance_m, bearing_deg, off_axis_deg, expected_radius_m, margin_db
        (predicted level below the best candidate), weight (1 for the best, falling with the margin),
        points_at (the spot lies within the sector's main lobe).
        """
        if self._tree is None:
            raise UsageError("the cell configuration has no coordinates (lat, lon): locate by --cell or --lac/--ci")
        here = self._project(np.array([spot.lat]), np.array([spot.lon]))[0]
        search = spot.radius_m if spot.radius_m is not None else self._search_radius(here)
        found = self._located[self._tree.query_ball_point(here, r=search)]  # safe: KD-tree lookup, not DataFrame.query
        if found.size == 0:
            return self.empty()
        offset = self._xy[found] - here
        distance = np.hypot(offset[:, 0], offset[:, 1])
        bearing = np.degrees(np.arctan2(-offset[:, 0], -offset[:, 1])) % 360.0  # from the cell towards the spot
        off_axis = np.abs((bearing - self.azimuth[found] + 180.0) % 360.0 - 180.0)
        off_axis = np.where(np.isfinite(off_axis), off_axis, 0.0)  # no azimuth: an omni cell
        gain = -np.minimum(12.0 * (off_axis / BEAMWIDTH_DEG) ** 2, FRONT_TO_BACK_DB)
        level = gain - PATH_LOSS_SLOPE_DB * np.log10(np.maximum(distance, 50.0))
        margin = level.max() - level
        frame = pd.DataFrame(
            {
                "cell": self.cells["cell"].to_numpy()[found],
                "site": self.cells["site"].to_numpy()[found],
                "distance_m": np.round(distance, 0),
                "bearing_deg": np.round(bearing, 0),
                "off_axis_deg": np.round(off_axis, 0),
                "expected_radius_m": np.round(self.radius_m[found], 0),
                "margin_db": np.round(margin, 1),
                "weight": np.round(np.clip(1.0 - margin / (2 * SERVER_MARGIN_DB), 0.0, 1.0), 3),
                "points_at": off_axis <= SECTOR_HALF_WIDTH_DEG,
            }
        ).sort_values(["margin_db", "distance_m"], kind="stable")
        return frame[frame["margin_db"] <= SERVER_MARGIN_DB].head(MAX_CANDIDATES).reset_index(drop=True)

    def beyond_coverage(self, spot: Spot, candidates: pd.DataFrame) -> dict[str, object] | None:
        """Evidence of a coverage gap: no cell pointing at the spot reaches it (field notes 1.7).

        The spot is farther than the expected radius from every candidate whose main lobe faces it,
        or no candidate faces it at all.
        """
        if candidates.empty:
            return {"lat": float(spot.lat), "lon": float(spot.lon), "cells_within_search": 0}
        facing = candidates[candidates["points_at"]]
        reached = facing[facing["distance_m"] <= facing["expected_radius_m"]]
        if not reached.empty:
            return None
        nearest = (facing if not facing.empty else candidates).sort_values("distance_m").iloc[0]
        return {
            "lat": float(spot.lat), "lon": float(spot.lon), "nearest_cell": nearest["cell"],
            "distance_m": int(nearest["distance_m"]), "expected_radius_m": int(nearest["expected_radius_m"]),
            "off_axis_deg": int(nearest["off_axis_deg"]), "cells_facing_spot": int(len(facing)),
        }

    def out_of_area(self, spot: Spot) -> dict[str, object] | None:
        """Evidence that a spot is outside the network's coverage: farther than any GSM cell reaches
        (MAX_REACH_M) from the nearest one; None when some cell is near enough to matter. Says so
        when the spot with latitude and longitude swapped would be inside."""
        if self._tree is None:
            return None
        distance, cell = self._nearest(spot.lat, spot.lon)
        if distance <= MAX_REACH_M:
            return None
        out: dict[str, object] = {"lat": float(spot.lat), "lon": float(spot.lon), "nearest_cell": cell,
                                  "distance_m": int(round(distance)), "reach_m": int(round(MAX_REACH_M))}
        if abs(spot.lon) <= 90 and self._nearest(spot.lon, spot.lat)[0] <= MAX_REACH_M:
            out["swapped_inside"] = True  # lat and lon given the wrong way round
        return out

    def _nearest(self, lat: float, lon: float) -> tuple[float, str]:
        """Distance (m, on the sphere) to the nearest located cell, and that cell."""
        here = self._project(np.array([lat]), np.array([lon]))[0]
        _, index = self._tree.query(here, k=1)  # safe: KD-tree lookup, not DataFrame.query
        row = self._located[int(index)]
        cell_lat, cell_lon = (float(as_float(self.cells[c])[row]) for c in ("lat", "lon"))
        return haversine_m(lat, lon, cell_lat, cell_lon), str(self.cells["cell"].iloc[row])

    # -------------------------------------------------------------- helpers
    def _project(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Local flat metres around the network's mean latitude: exact enough within a city or region."""
        scale = np.radians(1.0) * EARTH_RADIUS_M
        return np.column_stack([lon * scale * np.cos(np.radians(self._lat0)), lat * scale])

    def _expected_radius_m(self) -> np.ndarray:
        site = self.cells["site"].fillna(self.cells["cell"]).to_numpy()
        radius = np.full(len(self.cells), np.nan)
        located = self._located
        if located.size:
            sites = pd.DataFrame({"site": site[located], "x": self._xy[located, 0], "y": self._xy[located, 1]})
            where = sites.groupby("site")[["x", "y"]].mean()
            if len(where) >= 2:
                from scipy.spatial import cKDTree

                distance, _ = cKDTree(where.to_numpy()).query(where.to_numpy(), k=2)  # safe: KD-tree lookup, not DataFrame.query
                nearest = pd.Series(distance[:, 1], index=where.index)
                radius[located] = RADIUS_SHARE_OF_SITE_DISTANCE * pd.Series(site[located]).map(nearest).to_numpy()
            else:
                radius[located] = MAX_SEARCH_M
        ta_limit = as_float(self.cells["max_ta"]) * TA_STEP_M
        return np.where(np.isfinite(ta_limit) & (ta_limit > 0), np.fmin(radius, np.maximum(ta_limit, TA_STEP_M)), radius)

    def _search_radius(self, here: np.ndarray) -> float:
        distance, _ = self._tree.query(here, k=1)  # safe: KD-tree lookup, not DataFrame.query
        return float(np.clip(3.0 * distance + 1_000.0, MIN_SEARCH_M, MAX_SEARCH_M))

    @staticmethod
    def empty() -> pd.DataFrame:
        """No candidate serving cell, with the columns of serving()."""
        return pd.DataFrame(columns=["cell", "site", "distance_m", "bearing_deg", "off_axis_deg",
                                     "expected_radius_m", "margin_db", "weight", "points_at"])
