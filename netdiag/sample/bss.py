"""BSC-side and GPRS counters: A circuits (018), circuit states, SCCP (025), GPRS, GPU, and the
benign background alarms every OMC-R shows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .knobs import Knobs
from .network import Network
from .traffic import VoiceCounters


def per_bsc(net: Network, values: np.ndarray) -> np.ndarray:
    """(C, ...) cell values summed per BSC -> (B, ...)."""
    out = np.zeros((len(net.bsc_names), *values.shape[1:]), dtype=values.dtype)
    np.add.at(out, net.bsc, values)
    return out


def a_circuits(rng: np.random.Generator, net: Network, k: Knobs, voice: VoiceCounters) -> dict[str, np.ndarray]:
    """Each BSC's calls over its circuits for the whole period; the hold time of a circuit is a sum
    of exponential call durations around its mean."""
    c = k.circuits
    calls = per_bsc(net, voice.cell["tch_seizures"].sum(axis=1).astype(float))
    share = np.where(c.blocked | (c.state_fault != ""), 0.0, c.weight)
    share = share / np.bincount(c.bsc, weights=share, minlength=len(calls))[c.bsc]
    seizures = rng.poisson(calls[c.bsc] * share * c.seize_factor)
    return {"seizures": seizures, "hold_s": rng.gamma(seizures, c.hold_s)}


def circuit_states(rng: np.random.Generator, k: Knobs, seizures: np.ndarray, hold_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A snapshot: busy with the circuit's occupancy, else idle; the two sides sometimes differ
    between busy and idle (not a mismatch); blocked circuits are blocked on both sides; a circuit
    with a state fault has it on the BSC side only (the MSC sees it idle)."""
    c = k.circuits
    occupancy = np.clip(hold_s / (k.hours * 3600.0), 0, 1)
    bsc_busy = rng.random(len(c)) < occupancy
    msc_busy = np.where(rng.random(len(c)) < 0.03, ~bsc_busy, bsc_busy)
    bsc_state = np.where(c.blocked, "blocked", np.where(bsc_busy, "busy", "idle"))
    msc_state = np.where(c.blocked, "blocked", np.where(msc_busy, "busy", "idle"))
    fault = c.state_fault != ""
    bsc_state = np.where(fault, c.state_fault, bsc_state)
    msc_state = np.where(fault, "idle", msc_state)
    return bsc_state.astype(object), msc_state.astype(object)


def sccp(rng: np.random.Generator, net: Network, k: Knobs, voice: VoiceCounters) -> dict[str, np.ndarray]:
    """Every seized SDCCH opens an SCCP connection to the MSC; a few get no confirm."""
    cell = voice.cell
    seized = cell["sdcch_attempts"] - cell["sdcch_congestion"] - cell["sdcch_assign_fail"]
    cr = per_bsc(net, seized)
    lost = rng.binomial(cr, k.sccp_loss_p)
    return {"cr_sent": cr, "cc_received": cr - lost, "cref_received": rng.binomial(lost, k.sccp_cref_share)}


def gprs(rng: np.random.Generator, net: Network, k: Knobs) -> dict[str, np.ndarray]:
    """Requests in proportion to the PDCHs in use; a hung GPRS cell still gets the requests but
    every TBF fails and nothing is carried."""
    silent = k.down | k.trx_down | k.hung
    pdch_max = np.repeat(net.cells["max_pdch"].to_numpy(dtype=float)[:, None], k.hours, axis=1)
    used = np.where(silent, 0.0, pdch_max * k.pdch_util)
    attempts = rng.poisson(used * 120)
    fail = np.where(k.gprs_hung, attempts, rng.binomial(attempts, k.tbf_fail_p))
    congestion = np.where(k.gprs_hung, 0, rng.binomial(attempts, k.tbf_congestion_p))
    used = np.where(k.gprs_hung, 0.0, used)
    return {
        "pdch_used_avg": used,
        "pdch_max": pdch_max,
        "tbf_attempts": attempts,
        "tbf_fail": fail,
        "tbf_congestion": congestion,
        "dl_kbytes": used * 3600 * rng.uniform(1.0, 1.8, used.shape),  # 8-14 kbit/s per PDCH
        "low_cs_share_pct": np.where(silent | k.gprs_hung, np.nan, k.low_cs_pct),
    }


BACKGROUND_ALARMS = [
    # alarm, code, severity, probable cause
    ("Door open", 7001, "warning", "Cabinet door opened"),
    ("High temperature", 7012, "minor", "Temperature above threshold"),
]


def background_alarms(rng: np.random.Generator, net: Network, start: pd.Timestamp, hours: int, avoid: set[str]) -> list[dict]:
    """A few environment alarms on random sites (not those in `avoid`), raised and cleared within the period."""
    sites = net.cells.drop_duplicates("site")[["bsc", "site"]]
    sites = sites[~sites["site"].isin(avoid)].to_numpy()
    count = max(2, len(sites) // 40)
    rows = []
    for i, s in enumerate(rng.choice(len(sites), count, replace=False).tolist()):
        bsc, site = sites[s]
        alarm, code, severity, cause = BACKGROUND_ALARMS[i % len(BACKGROUND_ALARMS)]
        period_s = hours * 3600
        raised = int(rng.integers(0, max(1, period_s - 7200)))
        cleared = min(raised + int(rng.integers(300, 5400)), period_s - 60)
        rows.append(
            {
                "raised_at": start + pd.Timedelta(seconds=raised),
                "cleared_at": start + pd.Timedelta(seconds=cleared),
                "bsc": bsc,
                "site": site,
                "cell": None,
                "trx": None,
                "object": f"{bsc}/{site}",
                "alarm": alarm,
                "alarm_code": code,
                "severity": severity,
                "probable_cause": cause,
            }
        )
    return rows


def gpu_frame(net: Network, k: Knobs, stamps: np.ndarray) -> pd.DataFrame:
    b, g, h = np.meshgrid(np.arange(len(net.bsc_names)), np.arange(2), np.arange(k.hours), indexing="ij")
    keep = (g < k.gpu_count[b]).ravel()
    b, g, h = b.ravel()[keep], g.ravel()[keep], h.ravel()[keep]
    frame = pd.DataFrame(
        {
            "start_time": stamps[h],
            "bsc": np.array(net.bsc_names, dtype=object)[b],
            "gpu": g + 1,
            "period_min": 60,
            "load_pct": k.gpu_load_pct[b, g, h].round(1),
            "congestion_s": k.gpu_congestion_s[b, g, h].round(0).astype(int),
        }
    )
    return frame.sort_values(["start_time", "bsc", "gpu"], kind="stable", ignore_index=True)
