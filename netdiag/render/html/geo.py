"""Map coordinates for the HTML pictures: Web Mercator pixels, sector wedges as SVG paths, GCJ-02.

The map's SVG user unit is one Web Mercator pixel at zoom ZREF (0.6 m at the equator), less an origin
near the data so the numbers stay short. A tile (z, x, y) of any slippy map then covers
[x·256·2^(ZREF−z), (x+1)·256·2^(ZREF−z)) in world pixels: map.js lays tiles under the wedges in the
same units when the user names a tile URL.

Chinese web maps (AutoNavi/Gaode, Tencent) draw their tiles in GCJ-02, a deliberately offset datum:
WGS84 positions land a few hundred metres off on them. `to_gcj02` applies the published conversion
(inside China; elsewhere positions are left as they are).
"""

from __future__ import annotations

import math

import numpy as np

ZREF = 18
TILE = 256
WORLD = TILE * 2**ZREF  # world width in SVG units
EQUATOR_M = 40_075_016.686


def world_xy(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator world pixels at ZREF (x east, y south), as float arrays."""
    lat = np.clip(np.asarray(lat, dtype="float64"), -85.05112878, 85.05112878)
    lon = np.asarray(lon, dtype="float64")
    x = (lon + 180.0) / 360.0 * WORLD
    sin = np.sin(np.radians(lat))
    y = (0.5 - np.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * WORLD
    return x, y


def units_per_metre(lat: float | np.ndarray) -> float | np.ndarray:
    """SVG units per metre on the ground at a latitude (Mercator stretches by 1/cos φ)."""
    return WORLD / (EQUATOR_M * np.cos(np.radians(lat)))


def wedge_path(x: float, y: float, azimuth: float, beam_deg: float, radius: float) -> str:
    """An SVG path: from the site out along azimuth − beam/2, an arc to azimuth + beam/2, back.

    Bearings turn clockwise from north, as SVG's y axis points down: sweep flag 1."""
    half = beam_deg / 2.0
    a1, a2 = math.radians(azimuth - half), math.radians(azimuth + half)
    x1, y1 = x + radius * math.sin(a1), y - radius * math.cos(a1)
    x2, y2 = x + radius * math.sin(a2), y - radius * math.cos(a2)
    large = 1 if beam_deg > 180 else 0
    return f"M{x:.0f} {y:.0f}L{x1:.0f} {y1:.0f}A{radius:.0f} {radius:.0f} 0 {large} 1 {x2:.0f} {y2:.0f}Z"


# ------------------------------------------------------------------------------------------ GCJ-02
_A = 6378245.0
_EE = 0.00669342162296594323


def in_china(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """The rough box GCJ-02 applies within (mainland China and its waters)."""
    return (lon > 73.66) & (lon < 135.05) & (lat > 3.86) & (lat < 53.55)


def to_gcj02(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 → GCJ-02 (the offset of Chinese web maps; about 1 m error), elementwise."""
    lat = np.asarray(lat, dtype="float64")
    lon = np.asarray(lon, dtype="float64")
    x, y = lon - 105.0, lat - 35.0
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
            + (20.0 * np.sin(6.0 * x * math.pi) + 20.0 * np.sin(2.0 * x * math.pi)) * 2.0 / 3.0
            + (20.0 * np.sin(y * math.pi) + 40.0 * np.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
            + (160.0 * np.sin(y / 12.0 * math.pi) + 320 * np.sin(y * math.pi / 30.0)) * 2.0 / 3.0)
    dlon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
            + (20.0 * np.sin(6.0 * x * math.pi) + 20.0 * np.sin(2.0 * x * math.pi)) * 2.0 / 3.0
            + (20.0 * np.sin(x * math.pi) + 40.0 * np.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
            + (150.0 * np.sin(x / 12.0 * math.pi) + 300.0 * np.sin(x / 30.0 * math.pi)) * 2.0 / 3.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad) * math.pi)
    inside = in_china(lat, lon)
    return np.where(inside, lat + dlat, lat), np.where(inside, lon + dlon, lon)
