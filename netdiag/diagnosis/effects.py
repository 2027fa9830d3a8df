"""What a neighbour's fault does to the serving cell, as the serving cell's own counters show it.

Being neighbours is not enough for a fault on one cell to explain a complaint on the other. It does
when the serving cell shows an effect of it:

- its handovers towards that neighbour fail (180 report): far more than its handovers to its other
  neighbours, and for a real share of them;
- it carried the traffic the neighbour lost: while the neighbour was silent (out of service, hung,
  no TRX) the serving cell set up significantly more calls than its own share of the network's
  traffic leads one to expect. A silence counts only where the neighbour would have carried enough
  calls to be missed (a quiet cell at night says nothing).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..measures.context import period_traffic_of
from ..measures.stats import as_float, binomial_p, poisson_p
from .diagnose import Diagnosis

HANDOVER_FAILURES = "handover failures"
DISPLACED_TRAFFIC = "displaced traffic"
MIN_HO_ATTEMPTS = 20
FAILING_SHARE = 0.2  # at least this share of the handovers towards the neighbour fail ...
ALPHA = 1e-3  # ... significantly more than towards the cell's other neighbours; and for traffic taken over
MIN_MISSED = 10.0  # set-ups the neighbour would have carried in its silent periods, for the silence to tell
MIN_RISE = 1.15  # the serving cell's set-ups in those periods against its expected share


def neighbour_effects(diagnosis: Diagnosis, serving: str, neighbours: Iterable[str]) -> dict[str, str]:
    """The neighbours (of those asked about) whose effect the serving cell shows, and what shows."""
    wanted = [n for n in dict.fromkeys(neighbours) if n != serving]
    if not wanted:
        return {}
    found = {n: HANDOVER_FAILURES for n in _failing_handovers(diagnosis, serving, wanted)}
    rest = [n for n in wanted if n not in found]
    if rest:
        found.update({n: DISPLACED_TRAFFIC for n in _traffic_taken_over(diagnosis, serving, rest)})
    return found


def _failing_handovers(diagnosis: Diagnosis, serving: str, neighbours: list[str]) -> list[str]:
    frames = diagnosis.measures.get("adjacency")
    if frames is None or frames.whole.empty:
        return []
    mine = frames.whole[frames.whole["cell"] == serving]
    attempts, fails = as_float(mine["ho_attempts"]), as_float(mine["ho_attempts"]) - as_float(mine["ho_success"])
    known = np.isfinite(attempts) & np.isfinite(fails)
    out = []
    for n in neighbours:
        towards = (mine["neighbour"] == n).to_numpy() & known
        tried, failed = attempts[towards].sum(), fails[towards].sum()
        others_tried, others_failed = attempts[~towards & known].sum(), fails[~towards & known].sum()
        if tried < MIN_HO_ATTEMPTS or failed < FAILING_SHARE * tried:
            continue
        usual = max(others_failed / others_tried if others_tried > 0 else 0.0, 0.01)
        if binomial_p([failed], [tried], usual)[0] < ALPHA:
            out.append(n)
    return out


def _traffic_taken_over(diagnosis: Diagnosis, serving: str, neighbours: list[str]) -> list[str]:
    ds = diagnosis.dataset
    if ds is None or not ds.has("cell_kpi"):
        return []
    kpi = ds["cell_kpi"]
    rows = kpi[kpi["cell"].isin([serving, *neighbours])]
    network = period_traffic_of(ds)
    if rows.empty or network.empty:
        return []
    setups = _per_period(rows, "call_attempts")
    if serving not in setups:
        return []
    silent = _silent(rows)
    traffic = network.reindex(setups.index).fillna(0.0).to_numpy()
    own = setups[serving].fillna(0.0).to_numpy()
    out = []
    for n in neighbours:
        if n not in setups or n not in silent:
            continue
        quiet = silent[n].reindex(setups.index).fillna(False).to_numpy(dtype=bool)
        theirs = setups[n].to_numpy()
        up = ~quiet & np.isfinite(theirs)
        if not up.any() or traffic[up].sum() <= 0:
            continue
        share = np.nansum(theirs[up]) / traffic[up].sum()  # the neighbour's set-ups per Erlang of the network
        down = missed_stretches(quiet, share * traffic, MIN_MISSED)
        if not down.any():
            continue
        scale = traffic[down].sum() / traffic[up].sum()
        expected = own[up].sum() * scale  # what the serving cell sets up in such periods
        observed = own[down].sum()
        if expected > 0 and observed >= MIN_RISE * expected and poisson_p([observed], [expected])[0] < ALPHA:
            out.append(n)
    return out


def missed_stretches(silent: np.ndarray, expected: np.ndarray, minimum: float) -> np.ndarray:
    """The silent periods that belong to a stretch (consecutive silent periods) in which the cell
    would have carried at least `minimum`: a silence that tells, not a quiet night."""
    out = np.zeros(len(silent), dtype=bool)
    start = None
    for i, quiet in enumerate([*silent.tolist(), False]):
        if quiet and start is None:
            start = i
        elif not quiet and start is not None:
            if np.nansum(expected[start:i]) >= minimum:
                out[start:i] = True
            start = None
    return out


def _per_period(rows: pd.DataFrame, column: str) -> pd.DataFrame:
    """start_time x cell of one counter (summed should a period appear twice)."""
    frame = pd.DataFrame({"cell": rows["cell"], "start_time": rows["start_time"], "v": as_float(rows[column])})
    return frame.pivot_table(index="start_time", columns="cell", values="v", aggfunc="sum").sort_index()


def _silent(rows: pd.DataFrame) -> pd.DataFrame:
    """start_time x cell: the cell carried nothing (out of service, no TRX, or hung)."""
    setups = as_float(rows["call_attempts"])
    erl = as_float(rows["tch_traffic_erl"])
    period_s = as_float(rows["period_min"]) * 60.0 if "period_min" in rows else np.full(len(rows), np.nan)
    down = as_float(rows["unavailable_s"]) >= 0.5 * np.where(np.isfinite(period_s), period_s, np.inf)
    nothing = (np.nan_to_num(setups) == 0) & (np.nan_to_num(erl) == 0)
    frame = pd.DataFrame({"cell": rows["cell"], "start_time": rows["start_time"], "v": nothing | down | (as_float(rows["tch_available"]) == 0)})
    return frame.pivot_table(index="start_time", columns="cell", values="v", aggfunc="max").sort_index().astype(bool)
