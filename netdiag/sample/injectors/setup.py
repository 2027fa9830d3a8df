"""Call set-up faults: configuration (paging, LAC, TA limit, AGCH blocks, repeater, CRH) and cells
or TRXs that fail the set-up (hung cell, missing MSC data, SDCCH or TCH assignment failures, congestion)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from ..faults import Injected, Scene, Target, injector
from ..knobs import Knobs, lac_border_cells
from ..network import SITE_SPACING_KM, Network
from .common import busy_hours, cell_row, cells, fmt_time, hourly, tch_trx


def _set(s: Scene, c: int, column: str, value) -> None:
    s.net.cells.loc[s.net.cells.index[c], column] = value


@injector("paging_barred", level="cell", symptom="call_setup", candidates=cells(min_trx=2))
def paging_barred(s: Scene, t: Target) -> Injected:
    """Configured barred; the mobile-terminated calls it loses take 30% off its calls."""
    _set(s, t.cell, "paging_barred", 1)
    s.knobs.traffic_erl[t.cell] *= 0.7
    return Injected(cell_row(s.net, t.cell)["cell"], "paging_barred = 1; call attempts and traffic -30% (MT calls lost)")


def _border_sites(net: Network, k: Knobs, rng: np.random.Generator) -> Iterator[Target]:
    """Sites of MSC2 next to MSC1's area, each with the LAC of the MSC1 BSC nearest to it; the
    serving cell is one of the site's cells."""
    msc = net.bsc_msc[net.bsc]
    west = np.flatnonzero(msc == 0)
    east_sites = np.unique(net.site[msc == 1])
    if not len(west) or not len(east_sites):
        return
    first_cell = np.searchsorted(net.site, east_sites)
    km, nearest = cKDTree(net.xy[west]).query(net.xy[first_cell])  # safe: KD-tree lookup, not DataFrame.query
    lac = net.cells["lac"].to_numpy()
    for i in rng.permutation(np.flatnonzero(km < 1.5 * SITE_SPACING_KM)).tolist():
        moved = tuple(np.flatnonzero(net.site == east_sites[i]).tolist())
        yield Target(cell=int(rng.choice(moved)), lac=int(lac[west[nearest[i]]]), moved=moved)


@injector("lac_spans_msc", level="lac", symptom="call_setup", candidates=_border_sites)
def lac_spans_msc(s: Scene, t: Target) -> Injected:
    cells_ = s.net.cells
    moved = cells_.iloc[list(t.moved)]
    owner = cells_.loc[(cells_["lac"] == t.lac) & (cells_["msc"] == "MSC1"), "bsc"].iloc[0]
    row = moved.iloc[0]
    cells_.loc[moved.index, "lac"] = t.lac
    return Injected(f"LAC {t.lac}", f"site {row['site']} ({row['bsc']}, {row['msc']}) configured with LAC {t.lac} of {owner} on MSC1")


@injector("msc_cell_data_missing", level="cell", symptom="call_setup", candidates=cells(min_trx=2))
def msc_cell_data_missing(s: Scene, t: Target) -> Injected:
    s.knobs.no_tch[t.cell] = True
    return Injected(cell_row(s.net, t.cell)["cell"], "call attempts and SDCCH normal, no TCH assignment ever attempted (every TCH counter 0); TCHs available")


@injector("cell_hung", level="cell", symptom="call_setup", candidates=cells(min_trx=2))
def cell_hung(s: Scene, t: Target) -> Injected:
    first = s.knobs.hours // 4
    s.knobs.hung[t.cell, first:] = True
    at = s.start + pd.Timedelta(hours=first)
    return Injected(cell_row(s.net, t.cell)["cell"], f"silent from {fmt_time(at)}: every traffic counter 0, TCHs available, no alarm, no unavailability")


def _far_from_sites(net: Network, k: Knobs) -> np.ndarray:
    """The nearest other site is at least 1.3 km away (a TA limit of one step, 0.55 km, falls
    short of half that distance with margin)."""
    site_first = np.unique(net.site, return_index=True)[1]
    km, _ = cKDTree(net.xy[site_first]).query(net.xy[site_first], k=2)  # safe: KD-tree lookup, not DataFrame.query
    return km[:, 1][net.site] >= 1.3


@injector("ta_limit_too_small", level="cell", symptom="call_setup", candidates=cells(min_trx=3, where=_far_from_sites))
def ta_limit_too_small(s: Scene, t: Target) -> Injected:
    _set(s, t.cell, "max_ta", 1)
    p = hourly(s.rng, s.knobs.hours, 0.14, 0.16, 0.003)
    s.knobs.sdcch_assign_fail_p[t.cell] = p
    return Injected(cell_row(s.net, t.cell)["cell"], f"max_ta = 1 (0.55 km); SDCCH assignment failure {p.min():.0%}-{p.max():.0%} every hour")


