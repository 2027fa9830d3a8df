"""Voice counters: cell_kpi, trx_kpi and the per-relation handovers (180 report), drawn from the knobs.

Everything is drawn at once over [cell, hour(, slot)] arrays. Counts come from Poisson/binomial
draws and are split over TRXs and relations with conditional binomials, so totals always add up:
TRX totals equal cell totals, and relation handovers sum to the cells' ho_out/ho_in counters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .knobs import Knobs
from .network import Network

PERIOD_S = 3600


@dataclass
class VoiceCounters:
    cell: dict[str, np.ndarray]  # column -> (C, H)
    trx: dict[str, np.ndarray]  # column -> (C, H, MAX_TRX)
    relation: dict[str, np.ndarray]  # column -> (C, MAX_NEIGHBOURS), summed over the period


def split_counts(rng: np.random.Generator, total: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Split integer totals over the last axis of `weights` (multinomial, by conditional binomials).
    A slot of weight 0 gets nothing; `total` must be 0 wherever all weights are 0."""
    weights = np.broadcast_to(weights, (*total.shape, weights.shape[-1])).astype(float)
    # weight still to come from slot k on; exact when the later slots weigh 0, so p reaches 1
    suffix = np.flip(np.cumsum(np.flip(weights, -1), -1), -1)
    out = np.zeros(weights.shape, dtype=np.int64)
    remaining = total.astype(np.int64)
    for k in range(weights.shape[-1]):
        p = np.divide(weights[..., k], suffix[..., k], out=np.zeros(total.shape), where=suffix[..., k] > 0)
        out[..., k] = rng.binomial(remaining, np.clip(p, 0.0, 1.0))
        remaining = remaining - out[..., k]
    return out


def voice_counters(rng: np.random.Generator, net: Network, k: Knobs) -> VoiceCounters:
    up = ~k.down
    silent = k.down | k.trx_down | k.hung  # no traffic at all
    tch_ok = ~(silent | k.no_tch)  # cells that carry calls (and take handovers)
    traffic = np.where(silent, 0.0, k.traffic_erl)

    # TCH: attempts -> congestion -> per-TRX assignment failures -> seizures. Attempts are raised so
    # the carried traffic stays on target, but not for a TRX that fails (nearly) every assignment.
    fail_p = np.minimum(k.tch_congestion_p + k.tch_assign_fail_p, 0.3)
    attempts = rng.poisson(traffic * PERIOD_S / k.hold_s[:, None] / (1.0 - fail_p))
    congestion = rng.binomial(attempts, k.tch_congestion_p)
    trx_assign = split_counts(rng, attempts - congestion, k.trx_weight[:, None, :])
    trx_fail_p = np.clip(k.tch_assign_fail_p[..., None] * k.trx_fail_weight[:, None, :], 0.0, 1.0)
    trx_fail = rng.binomial(trx_assign, trx_fail_p)
    trx_seiz = trx_assign - trx_fail
    # a faulty TRX is retried: extra seizures, also counted as cell attempts and seizures
    trx_extra = rng.poisson(trx_seiz * k.trx_extra_seizures)
    trx_seiz = trx_seiz + trx_extra
    trx_assign = trx_assign + trx_extra
    attempts = attempts + trx_extra.sum(axis=-1)
    trx_drop_p = np.clip(k.drop_p[..., None] * k.trx_drop_weight[:, None, :], 0.0, 1.0)
    trx_drops = rng.binomial(trx_seiz, trx_drop_p)
    trx_hold = rng.gamma(trx_seiz, k.trx_hold_s)  # a sum of exponential call durations

    # signalling: call set-ups (some never reach a TCH), location updates, SMS
    calls = attempts + rng.binomial(attempts, 0.05)
    lu = rng.poisson(calls * k.lu_ratio[:, None])
    sms = rng.poisson(0.35 * attempts)
    sdcch = calls + lu + sms
    sdcch_cong = rng.binomial(sdcch, k.sdcch_congestion_p)
    sdcch_fail = rng.binomial(sdcch - sdcch_cong, k.sdcch_assign_fail_p)
    sdcch_drops = rng.binomial(sdcch - sdcch_cong - sdcch_fail, k.sdcch_drop_p)
    paging = _paging(rng, net, calls, sms, up & ~k.trx_down)

    # a cell whose set-ups never reach a TCH: signalling as above, every TCH counter zero
    trx_assign, trx_fail, trx_seiz, trx_drops, trx_hold = (
        np.where(tch_ok[..., None], v, 0) for v in (trx_assign, trx_fail, trx_seiz, trx_drops, trx_hold)
    )
    attempts, congestion = np.where(tch_ok, attempts, 0), np.where(tch_ok, congestion, 0)
    assign_fail, seizures, drops = trx_fail.sum(axis=-1), trx_seiz.sum(axis=-1), trx_drops.sum(axis=-1)
    erl = trx_hold.sum(axis=-1) / PERIOD_S

    in_service = up & ~k.trx_down
    available = np.where(in_service, (net.trx_count * k.tch_per_trx)[:, None] + rng.normal(0, 0.02, traffic.shape), 0.0)
    idle = np.clip(available - erl, 0.0, None)
    bands = idle[..., None] * _band_shares(rng, k.band45_share)

    relation, ho = _handovers(rng, net, k, seizures, tch_ok)
    cell = {
        "call_attempts": calls,
        "sdcch_attempts": sdcch,
        "sdcch_assign_fail": sdcch_fail,
        "sdcch_congestion": sdcch_cong,
        "sdcch_drops": sdcch_drops,
        "tch_attempts": attempts,
        "tch_assign_fail": assign_fail,
        "tch_congestion": congestion,
        "tch_seizures": seizures,
        "tch_drops": drops,
        "tch_traffic_erl": erl,
        "tch_available": available,
        "unavailable_s": np.where(up, 0, PERIOD_S),
        **ho,
        **{f"idle_tch_band{b + 1}": bands[..., b] for b in range(5)},
        "location_updates": lu,
        "paging_sent": paging,
        "paging_discarded": rng.binomial(paging, k.paging_discard_p),
        "agch_discarded": rng.binomial(calls, k.agch_discard_p),
        "rxlev_dl_avg": np.where(silent, np.nan, k.rxlev_dbm),
        "bad_quality_good_level_pct": np.where(silent, np.nan, k.bad_quality_pct),
    }
    trx = {
        "tch_seizures": trx_seiz,
        "tch_hold_s": trx_hold,
        "tch_assign_attempts": trx_assign,
        "tch_assign_fail": trx_fail,
        "tch_drops": trx_drops,
    }
    return VoiceCounters(cell, trx, relation)


