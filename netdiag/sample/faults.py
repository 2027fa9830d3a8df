"""Fault injection framework: the injector registry, fault placement and the affected-cell rule.

An injector is a function, registered per cause id with `@injector(...)`, that turns knobs (and may
edit the configuration) for one placed target and returns the fault's object id and a description.
A fault may necessarily create detectable conditions on other cells too (the other cells of a site
whose transmission flaps, the congested target of failing handovers): its `consequences` function
names them, and truth.csv lists them as rows of role `consequence` under the same fault number.
Placement is generic: it only needs the injector's level, its consequences and the causes' symptoms
from the catalogue, so a new cause needs nothing but its injector.

Placement rule: two faults whose causes (consequences included) share a symptom affect disjoint sets
of cells, so a complaint in an affected cell has exactly one fault to explain it per symptom; and no
cell is the own cell (truth row) of two faults.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..catalogue import load_catalogue
from .knobs import Knobs
from .network import Network

# What a fault at each level affects: the cell and its neighbourhood, a whole BSC, or a whole LAC.
SCOPE = {
    "cell": "cell",
    "trx": "cell",
    "adjacency": "cell",
    "circuit": "bsc",
    "circuit_group": "bsc",
    "bsc": "bsc",
    "lac": "lac",
}
PLACEMENT_ORDER = {"lac": 0, "bsc": 1, "cell": 2}  # the big areas first, while there is room
PLACEMENT_ATTEMPTS = 30


@dataclass
class Target:
    """Where a fault goes. `cell` is the fault's cell, or for a BSC/LAC fault the serving cell a
    complaint would name. `moved` lists cells a LAC fault re-homes (they join `lac`); `other` is a
    second cell the fault involves and `params` holds any other choice the candidates made."""

    cell: int | None = None
    bsc: int | None = None
    lac: int | None = None
    moved: tuple[int, ...] = ()
    other: int | None = None
    params: dict = field(default_factory=dict)


@dataclass
class Scene:
    """What an injector may change."""

    rng: np.random.Generator
    net: Network
    knobs: Knobs
    start: pd.Timestamp
    alarms: list[dict]


@dataclass(frozen=True)
class Injected:
    object: str
    detail: str


@dataclass(frozen=True)
class Consequence:
    """A detectable condition a fault necessarily creates on another cell (a truth row)."""

    cause: str
    level: str
    cell: int
    object: str
    detail: str


Candidates = Callable[[Network, Knobs, np.random.Generator], Iterable[Target]]
Consequences = Callable[[Network, Target], list[Consequence]]


@dataclass(frozen=True)
class Injector:
    cause: str
    level: str
    symptom: str  # the symptom a complaint about this fault would most likely report
    inject: Callable[[Scene, Target], Injected]
    candidates: Candidates | None
    consequences: Consequences | None


REGISTRY: dict[str, Injector] = {}


def injector(cause: str, *, level: str, symptom: str, candidates: Candidates | None = None, consequences: Consequences | None = None):
    """Register an injector for a cause id. `candidates(net, knobs, rng)` may restrict or shape the
    targets (default: every cell, or every BSC, in random order); `consequences(net, target)` lists
    the conditions the fault creates on other cells."""
    if level not in SCOPE:
        raise ValueError(f"unknown fault level {level!r}")

    def register(fn: Callable[[Scene, Target], Injected]) -> Callable[[Scene, Target], Injected]:
        catalogue = load_catalogue()
        if cause not in catalogue.causes or symptom not in catalogue.causes[cause].symptoms:
            raise ValueError(f"{cause}/{symptom}: not a cause with that symptom in causes.yaml")
        REGISTRY[cause] = Injector(cause, level, symptom, fn, candidates, consequences)
        return fn

    return register


@dataclass
class Placement:
    injector: Injector
    target: Target
    consequences: list[Consequence]
    footprint: dict[str, frozenset[int]]  # symptom -> cells a complaint of it may blame on this fault
    own: frozenset[int]  # the cells of its truth rows

    @property
    def affected(self) -> frozenset[int]:
        return frozenset().union(*self.footprint.values())


def scope_cells(net: Network, relations: list[set[int]], level: str, target: Target) -> frozenset[int]:
    scope = SCOPE[level]
    if scope == "cell":
        return frozenset({target.cell, *relations[target.cell]})
    if scope == "bsc":
        return frozenset(np.flatnonzero(net.bsc == target.bsc).tolist())
    lac = net.cells["lac"].to_numpy()
    return frozenset({*np.flatnonzero(lac == target.lac).tolist(), *target.moved})


def _symptoms(cause: str) -> tuple[str, ...]:
    return load_catalogue().causes[cause].symptoms


def footprint(net: Network, relations: list[set[int]], inj: Injector, target: Target, consequences: list[Consequence]) -> dict[str, frozenset[int]]:
    rows = [(inj.cause, scope_cells(net, relations, inj.level, target))]
    rows += [(c.cause, scope_cells(net, relations, c.level, Target(cell=c.cell))) for c in consequences]
    out: dict[str, set[int]] = {}
    for cause, cells in rows:
        for symptom in _symptoms(cause):
            out.setdefault(symptom, set()).update(cells)
    return {s: frozenset(c) for s, c in out.items()}


def place_faults(rng: np.random.Generator, net: Network, knobs: Knobs, causes: list[str], minimum: str = "") -> list[Placement]:
    """Targets for the faults, in the order given, obeying the placement rule. Tries several random
    orders of candidates; raises ValueError when the network is too small for the faults."""
    unknown = [c for c in causes if c not in REGISTRY]
    if unknown:
        raise ValueError(f"no injector for {', '.join(unknown)}; known: {', '.join(REGISTRY)}")
    symptoms = {c: set(_symptoms(c)) for c in causes}
    relations = net.neighbour_sets()

    def rank(i: int) -> tuple[int, int, int]:  # big areas first, then faults with consequences, then most clashes
        inj = REGISTRY[causes[i]]
        clashes = sum(bool(symptoms[causes[i]] & symptoms[c]) for c in causes)
        return PLACEMENT_ORDER[SCOPE[inj.level]], inj.consequences is None, -clashes

    order = sorted(range(len(causes)), key=rank)
    problem = ""
    for attempt in range(PLACEMENT_ATTEMPTS):
        # spread the faults apart first; on a small network, pack them where symptoms allow
        pack = attempt >= PLACEMENT_ATTEMPTS // 3
        placed: dict[int, Placement] = {}
        for i in order:
            found = _place_one(rng, net, knobs, relations, REGISTRY[causes[i]], list(placed.values()), pack)
            if found is None:
                problem = causes[i]
                break
            placed[i] = found
        else:
            return [placed[i] for i in range(len(causes))]
    raise ValueError(
        f"cannot place fault {problem!r} on a network of {net.n_cells} cells: faults that share a symptom "
        f"need disjoint areas; generate more cells or fewer faults{minimum}"
    )


def _place_one(rng, net, knobs, relations, inj: Injector, placed: list[Placement], pack: bool) -> Placement | None:
    """A target whose footprint overlaps no placed fault's footprint for a shared symptom and whose
    own cells are nobody else's. Spreading takes the first whose area holds no other fault's own
    cell and touches no other fault (else the best found); packing takes the one overlapping the
    other faults most, to leave room."""
    own_cells = set().union(*(p.own for p in placed))
    taken: dict[str, set[int]] = {}
    for p in placed:
        for symptom, cells in p.footprint.items():
            taken.setdefault(symptom, set()).update(cells)
    anywhere = set().union(*taken.values())
    best: tuple[tuple, Target, list[Consequence], dict] | None = None
    for target in _candidates(net, knobs, rng, inj):
        if target.cell in own_cells or target.other in own_cells:
            continue
        consequences = inj.consequences(net, target) if inj.consequences else []
        mine = {c.cell for c in consequences} | ({target.cell} if target.cell is not None else set())
        if mine & own_cells:
            continue
        fp = footprint(net, relations, inj, target, consequences)
        if any(cells & taken.get(symptom, set()) for symptom, cells in fp.items()):
            continue
        area = frozenset().union(*fp.values())
        overlap = len(area & anywhere)
        key = (bool(area & own_cells), -overlap if pack else min(overlap, 1))
        if best is None or key < best[0]:
            best = (key, target, consequences, fp)
            if key == (False, 0) and not pack:
                break
    if best is None:
        return None
    _, target, consequences, fp = best
    if target.cell is None:
        target.cell = _serving_cell(rng, relations, frozenset().union(*fp.values()), anywhere | own_cells)
    own = frozenset({target.cell, *(c.cell for c in consequences)})
    return Placement(inj, target, consequences, fp, own)


def _candidates(net: Network, knobs: Knobs, rng: np.random.Generator, inj: Injector) -> Iterable[Target]:
    if inj.candidates is not None:
        return inj.candidates(net, knobs, rng)
    if SCOPE[inj.level] == "bsc":
        return (Target(bsc=b) for b in rng.permutation(len(net.bsc_names)).tolist())
    if SCOPE[inj.level] == "cell":
        return (Target(cell=c) for c in rng.permutation(net.n_cells).tolist())
    raise ValueError(f"{inj.cause}: a {inj.level}-level injector must give its candidates")


def _serving_cell(rng, relations, affected: frozenset[int], taken: set[int]) -> int:
    """A cell deep inside the area (its whole neighbourhood affected too), untouched by other faults."""
    pool = sorted(affected - taken) or sorted(affected)
    inner = [c for c in pool if relations[c] <= affected]
    return int(rng.choice(inner or pool))


def affected_cells(truth: pd.DataFrame, cells: pd.DataFrame, neighbours: pd.DataFrame) -> dict[int, set[str]]:
    """Truth row index -> names of the cells the row affects (injected faults and their consequences
    alike): a cell-, TRX- or adjacency-level row its cell, the cell's neighbours and the cells listing
    it; a circuit, circuit-group or BSC row every cell of the BSC; a LAC row every cell with that LAC."""
    names = set(cells["cell"])
    related: dict[str, set[str]] = {name: set() for name in names}
    real = neighbours[neighbours["cell"].isin(names) & neighbours["neighbour"].isin(names)]
    for a, b in zip(real["cell"], real["neighbour"]):
        related[a].add(b)
        related[b].add(a)
    out: dict[int, set[str]] = {}
    for index, row in truth.iterrows():
        scope = SCOPE.get(row["level"])
        if scope == "cell":
            out[index] = {row["cell"], *related[row["cell"]]}
        elif scope == "bsc":
            bsc = str(row["object"]).split("/")[0]
            out[index] = set(cells.loc[cells["bsc"] == bsc, "cell"])
        elif scope == "lac":
            lac = int(str(row["object"]).split()[-1])
            out[index] = set(cells.loc[cells["lac"].astype(int) == lac, "cell"])
        else:
            raise ValueError(f"fault {index}: unknown level {row['level']!r}")
    return out
