"""Fault injection framework: the injector registry, fault placement and the affected-cell rule.

An injector is a function, registered per cause id with `@injector(...)`, that turns knobs (and may
edit the configuration) for one placed target and returns the fault's object id and a description.
Placement is generic: it only needs the injector's level (what it hits) and the cause's symptoms
from the catalogue, so a new cause needs nothing but its injector.

Placement rule: two faults whose causes share a symptom affect disjoint sets of cells, so a
complaint in an affected cell has exactly one injected explanation per symptom.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

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
    complaint would name. `moved` lists cells a LAC fault re-homes (they join `lac`)."""

    cell: int | None = None
    bsc: int | None = None
    lac: int | None = None
    moved: tuple[int, ...] = ()


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
class Injector:
    cause: str
    level: str
    symptom: str  # the symptom a complaint about this fault would most likely report
    inject: Callable[[Scene, Target], Injected]
    candidates: Callable[[Network, np.random.Generator], Iterable[Target]] | None


REGISTRY: dict[str, Injector] = {}


def injector(cause: str, *, level: str, symptom: str, candidates=None):
    """Register an injector for a cause id. `candidates(net, rng)` may restrict or shape the
    targets (default: every cell, or every BSC, in random order)."""
    if level not in SCOPE:
        raise ValueError(f"unknown fault level {level!r}")

    def register(fn: Callable[[Scene, Target], Injected]) -> Callable[[Scene, Target], Injected]:
        catalogue = load_catalogue()
        if cause not in catalogue.causes or symptom not in catalogue.causes[cause].symptoms:
            raise ValueError(f"{cause}/{symptom}: not a cause with that symptom in causes.yaml")
        REGISTRY[cause] = Injector(cause, level, symptom, fn, candidates)
        return fn

    return register


@dataclass
class Placement:
    injector: Injector
    target: Target
    affected: frozenset[int]


def scope_cells(net: Network, relations: list[set[int]], level: str, target: Target) -> frozenset[int]:
    scope = SCOPE[level]
    if scope == "cell":
        return frozenset({target.cell, *relations[target.cell]})
    if scope == "bsc":
        return frozenset(np.flatnonzero(net.bsc == target.bsc).tolist())
    lac = net.cells["lac"].to_numpy()
    return frozenset({*np.flatnonzero(lac == target.lac).tolist(), *target.moved})


def place_faults(rng: np.random.Generator, net: Network, causes: list[str]) -> list[Placement]:
    """Targets for the faults, in the order given, obeying the placement rule. Tries several random
    orders of candidates; raises ValueError when the network is too small for the faults."""
    unknown = [c for c in causes if c not in REGISTRY]
    if unknown:
        raise ValueError(f"no injector for {', '.join(unknown)}; known: {', '.join(REGISTRY)}")
    symptoms = {c: set(load_catalogue().causes[c].symptoms) for c in causes}
    relations = net.neighbour_sets()

    def rank(i: int) -> tuple[int, int]:  # big areas first, then the faults most others must avoid
        clashes = sum(bool(symptoms[causes[i]] & symptoms[c]) for c in causes)
        return PLACEMENT_ORDER[SCOPE[REGISTRY[causes[i]].level]], -clashes

    order = sorted(range(len(causes)), key=rank)
    problem = ""
    for attempt in range(PLACEMENT_ATTEMPTS):
        # spread the faults apart first; on a small network, pack them where symptoms allow
        pack = attempt >= PLACEMENT_ATTEMPTS // 3
        placed: dict[int, Placement] = {}
        for i in order:
            inj = REGISTRY[causes[i]]
            others = [(symptoms[p.injector.cause], p) for p in placed.values()]
            found = _place_one(rng, net, relations, inj, symptoms[inj.cause], others, pack)
            if found is None:
                problem = inj.cause
                break
            placed[i] = found
        else:
            return [placed[i] for i in range(len(causes))]
    raise ValueError(
        f"cannot place fault {problem!r} on a network of {net.n_cells} cells: faults that share a symptom "
        "need disjoint areas; generate more cells or fewer faults"
    )


def _place_one(rng, net, relations, inj: Injector, mine: set[str], placed, pack: bool) -> Placement | None:
    """A target whose area overlaps no placed fault sharing a symptom, nor another fault's own cell.
    Spreading takes the first that touches no fault at all (else the first found); packing takes
    the one overlapping the other faults most, to leave room."""
    own_cells = {p.target.cell for _, p in placed}
    best: tuple[tuple, Target, frozenset[int]] | None = None
    for target in _candidates(net, rng, inj):
        if target.cell in own_cells:
            continue
        affected = scope_cells(net, relations, inj.level, target)
        if any(mine & theirs and affected & p.affected for theirs, p in placed):
            continue
        overlap = sum(len(affected & p.affected) for _, p in placed)
        key = (bool(affected & own_cells), -overlap if pack else min(overlap, 1))
        if best is None or key < best[0]:
            best = (key, target, affected)
            if key == (False, 0) and not pack:
                break
    if best is None:
        return None
    _, target, affected = best
    if target.cell is None:
        target.cell = _serving_cell(rng, net, relations, affected, {c for _, p in placed for c in p.affected})
    return Placement(inj, target, affected)


def _candidates(net: Network, rng: np.random.Generator, inj: Injector) -> Iterable[Target]:
    if inj.candidates is not None:
        return inj.candidates(net, rng)
    if SCOPE[inj.level] == "bsc":
        return (Target(bsc=b) for b in rng.permutation(len(net.bsc_names)).tolist())
    if SCOPE[inj.level] == "cell":
        return (Target(cell=c) for c in rng.permutation(net.n_cells).tolist())
    raise ValueError(f"{inj.cause}: a {inj.level}-level injector must give its candidates")


def _serving_cell(rng, net, relations, affected: frozenset[int], taken: set[int]) -> int:
    """A cell deep inside the area (its whole neighbourhood affected too), untouched by other faults."""
    pool = sorted(affected - taken) or sorted(affected)
    inner = [c for c in pool if relations[c] <= affected]
    return int(rng.choice(inner or pool))


def affected_cells(truth: pd.DataFrame, cells: pd.DataFrame, neighbours: pd.DataFrame) -> dict[int, set[str]]:
    """Fault row index -> names of the cells the fault affects: a cell-, TRX- or adjacency-level
    fault its cell, the cell's neighbours and the cells listing it; a circuit, circuit-group or BSC
    fault every cell of the BSC; a LAC fault every cell with that LAC."""
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
