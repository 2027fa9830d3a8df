"""Faults heard during the call: drops, one-way audio and choppy voice (drop rates, TRX faults,
transmission and clock problems, handover failures, interference and latent hardware)."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from ..faults import Consequence, Injected, Scene, Target, injector
from ..frequencies import ADJACENT_KM, MARGIN, TCH_REUSE_KM
from ..knobs import Knobs
from ..network import Network
from .common import alarm, busy_hours, cell_row, cells, hourly, scale_drops, seizures_per_day, site_cells, site_consequences, tch_trx


@injector("high_drop_cell", level="cell", symptom="call_drop", candidates=cells(min_trx=2))
def high_drop_cell(s: Scene, t: Target) -> Injected:
    """Drops spread over the TRXs in proportion to their seizures, so no TRX stands out."""
    p = s.rng.uniform(0.04, 0.06, s.knobs.hours)
    s.knobs.drop_p[t.cell] = p
    return Injected(cell_row(s.net, t.cell)["cell"], f"TCH drop probability {p.min():.1%}-{p.max():.1%} every hour (mean {p.mean():.1%})")


@injector("trx_short_hold", level="trx", symptom="one_way_audio", candidates=tch_trx)
def trx_short_hold(s: Scene, t: Target) -> Injected:
    """A non-BCCH TRX whose calls last seconds and are redialled: about twice the seizures."""
    slot = t.params["slot"]
    extra = s.rng.uniform(0.8, 1.2)
    hold = s.rng.uniform(3.5, 6.5)
    s.knobs.trx_extra_seizures[t.cell, :, slot] = extra
    s.knobs.trx_hold_s[t.cell, :, slot] = hold
    return Injected(f"{cell_row(s.net, t.cell)['cell']}/TRX{slot + 1}", f"TRX{slot + 1} seizures x{1 + extra:.1f}, mean hold {hold:.1f} s")


@injector("uplink_interference", level="cell", symptom="choppy_voice", candidates=cells(min_trx=2))
def uplink_interference(s: Scene, t: Target) -> Injected:
    hours = s.knobs.hours
    count = min(hours, max(math.ceil(0.7 * hours), round(s.rng.uniform(0.75, 0.95) * hours)))
    hit = np.sort(s.rng.choice(hours, count, replace=False))
    s.knobs.band45_share[t.cell, hit] = s.rng.uniform(0.3, 0.6, count)
    factor = s.rng.uniform(1.5, 2.0)
    s.knobs.drop_p[t.cell] *= factor
    return Injected(
        cell_row(s.net, t.cell)["cell"],
        f"30-60% of idle TCHs in interference bands 4-5 in {count} of {hours} hours; drop probability x{factor:.1f}",
    )


@injector(
    "transmission_flapping", level="cell", symptom="call_drop",
    consequences=site_consequences("transmission_flapping", "the site's PCM link flaps"),
)  # fmt: skip
def transmission_flapping(s: Scene, t: Target) -> Injected:
    """8-15 short PCM link failures on the site, spread over the window; drops x2.5 in the hours
    with a flap on every cell of the site."""
    k, hours = s.knobs, s.knobs.hours
    count = int(s.rng.integers(8, 16))
    hit = np.sort(s.rng.choice(hours, count, replace=hours < count))
    for h in hit.tolist():
        at = s.start + pd.Timedelta(hours=h, seconds=int(s.rng.integers(0, 3300)))
        cleared = at + pd.Timedelta(seconds=int(s.rng.integers(60, 301)))
        s.alarms.append(alarm(s.net, t.cell, at, "PCM link failure", 4010, "major", "Loss of frame", site_level=True, cleared=cleared))
    scale_drops(s.rng, k, site_cells(s.net, t.cell), 2.5, np.unique(hit))
    row = cell_row(s.net, t.cell)
    return Injected(
        row["cell"],
        f"{count} alarms 4010 'PCM link failure' on site {row['site']}, each cleared after 1-5 min; "
        f"drops x2.5 in the {len(np.unique(hit))} hours with a flap on every cell of the site",
    )


def _busy_tch_trx(net: Network, k: Knobs, rng: np.random.Generator) -> Iterator[Target]:
    """A non-BCCH TRX expected to carry at least 300 seizures a day."""
    per_day = seizures_per_day(k)
    for target in tch_trx(net, k, rng):
        c, slot = target.cell, target.params["slot"]
        if per_day[c] * k.trx_weight[c, slot] / k.trx_weight[c].sum() >= 300:
            yield target


@injector("trx_latent_fault", level="trx", symptom="call_drop", candidates=_busy_tch_trx)
def trx_latent_fault(s: Scene, t: Target) -> Injected:
    """One non-BCCH TRX drops 7-10% of its calls (the others stay normal); holds stay normal, no alarm."""
    slot = t.params["slot"]
    p = s.rng.uniform(0.075, 0.095)
    s.knobs.trx_drop_weight[t.cell, slot] = p / s.knobs.drop_p[t.cell].mean()
    return Injected(f"{cell_row(s.net, t.cell)['cell']}/TRX{slot + 1}", f"TRX{slot + 1} drops {p:.1%} of its calls, no alarm")


@injector(
    "clock_unsync", level="cell", symptom="choppy_voice",
    consequences=site_consequences("clock_unsync", "outgoing handovers fail towards every neighbour"),
)  # fmt: skip
def clock_unsync(s: Scene, t: Target) -> Injected:
    """Clock alarm on the site: each cell's handovers succeed 72-78% towards every neighbour, the
    failures returning to the old channel or lost (none rejected); drops x1.3."""
    k = s.knobs
    at = s.start + pd.Timedelta(minutes=int(s.rng.integers(2, 30)))
    s.alarms.append(alarm(s.net, t.cell, at, "Clock synchronization lost", 5010, "major", "Clock reference lost", site_level=True))
    site = site_cells(s.net, t.cell)
    for c in site:
        valid = s.net.nb_idx[c] >= 0
        k.ho_success_p[c, valid] = s.rng.uniform(0.72, 0.78, valid.sum())
        k.ho_drop_p[c, valid] = 1.0
    scale_drops(s.rng, k, site, 1.3)
    row = cell_row(s.net, t.cell)
    return Injected(row["cell"], f"alarm 5010 'Clock synchronization lost' on site {row['site']}, active; handover success 72-78% towards every neighbour of its cells; drops x1.3")


MIN_RELATION_ATTEMPTS = 100  # expected handovers over a day on each relation into a congested target


def _congestion_targets(net: Network, k: Knobs, rng: np.random.Generator) -> Iterator[Target]:
    """A target T (3+ TRXs) whose every incoming relation expects enough handovers over a day; the
    serving cell is the source with most of them."""
    valid = net.nb_idx >= 0
    weight = np.where(valid, 1.0 / (net.nb_km + 0.3), 0.0)
    expected = (seizures_per_day(k) * k.ho_per_seizure)[:, None] * weight / weight.sum(axis=1, keepdims=True)
    for tgt in rng.permutation(np.flatnonzero(net.trx_count >= 3)).tolist():
        src, slot = np.nonzero(net.nb_idx == tgt)
        if len(src) < 2 or expected[src, slot].min() < MIN_RELATION_ATTEMPTS:
            continue
        best = int(np.argmax(expected[src, slot]))
        yield Target(cell=int(src[best]), other=tgt, params={"relations": list(zip(src.tolist(), slot.tolist()))})


def _congestion_consequences(net: Network, t: Target) -> list[Consequence]:
    names, tgt = net.names, t.other
    out = [Consequence("cell_congestion", "cell", tgt, names[tgt], "TCH congestion 10-14% in every busy hour")]
    out += [
        Consequence("target_cell_congestion", "adjacency", src, f"{names[src]}->{names[tgt]}",
                    f"handovers into the congested {names[tgt]} fail 23-28%, mostly rejected")
        for src, _ in t.params["relations"] if src != t.cell
    ]  # fmt: skip
    return out


@injector("target_cell_congestion", level="adjacency", symptom="choppy_voice", candidates=_congestion_targets, consequences=_congestion_consequences)
def target_cell_congestion(s: Scene, t: Target) -> Injected:
    k, names = s.knobs, s.net.names
    busy = busy_hours(k)
    share = s.rng.uniform(0.10, 0.14, len(busy))
    k.tch_congestion_p[t.other, busy] = share
    for src, slot in t.params["relations"]:
        k.ho_success_p[src, slot] = s.rng.uniform(0.72, 0.77)
        k.ho_return_p[src, slot] = s.rng.uniform(0.05, 0.15)
        k.ho_drop_p[src, slot] = s.rng.uniform(0.05, 0.10)
    return Injected(
        f"{names[t.cell]}->{names[t.other]}",
        f"{names[t.other]} congested ({share.min():.0%}-{share.max():.0%} TCH congestion in the busy hours); handovers "
        f"into it from its {len(t.params['relations'])} sources succeed 72-77%, most failures rejected",
    )


@injector("ghost_neighbour", level="adjacency", symptom="choppy_voice")
def ghost_neighbour(s: Scene, t: Target) -> Injected:
    """An external neighbour with the BCCH+BSIC of a real neighbour B: handovers meant for one
    land on the other, so A->B fails often (returns and drops, none rejected)."""
    net = s.net
    a = cell_row(net, t.cell)
    slots = [r for r in np.flatnonzero(net.nb_idx[t.cell] >= 0).tolist() if net.site[net.nb_idx[t.cell, r]] != net.site[t.cell]]
    r = int(s.rng.choice(slots))
    b = cell_row(net, int(net.nb_idx[t.cell, r]))
    nb = net.neighbours
    ext = f"EXT_{int(nb['neighbour'].str.startswith('EXT_').sum()) + 1}"
    extra = pd.DataFrame({"cell": [a["cell"]], "neighbour": [ext], "nb_bcch": [b["bcch"]], "nb_ncc": [b["ncc"]], "nb_bcc": [b["bcc"]]})
    net.neighbours = pd.concat([nb, extra], ignore_index=True).astype({c: "Int64" for c in ("nb_bcch", "nb_ncc", "nb_bcc")})
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


COCHANNEL_KM = (1.2, 1.8)  # distance between the two sites (another site is never closer than ~1.2 km)


def _cochannel_pairs(net: Network, k: Knobs, rng: np.random.Generator) -> Iterator[Target]:
    """C and D (2+ TRXs, different sites 1.2-1.8 km apart) where a TCH channel f of D can go on a TCH
    TRX of C with no other cell within the reuse distance of C on f, and nothing adjacent on C's site."""
    trx = net.trx
    channels = [[] for _ in range(net.n_cells)]
    index = pd.Series(np.arange(net.n_cells), index=net.names)
    for c, f in zip(index[trx["cell"]].to_numpy().tolist(), trx["arfcn"].to_numpy().tolist()):
        channels[c].append(f)
    tree = cKDTree(net.xy)
    for c in rng.permutation(np.flatnonzero(net.trx_count >= 2)).tolist():
        near = np.array(tree.query_ball_point(net.xy[c], TCH_REUSE_KM * MARGIN * 1.05))
        km = np.hypot(*(net.xy[near] - net.xy[c]).T)
        partners = near[(km >= COCHANNEL_KM[0]) & (km <= COCHANNEL_KM[1]) & (net.trx_count[near] >= 2)]
        for d in rng.permutation(partners).tolist():
            slot = int(rng.integers(1, net.trx_count[c]))
            for f in rng.permutation(channels[d][1:]).tolist():
                others = [j for j in near.tolist() if j != d]
                same = any(f in channels[j] for j in others if j != c) or f in channels[c]
                close = [j for j, x in zip(near.tolist(), km.tolist()) if x < ADJACENT_KM * MARGIN * 1.05]
                kept = [g for j in close for i, g in enumerate(channels[j]) if not (j == c and i == slot)]
                if not same and all(abs(f - g) > 1 for g in kept):
                    yield Target(cell=c, other=d, params={"slot": slot, "arfcn": int(f)})
                    break


