"""BSC-side reports of the field suite: A circuits (018, hourly or for the whole window), their states
on both sides, SCCP (025) every 15 minutes, the GPUs, and the background alarms of a real OMC-R."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .conditions import PER_DAY, Circuits, Conditions
from .layout import Layout

TRAFFIC_TS = [*range(1, 16), *range(17, 32)]


def circuits(rng: np.random.Generator, layout: Layout, busy_erl: np.ndarray) -> Circuits:
    """Enough PCMs for each BSC's busy hour with a third in reserve, at least two."""
    peak = np.bincount(layout.bsc, weights=busy_erl, minlength=len(layout.bsc_names))
    pcms = np.maximum(2, np.ceil(peak * 1.35 / len(TRAFFIC_TS))).astype(int)
    bsc = np.repeat(np.arange(len(pcms)), pcms * len(TRAFFIC_TS))
    pcm = np.concatenate([np.repeat(np.arange(1, k + 1), len(TRAFFIC_TS)) for k in pcms])
    ts = np.tile(TRAFFIC_TS, int(pcms.sum()))
    n = len(bsc)
    return Circuits(
        bsc=bsc, pcm=pcm, ts=ts, hold_mult=rng.uniform(0.9, 1.1, n), seize_mult=np.ones(n),
        bsc_state=np.full(n, "", dtype=object), msc_state=np.full(n, "", dtype=object), blocked=rng.random(n) < 0.005,
    )  # fmt: skip


def a_circuits(rng, layout: Layout, cond: Conditions, seizures: np.ndarray, hold_s: np.ndarray, hourly: bool) -> pd.DataFrame:
    """The 018 report: each BSC's TCH seizures spread over its working circuits (hunting is uneven)."""
    c = cond.circuits
    per_bsc = np.zeros((len(layout.bsc_names), seizures.shape[1]))
    np.add.at(per_bsc, layout.bsc, seizures)
    mean_hold = np.bincount(layout.bsc, weights=hold_s, minlength=len(layout.bsc_names)) / np.bincount(layout.bsc, minlength=len(layout.bsc_names))
    if hourly:
        per_bsc = per_bsc.reshape(len(per_bsc), -1, 4).sum(-1)
        starts = cond.times()[::4]
        period = 60
    else:
        per_bsc = per_bsc.sum(1, keepdims=True)
        starts = cond.times()[:1]
        period = 15 * cond.periods
    usable = ~c.blocked & (c.bsc_state == "") & (c.msc_state == "")
    weight = np.where(usable, rng.gamma(20.0, 1 / 20.0, len(c)), 0.0)
    share = weight / np.bincount(c.bsc, weights=weight, minlength=len(per_bsc))[c.bsc]
    seized = rng.poisson(per_bsc[c.bsc] * (share * c.seize_mult)[:, None])
    hold = rng.gamma(np.maximum(seized, 1e-9), (mean_hold[c.bsc] * c.hold_mult)[:, None]) * (seized > 0)
    k, t = np.meshgrid(np.arange(len(c)), np.arange(len(starts)), indexing="ij")
    k, t = k.ravel(), t.ravel()
    return pd.DataFrame(
        {"start_time": starts[t], "bsc": np.array(layout.bsc_names, dtype=object)[c.bsc[k]], "pcm": c.pcm[k], "ts": c.ts[k],
         "period_min": period, "cic": c.pcm[k] * 32 + c.ts[k], "seizures": seized.ravel(), "hold_s": np.round(hold.ravel())}
    )  # fmt: skip


def circuit_states(rng, layout: Layout, cond: Conditions, occupancy: float = 0.35) -> pd.DataFrame:
    """A snapshot: busy or idle alike on both sides (the sides' snapshots differ a little in time, so
    busy against idle now and then), blocked on both, and whatever a fault set."""
    c = cond.circuits
    busy = rng.random(len(c)) < occupancy
    other = np.where(rng.random(len(c)) < 0.04, ~busy, busy)
    bsc_state = np.where(c.blocked, "blocked", np.where(busy, "busy", "idle")).astype(object)
    msc_state = np.where(c.blocked, "blocked", np.where(other, "busy", "idle")).astype(object)
    bsc_state = np.where(c.bsc_state != "", c.bsc_state, bsc_state)
    msc_state = np.where(c.msc_state != "", c.msc_state, msc_state)
    return pd.DataFrame({"bsc": np.array(layout.bsc_names, dtype=object)[c.bsc], "pcm": c.pcm, "ts": c.ts,
                         "bsc_state": bsc_state, "msc_state": msc_state})


