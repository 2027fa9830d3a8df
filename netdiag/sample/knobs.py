"""The parameters the counter model draws from ("knobs"), with healthy defaults.

Faults are injected by turning knobs (a cell's drop probability, a circuit's mean hold, ...) before
any counter is drawn, so every fault shows up consistently in every table that depends on it.
Arrays are indexed [cell, hour], [cell, hour, trx slot], [cell, relation slot], [bsc, hour] or
[circuit]; trx slot k is TRX k+1, relation slot r is `Network.nb_idx[:, r]`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .network import MAX_NEIGHBOURS, Network

MAX_TRX = 4
# Share of the busy-hour traffic by hour of day: quiet night, busy 10-12 h and 19-21 h.
DIURNAL = np.array(
    [0.22, 0.13, 0.09, 0.07, 0.07, 0.10, 0.22, 0.45, 0.70, 0.86, 0.97, 1.00,
     0.96, 0.85, 0.83, 0.86, 0.88, 0.86, 0.88, 0.96, 1.00, 0.97, 0.75, 0.45]
)  # fmt: skip
# Busy-hour Erlang per cell by TRX count, so a cell is neither idle nor congested for its size.
BUSY_ERL = {1: (2.0, 2.8), 2: (3.5, 7.0), 3: (6.0, 11.0), 4: (9.0, 15.0)}
TRAFFIC_TS = [*range(1, 16), *range(17, 32)]  # A-interface PCM timeslots that carry traffic
A_HOLD_S = 90.0  # mean call hold on the A interface


@dataclass
class Circuits:
    """A-interface circuits of all BSCs (018 report rows and their states)."""

    bsc: np.ndarray  # BSC index
    pcm: np.ndarray
    ts: np.ndarray
    group: np.ndarray  # Ater group of four along TRAFFIC_TS (0-7); group 3 is TS13-15+17
    ater_highway: np.ndarray
    ater_ts: np.ndarray
    blocked: np.ndarray  # bool: blocked on both sides, carries nothing
    weight: np.ndarray  # share of the BSC's calls the circuit gets (hunting is not perfectly even)
    seize_factor: np.ndarray  # extra seizures (a faulty circuit is retried)
    hold_s: np.ndarray  # mean hold per seizure, s
    state_fault: np.ndarray  # object: a BSC-side state ('blocked', 'faulty') the MSC does not know; '' = none

    def __len__(self) -> int:
        return len(self.bsc)


@dataclass
class Knobs:
    hours: int
    profile: np.ndarray  # (H,) diurnal share of busy-hour traffic
    # ---- cell, per hour (C, H)
    traffic_erl: np.ndarray  # offered traffic target, Erlang
    down: np.ndarray  # bool: cell out of service (counters zero, tch_available 0, unavailable_s 3600)
    trx_down: np.ndarray  # bool: no TRX in service, no alarm of the cell (counters and tch_available 0, unavailable_s 0)
    hung: np.ndarray  # bool: cell in service but silent (counters zero, tch_available normal)
    no_tch: np.ndarray  # bool: call set-ups never reach a TCH (every TCH counter zero, signalling normal)
    tch_congestion_p: np.ndarray
    tch_assign_fail_p: np.ndarray
    drop_p: np.ndarray
    sdcch_congestion_p: np.ndarray
    sdcch_assign_fail_p: np.ndarray
    sdcch_drop_p: np.ndarray
    agch_discard_p: np.ndarray
    paging_discard_p: np.ndarray
    lu_ratio: np.ndarray  # location updates per call attempt
    band45_share: np.ndarray  # share of idle TCHs in interference bands 4-5; 0 = normal spread
    rxlev_dbm: np.ndarray
    bad_quality_pct: np.ndarray
    # ---- cell, static (C,)
    hold_s: np.ndarray  # mean TCH hold of the cell
    tch_per_trx: np.ndarray  # available TCHs per TRX
    ho_per_seizure: np.ndarray  # outgoing handover attempts per seizure
    # ---- TRX (C, MAX_TRX) static and (C, H, MAX_TRX) hourly
    trx_weight: np.ndarray  # share of the cell's seizures; 0 = no such TRX
    trx_fail_weight: np.ndarray  # the TRX's assignment-failure probability / the cell's
    trx_drop_weight: np.ndarray  # the TRX's drop probability / the cell's
    trx_extra_seizures: np.ndarray  # (C,H,K) extra seizures per normal seizure (redials on a bad TRX)
    trx_hold_s: np.ndarray  # (C,H,K) mean hold per seizure
    # ---- neighbour relations (C, MAX_NEIGHBOURS)
    ho_success_p: np.ndarray
    ho_return_p: np.ndarray  # share of failed handovers that return to the old channel
    ho_drop_p: np.ndarray  # share of the remaining failures lost (the rest were rejected)
    # ---- GPRS (C, H)
    pdch_util: np.ndarray  # used PDCH / max PDCH
    tbf_fail_p: np.ndarray
    tbf_congestion_p: np.ndarray
    low_cs_pct: np.ndarray
    gprs_hung: np.ndarray  # bool: TBF requests all fail, nothing carried
    # ---- BSC (B, H); GPUs (B, 2, H) with gpu_count (B,)
    sccp_loss_p: np.ndarray
    sccp_cref_share: np.ndarray
    gpu_count: np.ndarray
    gpu_load_pct: np.ndarray
    gpu_congestion_s: np.ndarray
    circuits: Circuits


def hourly_profile(start: pd.Timestamp, hours: int) -> np.ndarray:
    return DIURNAL[(start.hour + np.arange(hours)) % 24]


def default_knobs(rng: np.random.Generator, net: Network, start: pd.Timestamp, hours: int) -> Knobs:
    n, h = net.n_cells, hours
    profile = hourly_profile(start, hours)
    trx_count = net.trx_count
    lo = np.array([BUSY_ERL[k][0] for k in trx_count])
    hi = np.array([BUSY_ERL[k][1] for k in trx_count])
    busy_erl = rng.uniform(lo, hi)
    traffic = busy_erl[:, None] * profile[None, :] * rng.lognormal(0.0, 0.12, (n, h))

    def per_cell(low: float, high: float) -> np.ndarray:
        return np.repeat(rng.uniform(low, high, (n, 1)), h, axis=1)

    slots = np.arange(MAX_TRX)[None, :]
    exists = slots < trx_count[:, None]
    trx_weight = np.where(exists, np.where(slots == 0, 0.8, 1.0), 0.0)  # the BCCH TRX carries a bit less
    hold = rng.uniform(75, 100, n)
    n_bsc = len(net.bsc_names)
    gpu_count = rng.integers(1, 3, n_bsc)
    gpu_load = 20 + 40 * profile[None, None, :] * rng.uniform(0.8, 1.0, (n_bsc, 2, 1)) * rng.lognormal(0, 0.05, (n_bsc, 2, h))
    relation_shape = (n, MAX_NEIGHBOURS)
    return Knobs(
        hours=h,
        profile=profile,
        traffic_erl=traffic,
        down=np.zeros((n, h), dtype=bool),
        trx_down=np.zeros((n, h), dtype=bool),
        hung=np.zeros((n, h), dtype=bool),
        no_tch=np.zeros((n, h), dtype=bool),
        tch_congestion_p=np.full((n, h), 0.002),
        tch_assign_fail_p=per_cell(0.007, 0.013),
        drop_p=per_cell(0.004, 0.008),  # a 1-TRX cell stays clear of 2 % (high_drop_cell's floor)
        sdcch_congestion_p=np.full((n, h), 0.001),
        sdcch_assign_fail_p=per_cell(0.003, 0.007),
        sdcch_drop_p=per_cell(0.002, 0.004),
        agch_discard_p=np.zeros((n, h)),
        paging_discard_p=np.full((n, h), 2e-6),
        lu_ratio=rng.uniform(0.2, 0.6, n) * np.where(lac_border_cells(net), rng.uniform(1.0, 1.5, n), 1.0),
        band45_share=np.zeros((n, h)),
        rxlev_dbm=per_cell(-80, -70) + np.clip(rng.normal(0, 0.4, (n, h)), -1.0, 1.0),
        bad_quality_pct=np.clip(per_cell(1.2, 2.8) + rng.normal(0, 0.15, (n, h)), 1.0, 3.0),
        hold_s=hold,
        tch_per_trx=rng.uniform(7.2, 7.8, n),
        ho_per_seizure=rng.uniform(0.5, 0.7, n),
        trx_weight=trx_weight,
        trx_fail_weight=exists.astype(float),
        trx_drop_weight=exists.astype(float),
        trx_extra_seizures=np.zeros((n, h, MAX_TRX)),
        trx_hold_s=np.repeat(hold[:, None, None], h, axis=1) * rng.uniform(0.92, 1.08, (n, 1, MAX_TRX)),
        ho_success_p=rng.uniform(0.96, 0.99, relation_shape),
        ho_return_p=np.full(relation_shape, 0.6),
        ho_drop_p=np.full(relation_shape, 0.4),
        pdch_util=np.clip(0.2 + 0.4 * profile[None, :] * rng.lognormal(0, 0.08, (n, h)), 0.2, 0.6),
        tbf_fail_p=per_cell(0.006, 0.014),
        tbf_congestion_p=np.zeros((n, h)),
        low_cs_pct=np.clip(per_cell(5, 20) + rng.normal(0, 0.8, (n, h)), 5, 20),
        gprs_hung=np.zeros((n, h), dtype=bool),
        sccp_loss_p=np.repeat(rng.uniform(0.001, 0.005, (n_bsc, 1)), h, axis=1),
        sccp_cref_share=np.full((n_bsc, h), 0.2),
        gpu_count=gpu_count,
        gpu_load_pct=np.clip(gpu_load, 20, 60),
        gpu_congestion_s=np.zeros((n_bsc, 2, h)),
        circuits=_circuits(rng, net, busy_erl),
    )


def _circuits(rng: np.random.Generator, net: Network, busy_erl: np.ndarray) -> Circuits:
    """Enough PCMs per BSC for its busy-hour traffic plus margin, at least three. Ater: three A PCMs
    per highway, one Ater timeslot per group of four A circuits."""
    peak = np.bincount(net.bsc, weights=busy_erl, minlength=len(net.bsc_names))
    pcms = np.maximum(3, np.ceil(peak * 1.2 / len(TRAFFIC_TS))).astype(int)
    bsc = np.repeat(np.arange(len(pcms)), pcms * len(TRAFFIC_TS))
    pcm = np.concatenate([np.repeat(np.arange(1, k + 1), len(TRAFFIC_TS)) for k in pcms])
    position = np.tile(np.arange(len(TRAFFIC_TS)), pcms.sum())
    group = position // 4
    n = len(bsc)
    bsc_hold = A_HOLD_S * rng.uniform(0.95, 1.05, len(pcms))
    return Circuits(
        bsc=bsc,
        pcm=pcm,
        ts=np.array(TRAFFIC_TS)[position],
        group=group,
        ater_highway=(pcm - 1) // 3 + 1,
        ater_ts=((pcm - 1) % 3) * 8 + group + 1,
        blocked=rng.random(n) < 0.004,
        weight=rng.gamma(30.0, 1 / 30.0, n),
        seize_factor=np.ones(n),
        hold_s=bsc_hold[bsc] * rng.uniform(0.95, 1.05, n),
        state_fault=np.full(n, "", dtype=object),
    )


def lac_border_cells(net: Network) -> np.ndarray:
    """(C,) bool: the cell lists a neighbour in another LAC (its idle mobiles reselect across the border)."""
    lac = net.cells["lac"].to_numpy()
    valid = net.nb_idx >= 0
    return (valid & (lac[np.where(valid, net.nb_idx, 0)] != lac[:, None])).any(axis=1)
