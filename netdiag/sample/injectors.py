"""One injector per cause id. Each turns the knobs of its placed target so the fault shows in the
counters the cause's rule reads, and nowhere a different rule would take it for another cause.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from .faults import Injected, Scene, Target, injector
from .network import SITE_SPACING_KM, Network

# ----------------------------------------------------------------------------- helpers


def _cell(s: Scene, c: int) -> pd.Series:
    return s.net.cells.iloc[c]


def _fmt_time(t: pd.Timestamp) -> str:
    return t.strftime("%Y-%m-%d %H:%M")


def _busy_hours(s: Scene, count: int) -> np.ndarray:
    """The `count` busiest hours of the period (all of them when the period is shorter)."""
    return np.sort(np.argsort(-s.knobs.profile, kind="stable")[: min(count, s.knobs.hours)])


# ----------------------------------------------------------------------------- injectors
# In the order of FAULT_CAUSES, which is the order of the default faults.


@injector("cell_out_of_service", level="cell", symptom="no_coverage")
def cell_out_of_service(s: Scene, t: Target) -> Injected:
    """Down from the middle hour to the end, with its alarm still active; zero counters and
    tch_available 0, so it reads as out of service, never as a hung cell."""
    row = _cell(s, t.cell)
    first = s.knobs.hours // 2
    s.knobs.down[t.cell, first:] = True
    at = s.start + pd.Timedelta(hours=first)
    obj = f"{row['bsc']}/{row['site']}/{row['cell']}"
    s.alarms.append(
        {"raised_at": at, "cleared_at": None, "bsc": row["bsc"], "site": row["site"], "cell": row["cell"],
         "trx": None, "object": obj, "alarm": "Cell out of service", "alarm_code": 2010,
         "severity": "critical", "probable_cause": "Cell unavailable"}
    )  # fmt: skip
    return Injected(
        row["cell"],
        f"cell down from {_fmt_time(at)} to the end ({s.knobs.hours - first} h): alarm 2010 'Cell out of service' "
        "active, counters zero, tch_available 0, unavailable_s 3600 per hour",
    )


@injector("high_drop_cell", level="cell", symptom="call_drop")
def high_drop_cell(s: Scene, t: Target) -> Injected:
    """Drops spread over the TRXs in proportion to their seizures, so no TRX stands out."""
    p = s.rng.uniform(0.04, 0.06, s.knobs.hours)
    s.knobs.drop_p[t.cell] = p
    return Injected(_cell(s, t.cell)["cell"], f"TCH drop probability {p.min():.1%}-{p.max():.1%} every hour (mean {p.mean():.1%})")


def _free_circuits(s: Scene, bsc: int) -> np.ndarray:
    c = s.knobs.circuits
    return np.flatnonzero((c.bsc == bsc) & ~c.blocked)


@injector("a_interface_ts_fault", level="circuit", symptom="call_drop")
def a_interface_ts_fault(s: Scene, t: Target) -> Injected:
    c = s.knobs.circuits
    i = int(s.rng.choice(_free_circuits(s, t.bsc)))
    factor, hold = s.rng.uniform(2.8, 3.2), s.rng.uniform(3.3, 5.7)
    c.weight[i] = 1.0  # the average circuit's share, times the retries
    c.seize_factor[i], c.hold_s[i] = factor, hold
    bsc = s.net.bsc_names[t.bsc]
    return Injected(f"{bsc}/PCM{c.pcm[i]}/TS{c.ts[i]}", f"circuit CIC {c.pcm[i] * 32 + c.ts[i]}: seizures x{factor:.1f}, mean hold {hold:.1f} s")


@injector("bsc_crossed_wires", level="circuit_group", symptom="one_way_audio")
def bsc_crossed_wires(s: Scene, t: Target) -> Injected:
    """All four circuits of one Ater group hold 11-18 s (hang-ups on one-way calls). Groups 3
    (TS13-15+17) and 7 (only two circuits) are not used."""
    c = s.knobs.circuits
    free = _free_circuits(s, t.bsc)
    frame = pd.DataFrame({"i": free, "pcm": c.pcm[free], "group": c.group[free]})
    sizes = frame.groupby(["pcm", "group"])["i"].transform("size")
    frame = frame[(sizes == 4) & ~frame["group"].isin([3, 7])]
    pcm, group = frame[["pcm", "group"]].drop_duplicates().iloc[int(s.rng.integers(len(frame) // 4))]
    members = frame.loc[(frame["pcm"] == pcm) & (frame["group"] == group), "i"].to_numpy()
    holds = s.rng.uniform(11.5, 17.5, 4)
    c.hold_s[members] = holds
    c.seize_factor[members] = s.rng.uniform(1.1, 1.4, 4)
    ts = c.ts[members]
    bsc = s.net.bsc_names[t.bsc]
    first = members[0]
    return Injected(
        f"{bsc}/PCM{pcm}/TS{ts.min()}-{ts.max()}",
        f"Ater highway {c.ater_highway[first]} TS {c.ater_ts[first]}: the four circuits hold {holds.min():.0f}-{holds.max():.0f} s on average",
    )


def _multi_trx_cells(net: Network, rng: np.random.Generator):
    return (Target(cell=c) for c in rng.permutation(np.flatnonzero(net.trx_count >= 2)).tolist())


@injector("trx_short_hold", level="trx", symptom="one_way_audio", candidates=_multi_trx_cells)
def trx_short_hold(s: Scene, t: Target) -> Injected:
    """A non-BCCH TRX whose calls last seconds and are redialled: about twice the seizures."""
    row = _cell(s, t.cell)
    slot = int(s.rng.integers(1, row["trx_count"]))
    extra = s.rng.uniform(0.8, 1.2)
    hold = s.rng.uniform(3.5, 6.5)
    s.knobs.trx_extra_seizures[t.cell, :, slot] = extra
    s.knobs.trx_hold_s[t.cell, :, slot] = hold
    return Injected(f"{row['cell']}/TRX{slot + 1}", f"TRX{slot + 1} seizures x{1 + extra:.1f}, mean hold {hold:.1f} s")


@injector("ghost_neighbour", level="adjacency", symptom="choppy_voice")
def ghost_neighbour(s: Scene, t: Target) -> Injected:
    """An external neighbour with the BCCH+BSIC of a real neighbour B: handovers meant for one
    land on the other, so A->B fails often (returns and drops, none rejected)."""
    net = s.net
    a = _cell(s, t.cell)
    slots = [r for r in np.flatnonzero(net.nb_idx[t.cell] >= 0).tolist() if net.site[net.nb_idx[t.cell, r]] != net.site[t.cell]]
    r = int(s.rng.choice(slots))
    b = _cell(s, int(net.nb_idx[t.cell, r]))
    nb = net.neighbours
    ext = f"EXT_{int(nb['neighbour'].str.startswith('EXT_').sum()) + 1}"
    extra = pd.DataFrame({"cell": [a["cell"]], "neighbour": [ext], "nb_bcch": [b["bcch"]], "nb_ncc": [b["ncc"]], "nb_bcc": [b["bcc"]]})
    net.neighbours = pd.concat([nb, extra], ignore_index=True).astype(
        {c: "Int64" for c in ("nb_bcch", "nb_ncc", "nb_bcc")}
    )
    success = s.rng.uniform(0.62, 0.73)
    s.knobs.ho_success_p[t.cell, r] = success
    s.knobs.ho_return_p[t.cell, r] = s.rng.uniform(0.5, 0.7)
    s.knobs.ho_drop_p[t.cell, r] = 1.0
    code = f"BCCH {b['bcch']}/BSIC {b['ncc']}{b['bcc']}"
    return Injected(
        f"{a['cell']}->{code}",
        f"external neighbour {ext} of {a['cell']} has the BCCH/BSIC of neighbour {b['cell']} ({code}); "
        f"handover success {a['cell']}->{b['cell']} {success:.0%}",
    )


@injector("paging_barred", level="cell", symptom="call_setup")
def paging_barred(s: Scene, t: Target) -> Injected:
    """Configured barred; the mobile-terminated calls it loses take 30% off its calls."""
    s.net.cells.loc[s.net.cells.index[t.cell], "paging_barred"] = 1
    s.knobs.traffic_erl[t.cell] *= 0.7
    return Injected(_cell(s, t.cell)["cell"], "paging_barred = 1; call attempts and traffic -30% (MT calls lost)")


def _border_sites(net: Network, rng: np.random.Generator):
    """Sites of MSC2 next to MSC1's area, each with the LAC of the MSC1 BSC nearest to it; the
    serving cell is one of the site's cells."""
    msc = net.bsc_msc[net.bsc]
    west = np.flatnonzero(msc == 0)
    east_sites = np.unique(net.site[msc == 1])
    if not len(west) or not len(east_sites):
        return
    first_cell = np.searchsorted(net.site, east_sites)
    km, nearest = cKDTree(net.xy[west]).query(net.xy[first_cell])
    lac = net.cells["lac"].to_numpy()
    for i in rng.permutation(np.flatnonzero(km < 1.5 * SITE_SPACING_KM)).tolist():
        moved = tuple(np.flatnonzero(net.site == east_sites[i]).tolist())
        yield Target(cell=int(rng.choice(moved)), lac=int(lac[west[nearest[i]]]), moved=moved)


