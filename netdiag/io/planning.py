"""What a cells file from a planning tool writes beyond the canonical columns, read into them.

* coordinates as written: decimal degrees, degrees-minutes-seconds in one value or in three columns
  (coordinates.py); the `lat` and `lon` columns are read as text, then converted;
* the cell's key as a CGI (`460-00-4101-20042`, spaced, compact, hexadecimal LAC and CI) when no
  header gives its LAC and CI: they are read from it;
* a neighbour list across the row (`nbr_1 … nbr_N`, wide_neighbours.py): kept beside the cells, then
  split off into neighbour relations.
"""

from __future__ import annotations

import pandas as pd

from .cgi import cgi_readings
from .coordinates import PART_PREFIX, coordinate_columns, part_columns
from .schema import CGI_HEADERS, normalise_header
from .wide_neighbours import PREFIX as NEIGHBOUR_LIST
from .wide_neighbours import wide_columns

CGI_TEXT, LAT_TEXT, LON_TEXT = "@cgi", "@lat", "@lon"


def planning_columns(headers: list[str], mapping: dict[int, str]) -> dict[int, str]:
    """The columns of a cells file read as text for the planning forms (positions changed in `mapping`
    for lat and lon, new ones returned with the rest)."""
    normalised = [normalise_header(h) for h in headers]
    out: dict[int, str] = {}
    for position, column in list(mapping.items()):
        if column in ("lat", "lon"):
            out[position] = f"@{column}"
    extra = {**wide_columns(normalised), **part_columns(normalised)}
    if not {"lac", "ci"} & set(mapping.values()):
        cgi = next((i for i, h in enumerate(normalised) if h in CGI_HEADERS), None)
        if cgi is not None:
            extra[cgi] = CGI_TEXT
    out.update({p: c for p, c in extra.items() if p not in mapping})
    return out


def read_as(column: str) -> str | None:
    """What a planning column read becomes, as data inspect says it (None: not one of them)."""
    if column in (LAT_TEXT, LON_TEXT):
        return column[1:]
    if column == CGI_TEXT:
        return "lac+ci (by CGI)"
    if column.startswith(PART_PREFIX):
        return column[len(PART_PREFIX):].split("_")[0]
    if column.startswith(NEIGHBOUR_LIST):
        return "neighbours"
    return None


def planning_values(columns: dict[str, pd.Series]) -> int:
    """Turn the planning columns read into canonical ones (in place); the coordinates unreadable."""
    for axis, text in (("lat", LAT_TEXT), ("lon", LON_TEXT)):
        if text in columns:
            columns[axis] = columns.pop(text)
    if CGI_TEXT in columns:
        cgi = columns.pop(CGI_TEXT).astype("string").str.strip()
        found = {text: (cgi_readings(str(text)) or ((None, None),))[0] for text in cgi.dropna().unique()}
        columns["lac"] = pd.array(cgi.map(lambda t: found.get(t, (None, None))[0]), dtype="Int64")
        columns["ci"] = pd.array(cgi.map(lambda t: found.get(t, (None, None))[1]), dtype="Int64")
    return coordinate_columns(columns)
