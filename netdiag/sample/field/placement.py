"""Where the field suite's faults go, and the complaints that come of them.

Faults whose causes share a symptom are kept apart: neither's cells lie in the other's complaint
scope (the complaint cell, its relations and its site), a BSC-level fault has its BSC to itself.
Two faults are put in one complaint's scope on purpose (`PAIRS`), with symptoms that tell them
apart. After injection the complaints are checked against the faults' real footprints and any
that another fault could also explain is left out (and counted).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...catalogue import load_catalogue
from .counters import lac_border
from .radio import cochannel_partner, congested_target, ghost_cells
from .scenario import SCENARIOS, Context, Fault, traffic_takers

# Two faults in one scope, told apart by the symptom (their causes share none).
PAIRS = [
    ("vswr_alarm", "agch_blocks_too_small"),
    ("trx_short_hold", "gprs_cell_congestion"),
    ("uplink_interference", "gprs_hung"),
    ("paging_barred", "poor_radio_environment"),
    ("high_drop_cell", "gprs_bsc_congestion"),
    ("trx_latent_fault", "sccp_call_loss"),
    ("cell_hardware_latent_fault", "lac_border"),
    ("coverage_degraded", "tcu_hung"),
]
BSC_LEVELS = {"bsc", "circuit", "circuit_group"}
GAP_FAULTS = 2  # coverage gaps per network


def symptoms(cause: str) -> set[str]:
    return set(load_catalogue().causes[cause].symptoms)


@dataclass
class Placed:
    cause: str
    target: int  # cell, BSC, LAC code or gap index
    core: set[int]  # cells that carry it (estimated before, real after injection)
    bsc: int | None = None
    lac: int | None = None
    cell: int | None = None  # the complaint cell
    pair: int = 0
    fault: Fault | None = None
    partner: int | None = None  # index of the other fault of a pair
    symptoms: set[str] = field(default_factory=set)


def scope(ctx: Context, relations: list[set[int]], c: int) -> set[int]:
    return {c, *relations[c], *ctx.layout.cosite(c)}


def eligible(ctx: Context, kinds: list[str]) -> np.ndarray:
    """(C,) bool: cells a fault of every one of these target kinds may sit on (never a repeater cell)."""
    lay = ctx.layout
    trx = lay.trx_count
    first_two = ctx.trx.groupby("cell", sort=False)["power_w"].agg(lambda p: tuple(p.iloc[:2]))
    mixed = lay.cells["cell"].map(first_two).to_numpy()
    ok = lay.cells["repeater"].to_numpy() == 0
    for kind in kinds:
        ok &= {
            "cell": np.ones(lay.n, bool), "site": np.ones(lay.n, bool), "urban": ~lay.rural, "rural": lay.rural,
            "single": trx == 1, "multi": trx >= 2, "border": ctx.border,
            "mixed": np.array([m == (45, 35) for m in mixed]),
        }[kind]  # fmt: skip
    return ok


def core_estimate(ctx: Context, cause: str, c: int) -> set[int] | None:
    """The cells a fault of this cause at cell c will carry; None where it cannot go there."""
    lay = ctx.layout
    if cause in ("cell_out_of_service", "single_trx_cell_trx_down", "cell_hung"):
        return {c, *traffic_takers(lay, c)}
    if cause == "transmission_flapping":
        return set(lay.cosite(c))
    if cause == "clock_unsync":
        site = lay.cosite(c)
        return {*site, *(k for j in site for k in lay.nb[j])} | {k for k in range(lay.n) if set(lay.nb[k]) & set(site)}
    if cause == "cochannel_interference":
        other = cochannel_partner(ctx, c)
        return None if other is None else {c, other}
    if cause == "target_cell_congestion":
        target = congested_target(ctx, c)
        return None if target is None else {c, target, *(k for k in range(lay.n) if target in lay.nb[k])}
    if cause == "ghost_neighbour":
        found = ghost_cells(ctx, c)
        return None if found is None else {c, *found}
    return {c}


def place(ctx: Context, causes: list[str], pairs: list[tuple[str, str]]) -> list[Placed]:
    """Targets for single faults (each cause once) and for the pairs; BSC and LAC faults first."""
    relations = ctx.layout.relations()
    placed: list[Placed] = []
    wide = [c for c in causes if SCENARIOS[c].target in ("bsc", "lac", "gap")]
    for cause in wide:
        _place_wide(ctx, relations, cause, placed)
    for a, b in pairs:
        _place_pair(ctx, relations, a, b, placed)
    for cause in [c for c in causes if c not in wide]:
        _place_cell(ctx, relations, cause, placed)
    for cause in [c for c in wide if SCENARIOS[c].target == "gap"]:
        _more_gaps(ctx, cause, placed)
    return placed


def _more_gaps(ctx: Context, cause: str, placed: list[Placed]) -> None:
    """A gap gives one complaint (by spot, where the other faults give one by cell and one by spot): the
    next free gaps, taken in order (nothing drawn, the rest of the network stays as it was), give the
    suite as many complaints of it as of the others."""
    taken = {p.target for p in placed if p.cause == cause}
    for g in [g for g in range(len(ctx.layout.gaps)) if g not in taken][: GAP_FAULTS - len(taken)]:
        placed.append(Placed(cause, g, set(), symptoms=symptoms(cause)))


def _conflicts(ctx: Context, relations, new: Placed, placed: list[Placed]) -> bool:
    cells = ctx.layout.cells
    for old in placed:
        if old.partner is not None and placed[old.partner] is new:
            continue
        if new.core & old.core:
            return True
        if not (new.symptoms & old.symptoms):
            continue
        if new.cell is not None and old.cell is not None:
            if new.core & scope(ctx, relations, old.cell) or old.core & scope(ctx, relations, new.cell):
                return True
        if old.bsc is not None and new.cell is not None and any(ctx.layout.bsc[c] == old.bsc for c in new.core):
            return True
        if old.lac is not None and new.cell is not None and any(cells.at[c, "lac"] == old.lac for c in scope(ctx, relations, new.cell)):
            return True
    return False


def _place_wide(ctx: Context, relations, cause: str, placed: list[Placed]) -> None:
    kind = SCENARIOS[cause].target
    rng, lay = ctx.rng, ctx.layout
    if kind == "gap":
        taken = {p.target for p in placed if p.cause == cause}
        free = [g for g in range(len(lay.gaps)) if g not in taken]
        placed.append(Placed(cause, int(rng.choice(free)), set(), symptoms=symptoms(cause)))
        return
    if kind == "bsc":
        # The complaint cell is chosen with the BSC and held (as the fault's core until injection):
        # the cell faults placed afterwards could otherwise take every cell of a small BSC.
        used = {p.bsc for p in placed if p.bsc is not None}
        for b in [b for b in rng.permutation(len(lay.bsc_names)).tolist() if b not in used]:
            new = Placed(cause, b, set(), bsc=b, symptoms=symptoms(cause))
            cell = _complaint_cell(ctx, relations, new, placed)
            if cell is not None:
                new.cell, new.core = cell, {cell}
                placed.append(new)
                return
        raise ValueError(f"no BSC with a complaint cell for {cause}")
    lacs = lay.cells["lac"].unique()
    lac = int(rng.choice(lacs))
    core = set(np.flatnonzero(lay.cells["lac"].to_numpy() == lac).tolist())
    placed.append(Placed(cause, lac, core, lac=lac, symptoms=symptoms(cause)))


def _candidates(ctx: Context, kinds: list[str]) -> list[int]:
    ok = eligible(ctx, kinds)
    return [c for c in ctx.rng.permutation(ctx.layout.n).tolist() if ok[c]]


def _place_cell(ctx: Context, relations, cause: str, placed: list[Placed]) -> None:
    for c in _candidates(ctx, [SCENARIOS[cause].target]):
        core = core_estimate(ctx, cause, c)
        if core is None:
            continue
        new = Placed(cause, c, core, cell=c, symptoms=symptoms(cause))
        if not _conflicts(ctx, relations, new, placed):
            placed.append(new)
            return
    raise ValueError(f"no room for {cause}")


def _place_pair(ctx: Context, relations, a: str, b: str, placed: list[Placed]) -> None:
    wide_b = SCENARIOS[b].target == "bsc"
    kinds = [SCENARIOS[a].target] + ([] if wide_b else [SCENARIOS[b].target])
    used_bsc = {p.bsc for p in placed if p.bsc is not None}
    for c in _candidates(ctx, kinds):
        core_a, core_b = core_estimate(ctx, a, c), (set() if wide_b else core_estimate(ctx, b, c))
        if core_a is None or core_b is None or (wide_b and ctx.layout.bsc[c] in used_bsc):
            continue
        first = Placed(a, c, core_a | core_b, cell=c, pair=1, symptoms=symptoms(a))
        second = Placed(b, int(ctx.layout.bsc[c]) if wide_b else c, set() if wide_b else core_a | core_b, cell=c, pair=1,
                        bsc=int(ctx.layout.bsc[c]) if wide_b else None, symptoms=symptoms(b))
        if _conflicts(ctx, relations, first, placed) or (not wide_b and _conflicts(ctx, relations, second, placed)):
            continue
        if wide_b and any(p.cell is not None and p.symptoms & second.symptoms and ctx.layout.bsc[p.cell] == second.bsc for p in placed):
            continue
        first.partner, second.partner = len(placed) + 1, len(placed)
        placed += [first, second]
        return
    raise ValueError(f"no room for the pair {a} + {b}")


def _complaint_cell(ctx: Context, relations, p: Placed, placed: list[Placed]) -> int | None:
    """A cell of the fault's BSC that nothing else explains for its symptoms (None: no such cell)."""
    lay = ctx.layout
    cells = [c for c in ctx.rng.permutation(lay.n).tolist() if lay.bsc[c] == p.bsc and lay.cells.at[c, "repeater"] == 0]
    for c in cells:
        mine = Placed(p.cause, c, set(), cell=c, symptoms=p.symptoms)
        others = [q for q in placed if q is not p and q.bsc != p.bsc]
        if not any(c in q.core for q in placed) and not _conflicts(ctx, relations, mine, others):
            return c
    return None