def _cochannel_consequences(net: Network, t: Target) -> list[Consequence]:
    d = t.other
    return [Consequence("cochannel_interference", "cell", d, net.names[d], f"shares ARFCN {t.params['arfcn']} with {net.names[t.cell]}")]


@injector("cochannel_interference", level="cell", symptom="choppy_voice", candidates=_cochannel_pairs, consequences=_cochannel_consequences)
def cochannel_interference(s: Scene, t: Target) -> Injected:
    """A TCH TRX of C retuned to a TCH channel of D nearby: both see 6-10% bad quality at good
    level every hour, and drops x1.3."""
    net, k = s.net, s.knobs
    c, d, slot, f = t.cell, t.other, t.params["slot"], t.params["arfcn"]
    trx = net.trx
    row = trx.index[(trx["cell"] == net.names[c]) & (trx["trx"] == slot + 1)][0]
    old = int(trx.at[row, "arfcn"])
    trx.loc[row, "arfcn"] = f
    for x in (c, d):
        k.bad_quality_pct[x] = hourly(s.rng, k.hours, 6.0, 10.0, 0.3)
    scale_drops(s.rng, k, [c, d], 1.3)
    km = float(np.hypot(*(net.xy[c] - net.xy[d])))
    return Injected(
        net.names[c],
        f"TRX{slot + 1} retuned from ARFCN {old} to {f}, the channel of {net.names[d]} {km:.1f} km away; "
        "bad quality at good level 6-10% on both, drops x1.3",
    )


@injector("cell_hardware_latent_fault", level="cell", symptom="choppy_voice", candidates=cells(min_trx=2))
def cell_hardware_latent_fault(s: Scene, t: Target) -> Injected:
    k = s.knobs
    k.bad_quality_pct[t.cell] = hourly(s.rng, k.hours, 12.0, 20.0, 0.5)
    scale_drops(s.rng, k, [t.cell], 1.2)
    return Injected(cell_row(s.net, t.cell)["cell"], "bad quality at good level 12-20% every hour, no alarm, clean frequency plan; drops x1.2")
