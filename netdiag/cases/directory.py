"""The log's cell directory: each cell's place (position, BSC, region, LAC+CI, max_ta) as the configuration
last said when tickets were imported or a case added with it.

Hotspots, surges and the monthly report need to know where a complaint named only by its cell is,
which BSC and region it belongs to, and which cells could have surged; with the directory they work
from the log alone, without the network's data at hand. A cell that leaves the configuration stays
in the directory (old cases still name it); one whose configuration changed is updated.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from .db import CaseLog
from .tickets import text_of

if TYPE_CHECKING:
    import pandas as pd

DIRECTORY_COLUMNS = ("cell", "bsc", "region", "site", "lac", "ci", "lat", "lon", "azimuth", "max_ta")
_INTS = ("lac", "ci", "max_ta")
_FLOATS = ("lat", "lon", "azimuth")


def remember_cells(log: CaseLog, cells: pd.DataFrame, now: datetime | None = None) -> int:
    """Bring the directory up to `cells` (formats.md `cells`); returns how many cells were added or changed."""
    now = now or log.clock.now()
    rows = _rows(cells)
    if not rows:
        return 0
    names = list(DIRECTORY_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in names[1:])
    differs = " OR ".join(f"cells.{c} IS NOT excluded.{c}" for c in names[1:])
    stamp = now.strftime("%Y-%m-%d %H:%M:%S")
    with log.write() as conn:
        before = conn.total_changes
        conn.executemany(
            f"INSERT INTO cells ({', '.join(names)}, updated_at) VALUES ({', '.join('?' * (len(names) + 1))}) "
            f"ON CONFLICT (cell) DO UPDATE SET {updates}, updated_at = excluded.updated_at WHERE {differs}",
            [(*row, stamp) for row in rows],
        )
        return conn.total_changes - before


def cell_directory(log: CaseLog) -> pd.DataFrame | None:
    """The directory as a cells frame (cell, bsc, region, site, lac, ci, lat, lon, azimuth, max_ta); None when empty."""
    import pandas as pd

    with log.read() as conn:
        rows = conn.execute(f"SELECT {', '.join(DIRECTORY_COLUMNS)} FROM cells ORDER BY cell").fetchall()
    if not rows:
        return None
    frame = pd.DataFrame(rows, columns=list(DIRECTORY_COLUMNS))
    for name in _INTS:
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("Int64")
    for name in _FLOATS:
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype(float)
    for name in ("bsc", "region", "site"):
        frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    return frame


def _rows(cells: pd.DataFrame) -> list[tuple]:
    columns = {name: cells[name].tolist() if name in cells else [None] * len(cells) for name in DIRECTORY_COLUMNS}
    rows = []
    for values in zip(*columns.values()):
        record = dict(zip(DIRECTORY_COLUMNS, values))
        cell = text_of(record["cell"])
        if cell is None:
            continue
        out = [cell]
        for name in DIRECTORY_COLUMNS[1:]:
            value = record[name]
            if name in _INTS:
                out.append(_number(value, int))
            elif name in _FLOATS:
                out.append(_number(value, float))
            else:
                out.append(text_of(value))
        rows.append(tuple(out))
    return rows


def _number(value: object, kind: type) -> int | float | None:
    if text_of(value) is None:
        return None
    try:
        number = float(str(value))
    except ValueError:
        return None
    if number != number:
        return None
    return kind(number)