# ------------------------------------------------------------------ complaints

def spot_in_front(ctx: Context, c: int, reach: tuple[float, float]) -> np.ndarray:
    lay, rng = ctx.layout, ctx.rng
    bearing = np.radians(lay.azimuth[c] + rng.uniform(-25, 25))
    return lay.xy[c] + rng.uniform(*reach) * lay.spacing[c] * np.array([np.sin(bearing), np.cos(bearing)])


def complaint_time(ctx: Context, start: pd.Timestamp, end: pd.Timestamp, always: bool) -> pd.Timestamp | None:
    """When the subscriber says it happened: inside the fault's active stretch (required when it has
    ended), on the window's last day when possible."""
    cond = ctx.cond
    ended = end < cond.end
    if not ended and not always and ctx.rng.random() < 0.5:
        return None
    lo = max(start + pd.Timedelta(hours=1), cond.start + pd.Timedelta(hours=2))
    hi = end - pd.Timedelta(minutes=15)
    last_day = cond.start + pd.Timedelta(days=cond.days - 1, hours=8)
    if not ended and hi > last_day:
        lo = max(lo, last_day)
    if hi <= lo:
        hi = lo + pd.Timedelta(minutes=15)
    minutes = int(ctx.rng.uniform(0, (hi - lo).total_seconds() / 60))
    return (lo + pd.Timedelta(minutes=minutes)).floor("15min")