@injector("tcu_hung", level="cell", symptom="call_setup", candidates=cells(min_trx=3))
def tcu_hung(s: Scene, t: Target) -> Injected:
    p = hourly(s.rng, s.knobs.hours, 0.21, 0.24, 0.003)
    s.knobs.sdcch_assign_fail_p[t.cell] = p
    return Injected(cell_row(s.net, t.cell)["cell"], f"max_ta 63; SDCCH assignment failure {p.min():.0%}-{p.max():.0%} every hour")


@injector("repeater_rx_off", level="cell", symptom="call_setup", candidates=cells(min_trx=2))
def repeater_rx_off(s: Scene, t: Target) -> Injected:
    """Only the configuration shows it: the cell's own failure rates sit at the low end of healthy,
    so nothing in its counters is significantly worse than the network's."""
    k = s.knobs
    _set(s, t.cell, "repeater", 1)
    k.drop_p[t.cell] = s.rng.uniform(0.004, 0.005)
    k.tch_assign_fail_p[t.cell] = s.rng.uniform(0.007, 0.008)
    k.sdcch_assign_fail_p[t.cell] = s.rng.uniform(0.003, 0.004)
    return Injected(cell_row(s.net, t.cell)["cell"], "repeater = 1 (the only one in the network); the cell's own counters normal")


@injector("single_trx_tch_assign_fail", level="cell", symptom="call_setup", candidates=cells(max_trx=1))
def single_trx_tch_assign_fail(s: Scene, t: Target) -> Injected:
    p = s.rng.uniform(0.985, 0.997)
    s.knobs.tch_assign_fail_p[t.cell] = p
    return Injected(cell_row(s.net, t.cell)["cell"], f"the only TRX fails {p:.1%} of TCH assignments; SDCCH normal")


@injector("cell_congestion", level="cell", symptom="call_setup", candidates=cells(min_trx=2))
def cell_congestion(s: Scene, t: Target) -> Injected:
    k = s.knobs
    busy = busy_hours(k)
    k.traffic_erl[t.cell, busy] *= 2.0
    tch = s.rng.uniform(0.11, 0.16, len(busy))
    k.tch_congestion_p[t.cell, busy] = tch
    k.sdcch_congestion_p[t.cell, busy] = s.rng.uniform(0.03, 0.04, len(busy))
    # handovers have priority on the TCHs (queued, never rejected), so only new calls are blocked
    # and no handover relation into the cell looks like target_cell_congestion
    src, slot = np.nonzero(s.net.nb_idx == t.cell)
    k.ho_success_p[src, slot] = s.rng.uniform(0.99, 0.997, len(src))
    return Injected(
        cell_row(s.net, t.cell)["cell"],
        f"busy hours: traffic x2, TCH congestion {tch.min():.0%}-{tch.max():.0%}, SDCCH congestion 3-4%; "
        "handovers into it have priority (99-99.7% success)",
    )


@injector("agch_blocks_too_small", level="cell", symptom="call_setup", candidates=cells(min_trx=3))
def agch_blocks_too_small(s: Scene, t: Target) -> Injected:
    _set(s, t.cell, "bs_ag_blks_res", 0)
    p = hourly(s.rng, s.knobs.hours, 0.048, 0.062, 0.002)
    s.knobs.agch_discard_p[t.cell] = p
    return Injected(cell_row(s.net, t.cell)["cell"], f"bs_ag_blks_res = 0; {p.min():.1%}-{p.max():.1%} of immediate assignments discarded every hour")


@injector("multi_trx_faulty_trx", level="trx", symptom="call_setup", candidates=tch_trx)
def multi_trx_faulty_trx(s: Scene, t: Target) -> Injected:
    slot = t.params["slot"]
    p = s.rng.uniform(0.29, 0.36)
    s.knobs.trx_fail_weight[t.cell, slot] = p / s.knobs.tch_assign_fail_p[t.cell].mean()
    return Injected(f"{cell_row(s.net, t.cell)['cell']}/TRX{slot + 1}", f"TRX{slot + 1} fails {p:.0%} of its TCH assignments, the others normal")


@injector("lac_border", level="cell", symptom="call_setup", candidates=cells(min_trx=2, where=lambda net, k: lac_border_cells(net)))
def lac_border(s: Scene, t: Target) -> Injected:
    ratio = 5 * s.rng.uniform(0.45, 0.6)
    s.knobs.lu_ratio[t.cell] = ratio
    _set(s, t.cell, "crh", 2)
    return Injected(cell_row(s.net, t.cell)["cell"], f"borders another LAC; location updates {ratio:.1f} per call attempt (x5 the healthy level), crh = 2")
