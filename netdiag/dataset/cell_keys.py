"""Statistics that name a cell by its CGI, matched to the configuration's cell names.

A statistics row whose cell name the configuration does not know (a Huawei LABEL spelt otherwise, an
LDN whose last RDN is the CGI itself) but whose object carried a CGI is given the name of the
configured cell of that LAC and CI (io.cgi reads the CGI's written forms; of a compact one's
readings, the first the configuration has wins). The `cgi` column the readers add is let go here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..io.cgi import cgi_readings

CGI = "cgi"


def cells_by_cgi(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """The tables with unknown cell names replaced by the configured cell of their CGI, no `cgi`
    column left; and a note per table saying how many rows were named so."""
    with_cgi = [name for name, frame in tables.items() if CGI in frame.columns]
    if not with_cgi:
        return tables, []
    names = _configured_cgis(tables.get("cells"))
    known = set(tables["cells"]["cell"].dropna()) if "cells" in tables else set()
    out, notes = dict(tables), []
    for name in with_cgi:
        frame = out[name]
        cgi = frame[CGI]
        unknown = (cgi.notna() & ~frame["cell"].isin(known)).to_numpy(dtype=bool) if "cell" in frame else np.zeros(len(frame), bool)
        frame = frame.drop(columns=CGI)
        if unknown.any() and names:
            distinct = pd.unique(cgi[unknown])
            found = {text: _first_known(str(text), names) for text in distinct}
            named = cgi[unknown].map(found)
            hit = named.notna().to_numpy(dtype=bool)
            if hit.any():
                rows = np.flatnonzero(unknown)[hit]
                cells = frame["cell"].astype(object).to_numpy(copy=True)
                cells[rows] = named[hit].to_numpy(dtype=object)
                frame = frame.assign(cell=cells)
                notes.append(f"{name}: {len(rows)} rows named by their CGI (the configuration's lac and ci)")
        out[name] = frame
    return out, notes


def _configured_cgis(cells: pd.DataFrame | None) -> dict[tuple[int, int], str]:
    """(lac, ci) -> cell name, for the cells whose pair is configured once."""
    if cells is None or not {"lac", "ci", "cell"} <= set(cells.columns):
        return {}
    pairs = cells[["lac", "ci", "cell"]].dropna()
    pairs = pairs[~pairs.duplicated(["lac", "ci"], keep=False)]
    return {(int(lac), int(ci)): str(cell) for lac, ci, cell in pairs.itertuples(index=False)}


def _first_known(text: str, names: dict[tuple[int, int], str]) -> str | None:
    return next((names[reading] for reading in cgi_readings(text) if reading in names), None)
