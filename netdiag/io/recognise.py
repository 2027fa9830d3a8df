"""Which table a file is: its header row matched against every table's column aliases (or its
`018_`/`025_`/`180_` name prefix), and each header's canonical column."""

from __future__ import annotations

import re
from pathlib import Path

from .schema import TABLES, TIME, Table, alias_index, normalise_header

FILE_PREFIX = re.compile(r"^(\d{3})[_\-\s]")

# Separate date and time columns, combined into the table's time key.
DATE_HEADERS = {"date", "日期"}
TIME_HEADERS = {"time", "时间"}


def identify_table(headers: list[str], path: str) -> str | None:
    """The table whose columns a header row names best; all its key columns must be present."""
    normalised = {normalise_header(h) for h in headers}
    split_time = bool(normalised & (DATE_HEADERS | TIME_HEADERS))
    match = FILE_PREFIX.match(Path(path.rsplit("!", 1)[-1]).name)  # a zip member is named `archive.zip!member`
    if match:
        for table in TABLES.values():
            if match.group(1) in table.file_prefixes:
                return table.name
    best, best_score = None, 0
    for table in TABLES.values():
        index = alias_index(table)
        found = {index[h] for h in normalised if h in index}
        if split_time:  # separate Date/Time columns stand for the table's time key
            found |= {k for k in table.keys if table.column_map[k].kind == TIME}
        # A lone key column (a file with just `cell`) says too little to name a table.
        if not set(table.keys) <= found or len(found) < 2:
            continue
        # Prefer the table that explains more of the header, then the narrower table.
        score = len(found) * 1000 - len(table.columns)
        if score > best_score:
            best, best_score = table.name, score
    return best


def map_columns(headers: list[str], table: Table) -> tuple[dict[int, str], list[str]]:
    """Header position -> canonical column; the first of two headers naming one column wins."""
    index = alias_index(table)
    mapping: dict[int, str] = {}
    ignored: list[str] = []
    for position, header in enumerate(headers):
        canonical = index.get(normalise_header(header))
        if canonical is None or canonical in mapping.values():
            ignored.append(header)
        else:
            mapping[position] = canonical
    return mapping, ignored
