"""The field suite's counter model: every statistics table drawn from the layout and the conditions.

Healthy cells are spread the way real ones are: per-cell rates drawn from heavy-tailed
distributions (a few cells near the 2 % a planner tolerates), per-period noise with bursts,
Erlang-B congestion at the busy hour, rural cells with a tenth of the traffic (whole quiet periods
at night), a weekend day with its own shape. Counts are Poisson/binomial draws, split over TRXs
and relations so totals add up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .conditions import MAX_TRX, PER_DAY, PERIOD_MIN, Conditions
from .layout import Layout

PERIOD_S = PERIOD_MIN * 60
WEEKDAY = np.array([0.18, 0.10, 0.07, 0.05, 0.05, 0.08, 0.20, 0.45, 0.72, 0.88, 0.98, 1.00,
                    0.95, 0.85, 0.84, 0.87, 0.90, 0.88, 0.90, 0.97, 1.00, 0.95, 0.72, 0.40])  # fmt: skip
WEEKEND = np.array([0.25, 0.15, 0.09, 0.06, 0.05, 0.06, 0.10, 0.20, 0.35, 0.50, 0.62, 0.70,
                    0.72, 0.70, 0.68, 0.68, 0.70, 0.72, 0.75, 0.80, 0.82, 0.78, 0.60, 0.38])  # fmt: skip


def erlang_b(traffic: np.ndarray, channels: np.ndarray) -> np.ndarray:
    """Blocking probability for offered traffic (C, P) on each cell's channels (C,)."""
    b = np.ones_like(traffic)
    out = np.zeros_like(traffic)
    for k in range(1, int(channels.max()) + 1):
        b = traffic * b / (k + traffic * b)
        out = np.where(channels[:, None] == k, b, out)
    return out


def day_profile(cond: Conditions, business: np.ndarray) -> np.ndarray:
    """(C, P) share of the busy hour: weekday or weekend shape, business cells quieter at weekends."""
    hours = cond.hour_of_day()
    rows = []
    for day, weekend in enumerate(cond.weekend):
        h = hours[day * PER_DAY:(day + 1) * PER_DAY]
        hourly = WEEKEND if weekend else WEEKDAY
        shape = np.interp(h, np.arange(25), np.r_[hourly, hourly[0]])
        rows.append(np.where(business[:, None] & weekend, 0.6, 1.0) * shape[None, :])
    return np.concatenate(rows, axis=1)


@dataclass
class Healthy:
    """Per-cell draws of the healthy network (C,) unless said."""

    busy_erl: np.ndarray
    channels: np.ndarray
    hold_s: np.ndarray
    drop_p: np.ndarray
    tch_fail_p: np.ndarray
    sdcch_fail_p: np.ndarray
    sdcch_cong_p: np.ndarray
    lu_ratio: np.ndarray
    rxlev: np.ndarray
    badq: np.ndarray
    band45: np.ndarray
    ho_rate: np.ndarray
    gprs_util: np.ndarray
    tbf_fail_p: np.ndarray
    low_cs: np.ndarray
    business: np.ndarray


def healthy_draws(rng: np.random.Generator, layout: Layout) -> Healthy:
    n, rural, trx = layout.n, layout.rural, layout.trx_count
    channels = 8 * trx - 2
    lo = np.array([{1: 1.2, 2: 3.0, 3: 5.5, 4: 8.5}[k] for k in trx])
    hi = np.array([{1: 2.8, 2: 7.0, 3: 11.5, 4: 16.0}[k] for k in trx])
    urban_erl = lo + (hi - lo) * rng.beta(2.0, 1.6, n)
    busy = np.where(rural, urban_erl / rng.uniform(5, 10, n), urban_erl)
    # keep the busy hour's blocking low: heavy cells block a little at their peaks, never for long
    for _ in range(30):
        blocked = erlang_b(busy[:, None], channels)[:, 0] > 0.007
        if not blocked.any():
            break
        busy = np.where(blocked, busy * 0.95, busy)
    heavy = rng.random(n)
    # up to 1.35 %: with the per-period spread and bursts a healthy cell stays under the usual 2 % threshold
    drop = np.clip(0.0045 * rng.lognormal(0, 0.55, n) * np.where(rural, 1.25, 1.0), 0.0008, 0.0135)
    return Healthy(
        busy_erl=busy,
        channels=channels,
        hold_s=rng.uniform(55, 110, n),
        drop_p=drop,
        tch_fail_p=np.clip(0.005 * rng.lognormal(0, 0.5, n), 0.001, 0.025),
        sdcch_fail_p=np.clip(0.006 * rng.lognormal(0, 0.5, n) * np.where(rural, 1.5, 1.0), 0.001, 0.03),
        sdcch_cong_p=np.where(heavy < 0.1, rng.uniform(0.003, 0.015, n), 0.0004),
        lu_ratio=rng.uniform(0.3, 0.9, n) * np.where(lac_border(layout), rng.uniform(1.3, 2.2, n), 1.0),
        rxlev=np.where(rural, rng.uniform(-93, -80, n), rng.uniform(-80, -66, n)),
        badq=np.where(heavy > 0.9, rng.uniform(3.0, 5.0, n), rng.uniform(0.5, 3.0, n)),
        band45=np.where(heavy > 0.95, rng.uniform(0.01, 0.03, n), rng.uniform(0.001, 0.008, n)),
        ho_rate=np.where(rural, rng.uniform(0.2, 0.5, n), rng.uniform(0.5, 1.1, n)),
        gprs_util=np.where(rural, rng.uniform(0.03, 0.12, n), rng.uniform(0.15, 0.45, n)),
        tbf_fail_p=np.clip(0.008 * rng.lognormal(0, 0.5, n), 0.002, 0.03),
        low_cs=np.where(rural, rng.uniform(12, 30, n), rng.uniform(5, 22, n)),
        business=~rural & (rng.random(n) < 0.35),
    )


