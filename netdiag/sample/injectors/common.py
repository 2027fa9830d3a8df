"""Helpers shared by the injectors: alarms, busy hours, drop scaling and candidate generators."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd

from ..faults import Consequence, Target
from ..knobs import DIURNAL, Knobs
from ..network import Network
from ..traffic import PERIOD_S

BUSY_HOURS = 6  # 10-12 h and 19-21 h
SAFE_DROP_P = (0.004, 0.005)  # base drop probability of a cell whose drops a fault raises


def cell_row(net: Network, c: int) -> pd.Series:
    return net.cells.iloc[c]


def fmt_time(t: pd.Timestamp) -> str:
    return t.strftime("%Y-%m-%d %H:%M")


def busy_hours(k: Knobs, count: int = BUSY_HOURS) -> np.ndarray:
    """The `count` busiest hours of the period (all of them when the period is shorter)."""
    return np.sort(np.argsort(-k.profile, kind="stable")[: min(count, k.hours)])


def site_cells(net: Network, c: int) -> list[int]:
    return np.flatnonzero(net.site == net.site[c]).tolist()


def alarm(net: Network, c: int, at: pd.Timestamp, name: str, code: int, severity: str, cause: str, *,
          component: str | None = None, site_level: bool = False, cleared: pd.Timestamp | None = None) -> dict:
    """An alarm row on the cell's site (`site_level`), the cell, or a component of it (`TRX2`, `ANT1`)."""
    row = cell_row(net, c)
    parts = [row["bsc"], row["site"]] + ([] if site_level else [row["cell"]]) + ([component] if component else [])
    trx = int(component[3:]) if component and component.startswith("TRX") else None
    return {
        "raised_at": at, "cleared_at": cleared, "bsc": row["bsc"], "site": row["site"],
        "cell": None if site_level else row["cell"], "trx": trx, "object": "/".join(parts), "alarm": name,
        "alarm_code": code, "severity": severity, "probable_cause": cause,
    }  # fmt: skip


def scale_drops(rng: np.random.Generator, k: Knobs, cells: list[int], factor: float, hours=slice(None)) -> None:
    """Multiply the cells' drop probability in `hours`; a cell's base is first brought to 0.4-0.5 %
    so a modest factor stays clearly below twice the network's drop rate."""
    for c in cells:
        if k.drop_p[c].max() > SAFE_DROP_P[1]:
            k.drop_p[c] = rng.uniform(*SAFE_DROP_P)
        k.drop_p[c, hours] *= factor


def hourly(rng: np.random.Generator, hours: int, low: float, high: float, noise: float) -> np.ndarray:
    """A level drawn in the middle of [low, high] with hourly noise, always inside [low, high]."""
    margin = (high - low) / 4
    return np.clip(rng.uniform(low + margin, high - margin) + rng.normal(0, noise, hours), low, high)


def seizures_per_day(k: Knobs) -> np.ndarray:
    """(C,) expected TCH seizures over a whole day on the healthy knobs (whatever the window)."""
    return k.traffic_erl.sum(axis=1) / k.profile.sum() * DIURNAL.sum() * PERIOD_S / k.hold_s


def cells(min_trx: int = 1, max_trx: int = 4, where: Callable[[Network, Knobs], np.ndarray] | None = None):
    """Candidates: cells with min_trx..max_trx TRXs (and `where`), in random order."""

    def candidates(net: Network, k: Knobs, rng: np.random.Generator) -> Iterator[Target]:
        ok = (net.trx_count >= min_trx) & (net.trx_count <= max_trx)
        if where is not None:
            ok &= where(net, k)
        for c in rng.permutation(np.flatnonzero(ok)).tolist():
            yield Target(cell=c)

    return candidates


def tch_trx(net: Network, k: Knobs, rng: np.random.Generator) -> Iterator[Target]:
    """Candidates: a non-BCCH TRX (slot >= 1) of a multi-TRX cell, in random order."""
    for c in rng.permutation(np.flatnonzero(net.trx_count >= 2)).tolist():
        yield Target(cell=c, params={"slot": int(rng.integers(1, net.trx_count[c]))})


def site_consequences(cause: str, what: str) -> Callable[[Network, Target], list[Consequence]]:
    """The site's other cells suffer the same fault (an alarm on the site, not on the cell)."""

    def consequences(net: Network, t: Target) -> list[Consequence]:
        return [
            Consequence(cause, "cell", c, net.names[c], f"same site as {net.names[t.cell]}: {what}")
            for c in site_cells(net, t.cell)
            if c != t.cell
        ]

    return consequences
