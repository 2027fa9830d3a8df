"""Where a row of a table came from: its file (or zip member, or sheet) and line, for messages about
rows that only the whole table shows to be wrong (a cell configured twice, in one file or two).

The readers keep no line per row (a network's statistics have millions); the line of such a row is
found when an error needs it, by reading its file's text again.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
from ..io.parsing import RawTable
from ..io.readers import FileReport
from ..io.sources import iter_raw


def origin(reports: list[FileReport], table: str, position: int) -> tuple[FileReport, int] | None:
    """The report of the file that gave row `position` of the table (its files' rows one after the
    other, as the folder was read), and the row's index among that file's rows."""
    for report in (r for r in reports if r.table == table):
        if position < report.rows:
            return report, position
        position -= report.rows
    return None


def places(reports: list[FileReport], table: str, column: str, value: object, positions: list[int]) -> list[tuple[str | None, int | None, int]]:
    """Where each of the table's rows at `positions` (ascending), holding `value` in `column`, came
    from: (file, line, row within the file); line None when it cannot be found, file None (and the
    row of the table) without reports."""
    out: list[tuple[str | None, int | None, int]] = []
    for position in positions:
        found = origin(reports, table, position)
        if found is None:
            out.append((None, None, position + 1))
            continue
        report, index = found
        before = sum(1 for file, _, _ in out if file == report.path)  # same value earlier in the same file
        out.append((report.path, _line(report, column, value, before), index + 1))
    return out


def place_of_row(reports: list[FileReport], table: str, frame: pd.DataFrame, column: str, position: int) -> tuple[str | None, int | None, int]:
    """Where row `position` of a table (its rows as its files gave them) came from, found by its value
    in `column` among the rows of its file: (file, line, row within the file), as `places` gives."""
    found = origin(reports, table, position)
    if found is None:
        return None, None, position + 1
    report, index = found
    value = frame[column].iat[position]
    occurrence = int((frame[column].iloc[position - index:position] == value).sum())
    return report.path, _line(report, column, value, occurrence), index + 1


def described(place: tuple[str | None, int | None, int], table: str, beside: str | None = None) -> str:
    """`file:line`, `file (row N)` or `TABLE row N`; only `line N` for a place in the file `beside`."""
    file, line, row = place
    if file is None:
        return f"{table} row {row}"
    if line is None:
        return f"{file} (row {row})"
    return f"line {line}" if file == beside else f"{file}:{line}"


def _line(report: FileReport, column: str, value: object, occurrence: int) -> int | None:
    """The physical line of the `occurrence`-th row of the file whose `column` holds `value`."""
    header = next((h for h, c in report.columns.items() if c == column), None)
    if header is None:
        return None
    base = report.path.split("!", 1)[0]
    try:
        for name, raw in iter_raw(Path(base), report.encoding if report.encoding else None):
            if name != report.path or not isinstance(raw, RawTable) or header not in raw.headers:
                continue
            values = raw.data.column(f"c{raw.headers.index(header)}").to_numpy(zero_copy_only=False)
            hits = np.flatnonzero(pd.Series(values, dtype=object).astype(str).str.strip().to_numpy() == str(value))
            return int(raw.lines[hits[occurrence]]) if occurrence < len(hits) else None
    except (DataError, OSError, ValueError, IndexError):  # the file changed since: no line, the row still
        return None
    return None
