"""Channels a cell can have, from its configuration: a counter of channels (Erlang, available or idle
TCHs, PDCHs) beyond them is no measurement (issue 15, item 1).

The readers bound these counters by a fixed cap (io/bounds.py: 2,048 channels, any cell's), because a
file is read before the configuration is known. Here the configuration is known: a cell of `trx_count`
TRXs has 8 timeslots per TRX, each carrying at most two half-rate calls, so its Erlang, available and
idle TCHs and PDCHs stay at or under 16 per TRX. A row beyond that is left out with file:line, like a
value that cannot be read; cells whose TRX count is not configured keep the fixed cap.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..io.bounds import SLACK, TRX_TIMESLOTS
from ..io.readers import FileReport
from .origin import described, place_of_row

# Calls one timeslot carries at most (two half-rate subchannels).
CALLS_PER_TIMESLOT = 2
CHANNELS_PER_TRX = TRX_TIMESLOTS * CALLS_PER_TIMESLOT
# (table, columns) counted in channels of one cell.
CHANNEL_COLUMNS = {
    "cell_kpi": ["tch_traffic_erl", "tch_available", *(f"idle_tch_band{band}" for band in range(1, 6))],
    "gprs_kpi": ["pdch_used_avg", "pdch_max"],
}
# Rows whose file line is looked up (each lookup reads the file again); the others are counted.
LINES_LOOKED_UP = 20


def channels_of_cells(cells: pd.DataFrame) -> pd.Series:
    """cell -> the channels its configured TRXs give (missing where the TRX count is not configured)."""
    trx = pd.to_numeric(cells["trx_count"], errors="coerce").astype("float64")
    trx = trx.where(trx > 0)
    return pd.Series((trx * CHANNELS_PER_TRX).to_numpy(), index=cells["cell"].to_numpy())


def beyond_channels(
    frame: pd.DataFrame, table: str, channels: pd.Series, cell_codes: tuple[np.ndarray, pd.Index] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(rows beyond their cell's channels, each row's channels: NaN where not configured).
    cell_codes: the table's cell column as its reader coded it (each row's code, -1 where missing;
    the distinct names): only the distinct names are looked up, not every row's."""
    columns = [c for c in CHANNEL_COLUMNS.get(table, []) if c in frame]
    rows = np.zeros(len(frame), dtype=bool)
    if not columns or "cell" not in frame or frame.empty:
        return rows, np.full(len(frame), np.nan)
    if cell_codes is None:
        limit = frame["cell"].map(channels).astype("float64").to_numpy(na_value=np.nan)
    else:
        codes, names = cell_codes
        of_name = channels.reindex(names).to_numpy(dtype="float64", na_value=np.nan)
        limit = np.where(codes >= 0, of_name[codes], np.nan)
    with np.errstate(invalid="ignore"):
        for column in columns:
            values = pd.to_numeric(frame[column], errors="coerce").astype("float64").to_numpy(na_value=np.nan)
            rows |= values > limit * SLACK  # (false where the cell's channels are not known)
    return rows, limit


def leave_out_beyond_channels(
    tables: dict[str, pd.DataFrame], reports: list[FileReport] | None, notes: list[str], root: Path | None = None,
    codes: dict[tuple[str, str], tuple[np.ndarray, pd.Index]] | None = None,
) -> dict[str, pd.DataFrame]:
    """The tables without rows beyond their cell's channels; a note per table names the first such
    row by file:line, and each file's report lists the rows it lost (for `data inspect`). codes:
    (table, column) -> that key column's codes as its reader gave them (complete.py's factorized)."""
    channels = channels_of_cells(tables["cells"])
    if channels.isna().all():
        return tables
    out = dict(tables)
    for table in CHANNEL_COLUMNS:
        frame = tables.get(table)
        if frame is None:
            continue
        rows, limit = beyond_channels(frame, table, channels, (codes or {}).get((table, "cell")))
        if not rows.any():
            continue
        positions = np.flatnonzero(rows)
        found = _places(frame, table, positions[:LINES_LOOKED_UP], reports)
        first_reason = None
        for position, place in zip(positions[:LINES_LOOKED_UP], found):
            why = _reason(frame, table, int(position), channels, limit[position])
            first_reason = first_reason or (place, why)
            report = _report_of(reports, place[0], table)
            if report is not None:
                report.rejected.append((place[1], why))
        (file, line, row), why = first_reason
        if root is not None and file is not None and file.startswith(f"{root}/"):
            file = file[len(str(root)) + 1:]  # named in the data folder, as the readers' notes are
        notes.append(f"{described((file, line, row), table)}: {why}; {len(positions)} rows beyond their cell's channels skipped in all")
        out[table] = frame.loc[~rows].reset_index(drop=True)
    return out


def _places(frame: pd.DataFrame, table: str, positions: np.ndarray, reports: list[FileReport] | None):
    """Where the rows came from, when the table's rows still stand as its files gave them."""
    given = sum(r.rows for r in reports or [] if r.table == table)
    if not reports or given != len(frame):  # rows were merged or left out since: the table's row only
        return [(None, None, int(p) + 1) for p in positions]
    return [place_of_row(reports, table, frame, "cell", int(p)) for p in positions]


def _report_of(reports: list[FileReport] | None, path: str | None, table: str) -> FileReport | None:
    return next((r for r in reports or [] if r.path == path and r.table == table), None)


def _reason(frame: pd.DataFrame, table: str, position: int, channels: pd.Series, limit: float) -> str:
    row = frame.iloc[position]
    for column in CHANNEL_COLUMNS[table]:
        value = pd.to_numeric(pd.Series([row.get(column)]), errors="coerce").iloc[0]
        if column in frame and pd.notna(value) and value > limit * SLACK:
            trx = int(round(limit / CHANNELS_PER_TRX))
            return (f"column {column}: {value:g} is beyond {limit:g} (cell {row['cell']}'s channels: {trx} TRX × "
                    f"{TRX_TIMESLOTS} timeslots × {CALLS_PER_TIMESLOT} half-rate calls), no real value")
    return "beyond the cell's channels"