def _paging(rng, net: Network, calls, sms, up) -> np.ndarray:
    """Paging is broadcast over the whole location area: every cell of a LAC sends the same pages
    (for mobile-terminated calls and SMS, with repeats)."""
    lac_codes, lac = np.unique(net.cells["lac"].to_numpy(), return_inverse=True)
    pages = np.zeros((len(lac_codes), calls.shape[1]))
    np.add.at(pages, lac, 0.45 * 1.3 * calls + 0.5 * sms)
    return np.where(up, rng.poisson(pages)[lac], 0)


def _band_shares(rng, band45: np.ndarray) -> np.ndarray:
    """Share of idle TCHs per interference band: ~90%+ in band 1, a little in 2-3, bands 4-5 under
    2% together unless a fault sets band45 (then split 40-60 / 60-40 over bands 4 and 5)."""
    shape = band45.shape
    b2 = rng.uniform(0.02, 0.07, shape)
    b3 = rng.uniform(0.0, 0.02, shape)
    b4 = rng.uniform(0.0, 0.008, shape)
    b5 = rng.uniform(0.0, 0.004, shape) * (rng.random(shape) < 0.2)
    shares = np.stack([1 - b2 - b3 - b4 - b5, b2, b3, b4, b5], axis=-1)
    hit = band45 > 0
    b4_hit = band45 * rng.uniform(0.4, 0.6, shape)
    clean = shares[..., :3] / shares[..., :3].sum(axis=-1, keepdims=True) * (1 - band45)[..., None]
    faulty = np.concatenate([clean, b4_hit[..., None], (band45 - b4_hit)[..., None]], axis=-1)
    return np.where(hit[..., None], faulty, shares)


def _handovers(rng, net: Network, k: Knobs, seizures: np.ndarray, tch_ok: np.ndarray) -> tuple[dict, dict]:
    """Outgoing handover attempts split over the neighbour relations, nearer neighbours taking more;
    none towards a target that carries no calls (down, hung, no TCH). Returns (daily per-relation
    sums, hourly cell counters)."""
    valid = net.nb_idx >= 0
    target = np.where(valid, net.nb_idx, 0)
    weight = np.where(valid, 1.0 / (net.nb_km + 0.3), 0.0)
    out = rng.poisson(seizures * k.ho_per_seizure[:, None])
    attempts = split_counts(rng, out, weight[:, None, :])  # (C, H, R)
    target_up = tch_ok[target].transpose(0, 2, 1)  # (C, H, R)
    attempts = np.where(target_up & valid[:, None, :], attempts, 0)
    success = rng.binomial(attempts, k.ho_success_p[:, None, :])
    returned = rng.binomial(attempts - success, k.ho_return_p[:, None, :])
    lost = rng.binomial(attempts - success - returned, k.ho_drop_p[:, None, :])

    n, h = seizures.shape
    src, slot = np.nonzero(valid)
    ho_in = np.zeros((n, h), dtype=np.int64)
    ho_in_ok = np.zeros((n, h), dtype=np.int64)
    np.add.at(ho_in, net.nb_idx[src, slot], attempts[src, :, slot])
    np.add.at(ho_in_ok, net.nb_idx[src, slot], success[src, :, slot])
    hourly = {
        "ho_out_attempts": attempts.sum(axis=-1),
        "ho_out_success": success.sum(axis=-1),
        "ho_in_attempts": ho_in,
        "ho_in_success": ho_in_ok,
    }
    daily = {
        "ho_attempts": attempts.sum(axis=1),
        "ho_success": success.sum(axis=1),
        "ho_fail_return": returned.sum(axis=1),
        "ho_drops": lost.sum(axis=1),
    }
    return daily, hourly
