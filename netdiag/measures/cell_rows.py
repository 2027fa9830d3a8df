"""The cell level's rows, one per configured cell and period, as positions in the statistics tables.

Cell and GPRS statistics are two tables of (cell, period) rows. Their counters are taken side by side
from these positions when needed, so the per-period measures never hold a copy of the tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..dataset.model import Dataset
from .stats import as_float

KEYS = ["cell", "start_time"]


@dataclass
class CellRows:
    """Configured cells in configuration order, each cell's periods as an outer join of the tables
    orders them; `positions[table]` is each row's row in that table, -1 where it has none."""

    cell: pd.Series
    start_time: pd.Series
    positions: dict[str, np.ndarray]
    configured: np.ndarray | None = None  # each row's cell as its position among the configured cells ...
    names: np.ndarray | None = None  # ... these (the rows' cells found once, not hashed again by name)
    incomplete: dict[str, bool] = field(init=False)  # per table: some rows have no row in it

    def __post_init__(self) -> None:
        self.incomplete = {table: bool((position < 0).any()) for table, position in self.positions.items()}

    def __len__(self) -> int:
        return len(self.cell)

    def owner_in(self, cells: pd.Series) -> np.ndarray:
        """Each row's position among `cells` (-1: not there), as pd.Index(cells).get_indexer(self.cell)."""
        if self.names is not None and pd.Index(cells.to_numpy(dtype=object), dtype=object).equals(pd.Index(self.names, dtype=object)):
            return self.configured
        return pd.Index(cells).get_indexer(self.cell)

    def factorized(self) -> tuple[np.ndarray, np.ndarray]:
        """pd.factorize(self.cell): (each row's cell as a number, in order of first appearance; those cells)."""
        if self.configured is None:
            code, cells = pd.factorize(self.cell)
            return code, cells.to_numpy(dtype=object)
        code, first = pd.factorize(self.configured)
        return code, self.names[first]

    def column(self, ds: Dataset, table: str, column: str, rows: np.ndarray | None = None) -> np.ndarray:
        """A column of one table as float64 on these rows, or on the `rows` of them given (positions
        among these rows), NaN where the table has no row: one gather of the table's values, no
        float copy of the whole column first."""
        position = self.positions.get(table)
        size = len(self) if rows is None else len(rows)
        if position is None or len(ds[table]) == 0:
            return np.full(size, np.nan)
        position = position if rows is None else position[rows]
        taken = _float_at(ds[table][column], position)  # (-1, no row: the last value, replaced below)
        if self.incomplete.get(table, True):
            taken[position < 0] = np.nan
        return taken


def _float_at(values: pd.Series, position: np.ndarray) -> np.ndarray:
    """as_float(values)[position]; a few of the rows of whole numbers are taken before they are
    converted (most of them convert faster in one pass, then taken)."""
    array = values.array
    if isinstance(array, pd.arrays.IntegerArray) and 2 * len(position) < len(values):
        taken = array._data[position].astype("float64")  # (an int64 converts to float64 as as_float does)
        missing = array._mask[position]
        if missing.any():
            taken[missing] = np.nan
        return taken
    if values.dtype == np.float64:
        return values.to_numpy()[position]
    return as_float(values)[position]


def cell_rows(ds: Dataset, configured: pd.Series, tables: list[str]) -> CellRows:
    present = [t for t in tables if ds.has(t)]
    if not present:
        return CellRows(pd.Series([], dtype=object), pd.Series([], dtype="datetime64[ns]"), {})
    first = ds[present[0]]
    if len(present) == 1 or _same_rows(first, ds[present[1]]):
        # The usual exports: both tables list the same cells and periods alike (or there is one).
        order, owner = _configured_order(first, configured, by_time=len(present) > 1)
        return CellRows(*_keys(first, order), {table: order for table in present}, owner, configured.to_numpy(dtype=object))
    # Otherwise an outer join of their keys says which row of each belongs to which cell and period.
    frames = [ds[t][KEYS].assign(**{f"_{i}": np.arange(len(ds[t]))}) for i, t in enumerate(present)]
    joined = frames[0].merge(frames[1], on=KEYS, how="outer")
    order, owner = _configured_order(joined, configured, by_time=False)
    positions = {t: joined[f"_{i}"].to_numpy(dtype="float64", na_value=-1)[order].astype(np.int64) for i, t in enumerate(present)}
    return CellRows(*_keys(joined, order), positions, owner, configured.to_numpy(dtype=object))


def _keys(frame: pd.DataFrame, order: np.ndarray) -> tuple[pd.Series, pd.Series]:
    return tuple(frame[k].take(order).reset_index(drop=True) for k in KEYS)


def _configured_order(frame: pd.DataFrame, configured: pd.Series, by_time: bool) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the rows of configured cells: by configuration order, then by time (else as they
    are); and the position of each one's cell among the configured."""
    owner = pd.Index(configured).get_indexer(frame["cell"])
    kept = np.flatnonzero(owner >= 0)
    if by_time:
        order = kept[np.lexsort((frame["start_time"].to_numpy()[kept], owner[kept]))]
    else:
        order = kept[np.argsort(owner[kept], kind="stable")]
    return order, owner[order]


def _same_rows(left: pd.DataFrame, right: pd.DataFrame) -> bool:
    """The same keys in the same order, each once (then an outer join only sorts)."""
    if len(left) != len(right) or left.duplicated(subset=KEYS).any():
        return False
    return all(np.array_equal(left[k].to_numpy(), right[k].to_numpy()) for k in KEYS)
