"""The field suite's fault scenarios: what a scenario is, the registry, and the tools scenarios share
(when a fault is active, alarms, displaced traffic).

A scenario is written from the cause's description in causes.yaml and the field notes: it changes
the conditions (and the configuration when the fault is a setting) the way the fault would change
a real network, everywhere it would show, and says which cells legitimately explain a complaint by
it: the cells it sits on (`own`) and those that show its effect (`effect`: the neighbours that take
a dead cell's traffic, the cells whose handovers towards it fail).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .conditions import PER_DAY, PERIOD_MIN, Conditions
from .layout import Layout
from .counters import Healthy
from .reports import alarm_row

# Alarm names as exported, English (Alcatel/Ericsson style) and Chinese (Huawei/ZTE style).
ALARMS = {
    "cell_down": [("Cell out of service", "2001"), ("小区退服", "29240")],
    "trx_down": [("TRX out of service", "2101"), ("载频退服", "29201")],
    "vswr": [("VSWR alarm", "3005"), ("驻波比告警", "26529")],
    "trx_degraded": [("TRX performance degraded", "3101"), ("载频性能降级", "26238")],
    "anc_degraded": [("ANC degraded", "3120"), ("合路器告警", "26240")],
    "transmission": [("PCM link failure", "2300"), ("传输中断", "21541")],
    "clock": [("clock synchronization lost", "2450"), ("时钟失步", "21801")],
    "bcch_reconfigured": [("BCCH reconfiguration", "2160"), ("BCCH倒换", "28010")],
}


@dataclass
class Fault:
    cause: str
    level: str  # cell, trx, site, adjacency, bsc, circuit, circuit_group, lac, location
    own: list[int]  # the cells it sits on
    complaint_cell: int | None  # the cell a complaint about it names (None: a spot only)
    object: str  # what a finding about it names (compared exactly at BSC levels)
    start: pd.Timestamp
    end: pd.Timestamp  # the window's end when still active
    detail: str
    effect: list[int] = field(default_factory=list)
    bsc: int | None = None
    lac: int | None = None
    spot_km: tuple[float, float] | None = None  # where a located complaint stands (default: in front of the cell)
    spot_reach: tuple[float, float] = (0.2, 0.55)  # distance of a located complaint, in site spacings (the edge near 0.5)
    pair: int = 0  # >0: one of two faults placed in one complaint's scope on purpose


@dataclass
class Context:
    rng: np.random.Generator
    layout: Layout
    cond: Conditions
    trx: pd.DataFrame
    alarms: list[dict]
    zh: bool  # alarm names as a Chinese OMC-R writes them
    missing: str | None  # the optional table this network lacks
    healthy: Healthy  # the healthy network's per-cell draws
    border: np.ndarray | None = None  # (C,) bool: the cell lists a neighbour in another LAC

    def alarm(self, kind: str, raised: pd.Timestamp, cleared: pd.Timestamp | None, cell: int | None = None,
              site: int | None = None, tail: str | None = None, trx: str | None = None, severity: str = "major") -> None:
        name, code = ALARMS[kind][1 if self.zh else 0]
        cells = self.layout.cells
        row = cells.iloc[cell if cell is not None else site]
        self.alarms.append(alarm_row(raised, cleared, row["bsc"], row["site"], row["cell"] if cell is not None else None,
                                     trx, name, code, severity, kind.replace("_", " "), tail))

    def name(self, c: int) -> str:
        return str(self.layout.names[c])

    def since(self, earliest_day: int | None = None) -> pd.Timestamp:
        """A start inside the window: yesterday evening, last night or this morning, before the last day's busy hours."""
        cond = self.cond
        day = cond.days - 1 if earliest_day is None else earliest_day
        choices = [(day - 1, 17.0, 23.5), (day, 0.0, 6.0), (day, 6.0, 9.5)] if day >= 1 else [(day, 0.0, 9.5)]
        d, lo, hi = choices[int(self.rng.integers(len(choices)))]
        minutes = int(self.rng.uniform(lo, hi) * 60) // PERIOD_MIN * PERIOD_MIN
        return cond.start + pd.Timedelta(days=d, minutes=minutes)

    def episode(self, hours: tuple[float, float] = (5, 14)) -> tuple[pd.Timestamp, pd.Timestamp]:
        """An interval inside the window that covers at least one busy hour, then ends."""
        cond = self.cond
        day = int(self.rng.integers(cond.days))
        begin = float(self.rng.uniform(7.0, 17.0))
        length = float(self.rng.uniform(*hours))
        start = cond.start + pd.Timedelta(days=day, minutes=int(begin * 60) // PERIOD_MIN * PERIOD_MIN)
        end = min(start + pd.Timedelta(minutes=int(length * 60) // PERIOD_MIN * PERIOD_MIN), cond.end)
        return start, end

    def before_window(self) -> pd.Timestamp:
        return self.cond.start - pd.Timedelta(days=int(self.rng.integers(1, 30)), minutes=int(self.rng.integers(0, 1440)))

    def span(self, start: pd.Timestamp, end: pd.Timestamp) -> slice:
        return self.cond.span(max(start, self.cond.start), end)

    def displace(self, cell: int, when: slice, share: float = 0.5) -> list[int]:
        """The traffic a silent cell loses goes to the cells covering its area: its co-site cells and the
        two neighbours whose sites are nearest in front of it. Returns those cells."""
        takers = traffic_takers(self.layout, cell)
        for j in takers:
            self.cond.load[j, when] *= 1.0 + share * self.rng.uniform(0.4, 0.8)
        return takers


def traffic_takers(lay: Layout, cell: int) -> list[int]:
    """The co-site cells and the two neighbours whose sites are nearest in front of the cell."""
    front = lay.centre(cell, 0.6)
    others = [j for j in lay.nb[cell] if lay.site[j] != lay.site[cell]]
    others = sorted(others, key=lambda j: float(np.hypot(*(lay.xy[j] - front))))[:2]
    return [j for j in lay.cosite(cell) if j != cell] + others


Inject = Callable[[Context, int], Fault]


@dataclass(frozen=True)
class Scenario:
    cause: str
    inject: Inject  # (context, target) -> Fault; the target is a cell, a BSC or a LAC index
    target: str  # what it is placed on: cell, urban, rural, single, multi, mixed, border, site, bsc, lac, gap
    needs: tuple[str, ...] = ()  # optional tables without which the fault cannot be seen at all


SCENARIOS: dict[str, Scenario] = {}


def scenario(cause: str, target: str = "cell", needs: tuple[str, ...] = ()):
    def register(fn: Inject) -> Inject:
        SCENARIOS[cause] = Scenario(cause, fn, target, needs)
        return fn

    return register


def day_start(cond: Conditions, day: int) -> pd.Timestamp:
    return cond.start + pd.Timedelta(minutes=PERIOD_MIN * PER_DAY * day)
