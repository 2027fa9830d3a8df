"""The per-level frames rules run on, computed vectorised from a dataset.

Each level has a frame over the whole window and, where its statistics have periods, a frame per
period (for rules that ask for persistence). COLUMNS declares every column a rule may name, so a
rule is checked against it when it is loaded, not when it runs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable


from ..dataset.model import Dataset
from ..memory import release_memory
from . import adjacency, cell, circuits, network, trx
from .base import IDENTITY, LevelFrames
from .context import context_parts, network_context
from .levels import LEVELS


COLUMNS: dict[str, dict[str, str]] = {
    "cell": {**IDENTITY, **cell.COLUMNS},
    "trx": {**IDENTITY, **trx.COLUMNS},
    "circuit": {**IDENTITY, **circuits.CIRCUIT_COLUMNS},
    "circuit_group": {**IDENTITY, **circuits.GROUP_COLUMNS},
    "adjacency": {**IDENTITY, **adjacency.COLUMNS},
    "bsc": {**IDENTITY, **network.BSC_COLUMNS},
    "lac": {**IDENTITY, **network.LAC_COLUMNS},
}

# Levels whose rules may be judged over stretches of periods, and what a stretch may follow the change of.
STRETCH_CHANGES: dict[str, frozenset[str]] = {"cell": frozenset(cell.CHANGES)}

# Columns added to a level's frame when a rule asks for persistence over periods.
PERSISTENCE_COLUMNS = {
    "periods_hit": "periods in which the condition held",
    "periods_seen": "periods with statistics for the object",
    "persistence": "periods_hit / periods_seen",
    "hours_hit": "hours covered by the periods in which the condition held",
}

# In the order they are worked out: those that leave most behind or need most while working last
# (the peak is what earlier levels keep plus what the current one needs).
_COMPUTE: dict[str, Callable[[Dataset], LevelFrames]] = {
    "adjacency": adjacency.adjacency_measures,
    "circuit": lambda ds: circuits.circuit_measures(ds),
    "cell": cell.cell_measures,
    "trx": trx.trx_measures,
    "bsc": network.bsc_measures,
    "lac": network.lac_measures,
}


def level_groups(levels: Iterable[str]) -> list[set[str]]:
    """The levels as `compute` works them out, in its order: each alone, the two circuit levels
    together (one pass gives both)."""
    wanted = set(levels)
    groups = []
    for level in _COMPUTE:
        group = {"circuit", "circuit_group"} & wanted if level == "circuit" else {level} & wanted
        if group:
            groups.append(group)
    return groups


def compute(ds: Dataset, levels: Iterable[str] = LEVELS) -> dict[str, LevelFrames]:
    """Measures for the levels asked for (each computed once), in LEVELS order."""
    wanted = set(levels)
    if ds.context is None:
        # The network-wide values (baselines, busy periods, window end, target load) that several
        # levels ask for, worked out once for all of them.
        ds = dataclasses.replace(ds, context=network_context(context_parts(ds)))
    if wanted & {"circuit", "circuit_group"}:
        wanted.add("circuit")
    result: dict[str, LevelFrames] = {}
    for level, compute_level in _COMPUTE.items():
        if level in wanted:
            if level == "circuit":
                result["circuit"], result["circuit_group"] = compute_level(ds)
            else:
                result[level] = compute_level(ds)
            release_memory()  # what the level freed, before the next one
    return {level: result[level] for level in LEVELS if level in result}


