"""The field suite's canonical tables, assembled from the drawn counters."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...io.schema import TABLES
from . import reports
from .conditions import PER_DAY, Conditions
from .counters import Healthy, Voice, gprs, voice
from .layout import Layout


def per_period(cond: Conditions, names: np.ndarray, values: dict[str, np.ndarray]) -> pd.DataFrame:
    """(C, P) arrays as one row per cell and period, by period then cell."""
    n, p = len(names), cond.periods
    times = cond.times()
    t, c = np.repeat(np.arange(p), n), np.tile(np.arange(n), p)
    head = {"start_time": times[t], "cell": names[c], "period_min": 15}
    return pd.DataFrame({**head, **{col: v.T.ravel() for col, v in values.items()}})


def trx_frame(cond: Conditions, layout: Layout, v: Voice) -> pd.DataFrame:
    exists = np.arange(v.trx["tch_seizures"].shape[-1])[None, :] < layout.trx_count[:, None]
    c, k = np.nonzero(exists)
    times = cond.times()
    p = cond.periods
    cc, tt, kk = np.repeat(c, p), np.tile(np.arange(p), len(c)), np.repeat(k, p)
    frame = pd.DataFrame({"start_time": times[tt], "cell": layout.names[cc], "trx": kk + 1, "period_min": 15,
                          **{col: arr[cc, tt, kk] for col, arr in v.trx.items()}})
    return frame.sort_values(["start_time", "cell", "trx"], kind="stable", ignore_index=True)


def adjacency_frame(cond: Conditions, layout: Layout, v: Voice) -> pd.DataFrame:
    """The 180 report: one row per relation per day."""
    day = np.arange(cond.periods) // PER_DAY
    valid = v.targets >= 0
    src, slot = np.nonzero(valid)
    rows = []
    for d in range(cond.days):
        in_day = day == d
        sums = {col: arr[:, in_day, :].sum(1)[src, slot] for col, arr in v.relation.items()}
        rows.append(pd.DataFrame({"start_time": cond.start + pd.Timedelta(days=d), "cell": layout.names[src],
                                  "neighbour": layout.names[v.targets[src, slot]], "period_min": 1440, **sums}))
    return pd.concat(rows, ignore_index=True)


def build(rng: np.random.Generator, layout: Layout, healthy: Healthy, cond: Conditions, trx: pd.DataFrame,
          alarms: list[dict], hourly_018: bool) -> dict[str, pd.DataFrame]:
    v = voice(rng, layout, healthy, cond)
    names = layout.names
    seized = v.cell["sdcch_attempts"] - v.cell["sdcch_congestion"] - v.cell["sdcch_assign_fail"]
    tables = {
        "cells": layout.cells,
        "trx": trx,
        "neighbours": pd.DataFrame({"cell": names[[c for c, ns in enumerate(layout.nb) for _ in ns]],
                                    "neighbour": names[[j for ns in layout.nb for j in ns]]}),
        "alarms": pd.DataFrame(sorted(alarms, key=lambda a: a["raised_at"]), columns=TABLES["alarms"].column_names),
        "cell_kpi": per_period(cond, names, v.cell),
        "trx_kpi": trx_frame(cond, layout, v),
        "a_circuits": reports.a_circuits(rng, layout, cond, v.cell["tch_seizures"], healthy.hold_s, hourly_018),
        "a_circuit_state": reports.circuit_states(rng, layout, cond),
        "sccp": reports.sccp(rng, layout, cond, seized),
        "adjacency_ho": adjacency_frame(cond, layout, v),
        "gprs_kpi": per_period(cond, names, gprs(rng, layout, healthy, cond)),
        "gpu_kpi": reports.gpu(rng, layout, cond),
    }
    tables["alarms"] = tables["alarms"].astype({"raised_at": "datetime64[s]", "cleared_at": "datetime64[s]"})
    return {name: frame[[c for c in TABLES[name].column_names if c in frame.columns]] for name, frame in tables.items()}
