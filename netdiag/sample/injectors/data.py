"""BSC-side and GPRS faults: A-interface circuits (018 report, circuit states), SCCP (025 report),
cell and BSC GPRS congestion, hung GPRS and a poor radio environment for data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..faults import Injected, Scene, Target, injector
from .common import busy_hours, cell_row, cells, fmt_time, hourly


def _free_circuits(s: Scene, bsc: int) -> np.ndarray:
    """Circuits of the BSC that carry calls and no other fault."""
    c = s.knobs.circuits
    return np.flatnonzero((c.bsc == bsc) & ~c.blocked & (c.state_fault == "") & (c.seize_factor == 1.0))


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


@injector("a_interface_state_mismatch", level="circuit", symptom="one_way_audio")
def a_interface_state_mismatch(s: Scene, t: Target) -> Injected:
    """One circuit blocked (or faulty) on the BSC side while the MSC sees it idle: no seizures."""
    c = s.knobs.circuits
    i = int(s.rng.choice(_free_circuits(s, t.bsc)))
    state = str(s.rng.choice(["blocked", "faulty"]))
    c.state_fault[i] = state
    bsc = s.net.bsc_names[t.bsc]
    return Injected(f"{bsc}/PCM{c.pcm[i]}/TS{c.ts[i]}", f"circuit CIC {c.pcm[i] * 32 + c.ts[i]}: {state} at the BSC, idle at the MSC; no seizures")


@injector("sccp_call_loss", level="bsc", symptom="call_setup")
def sccp_call_loss(s: Scene, t: Target) -> Injected:
    loss = s.rng.uniform(0.065, 0.095, s.knobs.hours)
    s.knobs.sccp_loss_p[t.bsc] = loss
    s.knobs.sccp_cref_share[t.bsc] = s.rng.uniform(0.2, 0.4)
    return Injected(s.net.bsc_names[t.bsc], f"SCCP loss {loss.min():.1%}-{loss.max():.1%} every hour, part of it as CREF")


@injector("gprs_cell_congestion", level="cell", symptom="gprs_slow", candidates=cells(min_trx=2))
def gprs_cell_congestion(s: Scene, t: Target) -> Injected:
    busy = busy_hours(s.knobs, 8)
    s.knobs.pdch_util[t.cell, busy] = s.rng.uniform(0.95, 1.0, len(busy))
    share = s.rng.uniform(0.12, 0.23, len(busy))  # keeps the drawn share within 10-25%
    s.knobs.tbf_congestion_p[t.cell, busy] = share
    return Injected(
        cell_row(s.net, t.cell)["cell"],
        f"{len(busy)} busy hours at >= 95% of max_pdch with {share.min():.0%}-{share.max():.0%} of TBF requests congested",
    )


@injector("gprs_bsc_congestion", level="bsc", symptom="gprs_slow")
def gprs_bsc_congestion(s: Scene, t: Target) -> Injected:
    """Every GPU of the BSC overloaded in the busy hours; the cells' own TBF congestion stays nil."""
    k = s.knobs
    busy = busy_hours(k)
    shape = (k.gpu_load_pct.shape[1], len(busy))
    k.gpu_load_pct[t.bsc][:, busy] = s.rng.uniform(93.0, 98.5, shape)
    k.gpu_congestion_s[t.bsc][:, busy] = s.rng.uniform(350, 850, shape)
    return Injected(s.net.bsc_names[t.bsc], f"all {k.gpu_count[t.bsc]} GPUs at 93-99% load with 350-850 s of congestion in each of the {len(busy)} busy hours")


@injector("gprs_hung", level="cell", symptom="gprs_no_access", candidates=cells(min_trx=2))
def gprs_hung(s: Scene, t: Target) -> Injected:
    first = s.knobs.hours // 4
    s.knobs.gprs_hung[t.cell, first:] = True
    at = s.start + pd.Timedelta(hours=first)
    return Injected(cell_row(s.net, t.cell)["cell"], f"from {fmt_time(at)}: every TBF request fails, no PDCH used, no data; voice normal")


@injector("poor_radio_environment", level="cell", symptom="gprs_slow", candidates=cells(min_trx=2))
def poor_radio_environment(s: Scene, t: Target) -> Injected:
    k = s.knobs
    share = hourly(s.rng, k.hours, 55.0, 75.0, 1.5)
    k.low_cs_pct[t.cell] = share
    k.rxlev_dbm[t.cell] -= 5.0
    return Injected(cell_row(s.net, t.cell)["cell"], f"{share.min():.0f}-{share.max():.0f}% of data blocks on the lowest coding schemes every hour; rxlev -5 dB")
