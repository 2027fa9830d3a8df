"""One field-suite network: layout, plan, healthy traffic, faults and pairs, complaints, exports.

    truth = generate_field_network(outdir, seed=3)

writes the exports to `outdir/data` and the truth (faults.csv, complaints.csv) to `outdir/truth`,
outside the data folder. Every third network lacks one optional table (in turn), every third other
one comes in the messier presentation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ...catalogue import load_catalogue
from . import access, radio  # noqa: F401  (register the scenarios)
from .conditions import Conditions
from .counters import healthy_draws, lac_border
from .exports import write_exports
from .layout import build_layout, trx_table
from .placement import PAIRS, BSC_LEVELS, Placed, complaint_time, place, spot_in_front, symptoms
from .planning import plan
from .reports import background_alarms, circuits
from .scenario import SCENARIOS, Context
from .tables import build

ROTATION = ["gpu_kpi", "a_circuit_state", "trx_kpi", "sccp", "adjacency_ho", "trx", "a_circuits"]
FIRST_DAYS = ["2026-12-04", "2026-12-06"]  # a Friday, a Sunday: the window holds a weekday and a weekend day
HEALTHY_BY_CELL, HEALTHY_BY_SPOT = 30, 12
COMPLAINT_COLUMNS = ["complaint_id", "kind", "fault", "cause", "symptom", "cell", "lat", "lon", "time", "pair"]


@dataclass
class FieldTruth:
    faults: pd.DataFrame  # fault, cause, level, object, cells (';'), bsc, lac, start, end, detail, pair
    complaints: pd.DataFrame  # COMPLAINT_COLUMNS
    healthy_cells: list[str]  # cells no fault sits on or shows in
    missing: str | None
    messy: bool
    dropped: int  # complaints left out: another fault could explain them too
    rural: list[str]  # the rural cells (a tenth of the urban traffic or less)


def generate_field_network(outdir: Path, seed: int, n_sites: int = 250, causes: list[str] | None = None, pairs: int = 2,
                           days: int | None = None, missing: str | None = "rotation") -> FieldTruth:
    """`causes`: the scenarios to inject, each once (default: every one the network's tables allow);
    `pairs`: how many two-fault scopes; `days`: 2 or 3 (default: drawn); `missing`: the optional table
    left out (default: every third network in turn; None: none)."""
    outdir = Path(outdir)
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence([seed, 1414]).spawn(6)]
    lay_rng, plan_rng, healthy_rng, fault_rng, count_rng, ask_rng = streams
    layout = build_layout(lay_rng, n_sites)
    bcch, ncc, bcc, tch = plan(plan_rng, layout)
    layout.cells["bcch"], layout.cells["ncc"], layout.cells["bcc"] = bcch, ncc, bcc
    trx = trx_table(plan_rng, layout, bcch, tch)
    if missing == "rotation":
        missing = ROTATION[(seed // 3) % len(ROTATION)] if seed % 3 == 0 else None
    messy = seed % 3 == 1
    drawn = int(fault_rng.choice([2, 3], p=[0.6, 0.4]))
    days = drawn if days is None else days
    healthy = healthy_draws(healthy_rng, layout)
    cond = Conditions(pd.Timestamp(FIRST_DAYS[seed % 2]), days, [], layout.n, len(layout.bsc_names), circuits(plan_rng, layout, healthy.busy_erl))
    cond.weekend = [(cond.start + pd.Timedelta(days=d)).day_of_week >= 5 for d in range(days)]
    ctx = Context(fault_rng, layout, cond, trx, [], zh=messy or seed % 2 == 0, missing=missing, healthy=healthy, border=lac_border(layout))

    wanted = list(SCENARIOS) if causes is None else list(causes)
    causes = [c for c in wanted if missing not in SCENARIOS[c].needs]
    usable_pairs = [p for p in PAIRS if not any(missing in SCENARIOS[c].needs for c in p)]
    chosen = [usable_pairs[i] for i in fault_rng.choice(len(usable_pairs), pairs, replace=False)]
    placed = place(ctx, causes, chosen)
    for p in placed:
        p.fault = SCENARIOS[p.cause].inject(ctx, p.target)
        p.core = _real_core(layout, p)
        if p.cell is None:
            p.cell = p.fault.complaint_cell
    complaints, dropped = _complaints(ctx, placed, ask_rng)
    fault_sites = {layout.cells.at[c, "site"] for p in placed for c in p.core if p.fault.level not in BSC_LEVELS | {"lac"}}
    alarms = ctx.alarms + background_alarms(count_rng, layout, cond, fault_sites)
    tables = build(count_rng, layout, healthy, cond, trx, alarms, hourly_018=seed % 4 != 3)
    if missing:
        tables.pop(missing)
    ghosts = [(layout.names[p.fault.own[0]], p.fault.object.split("->")[1]) for p in placed if p.cause == "ghost_neighbour"]
    write_exports(outdir / "data", tables, messy, ghosts if messy else [])
    faults = _fault_frame(layout, placed, cond.end)
    truth = FieldTruth(faults, complaints, sorted(set(layout.names) - _carrying(layout, placed)), missing, messy, dropped,
                       sorted(layout.names[layout.rural]))
    (outdir / "truth").mkdir(parents=True, exist_ok=True)
    faults.to_csv(outdir / "truth" / "faults.csv", index=False)
    complaints.to_csv(outdir / "truth" / "complaints.csv", index=False)
    return truth


def _real_core(layout, p: Placed) -> set[int]:
    f = p.fault
    if f.level in BSC_LEVELS:
        return set()
    if f.level == "lac":
        return set(np.flatnonzero(layout.cells["lac"].to_numpy() == f.lac).tolist()) | set(f.own)
    return set(f.own) | set(f.effect)


def _carrying(layout, placed: list[Placed]) -> set[str]:
    """Cells a fault sits on or shows in (a LAC fault: the re-homed cells only)."""
    out = set()
    for p in placed:
        cells = p.fault.own if p.fault.level == "lac" else p.core
        out |= {str(layout.names[c]) for c in cells}
    return out


def _explained(ctx: Context, placed: list[Placed], cells: set[int], symptom: str, skip: set[int]) -> bool:
    """Could a fault (other than those in `skip`) explain a complaint of `symptom` on these cells?"""
    lay = ctx.layout
    for i, p in enumerate(placed):
        if i in skip or symptom not in p.symptoms:
            continue
        if p.core & cells:
            return True
        if p.fault.bsc is not None and any(lay.bsc[c] == p.fault.bsc for c in cells):
            return True
        if p.fault.level == "lac" and any(lay.cells.at[c, "lac"] == p.fault.lac for c in cells):
            return True
    return False


def _near(ctx: Context, xy: np.ndarray, reach: float) -> set[int]:
    lay = ctx.layout
    return set(np.flatnonzero(np.hypot(*(lay.xy - xy).T) <= reach).tolist())


def _complaints(ctx: Context, placed: list[Placed], rng: np.random.Generator) -> tuple[pd.DataFrame, int]:
    lay, cond = ctx.layout, ctx.cond
    relations = lay.relations()
    rows, dropped = [], 0

    def add(kind, fault, cause, symptom, cell, xy, time, pair):
        lat, lon = lay.latlon(np.asarray(xy)) if xy is not None else (None, None)
        rows.append([f"F{len(rows) + 1:04d}", kind, fault, cause, symptom, None if cell is None else str(lay.names[cell]),
                     None if lat is None else round(float(lat), 6), None if lon is None else round(float(lon), 6), time, pair])

    for i, p in enumerate(placed):
        f = p.fault
        own_symptoms = sorted(p.symptoms - (placed[p.partner].symptoms if p.partner is not None else set()))
        skip = {i} | ({p.partner} if p.partner is not None else set())
        if p.cell is not None:
            symptom = str(rng.choice(own_symptoms))
            scope_cells = {p.cell, *relations[p.cell], *lay.cosite(p.cell)}
            if _explained(ctx, placed, scope_cells, symptom, skip):
                dropped += 1
            else:
                add("fault", i, f.cause, symptom, p.cell, None, complaint_time(ctx, f.start, f.end, False), p.pair)
        if p.pair or (p.cell is None and f.spot_km is None):
            continue
        symptom = str(rng.choice(own_symptoms))
        if f.spot_km is not None:
            xy = np.array(f.spot_km)
        else:
            xy = spot_in_front(ctx, p.cell, f.spot_reach)
        reach = 1.3 * float(lay.spacing[p.cell] if p.cell is not None else np.max(lay.spacing))
        if _explained(ctx, placed, _near(ctx, xy, reach), symptom, skip):
            dropped += 1
            continue
        add("fault", i, f.cause, symptom, None, xy, complaint_time(ctx, f.start, f.end, False), p.pair)

    carrying = {c for p in placed for c in p.core}
    pool = [c for c in rng.permutation(lay.n).tolist() if c not in carrying]
    every = list(load_catalogue().symptoms)
    last_day = cond.start + pd.Timedelta(days=cond.days - 1)
    by_cell = by_spot = 0
    for k, c in enumerate(pool):
        symptom = every[k % len(every)]
        when = last_day + pd.Timedelta(minutes=int(rng.integers(8 * 4, 22 * 4)) * 15) if rng.random() < 0.5 else None
        if by_cell < HEALTHY_BY_CELL:
            if not _explained(ctx, placed, {c}, symptom, set()) and not _repeater_check(lay, {c}, symptom):
                add("healthy", -1, None, symptom, c, None, when, 0)
                by_cell += 1
        elif by_spot < HEALTHY_BY_SPOT:
            xy = spot_in_front(ctx, c, (0.15, 0.45))
            near = _near(ctx, xy, 1.3 * float(lay.spacing[c]))
            if not _explained(ctx, placed, near, symptom, set()) and not _repeater_check(lay, near, symptom):
                add("healthy", -1, None, symptom, None, xy, when, 0)
                by_spot += 1
    return pd.DataFrame(rows, columns=COMPLAINT_COLUMNS), dropped


def _repeater_check(lay, cells: set[int], symptom: str) -> bool:
    """A call-setup complaint on a cell feeding a repeater has an answer when its counters are normal:
    check the repeater (causes.yaml, repeater_rx_off). Not a healthy complaint, then."""
    return symptom == "call_setup" and bool(lay.cells.loc[sorted(cells), "repeater"].any())


def _fault_frame(layout, placed: list[Placed], window_end: pd.Timestamp) -> pd.DataFrame:
    """One row per fault; `scan` says whether the scan of the window should list it: a network
    finding of data (not a located gap, not a check like a repeater's) still there at the window's
    end (a fault that ended inside the window is found by the triage of a complaint at its time)."""
    catalogue = load_catalogue()
    rows = []
    for i, p in enumerate(placed):
        f = p.fault
        cells = [str(layout.names[c]) for c in [*f.own, *f.effect]]
        rows.append({
            "fault": i, "cause": f.cause, "level": f.level, "object": f.object, "own": ";".join(cells[: len(f.own)]),
            "cells": ";".join(cells), "bsc": None if f.bsc is None else layout.bsc_names[f.bsc], "lac": f.lac,
            "start": f.start, "end": f.end, "detail": f.detail, "pair": p.pair,
            "scan": catalogue.causes[f.cause].detect == "data" and f.level != "location" and catalogue.causes[f.cause].scan
                    and f.end >= window_end,
        })  # fmt: skip
    return pd.DataFrame(rows)
