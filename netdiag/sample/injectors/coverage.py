"""No-coverage faults: the cell or its only TRX out of service, antenna and TRX alarms, the BCCH on
the low-power TRX, and weak received level (degraded against the cell's own past, or always weak)."""

from __future__ import annotations

import pandas as pd

from ..faults import Injected, Scene, Target, injector
from .common import alarm, cell_row, cells, fmt_time, hourly, scale_drops


@injector("cell_out_of_service", level="cell", symptom="no_coverage", candidates=cells(min_trx=2))
def cell_out_of_service(s: Scene, t: Target) -> Injected:
    """Down from the middle hour to the end, with its alarm still active; zero counters and
    tch_available 0, so it reads as out of service, never as a hung cell."""
    row = cell_row(s.net, t.cell)
    first = s.knobs.hours // 2
    s.knobs.down[t.cell, first:] = True
    at = s.start + pd.Timedelta(hours=first)
    s.alarms.append(alarm(s.net, t.cell, at, "Cell out of service", 2010, "critical", "Cell unavailable"))
    return Injected(
        row["cell"],
        f"cell down from {fmt_time(at)} to the end ({s.knobs.hours - first} h): alarm 2010 'Cell out of service' "
        "active, counters zero, tch_available 0, unavailable_s 3600 per hour",
    )


@injector("single_trx_cell_trx_down", level="cell", symptom="no_coverage", candidates=cells(max_trx=1))
def single_trx_cell_trx_down(s: Scene, t: Target) -> Injected:
    """The only TRX fails mid-window and stays down: no cell-down alarm and no unavailability is
    counted, but nothing is carried and no TCH is available."""
    row = cell_row(s.net, t.cell)
    first = s.knobs.hours // 2
    s.knobs.trx_down[t.cell, first:] = True
    at = s.start + pd.Timedelta(hours=first)
    s.alarms.append(alarm(s.net, t.cell, at, "TRX out of service", 2030, "major", "TRX failure", component="TRX1"))
    return Injected(
        row["cell"],
        f"only TRX out of service from {fmt_time(at)}: alarm 2030 'TRX out of service' on TRX1 active; "
        "counters and tch_available 0, unavailable_s 0",
    )


@injector("vswr_alarm", level="cell", symptom="no_coverage")
def vswr_alarm(s: Scene, t: Target) -> Injected:
    """Reflected power: 4 dB less downlink level and a few more drops from the alarm on."""
    row = cell_row(s.net, t.cell)
    first = min(2, s.knobs.hours - 1)
    at = s.start + pd.Timedelta(hours=first, minutes=int(s.rng.integers(5, 50)))
    s.alarms.append(alarm(s.net, t.cell, at, "VSWR alarm", 3010, "major", "VSWR over threshold", component="ANT1"))
    s.knobs.rxlev_dbm[t.cell, first:] -= 4.0
    scale_drops(s.rng, s.knobs, [t.cell], 1.3, slice(first, None))
    return Injected(row["cell"], f"alarm 3010 'VSWR alarm' on ANT1 since {fmt_time(at)}, active; rxlev -4 dB, drops x1.3")


@injector("trx_or_anc_degraded", level="cell", symptom="no_coverage", candidates=cells(min_trx=2))
def trx_or_anc_degraded(s: Scene, t: Target) -> Injected:
    row = cell_row(s.net, t.cell)
    first = min(2, s.knobs.hours - 1)
    at = s.start + pd.Timedelta(hours=first, minutes=int(s.rng.integers(5, 50)))
    s.alarms.append(alarm(s.net, t.cell, at, "TRX degraded", 2040, "minor", "TRX performance degraded", component="TRX2"))
    s.knobs.rxlev_dbm[t.cell, first:] -= 2.0
    return Injected(row["cell"], f"alarm 2040 'TRX degraded' on TRX2 since {fmt_time(at)}, active; rxlev -2 dB")


@injector("bcch_on_low_power_trx", level="cell", symptom="no_coverage", candidates=cells(min_trx=2))
def bcch_on_low_power_trx(s: Scene, t: Target) -> Injected:
    """The BCCH moved from TRX1 (TRAG 45 W) to TRX2 (TRGM 35 W), which now carries the BCCH
    channel while TRX1 took over TRX2's traffic channel; the reconfiguration alarm never cleared."""
    row = cell_row(s.net, t.cell)
    trx = s.net.trx
    mine = trx["cell"] == row["cell"]
    first, second = trx.index[mine & (trx["trx"] == 1)][0], trx.index[mine & (trx["trx"] == 2)][0]
    tch = int(trx.at[second, "arfcn"])
    trx.loc[first, ["arfcn", "is_bcch"]] = [tch, 0]
    trx.loc[second, ["arfcn", "is_bcch"]] = [int(row["bcch"]), 1]
    s.knobs.trx_weight[t.cell, [0, 1]] = s.knobs.trx_weight[t.cell, [1, 0]]  # the BCCH TRX carries a bit less
    hour = min(3, s.knobs.hours - 1)
    at = s.start + pd.Timedelta(hours=hour, minutes=int(s.rng.integers(5, 50)))
    s.alarms.append(alarm(s.net, t.cell, at, "BCCH reconfiguration", 2050, "warning", "BCCH moved to another TRX"))
    s.knobs.rxlev_dbm[t.cell, hour:] -= 1.5
    return Injected(
        row["cell"],
        f"BCCH (ARFCN {row['bcch']}) moved from TRX1 TRAG 45 W to TRX2 TRGM 35 W at {fmt_time(at)} "
        "(alarm 2050 'BCCH reconfiguration', not switched back); rxlev -1.5 dB",
    )


@injector("coverage_degraded", level="cell", symptom="no_coverage", candidates=cells(min_trx=2))
def coverage_degraded(s: Scene, t: Target) -> Injected:
    """The last third of the window: 8-12 dB less level than before and 30% less traffic."""
    k = s.knobs
    late = k.hours - k.hours // 3
    loss = hourly(s.rng, k.hours - late, 8.0, 12.0, 0.4)
    k.rxlev_dbm[t.cell, late:] -= loss
    k.traffic_erl[t.cell, late:] *= 0.7
    return Injected(
        cell_row(s.net, t.cell)["cell"],
        f"from {fmt_time(s.start + pd.Timedelta(hours=late))}: rxlev {loss.min():.1f} to {loss.max():.1f} dB lower, "
        "traffic -30%; no alarm",
    )


@injector("coverage_gap", level="cell", symptom="no_coverage", candidates=cells(min_trx=2))
def coverage_gap(s: Scene, t: Target) -> Injected:
    k = s.knobs
    level = hourly(s.rng, k.hours, -99.0, -96.0, 0.4)
    k.rxlev_dbm[t.cell] = level
    k.traffic_erl[t.cell] *= 0.6
    return Injected(
        cell_row(s.net, t.cell)["cell"],
        f"rxlev {level.min():.1f} to {level.max():.1f} dBm every hour, traffic x0.6; no alarm",
    )
