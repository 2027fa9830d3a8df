"""Where complaints are: the subscriber's spot when the ticket gave one, else their cell's position."""

from __future__ import annotations

import numpy as np
import pandas as pd

EARTH_RADIUS_M = 6_371_000.0


def positions(cases: pd.DataFrame, cells: pd.DataFrame | None = None) -> pd.DataFrame:
    """lat, lon per case (index kept): the ticket's spot, else the position of its main cell in
    `cells` (formats.md `cells`: cell, lat, lon); NaN where neither is known."""
    lat = pd.to_numeric(cases.get("lat"), errors="coerce") if "lat" in cases else pd.Series(np.nan, index=cases.index)
    lon = pd.to_numeric(cases.get("lon"), errors="coerce") if "lon" in cases else pd.Series(np.nan, index=cases.index)
    out = pd.DataFrame({"lat": lat.astype(float), "lon": lon.astype(float)}, index=cases.index)
    if cells is not None and {"cell", "lat", "lon"} <= set(cells.columns) and "main_cell" in cases:
        where = cells.drop_duplicates("cell").set_index(cells.drop_duplicates("cell")["cell"].astype(str))
        missing = out["lat"].isna() | out["lon"].isna()
        cell = cases.loc[missing, "main_cell"].astype(object)
        out.loc[missing, "lat"] = pd.to_numeric(cell.map(where["lat"]), errors="coerce").astype(float)
        out.loc[missing, "lon"] = pd.to_numeric(cell.map(where["lon"]), errors="coerce").astype(float)
    return out


def to_metres(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    """(n, 2) east/north metres from (lat0, lon0): an equirectangular projection, within a few metres
    over the tens of kilometres of a city, which is all the hotspot search needs."""
    x = np.radians(lon - lon0) * np.cos(np.radians(lat0)) * EARTH_RADIUS_M
    y = np.radians(lat - lat0) * EARTH_RADIUS_M
    return np.column_stack([x, y])
