"""Where the field suite's network stands: an urban core of close three-sector sites, a rural ring of
far-apart ones (with holes where no site was ever built), BSC and LAC areas, two MSCs, TRXs and the
neighbour lists.

Positions are kept in flat km around the origin; only lat/lon are written.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

ORIGIN = (29.87, 121.55)  # another city than the lab's
KM_PER_DEG_LAT = 111.32
TA_STEP_KM = 0.5535
RURAL_SPACING_KM = (5.0, 6.5)
URBAN_SPACING_KM = (0.65, 1.05)
URBAN_TRX_P = {1: 0.10, 2: 0.35, 3: 0.40, 4: 0.15}
RURAL_TRX_P = {1: 0.60, 2: 0.40}


@dataclass
class Layout:
    cells: pd.DataFrame  # the cells table, canonical columns
    xy: np.ndarray  # (C, 2) km, the cell's site
    site: np.ndarray  # (C,) site index
    rural: np.ndarray  # (C,) bool
    spacing: np.ndarray  # (C,) km to the nearest other site
    azimuth: np.ndarray  # (C,) degrees
    bsc: np.ndarray  # (C,) BSC index
    bsc_names: list[str]
    trx_count: np.ndarray  # (C,)
    nb: list[list[int]]  # each cell's own neighbour list (as configured; not always symmetric)
    gaps: list[tuple[float, float]]  # km positions no site reaches (holes in the rural ring, beyond its edge)

    @property
    def n(self) -> int:
        return len(self.cells)

    @property
    def names(self) -> np.ndarray:
        return self.cells["cell"].to_numpy(dtype=object)

    def relations(self) -> list[set[int]]:
        """Per cell: its neighbours and the cells that list it."""
        out = [set(ns) for ns in self.nb]
        for c, ns in enumerate(self.nb):
            for j in ns:
                out[j].add(c)
        return out

    def cosite(self, c: int) -> list[int]:
        return [int(j) for j in np.flatnonzero(self.site == self.site[c])]

    def latlon(self, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lat = ORIGIN[0] + xy[..., 1] / KM_PER_DEG_LAT
        lon = ORIGIN[1] + xy[..., 0] / (KM_PER_DEG_LAT * np.cos(np.radians(ORIGIN[0])))
        return lat, lon

    def centre(self, c: int, share: float = 0.45) -> np.ndarray:
        """A point in front of the cell, `share` of its site spacing along its azimuth."""
        rad = np.radians(self.azimuth[c])
        return self.xy[c] + share * self.spacing[c] * np.array([np.sin(rad), np.cos(rad)])


def _hex(step: float, radius: float) -> np.ndarray:
    k = int(np.ceil(radius / step)) + 2
    i, j = np.meshgrid(np.arange(-k, k + 1), np.arange(-k, k + 1))
    pts = np.column_stack([(i + 0.5 * (j % 2)).ravel() * step, j.ravel() * step * np.sqrt(3) / 2])
    return pts[np.hypot(*pts.T) <= radius]


def build_layout(rng: np.random.Generator, n_sites: int = 250) -> Layout:
    n_rural = n_sites // 3
    n_urban = n_sites - n_rural
    u_step = rng.uniform(*URBAN_SPACING_KM)
    urban = _hex(u_step, 40 * u_step)
    urban = urban[np.argsort(np.hypot(*urban.T), kind="stable")][:n_urban]
    urban = urban + rng.uniform(-0.2, 0.2, urban.shape) * u_step
    core = float(np.hypot(*urban.T).max())
    r_step = rng.uniform(*RURAL_SPACING_KM)
    ring = _hex(r_step, core + 30 * r_step)
    ring = ring[np.hypot(*ring.T) > core + 0.8 * r_step]
    ring = ring[np.argsort(np.hypot(*ring.T), kind="stable")][: n_rural + 3]
    # Holes: a few rural lattice points where no site was built (not on the outer edge).
    inner = np.flatnonzero(np.hypot(*ring.T) < np.hypot(*ring.T).max() - r_step)
    holes = rng.choice(inner, min(3, len(inner)), replace=False)
    keep = np.setdiff1d(np.arange(len(ring)), holes)
    rural = ring[keep] + rng.uniform(-0.15, 0.15, (len(keep), 2)) * r_step
    gaps = [tuple(p) for p in ring[holes]]
    edge = rural[np.argsort(-np.hypot(*rural.T))[:2]]
    gaps += [tuple(p * (1 + 1.3 * r_step / np.hypot(*p))) for p in edge]  # beyond the outermost sites
    site_xy = np.vstack([urban, rural])
    site_rural = np.r_[np.zeros(len(urban), bool), np.ones(len(rural), bool)]
    dist, _ = cKDTree(site_xy).query(site_xy, k=2)  # safe: KD-tree lookup, not DataFrame.query
    site_spacing = dist[:, 1]

    n_site = len(site_xy)
    site = np.repeat(np.arange(n_site), 3)
    sector = np.tile(np.arange(3), n_site)
    rotation = rng.uniform(0, 120, n_site)
    azimuth = np.round((rotation[site] + sector * 120 + rng.uniform(-10, 10, len(site))) % 360)
    rural_c = site_rural[site]
    trx_count = np.where(
        rural_c,
        rng.choice(list(RURAL_TRX_P), len(site), p=list(RURAL_TRX_P.values())),
        rng.choice(list(URBAN_TRX_P), len(site), p=list(URBAN_TRX_P.values())),
    )
    bsc, bsc_names = _bsc_areas(site_xy, site_rural, site)
    lac = _lacs(rng, site_xy, site, bsc)
    xy = site_xy[site]
    spacing = site_spacing[site]
    names = _names(site, sector, rural_c)
    n = len(site)
    # Urban operators limit TA where sites are close; the limit still covers the cell with room to spare.
    urban_ta = np.clip(np.ceil(2.2 * spacing / TA_STEP_KM) + rng.integers(0, 6, n), 4, 12)
    max_ta = np.where(~rural_c & (rng.random(n) < 0.25), urban_ta, 63).astype(int)
    layout = Layout(
        cells=pd.DataFrame(
            {
                "cell": names,
                "bsc": np.array(bsc_names, dtype=object)[bsc],
                "msc": None,
                "site": np.array([f"{'RS' if r else 'US'}{s + 1:04d}" for s, r in zip(site, rural_c)], dtype=object),
                "lac": lac,
                "ci": rng.choice(np.arange(10000, 65000), n, replace=False),
                "bcch": 0,
                "ncc": 0,
                "bcc": 0,
                "lat": 0.0,
                "lon": 0.0,
                "azimuth": azimuth.astype(int),
                "trx_count": trx_count,
                "max_ta": max_ta,
                "bs_ag_blks_res": rng.choice([1, 2, 3], n, p=[0.45, 0.45, 0.10]),
                "crh": rng.choice([4, 6, 8], n, p=[0.55, 0.35, 0.10]),
                "paging_barred": 0,
                "max_pdch": rng.integers(4, 13, n),
                "repeater": (rural_c & (rng.random(n) < 0.06)).astype(int),
            }
        ),
        xy=xy, site=site, rural=rural_c, spacing=spacing, azimuth=azimuth, bsc=bsc, bsc_names=bsc_names,
        trx_count=trx_count, nb=[], gaps=gaps,
    )  # fmt: skip
    lat, lon = layout.latlon(xy)
    layout.cells["lat"], layout.cells["lon"] = np.round(lat, 6), np.round(lon, 6)
    centre_x = np.array([site_xy[site[bsc == b]][:, 0].mean() for b in range(len(bsc_names))])
    layout.cells["msc"] = np.where(centre_x[bsc] < np.median(centre_x), "MSC-W", "MSC-E").astype(object)
    layout.nb = _neighbour_lists(rng, layout)
    return layout


def _bsc_areas(site_xy: np.ndarray, site_rural: np.ndarray, site: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Urban BSCs as angular slices of the core (about 70 cells each), rural BSCs as wider slices."""
    angle = np.degrees(np.arctan2(site_xy[:, 1], site_xy[:, 0])) % 360
    out = np.zeros(len(site_xy), dtype=int)
    names: list[str] = []
    for rural, per_bsc, prefix in ((False, 24, "BSC-U"), (True, 28, "BSC-R")):
        idx = np.flatnonzero(site_rural == rural)
        k = max(1, int(round(len(idx) / per_bsc)))
        order = idx[np.argsort(angle[idx], kind="stable")]
        for part, chunk in enumerate(np.array_split(order, k)):
            out[chunk] = len(names)
            names.append(f"{prefix}{part + 1}")
    return out[site], names


