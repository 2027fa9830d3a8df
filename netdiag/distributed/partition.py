"""A dataset split by BSC for workers: per-object tables partitioned, the configuration shared whole.

Each partition holds whole BSCs: every row of a BSC's cells (counters, handovers, neighbour
relations, alarms) and of the BSC itself (circuits, SCCP, GPU). What a measure needs from beyond
its BSC is either shared whole (the cells and TRX configuration: sites, frequencies and codes of
neighbouring cells, location areas) or comes from the network context (baselines, busy periods,
window end, the congestion of handover targets). A finding belongs to the partition that holds
its BSC; partition 0 also holds rows without a known BSC and the findings above BSC level.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..dataset.model import Dataset

# Rows belong to the BSC of their cell (the cell configuration says which); neighbour relations
# and 180 rows to the BSC of the cell handing over.
BY_CELL = ("cell_kpi", "trx_kpi", "gprs_kpi", "adjacency_ho", "neighbours")
BY_BSC = ("a_circuits", "a_circuit_state", "sccp", "gpu_kpi")
# Alarms on a cell go with the cell; on a site, with every BSC that has cells on the site.
ALARMS = "alarms"
PARTITIONED = (*BY_CELL, *BY_BSC, ALARMS)


@dataclass
class PartitionedDataset(Dataset):
    """One partition on a worker: its own rows, the shared tables, and the network's table list.

    `has` answers for the whole network, so a partition without rows of a table runs the same
    rules as the network does (a BSC without statistics is still measured as one).
    """

    present: frozenset[str] = frozenset()

    def has(self, name: str) -> bool:
        return name in self.present and name in self.tables


@dataclass
class Split:
    """A dataset split into partitions; `group` maps each BSC to the partition owning it."""

    shared: dict[str, pd.DataFrame]
    parts: list[dict[str, pd.DataFrame]]
    group: dict[str, int]
    present: frozenset[str]


def partition_dataset(part: dict[str, pd.DataFrame], shared: dict[str, pd.DataFrame], present: frozenset[str],
                      context: object | None = None) -> PartitionedDataset:
    return PartitionedDataset(tables={**shared, **part}, context=context, present=present)


def owned(findings: pd.DataFrame, group: dict[str, int], index: int) -> pd.DataFrame:
    """The findings partition `index` answers for: those of its BSCs (no BSC: partition 0)."""
    return findings[groups_of(findings["bsc"], group) == index]


def groups_of(bsc: pd.Series, group: dict[str, int]) -> np.ndarray:
    return bsc.map(group).fillna(0).to_numpy(dtype="int64")


def shared_tables(ds: Dataset) -> dict[str, pd.DataFrame]:
    """The tables every partition gets whole: cells, trx, and any table not partitioned above."""
    return {name: frame for name, frame in ds.tables.items() if name not in PARTITIONED}


def present_tables(ds: Dataset) -> frozenset[str]:
    return frozenset(name for name in ds.tables if ds.has(name))


def split_by_bsc(ds: Dataset, partitions: int | Mapping[str, int]) -> Split:
    """Up to `partitions` partitions of whole BSCs, balanced by their number of rows; or the
    partition of each BSC given (from 0; a BSC not named goes to partition 0)."""
    cells = ds["cells"]
    names = _bsc_names(ds)
    cell_codes = pd.Index(names).get_indexer(cells["bsc"])  # -1: a cell without a BSC
    rows = {name: _row_codes(ds, name, names, cell_codes) for name in ds.tables if name in (*BY_CELL, *BY_BSC)}
    if isinstance(partitions, Mapping):
        group = {str(bsc): int(index) for bsc, index in partitions.items()}
        if any(index < 0 for index in group.values()):
            raise ValueError("partition numbers start at 0")
    else:
        weights = sum((np.bincount(c[c >= 0], minlength=len(names)) for c in [cell_codes, *rows.values()]),
                      np.zeros(len(names), dtype="int64"))
        group = _balanced(names, weights, max(1, min(partitions, len(names))))
    n = max(group.values(), default=0) + 1
    group_of_code = np.array([group.get(name, 0) for name in names] + [0], dtype="int64")  # [-1]: no BSC
    parts: list[dict[str, pd.DataFrame]] = [{} for _ in range(n)]
    for name, frame in ds.tables.items():
        if name in rows:
            pieces = _pieces(frame, group_of_code[rows[name]], n)
        elif name == ALARMS:
            cell_group = pd.Series(group_of_code[cell_codes], index=cells["cell"].to_numpy())
            pieces = _alarm_pieces(frame, cells, cell_group, group, n)
        else:
            continue
        for part, piece in zip(parts, pieces):
            part[name] = piece
    return Split(shared=shared_tables(ds), parts=parts, group=group, present=present_tables(ds))


def _bsc_names(ds: Dataset) -> list[str]:
    """Every BSC named anywhere, in order, so that each has a partition."""
    named = [ds[name]["bsc"].dropna().unique() for name in ("cells", *BY_BSC, ALARMS) if name in ds.tables]
    return sorted({str(bsc) for values in named for bsc in values})


def _row_codes(ds: Dataset, name: str, names: list[str], cell_codes: np.ndarray) -> np.ndarray:
    """Each row's BSC as a position in `names` (-1: unknown): by its cell's BSC, or its own bsc."""
    frame = ds[name]
    if name in BY_BSC:
        return pd.Index(names).get_indexer(frame["bsc"].astype(object))
    position = pd.Index(ds["cells"]["cell"]).get_indexer(frame["cell"])
    return np.where(position >= 0, cell_codes[position], -1)


def _balanced(names: list[str], weights: np.ndarray, n: int) -> dict[str, int]:
    """Heaviest BSC first into the lightest partition (the partition count never exceeds the BSCs)."""
    load = np.zeros(n)
    group = {}
    for code in np.argsort(-weights, kind="stable"):
        target = int(np.argmin(load))
        group[names[code]] = target
        load[target] += weights[code]
    return group


def _by_cell(frame: pd.DataFrame, cell_group: pd.Series, group: dict[str, int]) -> np.ndarray:
    """The partition of each row's cell; a cell the configuration lacks goes by the row's BSC, else 0."""
    found = frame["cell"].map(cell_group)
    if "bsc" in frame:
        found = found.fillna(frame["bsc"].map(group))
    return found.fillna(0).to_numpy(dtype="int64")


def _alarm_pieces(alarms: pd.DataFrame, cells: pd.DataFrame, cell_group: pd.Series, group: dict[str, int],
                  n: int) -> list[pd.DataFrame]:
    on_site = alarms["cell"].isna() & alarms["site"].notna() & alarms["site"].isin(cells["site"])
    rest = alarms[~on_site]
    site_groups = pd.DataFrame({"site": cells["site"].to_numpy(dtype=object), "_group": cell_group.to_numpy()})
    site_rows = alarms[on_site].reset_index().merge(site_groups.drop_duplicates(), on="site")
    both = pd.concat(
        [rest.reset_index().assign(_group=_by_cell(rest, cell_group, group)), site_rows], ignore_index=True
    ).sort_values("index", kind="stable")  # the alarm list's own order within each partition
    pieces = _pieces(both, both["_group"].to_numpy(dtype="int64"), n)
    return [piece.drop(columns=["index", "_group"]) for piece in pieces]


def _pieces(frame: pd.DataFrame, groups: np.ndarray, n: int) -> list[pd.DataFrame]:
    """Rows of each partition in their original order."""
    order = np.argsort(groups, kind="stable")
    bounds = np.searchsorted(groups[order], np.arange(n + 1))
    return [frame.iloc[order[bounds[i]:bounds[i + 1]]].reset_index(drop=True) for i in range(n)]