@injector("lac_spans_msc", level="lac", symptom="call_setup", candidates=_border_sites)
def lac_spans_msc(s: Scene, t: Target) -> Injected:
    cells = s.net.cells
    moved = cells.iloc[list(t.moved)]
    owner = cells.loc[(cells["lac"] == t.lac) & (cells["msc"] == "MSC1"), "bsc"].iloc[0]
    row = moved.iloc[0]
    cells.loc[moved.index, "lac"] = t.lac
    return Injected(
        f"LAC {t.lac}",
        f"site {row['site']} ({row['bsc']}, {row['msc']}) configured with LAC {t.lac} of {owner} on MSC1",
    )


@injector("uplink_interference", level="cell", symptom="choppy_voice")
def uplink_interference(s: Scene, t: Target) -> Injected:
    hours = s.knobs.hours
    count = min(hours, max(math.ceil(0.7 * hours), round(s.rng.uniform(0.75, 0.95) * hours)))
    hit = np.sort(s.rng.choice(hours, count, replace=False))
    s.knobs.band45_share[t.cell, hit] = s.rng.uniform(0.3, 0.6, count)
    factor = s.rng.uniform(1.5, 2.0)
    s.knobs.drop_p[t.cell] *= factor
    return Injected(
        _cell(s, t.cell)["cell"],
        f"30-60% of idle TCHs in interference bands 4-5 in {count} of {hours} hours; drop probability x{factor:.1f}",
    )


@injector("sccp_call_loss", level="bsc", symptom="call_setup")
def sccp_call_loss(s: Scene, t: Target) -> Injected:
    loss = s.rng.uniform(0.065, 0.095, s.knobs.hours)
    s.knobs.sccp_loss_p[t.bsc] = loss
    s.knobs.sccp_cref_share[t.bsc] = s.rng.uniform(0.2, 0.4)
    return Injected(s.net.bsc_names[t.bsc], f"SCCP loss {loss.min():.1%}-{loss.max():.1%} every hour, part of it as CREF")


@injector("gprs_cell_congestion", level="cell", symptom="gprs_slow")
def gprs_cell_congestion(s: Scene, t: Target) -> Injected:
    busy = _busy_hours(s, 8)
    s.knobs.pdch_util[t.cell, busy] = s.rng.uniform(0.95, 1.0, len(busy))
    share = s.rng.uniform(0.12, 0.23, len(busy))  # keeps the drawn share within 10-25%
    s.knobs.tbf_congestion_p[t.cell, busy] = share
    return Injected(
        _cell(s, t.cell)["cell"],
        f"{len(busy)} busy hours at >= 95% of max_pdch with {share.min():.0%}-{share.max():.0%} of TBF requests congested",
    )