def lac_border(layout: Layout) -> np.ndarray:
    lac = layout.cells["lac"].to_numpy()
    return np.array([any(lac[j] != lac[c] for j in ns) for c, ns in enumerate(layout.nb)])


def overdispersed(rng, mean: np.ndarray, k: float = 8.0) -> np.ndarray:
    """Poisson counts whose rate itself varies (gamma mixing): burstier than Poisson."""
    return rng.poisson(mean * rng.gamma(k, 1.0 / k, mean.shape))


def binom(rng, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    return rng.binomial(np.maximum(n, 0).astype(np.int64), np.clip(p, 0.0, 1.0))


@dataclass
class Voice:
    cell: dict[str, np.ndarray]  # (C, P)
    trx: dict[str, np.ndarray]  # (C, P, MAX_TRX)
    relation: dict[str, np.ndarray]  # (C, P, R) with the relation targets
    targets: np.ndarray  # (C, R) neighbour index, -1 = none


def voice(rng: np.random.Generator, layout: Layout, h: Healthy, cond: Conditions) -> Voice:
    n, p = layout.n, cond.periods
    silent = cond.dead | cond.hung | (cond.down_s >= PERIOD_S)
    profile = day_profile(cond, h.business)
    offered = h.busy_erl[:, None] * profile * rng.lognormal(0, 0.22, (n, p)) * cond.load
    offered = np.where(silent, 0.0, offered)
    up_share = 1.0 - np.clip(cond.down_s / PERIOD_S, 0, 1)
    setups = overdispersed(rng, offered * PERIOD_S / h.hold_s[:, None] / 0.93 * up_share)
    setups = setups - binom(rng, setups, 0.45 * (1.0 - cond.mt_share))  # MT set-ups that never arrive
    sms = rng.poisson(0.4 * setups)
    lu = overdispersed(rng, setups * h.lu_ratio[:, None] * cond.lu_mult + np.where(silent, 0, 0.3 * up_share), 4.0)
    sdcch = setups + sms + lu
    busy_factor = np.clip(profile * cond.load, 0, 2) ** 2
    sdcch_cong = binom(rng, sdcch, h.sdcch_cong_p[:, None] * busy_factor + cond.sdcch_cong_add)
    sdcch_fail = binom(rng, sdcch - sdcch_cong, h.sdcch_fail_p[:, None] * rng.lognormal(0, 0.3, (n, p)) + cond.sdcch_fail_add)
    seized = sdcch - sdcch_cong - sdcch_fail
    sdcch_drops = binom(rng, seized, 0.004)
    call_ok = binom(rng, setups, 1.0 - (sdcch_cong + sdcch_fail) / np.maximum(sdcch, 1))
    tch_att = binom(rng, call_ok, 0.95)
    blocking = erlang_b(offered, h.channels)
    tch_cong = binom(rng, tch_att, blocking + cond.tch_cong_add)

    # TRXs: the BCCH TRX has two fewer traffic timeslots
    exists = np.arange(MAX_TRX)[None, :] < layout.trx_count[:, None]
    weight = np.where(exists, np.where(np.arange(MAX_TRX) == 0, 0.75, 1.0), 0.0)
    assign = _split(rng, tch_att - tch_cong, weight)
    fail_p = (h.tch_fail_p[:, None] * rng.lognormal(0, 0.3, (n, p)) + cond.tch_fail_add)[..., None] + cond.trx_fail_add[:, None, :]
    fail = binom(rng, assign, fail_p)
    seiz = assign - fail
    redial = rng.poisson(seiz * cond.trx_redial[:, None, :])
    seiz, assign = seiz + redial, assign + redial
    tch_att = tch_att + redial.sum(-1)
    burst = np.where(rng.random((n, p)) < 0.01, 4.0, 1.0)
    drop_p = (h.drop_p[:, None] * rng.lognormal(0, 0.4, (n, p)) * burst * cond.drop_mult)[..., None] * cond.trx_drop_mult[:, None, :]
    drops = binom(rng, seiz, drop_p)
    hold = rng.gamma(np.maximum(seiz, 1e-9), h.hold_s[:, None, None] * cond.trx_hold_mult[:, None, :]) * (seiz > 0)
    no_tch = cond.no_tch[..., None]
    assign, fail, seiz, drops, hold = (np.where(no_tch, 0, v) for v in (assign, fail, seiz, drops, hold))
    tch_att, tch_cong = np.where(cond.no_tch, 0, tch_att), np.where(cond.no_tch, 0, tch_cong)
    erl = hold.sum(-1) / PERIOD_S

    available = np.where(cond.dead, 0.0, h.channels[:, None] - rng.exponential(0.05, (n, p))) * up_share
    idle = np.clip(available - erl, 0, None)
    band45 = np.clip(np.where(rng.random((n, p)) < 0.03, rng.uniform(0.02, 0.08, (n, p)), h.band45[:, None]) + cond.band45, 0, 0.95)
    b2 = rng.uniform(0.02, 0.08, (n, p)) * (1 - band45)
    b3 = rng.uniform(0.0, 0.03, (n, p)) * (1 - band45)
    b5_share = rng.uniform(0.3, 0.6, (n, p))
    bands = [idle * (1 - band45 - b2 - b3), idle * b2, idle * b3, idle * band45 * (1 - b5_share), idle * band45 * b5_share]

    relation, ho = _handovers(rng, layout, h, cond, seiz.sum(-1), silent | cond.no_tch)
    quiet = silent | (erl <= 0)
    cell = {
        "call_attempts": setups, "sdcch_attempts": sdcch, "sdcch_assign_fail": sdcch_fail, "sdcch_congestion": sdcch_cong,
        "sdcch_drops": sdcch_drops, "tch_attempts": tch_att, "tch_assign_fail": fail.sum(-1), "tch_congestion": tch_cong,
        "tch_seizures": seiz.sum(-1), "tch_drops": drops.sum(-1), "tch_traffic_erl": erl, "tch_available": available,
        "unavailable_s": np.round(cond.down_s), **ho,
        **{f"idle_tch_band{b + 1}": bands[b] for b in range(5)},
        "location_updates": lu, "paging_sent": _paging(rng, layout, setups, sms, silent | cond.dead),
        "paging_discarded": np.zeros((n, p), dtype=int),
        "agch_discarded": binom(rng, setups, cond.agch_p + np.where(layout.cells["bs_ag_blks_res"].to_numpy()[:, None] == 1, 0.0003 * busy_factor, 0.0)),
        "rxlev_dl_avg": np.where(quiet & (setups == 0), np.nan, h.rxlev[:, None] + rng.normal(0, 1.2, (n, p)) + cond.rxlev_add),
        "bad_quality_good_level_pct": np.where(quiet, np.nan, np.clip(h.badq[:, None] + rng.normal(0, 0.5, (n, p)) + cond.badq_add, 0, 100)),
    }  # fmt: skip
    trx = {"tch_seizures": seiz, "tch_hold_s": hold, "tch_assign_attempts": assign, "tch_assign_fail": fail, "tch_drops": drops}
    return Voice(cell, trx, relation, ho_targets(layout))


def _split(rng, total: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Split (C, P) totals over the last axis of (C, K) weights, exactly (conditional binomials)."""
    w = np.broadcast_to(weight[:, None, :], (*total.shape, weight.shape[-1]))
    suffix = np.flip(np.cumsum(np.flip(w, -1), -1), -1)
    out = np.zeros(w.shape, dtype=np.int64)
    left = np.maximum(total, 0).astype(np.int64)
    for k in range(w.shape[-1]):
        share = np.divide(w[..., k], suffix[..., k], out=np.zeros(total.shape), where=suffix[..., k] > 0)
        out[..., k] = rng.binomial(left, np.clip(share, 0, 1))
        left = left - out[..., k]
    return out


def ho_targets(layout: Layout) -> np.ndarray:
    r = max(len(ns) for ns in layout.nb)
    out = np.full((layout.n, r), -1)
    for c, ns in enumerate(layout.nb):
        out[c, : len(ns)] = ns
    return out


def _handovers(rng, layout: Layout, h: Healthy, cond: Conditions, seizures: np.ndarray, off: np.ndarray) -> tuple[dict, dict]:
    targets = ho_targets(layout)
    valid = targets >= 0
    tgt = np.where(valid, targets, 0)
    km = np.hypot(*(layout.xy[tgt] - layout.xy[:, None, :]).transpose(2, 0, 1))
    weight = np.where(valid, 1.0 / (km / layout.spacing[:, None] + 0.3), 0.0)
    out = rng.poisson(seizures * h.ho_rate[:, None])
    attempts = _split(rng, out, weight)  # (C, P, R)
    attempts = np.where(off[tgt].transpose(0, 2, 1) | ~valid[:, None, :], 0, attempts)
    n, r = targets.shape
    success_p = np.where(rng.random((n, r)) < 0.1, rng.uniform(0.88, 0.94, (n, r)), rng.uniform(0.94, 0.99, (n, r)))
    reject = np.full((n, r), 0.15)
    for (c, j), (p_ok, rejected) in cond.ho_override.items():
        slot = np.flatnonzero(targets[c] == j)
        success_p[c, slot], reject[c, slot] = p_ok, rejected
    success = binom(rng, attempts, success_p[:, None, :])
    failed = attempts - success
    rejected = binom(rng, failed, reject[:, None, :])
    returned = binom(rng, failed - rejected, 0.7)
    lost = failed - rejected - returned
    ho_in = np.zeros(seizures.shape, dtype=np.int64)
    ho_in_ok = np.zeros(seizures.shape, dtype=np.int64)
    src, slot = np.nonzero(valid)
    np.add.at(ho_in, targets[src, slot], attempts[src, :, slot])
    np.add.at(ho_in_ok, targets[src, slot], success[src, :, slot])
    cell = {"ho_out_attempts": attempts.sum(-1), "ho_out_success": success.sum(-1), "ho_in_attempts": ho_in, "ho_in_success": ho_in_ok}
    relation = {"ho_attempts": attempts, "ho_success": success, "ho_fail_return": returned, "ho_drops": lost}
    return relation, cell


def _paging(rng, layout: Layout, setups, sms, off) -> np.ndarray:
    """Pages go to every cell of the location area alike."""
    codes, lac = np.unique(layout.cells["lac"].to_numpy(), return_inverse=True)
    pages = np.zeros((len(codes), setups.shape[1]))
    np.add.at(pages, lac, 0.45 * 1.4 * setups + 0.6 * sms)
    return np.where(off, 0, rng.poisson(pages)[lac])


def gprs(rng, layout: Layout, h: Healthy, cond: Conditions) -> dict[str, np.ndarray]:
    n, p = layout.n, cond.periods
    silent = cond.dead | cond.hung | (cond.down_s >= PERIOD_S) | cond.gprs_off
    profile = day_profile(cond, h.business)
    pdch_max = np.repeat(layout.cells["max_pdch"].to_numpy(float)[:, None], p, axis=1)
    util = np.clip(h.gprs_util[:, None] * profile * rng.lognormal(0, 0.3, (n, p)) * cond.gprs_util_mult, 0, 0.99)
    used = np.where(silent, 0.0, pdch_max * util)
    attempts = overdispersed(rng, used * 30)
    congestion = binom(rng, attempts, np.clip(util - 0.85, 0, None) * 0.2 + cond.tbf_cong_add)
    fail = np.where(cond.gprs_fail_all, attempts, binom(rng, attempts - congestion, h.tbf_fail_p[:, None]))
    used = np.where(cond.gprs_fail_all, 0.0, used)
    low = np.clip(h.low_cs[:, None] + rng.normal(0, 2, (n, p)) + cond.low_cs_add, 0, 100)
    return {
        "pdch_used_avg": used, "pdch_max": pdch_max, "tbf_attempts": attempts, "tbf_fail": fail,
        "tbf_congestion": congestion, "dl_kbytes": used * PERIOD_S * rng.uniform(1.0, 1.7, (n, p)) * np.clip(1.3 - low / 100, 0.3, 1),
        "low_cs_share_pct": np.where((attempts == 0) | cond.gprs_fail_all, np.nan, low),
    }  # fmt: skip
