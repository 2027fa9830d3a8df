"""Topology: where a cell sits in the network (its BSC, LAC, MSC, site and neighbours), the scope
that a complaint at that cell can be caused within."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import UsageError
from .model import Dataset


@dataclass(frozen=True)
class Scope:
    """What a complaint at a cell can be caused by: the cell, its BSC, LAC, MSC and neighbours."""

    cell: str | None
    bsc: str | None
    lac: float | None
    msc: str | None
    site: str | None
    neighbours: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        lac = None if self.lac is None or np.isnan(self.lac) else int(self.lac)
        return {"cell": self.cell, "bsc": self.bsc, "lac": lac, "msc": self.msc, "site": self.site, "neighbours": list(self.neighbours)}


def cell_named(cells: pd.DataFrame, cell: str) -> str:
    """The configured cell a user's name means: the exact name, else the one cell whose name matches
    it ignoring case and surrounding blanks (`s0042b` is S0042B); an unknown cell (or one that fits
    several) is a usage error with suggestions."""
    names = cells["cell"].astype(str)
    if (names == cell).any():
        return cell
    wanted = str(cell).strip().casefold()
    same = names[names.str.casefold() == wanted].unique()
    if len(same) == 1:
        return str(same[0])
    close = list(same) or difflib.get_close_matches(cell, names.tolist(), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UsageError(f"unknown cell {cell!r}{hint}")


def scope_of(ds: Dataset, cell: str) -> Scope:
    """The cell's BSC, LAC, MSC, site and neighbours; an unknown cell is a usage error with suggestions."""
    cells = ds["cells"]
    found = np.flatnonzero(cells["cell"].to_numpy(dtype=object) == cell)  # (numpy: a batch asks thousands of times)
    if not found.size:  # `s0042b` is S0042B; an unknown cell is a usage error with suggestions
        cell = cell_named(cells, cell)
        found = np.flatnonzero(cells["cell"].to_numpy(dtype=object) == cell)
    first = cells.iloc[found[0]]
    neighbours: tuple[str, ...] = ()
    if ds.has("neighbours"):
        nb = ds["neighbours"]
        named = nb["neighbour"].to_numpy(dtype=object)[nb["cell"].to_numpy(dtype=object) == cell]
        neighbours = tuple(sorted({str(n) for n in named if not pd.isna(n)}))
    lac = first["lac"]
    return Scope(
        cell=cell,
        bsc=None if pd.isna(first["bsc"]) else str(first["bsc"]),
        lac=None if pd.isna(lac) else float(lac),
        msc=None if pd.isna(first["msc"]) else str(first["msc"]),
        site=None if pd.isna(first["site"]) else str(first["site"]),
        neighbours=neighbours,
    )
