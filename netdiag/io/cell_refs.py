"""How a file names its cells when no header names them: by CGI, or by LAC and CI.

Statistics and alarm exports often key a row by the cell's global identity (a `CGI` column written
`460-00-4101-20042`, `460 00 4101 20042`, `46000410120042` or with hexadecimal LAC and CI) or by its
`LAC` and `CI` columns. Such a file is read with the cell named by its key as written (the CGI, or
`LAC-CI`) and a `cgi` column beside it: the dataset then names each row by the configured cell of that
LAC and CI (dataset.cell_keys), and a key that matches no cell stays as written and is flagged as an
unknown cell, like any other name the configuration does not know.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .schema import CGI_HEADERS, TABLES, alias_index, column_of

CGI_COLUMN, LAC_COLUMN, CI_COLUMN = "cgi", "@lac", "@ci"


def cell_reference(normalised: list[str]) -> tuple[int, ...]:
    """Positions of the columns naming the cells of a file whose headers name no cell: (CGI,) or
    (LAC, CI); () when there are none (or a header names the cell itself)."""
    cells = alias_index(TABLES["cells"])
    if any(column_of(cells, h) == "cell" for h in normalised):
        return ()
    cgi = next((i for i, h in enumerate(normalised) if h in CGI_HEADERS), None)
    if cgi is not None:
        return (cgi,)
    lac = next((i for i, h in enumerate(normalised) if cells.get(h) == "lac"), None)
    ci = next((i for i, h in enumerate(normalised) if cells.get(h) == "ci"), None)
    return (lac, ci) if lac is not None and ci is not None else ()


def cells_from_keys(columns: dict[str, pd.Series]) -> np.ndarray:
    """Fill `cell` and `cgi` in `columns` from the CGI or LAC and CI read; the rows that have a key."""
    if CGI_COLUMN in columns:
        cgi = columns[CGI_COLUMN].astype("string").str.strip()
        cell = cgi
    else:
        lac = columns.pop(LAC_COLUMN).astype("string").str.strip()
        ci = columns.pop(CI_COLUMN).astype("string").str.strip()
        cell = lac + "-" + ci
        cgi = "000-00-" + cell
    keep = (cell.notna() & (cell != "")).to_numpy(dtype=bool)
    columns["cell"] = cell.astype(object).where(cell.notna(), None)
    columns[CGI_COLUMN] = cgi.astype(object).where(cgi.notna(), None)
    return keep
