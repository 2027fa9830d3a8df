"""Assembles the canonical tables (netdiag.io.schema names and column order) from the drawn counters."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..io.schema import TABLES
from . import bss
from .knobs import MAX_TRX, Knobs
from .network import Network
from .traffic import voice_counters

# Decimals per float column; every other number is written as an integer.
DECIMALS = {
    "tch_traffic_erl": 3, "tch_available": 2, "rxlev_dl_avg": 1, "bad_quality_good_level_pct": 2,
    **{f"idle_tch_band{b}": 2 for b in range(1, 6)},
    "pdch_used_avg": 2, "dl_kbytes": 1, "low_cs_share_pct": 1, "load_pct": 1, "lat": 6, "lon": 6,
}  # fmt: skip
TIME_FORMAT = "%Y-%m-%d %H:%M"


def build_tables(
    rng: np.random.Generator, net: Network, k: Knobs, start: pd.Timestamp, alarms: list[dict], quiet_sites: set[str] = frozenset()
) -> dict[str, pd.DataFrame]:
    """The tables; the benign background alarms stay off `quiet_sites` (the faults' sites) and off
    the sites of the faults' own alarms."""
    times = pd.date_range(start, periods=k.hours, freq="h")
    stamps = np.asarray(times.strftime(TIME_FORMAT), dtype=object)  # formatted once, then indexed
    voice = voice_counters(rng, net, k)
    names = net.names
    n, h = net.n_cells, k.hours
    hour, cell = np.repeat(np.arange(h), n), np.tile(np.arange(n), h)  # rows by hour, then cell

    def hourly(values: dict[str, np.ndarray]) -> pd.DataFrame:
        head = {"start_time": stamps[hour], "cell": names[cell], "period_min": 60}
        return pd.DataFrame({**head, **{col: v.T.ravel() for col, v in values.items()}})

    exists = np.arange(MAX_TRX)[None, :] < net.trx_count[:, None]
    tc, th, tk = np.nonzero(np.broadcast_to(exists[:, None, :], (n, h, MAX_TRX)).transpose(1, 0, 2))  # hour, cell, slot
    trx_kpi = pd.DataFrame(
        {"start_time": stamps[tc], "cell": names[th], "trx": tk + 1, "period_min": 60,
         **{col: v[th, tc, tk] for col, v in voice.trx.items()}}
    )  # fmt: skip

    src, slot = np.nonzero(net.nb_idx >= 0)
    adjacency = pd.DataFrame(
        {"start_time": stamps[0], "cell": names[src], "neighbour": names[net.nb_idx[src, slot]], "period_min": 60 * h,
         **{col: v[src, slot] for col, v in voice.relation.items()}}
    )  # fmt: skip

    circuits = k.circuits
    a = bss.a_circuits(rng, net, k, voice)
    bsc_names = np.array(net.bsc_names, dtype=object)
    a_frame = pd.DataFrame(
        {"start_time": stamps[0], "bsc": bsc_names[circuits.bsc], "pcm": circuits.pcm, "ts": circuits.ts,
         "period_min": 60 * h, "cic": circuits.pcm * 32 + circuits.ts, **a,
         "ater_highway": circuits.ater_highway, "ater_ts": circuits.ater_ts}
    )  # fmt: skip
    bsc_state, msc_state = bss.circuit_states(rng, k, a["seizures"], a["hold_s"])
    state = pd.DataFrame({"bsc": a_frame["bsc"], "pcm": circuits.pcm, "ts": circuits.ts, "bsc_state": bsc_state, "msc_state": msc_state})

    b_hour, b = np.repeat(np.arange(h), len(bsc_names)), np.tile(np.arange(len(bsc_names)), h)
    sccp = pd.DataFrame(
        {"start_time": stamps[b_hour], "bsc": bsc_names[b], "period_min": 60,
         **{col: v.T.ravel() for col, v in bss.sccp(rng, net, k, voice).items()}}
    )  # fmt: skip

    quiet_sites = set(quiet_sites) | {a["site"] for a in alarms}
    all_alarms = sorted(alarms + bss.background_alarms(rng, net, start, h, quiet_sites), key=lambda r: r["raised_at"])
    tables = {
        "cells": net.cells,
        "trx": net.trx,
        "neighbours": net.neighbours,
        "alarms": pd.DataFrame(all_alarms, columns=TABLES["alarms"].column_names).astype(
            {"raised_at": "datetime64[s]", "cleared_at": "datetime64[s]"}
        ),
        "cell_kpi": hourly(voice.cell),
        "trx_kpi": trx_kpi,
        "a_circuits": a_frame,
        "a_circuit_state": state,
        "sccp": sccp,
        "adjacency_ho": adjacency,
        "gprs_kpi": hourly(bss.gprs(rng, net, k)),
        "gpu_kpi": bss.gpu_frame(net, k, stamps),
    }
    return {name: _canonical(name, frame) for name, frame in tables.items()}


def _canonical(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Schema column order; times as text; floats rounded, counts and whole numbers as integers."""
    out = {}
    for col in [c for c in TABLES[name].column_names if c in frame.columns]:
        values = frame[col]
        if pd.api.types.is_datetime64_any_dtype(values):
            values = values.dt.strftime(TIME_FORMAT if name != "alarms" else TIME_FORMAT + ":%S")
        elif pd.api.types.is_float_dtype(values) and not isinstance(values.dtype, pd.Int64Dtype):
            values = values.round(DECIMALS[col]) if col in DECIMALS else values.round().astype("Int64")
        out[col] = values
    return pd.DataFrame(out)
