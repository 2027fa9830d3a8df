"""Cell coordinates as planning workbooks write them: decimal degrees, degrees-minutes-seconds in one
value (`22°32'15.3"N`, `114 03 21.6 E`, `N22:32:15.3`), or in three columns (`Lat Deg`, `Lat Min`,
`Lat Sec`; `纬度度`, `纬度分`, `纬度秒`). Southern and western values are negative (WGS84 degrees)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_DMS = re.compile(
    rf"^\s*([NSEW])?\s*(-)?\s*{_NUMBER}\s*(?:[°º度:dD\s]\s*(?:{_NUMBER}\s*(?:['′’:分mM\s]\s*)?)?(?:{_NUMBER}\s*(?:\"|″|''|秒|[sS])?)?)?\s*([NSEW])?\s*$",
    re.IGNORECASE,
)
# `lat_deg`, `latitude_min`, `纬度秒` (normalised headers): one part of a coordinate in its own column.
_PART = re.compile(r"^(lat|latitude|纬度|lon|long|longitude|经度)_?(d|deg|degree|degrees|度|m|min|minute|minutes|分|s|sec|second|seconds|秒)$")
PART_PREFIX = "@coord_"


def degrees(text: object) -> float:
    """A written coordinate in decimal degrees (NaN when it is none)."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return np.nan
    match = _DMS.match(str(text))
    if match is None:
        return np.nan
    before, minus, whole, minutes, seconds, after = match.groups()
    value = float(whole.replace(",", ".")) + float((minutes or "0").replace(",", ".")) / 60 + float((seconds or "0").replace(",", ".")) / 3600
    hemisphere = (before or after or "").upper()
    return -value if minus or hemisphere in ("S", "W") else value


def part_columns(normalised: list[str]) -> dict[int, str]:
    """Header position -> `@coord_<lat|lon>_<d|m|s>`, for coordinates written in parts."""
    out = {}
    for position, header in enumerate(normalised):
        match = _PART.match(header)
        if match:
            axis = "lat" if match.group(1) in ("lat", "latitude", "纬度") else "lon"
            unit = {"度": "d", "分": "m", "秒": "s"}.get(match.group(2), match.group(2)[0])
            out[position] = f"{PART_PREFIX}{axis}_{unit}"
    return out


def coordinate_columns(columns: dict[str, pd.Series]) -> int:
    """`lat` and `lon` in decimal degrees from what was read (text, or parts); the values unreadable."""
    unreadable = 0
    for axis in ("lat", "lon"):
        parts = {p: columns.pop(f"{PART_PREFIX}{axis}_{p}") for p in "dms" if f"{PART_PREFIX}{axis}_{p}" in columns}
        written = columns.get(axis)
        if "d" in parts:
            pieces = [parts[p].astype("string").fillna("0") if p in parts else "0" for p in "dms"]
            written = (pieces[0] + " " + pieces[1] + " " + pieces[2]).where(parts["d"].notna())
        if written is None:
            continue
        as_written = written.astype(object).where(written.notna(), None)
        distinct = {text: degrees(text) for text in pd.unique(as_written.dropna())}
        values = as_written.map(lambda text: distinct.get(text, np.nan)).astype("float64")
        unreadable += int((written.notna() & values.isna()).sum())
        columns[axis] = values
    return unreadable
