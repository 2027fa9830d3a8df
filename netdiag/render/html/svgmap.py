"""A map as SVG shapes: sectors as wedges, spots as pins, relations as lines, areas as circles.

Shapes are added in WGS84 (converted to GCJ-02 first when asked) and laid out in Web Mercator
pixels at ZREF less an origin near the data (geo.py). The model carries what the template and map.js
need: the view box around everything drawn, the origin (to place tiles), a scale bar, and a tile
URL only when the user named one: without it the map has no basemap and loads nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import numpy as np

from ...errors import UsageError
from . import geo

VIEW_WIDTH_PX = 900  # the width the map is laid out for (print and first view)
LABEL_PX, PIN_PX = 11.0, 6.0


@dataclass(frozen=True)
class MapOptions:
    """How the maps are drawn: no basemap by default; `tiles` a slippy-map URL with {z} {x} {y}
    (and optionally {s}, one of `subdomains`); `gcj02` to line positions up with a Chinese web map."""

    tiles: str | None = None
    gcj02: bool = False
    subdomains: str = "abc"

    def __post_init__(self) -> None:
        if self.tiles is not None:
            if not all(part in self.tiles for part in ("{z}", "{x}", "{y}")):
                raise UsageError(f"--tiles {self.tiles!r}: a tile URL names {{z}}, {{x}} and {{y}}, e.g. https://tile.example.org/{{z}}/{{x}}/{{y}}.png")
            if urlsplit(self.tiles).scheme not in ("http", "https", "file"):
                raise UsageError(f"--tiles {self.tiles!r}: the URL must start with http://, https:// or file://")


@dataclass
class Shape:
    kind: str  # wedge | disc | pin | line | circle
    css: str  # classes
    title: str  # tooltip (and what a screen reader says)
    data: dict[str, str] = field(default_factory=dict)  # data-* attributes
    d: str = ""  # wedge path
    x: float = 0.0
    y: float = 0.0
    r: float = 0.0
    x2: float = 0.0
    y2: float = 0.0
    label: str | None = None


@dataclass
class MapModel:
    shapes: list[Shape]
    view: tuple[float, float, float, float]  # x, y, width, height (SVG units)
    origin: tuple[float, float]  # world pixels of SVG (0, 0)
    zref: int
    tiles: str | None
    subdomains: str
    font_size: float
    pin_size: float
    scale_bar: dict[str, float | str]
    tile_host: str | None

    @property
    def empty(self) -> bool:
        return not self.shapes


class MapBuilder:
    """Collects shapes in WGS84; `build()` lays them out."""

    def __init__(self, options: MapOptions | None = None) -> None:
        self.options = options or MapOptions()
        self._items: list[tuple[str, dict]] = []
        self._background: dict | None = None

    def background(self, lat, lon, azimuth, beam_deg, reach_m, css: str, title: str) -> None:
        """Many sectors as one path (one element, no tooltip each): the network around what matters."""
        self._background = dict(lat=np.asarray(lat, dtype="float64"), lon=np.asarray(lon, dtype="float64"),
                                azimuth=np.asarray(azimuth, dtype="float64"), beam=np.asarray(beam_deg, dtype="float64"),
                                reach=np.asarray(reach_m, dtype="float64"), css=css, title=title)

    # -------------------------------------------------------------- adding
    def sector(self, lat: float, lon: float, azimuth: float | None, beam_deg: float, reach_m: float, css: str, title: str,
               data: dict[str, str] | None = None, label: str | None = None) -> None:
        omni = azimuth is None or not math.isfinite(azimuth) or beam_deg >= 360
        self._items.append(("disc" if omni else "wedge", dict(lat=lat, lon=lon, azimuth=azimuth, beam=beam_deg, reach=reach_m,
                                                             css=css, title=title, data=data or {}, label=label)))

    def pin(self, lat: float, lon: float, css: str, title: str, data: dict[str, str] | None = None, label: str | None = None) -> None:
        self._items.append(("pin", dict(lat=lat, lon=lon, css=css, title=title, data=data or {}, label=label)))

    def line(self, lat: float, lon: float, lat2: float, lon2: float, css: str, title: str, data: dict[str, str] | None = None) -> None:
        self._items.append(("line", dict(lat=lat, lon=lon, lat2=lat2, lon2=lon2, css=css, title=title, data=data or {})))

    def circle(self, lat: float, lon: float, radius_m: float, css: str, title: str, data: dict[str, str] | None = None,
               label: str | None = None) -> None:
        self._items.append(("circle", dict(lat=lat, lon=lon, reach=radius_m, css=css, title=title, data=data or {}, label=label)))

    # -------------------------------------------------------------- layout
    def build(self) -> MapModel:
        items = [(k, v) for k, v in self._items if _finite(v["lat"], v["lon"]) and (k != "line" or _finite(v["lat2"], v["lon2"]))]
        back = self._background
        if back is not None:
            ok = np.isfinite(back["lat"]) & np.isfinite(back["lon"]) & np.isfinite(back["reach"])
            back = {k: (v[ok] if isinstance(v, np.ndarray) else v) for k, v in back.items()}
            if not ok.any():
                back = None
        if not items and back is None:
            return MapModel([], (0, 0, 1, 1), (0, 0), geo.ZREF, self.options.tiles, self.options.subdomains, LABEL_PX, PIN_PX,
                            {"units": 0, "text": "", "upm": 1.0}, None)
        lat = np.array([v["lat"] for _, v in items] + [v["lat2"] for k, v in items if k == "line"], dtype="float64")
        lon = np.array([v["lon"] for _, v in items] + [v["lon2"] for k, v in items if k == "line"], dtype="float64")
        extra = 0
        if back is not None:
            extra = len(back["lat"])
            lat, lon = np.concatenate([lat, back["lat"]]), np.concatenate([lon, back["lon"]])
        if self.options.gcj02:
            lat, lon = geo.to_gcj02(lat, lon)
        wx, wy = geo.world_xy(lat, lon)
        n = len(items)
        second = iter(range(n, len(lat)))
        ox, oy = math.floor(float(wx.min())), math.floor(float(wy.min()))
        shapes: list[Shape] = []
        xs, ys = [], []  # extents
        if back is not None:
            bx, by = wx[len(lat) - extra:] - ox, wy[len(lat) - extra:] - oy
            br = np.maximum(back["reach"] * geo.units_per_metre(lat[len(lat) - extra:]), 1.0)
            shapes.append(Shape(kind="bulk", css=back["css"], title=back["title"], d=_bulk_path(bx, by, back["azimuth"], back["beam"], br)))
            xs += [float((bx - br).min()), float((bx + br).max())]
            ys += [float((by - br).min()), float((by + br).max())]
        for i, (kind, v) in enumerate(items):
            x, y = float(wx[i]) - ox, float(wy[i]) - oy
            upm = float(geo.units_per_metre(lat[i]))
            shape = Shape(kind=kind, css=v["css"], title=v["title"], data=v["data"], x=x, y=y, label=v.get("label"))
            if kind in ("wedge", "disc", "circle"):
                shape.r = max(v["reach"] * upm, 1.0)
                if kind == "wedge":
                    shape.d = geo.wedge_path(x, y, float(v["azimuth"]), float(v["beam"]), shape.r)
                reach_x, reach_y = _reach_box(x, y, shape.r, v.get("azimuth"), v.get("beam", 360.0), kind)
                xs += reach_x
                ys += reach_y
            elif kind == "line":
                j = next(second)
                shape.x2, shape.y2 = float(wx[j]) - ox, float(wy[j]) - oy
                xs += [x, shape.x2]
                ys += [y, shape.y2]
            else:
                xs.append(x)
                ys.append(y)
            shapes.append(shape)
        minx, maxx, miny, maxy = min(xs), max(xs), min(ys), max(ys)
        width, height = max(maxx - minx, 50.0), max(maxy - miny, 50.0)
        height = max(height, width * 0.45)  # not a sliver
        width = max(width, height * 1.2)
        cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
        width, height = width * 1.08, height * 1.08
        view = (round(cx - width / 2, 1), round(cy - height / 2, 1), round(width, 1), round(height, 1))
        upp = width / VIEW_WIDTH_PX
        mid_lat = float(np.mean(lat))
        return MapModel(shapes, view, (ox, oy), geo.ZREF, self.options.tiles, self.options.subdomains,
                        round(LABEL_PX * upp, 2), round(PIN_PX * upp, 2), _scale_bar(width, float(geo.units_per_metre(mid_lat))),
                        (urlsplit(self.options.tiles).netloc or "file") if self.options.tiles else None)


def _bulk_path(x: np.ndarray, y: np.ndarray, azimuth: np.ndarray, beam: np.ndarray, r: np.ndarray) -> str:
    """Wedges (discs where there is no azimuth) as the subpaths of one path."""
    omni = ~np.isfinite(azimuth) | (beam >= 360)
    az = np.where(omni, 0.0, azimuth)
    a1, a2 = np.radians(az - beam / 2), np.radians(az + beam / 2)
    x1, y1 = x + r * np.sin(a1), y - r * np.cos(a1)
    x2, y2 = x + r * np.sin(a2), y - r * np.cos(a2)
    parts = []
    for i in range(len(x)):
        if omni[i]:
            parts.append(f"M{x[i] - r[i]:.0f} {y[i]:.0f}a{r[i]:.0f} {r[i]:.0f} 0 1 0 {2 * r[i]:.0f} 0a{r[i]:.0f} {r[i]:.0f} 0 1 0 {-2 * r[i]:.0f} 0")
        else:
            parts.append(f"M{x[i]:.0f} {y[i]:.0f}L{x1[i]:.0f} {y1[i]:.0f}A{r[i]:.0f} {r[i]:.0f} 0 0 1 {x2[i]:.0f} {y2[i]:.0f}Z")
    return "".join(parts)


def _finite(*values: float | None) -> bool:
    return all(v is not None and isinstance(v, (int, float, np.floating)) and math.isfinite(v) for v in values)


def _reach_box(x: float, y: float, r: float, azimuth, beam: float, kind: str) -> tuple[list[float], list[float]]:
    """The points that bound a shape: the site and its arc's ends and middle (a disc: its box)."""
    if kind != "wedge":
        return [x - r, x + r], [y - r, y + r]
    bearings = [float(azimuth) + d for d in (-beam / 2, 0.0, beam / 2)]
    return [x, *(x + r * math.sin(math.radians(b)) for b in bearings)], [y, *(y - r * math.cos(math.radians(b)) for b in bearings)]


def _scale_bar(view_width: float, units_per_metre: float) -> dict[str, float | str]:
    """A round distance about a fifth of the map's width."""
    metres = view_width / 5 / units_per_metre
    step = 10 ** math.floor(math.log10(max(metres, 1.0)))
    nice = max(s * step for s in (1, 2, 5) if s * step <= metres) if metres >= 1 else 1.0
    text = f"{nice / 1000:g} km" if nice >= 1000 else f"{nice:g} m"
    return {"units": round(nice * units_per_metre, 1), "text": text, "upm": round(units_per_metre, 6)}
