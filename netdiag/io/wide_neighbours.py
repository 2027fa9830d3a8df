"""Wide neighbour lists: `nbr_1 … nbr_N` columns of a cell row are that cell's neighbour relations.

Planning tools and hand-kept cell files list a cell's neighbours across its row (`nbr_1`, `NBR 2`,
`Neighbour3`, `NCELL_4`, `邻区1`). Such columns of a cells file are read as text beside the cells and
then split off into the neighbours table: one relation per non-empty value, in column order.
"""

from __future__ import annotations

import re

import pandas as pd

PREFIX = "@nbr"
# A normalised header (schema.normalise_header): a neighbour word, then the position in the list.
_WIDE = re.compile(r"^(?:nbr|ncell|nb_cell|neighbou?r|neighbor|neighbou?r_cell|邻区|邻小区)_?(\d{1,3})$")


def wide_columns(normalised: list[str]) -> dict[int, str]:
    """Header position -> the column it is read into (`@nbr<k>`), for the neighbour-list headers."""
    out = {}
    for position, header in enumerate(normalised):
        match = _WIDE.match(header)
        if match:
            out[position] = f"{PREFIX}{int(match.group(1))}"
    return out


def split_neighbours(cells: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The cells without their list columns, and the relations those gave (None without such columns)."""
    listed = sorted((c for c in cells.columns if str(c).startswith(PREFIX)), key=lambda c: int(c[len(PREFIX):]))
    if not listed:
        return cells, None
    long = cells[["cell", *listed]].melt(id_vars="cell", value_vars=listed, value_name="neighbour", ignore_index=False)
    long["order"] = long["variable"].str[len(PREFIX):].astype(int)
    values = long["neighbour"].astype("string").str.strip()
    long = long.assign(neighbour=values)[values.notna() & (values != "") & long["cell"].notna()]
    long = long.reset_index(names="row").sort_values(["row", "order"], kind="stable")
    relations = long[["cell", "neighbour"]].astype(object).drop_duplicates().reset_index(drop=True)
    return cells.drop(columns=listed), relations
