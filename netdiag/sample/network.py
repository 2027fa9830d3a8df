"""Topology and configuration of the synthetic network: sites, cells, BSC/MSC/LAC areas, TRXs,
the BCCH/BSIC and TCH frequency plans and the neighbour lists.

Positions are handled in a local flat projection in km (fine at city scale); lat/lon are only written.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from .frequencies import bcch_plan, bsic_plan, check_frequency_plan, check_tch_plan, relation_sets, tch_plan

ORIGIN_LAT, ORIGIN_LON = 30.58, 114.27
KM_PER_DEG_LAT = 111.32
KM_PER_DEG_LON = KM_PER_DEG_LAT * np.cos(np.radians(ORIGIN_LAT))

SITE_SPACING_KM = 1.7  # nominal grid step; the jitter keeps nearest sites 1.2-2 km apart
# A city network's BSCs serve about 36 cells; a national network's, about 100 (20,000 cells: 200 BSCs).
CITY_CELLS_PER_BSC = 36
NATIONAL_CELLS_PER_BSC = 100
NATIONAL_CELLS = 3000  # networks from this size on are national
MAX_NEIGHBOURS = 12
CENTROID_KM = 0.5  # a sector's coverage centre lies this far along its azimuth


@dataclass
class Network:
    """The configuration frames (written as they are) plus per-cell arrays for the counter generator.

    Arrays are indexed by cell position (row order of `cells`); faults may edit the frames
    (e.g. paging_barred, lac) but never add or reorder cells.
    """

    cells: pd.DataFrame
    trx: pd.DataFrame
    neighbours: pd.DataFrame  # cell, neighbour (+ nb_bcch/nb_ncc/nb_bcc once an external neighbour exists)
    xy: np.ndarray  # (C, 2) site position of each cell, km
    site: np.ndarray  # (C,) site index
    bsc: np.ndarray  # (C,) BSC index
    bsc_names: list[str]
    bsc_msc: np.ndarray  # (B,) MSC index (0 = MSC1, west; 1 = MSC2, east)
    nb_idx: np.ndarray  # (C, MAX_NEIGHBOURS) neighbour cell indices, -1 = none
    nb_km: np.ndarray  # (C, MAX_NEIGHBOURS) distance between coverage centres, km
    trx_count: np.ndarray  # (C,)

    @property
    def n_cells(self) -> int:
        return len(self.cells)

    @property
    def names(self) -> np.ndarray:
        return self.cells["cell"].to_numpy(dtype=object)

    def neighbour_sets(self) -> list[set[int]]:
        """For each cell: its own neighbours and the cells that list it (relations both ways)."""
        return relation_sets(self.nb_idx)


def build_network(rng: np.random.Generator, n_cells: int) -> Network:
    n_sites = max(1, int(round(n_cells / 3)))
    site_xy = site_grid(rng, n_sites)
    site_bsc, bsc_msc = bsc_areas(site_xy, cells_per_bsc(3 * n_sites))
    n_bsc = len(bsc_msc)

    site = np.repeat(np.arange(n_sites), 3)
    sector = np.tile(np.arange(3), n_sites)
    xy = site_xy[site]
    azimuth = np.round((sector * 120 + rng.uniform(-15, 15, len(site))) % 360).astype(int)
    trx_count = rng.choice([1, 2, 3, 4], size=len(site), p=[0.15, 0.40, 0.35, 0.10])

    width = max(4, len(str(n_sites)))
    site_names = np.array([f"S{i + 1:0{width}d}" for i in range(n_sites)], dtype=object)
    names = site_names[site] + np.array(["A", "B", "C"], dtype=object)[sector]
    bsc_names = [f"BSC{b + 1:02d}" for b in range(n_bsc)]
    bsc = site_bsc[site]

    nb_idx, nb_km = _neighbours(rng, xy, azimuth, site)
    bcch = bcch_plan(rng, xy, nb_idx)
    ncc, bcc = bsic_plan(rng, xy, bcch, nb_idx)

    lat = ORIGIN_LAT + xy[:, 1] / KM_PER_DEG_LAT
    lon = ORIGIN_LON + xy[:, 0] / KM_PER_DEG_LON
    n = len(site)
    cells = pd.DataFrame(
        {
            "cell": names,
            "bsc": np.array(bsc_names, dtype=object)[bsc],
            "msc": np.where(bsc_msc[bsc] == 0, "MSC1", "MSC2").astype(object),
            "site": site_names[site],
            "lac": 4101 + bsc,
            "ci": 20001 + site * 4 + sector,  # unique, and the site readable from it
            "bcch": bcch,
            "ncc": ncc,
            "bcc": bcc,
            "lat": np.round(lat, 6),
            "lon": np.round(lon, 6),
            "azimuth": azimuth,
            "trx_count": trx_count,
            "max_ta": np.full(n, 63),  # far beyond an urban cell radius
            "bs_ag_blks_res": rng.integers(1, 3, n),
            "crh": rng.choice([4, 6], n, p=[0.7, 0.3]),
            "paging_barred": np.zeros(n, dtype=int),
            "max_pdch": rng.integers(4, 9, n),
            "repeater": np.zeros(n, dtype=int),  # only a repeater fault sets it
            "region": np.array(bsc_regions(site_xy, site_bsc, n_bsc), dtype=object)[bsc],
        }
    )
    src, slot = np.nonzero(nb_idx >= 0)
    neighbours = pd.DataFrame({"cell": names[src], "neighbour": names[nb_idx[src, slot]]})
    tch = tch_plan(rng, xy, site, trx_count)
    trx = _trx_table(names, bcch, tch, trx_count)
    check_frequency_plan(cells, xy, nb_idx)
    check_tch_plan(xy, tch)
    return Network(cells, trx, neighbours, xy, site, bsc, bsc_names, bsc_msc, nb_idx, nb_km, trx_count)


def site_grid(rng: np.random.Generator, n_sites: int) -> np.ndarray:
    """A jittered square grid of sites centred on the origin, km."""
    cols = int(np.ceil(np.sqrt(n_sites)))
    rows = int(np.ceil(n_sites / cols))
    gx, gy = np.meshgrid(np.arange(cols), np.arange(rows))
    grid = np.column_stack([gx.ravel(), gy.ravel()])[:n_sites].astype(float)
    grid -= grid.mean(axis=0)
    jitter = rng.uniform(-0.15, 0.15, grid.shape)
    return (grid + jitter) * SITE_SPACING_KM


def cells_per_bsc(n_cells: int) -> int:
    return NATIONAL_CELLS_PER_BSC if n_cells >= NATIONAL_CELLS else CITY_CELLS_PER_BSC


def bsc_areas(site_xy: np.ndarray, cells_per_bsc: int) -> tuple[np.ndarray, np.ndarray]:
    """Contiguous BSC areas of about `cells_per_bsc` cells (a third as many sites) by recursive
    bisection. The first cut is west/east and gives the two MSC areas, so each MSC's BSCs are
    contiguous too."""
    n_bsc = max(1, int(round(len(site_xy) * 3 / cells_per_bsc)))
    site_bsc = np.zeros(len(site_xy), dtype=int)
    areas: list[np.ndarray] = []

    def split(idx: np.ndarray, k: int, axis: int | None = None) -> None:
        if k == 1:
            areas.append(idx)
            return
        pts = site_xy[idx]
        if axis is None:
            axis = int(np.ptp(pts[:, 1]) > np.ptp(pts[:, 0]))
        order = idx[np.argsort(pts[:, axis], kind="stable")]
        k1 = k // 2
        cut = int(round(len(idx) * k1 / k))
        split(order[:cut], k1)
        split(order[cut:], k - k1)

    split(np.arange(len(site_xy)), n_bsc, axis=0)
    for b, idx in enumerate(areas):
        site_bsc[idx] = b
    bsc_msc = (np.arange(n_bsc) >= n_bsc // 2).astype(int) if n_bsc > 1 else np.zeros(1, dtype=int)
    return site_bsc, bsc_msc


# The operator's regions (districts) for reports: the quadrant of each BSC's centre.
REGIONS = {(0, 1): "江汉区", (0, 0): "汉阳区", (1, 1): "江岸区", (1, 0): "武昌区"}  # (east?, north?)


def bsc_regions(site_xy: np.ndarray, site_bsc: np.ndarray, n_bsc: int) -> list[str]:
    """Each BSC's region: the quadrant (west/east, south/north of the network's centre) of its sites' centre,
    so that a region is a whole number of contiguous BSCs."""
    centre = site_xy.mean(axis=0)
    out = []
    for b in range(n_bsc):
        x, y = site_xy[site_bsc == b].mean(axis=0) if (site_bsc == b).any() else centre
        out.append(REGIONS[(int(x >= centre[0]), int(y >= centre[1]))])
    return out


def _neighbours(rng, xy, azimuth, site) -> tuple[np.ndarray, np.ndarray]:
    """8-12 neighbours per cell: its co-site cells, then the nearest cells by coverage centre."""
    rad = np.radians(azimuth)
    centre = xy + CENTROID_KM * np.column_stack([np.sin(rad), np.cos(rad)])
    n = len(xy)
    k_wanted = rng.integers(8, MAX_NEIGHBOURS + 1, n)
    k_query = min(n, MAX_NEIGHBOURS + 3)
    dist, idx = cKDTree(centre).query(centre, k=k_query)  # safe: KD-tree lookup, not DataFrame.query
    dist, idx = np.atleast_2d(dist), np.atleast_2d(idx)
    nb_idx = np.full((n, MAX_NEIGHBOURS), -1)
    nb_km = np.zeros((n, MAX_NEIGHBOURS))
    for c in range(n):  # per-cell loop over config only (a few µs each)
        cosite = [c - c % 3 + s for s in range(3) if c - c % 3 + s != c]
        others = [j for j in idx[c].tolist() if j != c and site[j] != site[c]]
        chosen = (cosite + others)[: min(k_wanted[c], n - 1)]
        nb_idx[c, : len(chosen)] = chosen
        nb_km[c, : len(chosen)] = np.hypot(*(centre[chosen] - centre[c]).T)
    return nb_idx, nb_km


def _trx_table(names: np.ndarray, bcch: np.ndarray, tch: list[list[int]], trx_count: np.ndarray) -> pd.DataFrame:
    """TRX 1 carries the BCCH (TRAG 45 W); the others are TRGM 35 W on TCH channels."""
    cell_rep = np.repeat(np.arange(len(names)), trx_count)
    trx_no = np.concatenate([np.arange(1, k + 1) for k in trx_count])
    arfcn = np.concatenate([[bcch[c], *tch[c]] for c in range(len(names))])
    is_bcch = (trx_no == 1).astype(int)
    return pd.DataFrame(
        {
            "cell": names[cell_rep],
            "trx": trx_no,
            "arfcn": arfcn.astype(int),
            "is_bcch": is_bcch,
            "trx_type": np.where(is_bcch == 1, "TRAG", "TRGM").astype(object),
            "power_w": np.where(is_bcch == 1, 45, 35),
        }
    )