def sccp(rng, layout: Layout, cond: Conditions, sdcch_seized: np.ndarray) -> pd.DataFrame:
    b = len(layout.bsc_names)
    cr = np.zeros((b, cond.periods), dtype=np.int64)
    np.add.at(cr, layout.bsc, sdcch_seized.astype(np.int64))
    base = rng.uniform(0.001, 0.006, (b, 1))
    lost = rng.binomial(cr, np.clip(base + cond.sccp_loss_add, 0, 1))
    cref = rng.binomial(lost, 0.3)
    times = cond.times()
    bi, ti = np.meshgrid(np.arange(b), np.arange(cond.periods), indexing="ij")
    return pd.DataFrame({"start_time": times[ti.ravel()], "bsc": np.array(layout.bsc_names, dtype=object)[bi.ravel()],
                         "period_min": 15, "cr_sent": cr.ravel(), "cc_received": (cr - lost).ravel(), "cref_received": cref.ravel()})


def gpu(rng, layout: Layout, cond: Conditions) -> pd.DataFrame:
    b, p = len(layout.bsc_names), cond.periods
    count = rng.integers(1, 4, b)
    hour = cond.hour_of_day()
    shape = np.interp(hour, [0, 6, 9, 12, 18, 21, 24], [0.3, 0.15, 0.7, 0.9, 0.85, 1.0, 0.3])
    load = 15 + 45 * shape[None, None, :] * rng.uniform(0.6, 1.0, (b, 3, 1)) + rng.normal(0, 3, (b, 3, p))
    load = np.clip(load + cond.gpu_load_add, 5, 100)
    times = cond.times()
    rows = [(times[t], layout.bsc_names[i], g + 1, round(float(load[i, g, t]), 1), int(cond.gpu_cong_s[i, g, t]))
            for i in range(b) for g in range(count[i]) for t in range(p)]
    return pd.DataFrame(rows, columns=["start_time", "bsc", "gpu", "load_pct", "congestion_s"]).assign(period_min=15)


BACKGROUND = [
    ("Door open", "7001", "warning", "Cabinet door opened"),
    ("High temperature", "7012", "minor", "Temperature above threshold"),
    ("Mains power failure", "7030", "major", "Mains input lost, on battery"),
    ("Fan fault", "7018", "minor", "Fan speed low"),
]


def background_alarms(rng, layout: Layout, cond: Conditions, avoid_sites: set[str]) -> list[dict]:
    """Environment alarms on random sites, raised and cleared; one short transmission blip (raised
    and cleared once within a minute: not flapping) on a few healthy sites."""
    sites = layout.cells.drop_duplicates("site")[["bsc", "site"]]
    sites = sites[~sites["site"].isin(avoid_sites)].to_numpy()
    rows = []
    for i, s in enumerate(rng.choice(len(sites), max(4, len(sites) // 25), replace=False).tolist()):
        bsc, site = sites[s]
        alarm, code, severity, cause = BACKGROUND[i % len(BACKGROUND)]
        raised = cond.start + pd.Timedelta(minutes=int(rng.integers(0, cond.days * 24 * 60 - 180)))
        rows.append(alarm_row(raised, raised + pd.Timedelta(minutes=int(rng.integers(5, 150))), bsc, site, None, None, alarm, code, severity, cause))
    for s in rng.choice(len(sites), 3, replace=False).tolist():
        bsc, site = sites[s]
        raised = cond.start + pd.Timedelta(minutes=int(rng.integers(0, cond.days * 24 * 60 - 10)))
        rows.append(alarm_row(raised, raised + pd.Timedelta(seconds=int(rng.integers(5, 50))), bsc, site, None, None,
                              "LAPD link failure", "2204", "major", "Abis signalling link broken"))
    return rows


def alarm_row(raised, cleared, bsc, site, cell, trx, alarm, code, severity, cause, object_tail: str | None = None) -> dict:
    parts = [bsc, site] + ([cell] if cell else []) + ([object_tail] if object_tail else [])
    return {"raised_at": raised, "cleared_at": cleared, "bsc": bsc, "site": site, "cell": cell, "trx": trx,
            "object": "/".join(parts), "alarm": alarm, "alarm_code": code, "severity": severity, "probable_cause": cause}


def busy_hours(cond: Conditions) -> np.ndarray:
    """(P,) bool: the periods of the usual busy hours, 10-12 h and 19-21 h."""
    hour = cond.hour_of_day()
    return ((hour >= 10) & (hour < 12)) | ((hour >= 19) & (hour < 21))


def day_index(cond: Conditions) -> np.ndarray:
    return np.arange(cond.periods) // PER_DAY
