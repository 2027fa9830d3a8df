"""Cells as sectors for maps: where each antenna points, how wide its beam, how far it should reach.

A sector is drawn as a wedge: from the site, `beam_deg` wide around the azimuth, out to the cell's
expected radius (the locator's: ¾ of the distance to the nearest other site, never past what
max_ta allows). A cell without an azimuth is omnidirectional: a disc. `wedge_ring` gives a wedge
as a closed ring of (lon, lat) points for KML and GeoJSON polygons.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..measures.stats import as_float
from .locate import BEAMWIDTH_DEG, EARTH_RADIUS_M, CellLocator

SECTOR_COLUMNS = ["cell", "site", "bsc", "lat", "lon", "azimuth", "beam_deg", "reach_m"]
# A cell whose site has no other site near (one site alone, or a far-off one) gets no wedge longer than this.
MAX_REACH_M = 15_000.0
DEFAULT_REACH_M = 1_000.0  # where no radius can be worked out (no other site, no max_ta)
ARC_STEP_DEG = 5.0


def sector_table(cells: pd.DataFrame, wanted: Iterable[str] | None = None, locator: CellLocator | None = None) -> pd.DataFrame:
    """One row per located cell (of `wanted`, else every cell): SECTOR_COLUMNS, azimuth NaN for an omni cell.

    The reach needs the whole configuration (distances to the other sites): pass every cell, and
    name the ones wanted."""
    if cells is None or cells.empty or "lat" not in cells or "lon" not in cells:
        return pd.DataFrame(columns=SECTOR_COLUMNS)
    cells = cells.drop_duplicates("cell").reset_index(drop=True)
    locator = locator if locator is not None else CellLocator(cells)
    reach = pd.Series(locator.radius_m, index=locator.cells["cell"].astype(str).to_numpy())
    frame = pd.DataFrame({
        "cell": cells["cell"].astype(str),
        "site": cells["site"].astype(object) if "site" in cells else None,
        "bsc": cells["bsc"].astype(object) if "bsc" in cells else None,
        "lat": as_float(cells["lat"]),
        "lon": as_float(cells["lon"]),
        "azimuth": as_float(cells["azimuth"]) % 360.0 if "azimuth" in cells else np.nan,
    })
    if wanted is not None:
        frame = frame[frame["cell"].isin([str(c) for c in wanted])]
    located = np.isfinite(frame["lat"]) & np.isfinite(frame["lon"]) & frame["lat"].between(-90, 90) \
        & frame["lon"].between(-180, 180) & ~((frame["lat"] == 0) & (frame["lon"] == 0))
    frame = frame[located.to_numpy()].copy()
    frame["beam_deg"] = np.where(np.isfinite(frame["azimuth"]), BEAMWIDTH_DEG, 360.0)
    values = frame["cell"].map(reach).to_numpy(dtype="float64")
    frame["reach_m"] = np.round(np.clip(np.where(np.isfinite(values), values, DEFAULT_REACH_M), 50.0, MAX_REACH_M), 0)
    return frame[SECTOR_COLUMNS].reset_index(drop=True)


def offset(lat: float, lon: float, bearing_deg: float, metres: float) -> tuple[float, float]:
    """(lat, lon) `metres` away along a bearing (flat earth around the point: exact to well under 1 %
    over a cell's reach)."""
    bearing = np.radians(bearing_deg)
    scale = np.radians(1.0) * EARTH_RADIUS_M
    return (float(lat + metres * np.cos(bearing) / scale),
            float(lon + metres * np.sin(bearing) / (scale * np.cos(np.radians(lat)))))


def wedge_ring(lat: float, lon: float, azimuth: float | None, beam_deg: float, reach_m: float,
               step_deg: float = ARC_STEP_DEG) -> list[tuple[float, float]]:
    """A sector as a closed ring of (lon, lat), counter-clockwise (RFC 7946 exteriors); a disc
    where there is no azimuth or the beam is 360°."""
    if azimuth is None or not np.isfinite(azimuth) or beam_deg >= 360.0:
        bearings = np.arange(360.0, 0.0, -step_deg)
        ring = [offset(lat, lon, b, reach_m) for b in bearings]
        points = [(p[1], p[0]) for p in ring]
        return [*points, points[0]]
    steps = max(int(np.ceil(beam_deg / step_deg)), 2)
    bearings = np.linspace(azimuth + beam_deg / 2.0, azimuth - beam_deg / 2.0, steps + 1)  # clockwise bearings reversed
    arc = [offset(lat, lon, b, reach_m) for b in bearings]
    return [(lon, lat), *((p[1], p[0]) for p in arc), (lon, lat)]