def _lacs(rng, site_xy, site, bsc) -> np.ndarray:
    """One LAC per BSC, the larger ones split in two along their longer axis."""
    lac = np.zeros(len(site), dtype=int)
    code = 9301
    for b in np.unique(bsc):
        cells = np.flatnonzero(bsc == b)
        if len(cells) > 66 and rng.random() < 0.7:
            pts = site_xy[site[cells]]
            axis = int(np.ptp(pts[:, 1]) > np.ptp(pts[:, 0]))
            half = pts[:, axis] > np.median(pts[:, axis])
            lac[cells[~half]], lac[cells[half]] = code, code + 1
            code += 2
        else:
            lac[cells] = code
            code += 1
    return lac


def _names(site, sector, rural) -> np.ndarray:
    prefix = np.where(rural, "XC", "CQ")
    return np.array([f"{p}{s + 1:04d}_{k + 1}" for p, s, k in zip(prefix, site, sector)], dtype=object)


def _neighbour_lists(rng, layout: Layout) -> list[list[int]]:
    """Co-site cells, then the cells whose coverage centres are nearest (urban 7-12, rural 4-8 in all),
    only those within reach (2.5 site spacings)."""
    centres = np.array([layout.centre(c) for c in range(layout.n)])
    tree = cKDTree(centres)
    out = []
    for c in range(layout.n):
        wanted = int(rng.integers(4, 9) if layout.rural[c] else rng.integers(7, 13))
        dist, idx = tree.query(centres[c], k=min(layout.n, wanted + 6))  # safe: KD-tree lookup, not DataFrame.query
        cos = [j for j in layout.cosite(c) if j != c]
        others = [int(j) for d, j in zip(dist, idx) if j != c and layout.site[j] != layout.site[c] and d < 2.5 * layout.spacing[c]]
        out.append((cos + others)[:wanted])
    return out


def trx_table(rng, layout: Layout, bcch: np.ndarray, tch: list[list[int]]) -> pd.DataFrame:
    """TRX 1 carries the BCCH on the cell's strongest board; multi-TRX cells mix 45 W TRAG and 35 W
    TRGM boards, and some cells are all one type (nothing to say about those)."""
    rows = []
    for c in range(layout.n):
        k = int(layout.trx_count[c])
        mixed = k > 1 and rng.random() < 0.6
        single = ("TRAG", 45) if rng.random() < 0.7 else ("TRGM", 35)
        for t in range(k):
            kind, power = (("TRAG", 45) if t == 0 else ("TRGM", 35)) if mixed else single
            rows.append({"cell": layout.names[c], "trx": t + 1, "arfcn": int(bcch[c] if t == 0 else tch[c][t - 1]),
                         "is_bcch": int(t == 0), "trx_type": kind, "power_w": power})
    return pd.DataFrame(rows)


def neighbour_table(layout: Layout) -> pd.DataFrame:
    src = [c for c, ns in enumerate(layout.nb) for _ in ns]
    dst = [j for ns in layout.nb for j in ns]
    return pd.DataFrame({"cell": layout.names[src], "neighbour": layout.names[dst]})
