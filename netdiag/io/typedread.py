"""A clean delimited export read straight into typed columns, when that gives what the strings would.

Most exports are clean: every number a plain number, every row complete. pyarrow then parses the
numbers while it reads (in threads), instead of the readers casting strings afterwards; names,
times and flags are read as strings, and converted as such. What this cannot vouch for (a value that is no number, such as `1,234` or
`12.5%`; a row with the wrong number of fields; a date and a time in separate columns) makes it
decline, and the file is read as strings, the general way (readers.read_raw): what a file reads
to never depends on which way it was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from .parsing import NULL_VALUES, RawTable, cells_of, data_lines, read_delimited
from .schema import FLOAT, INT, PCT, TIME, Table

# Counters too are read as float64: `1.0` and `1e3` are whole numbers as the string path reads
# them, and it is the same parser (readers then check that they are whole, as for strings).
_NUMBER = pa.float64()
# The text is looked through for line ends this much at a time (written_rows).
_PIECE = 1 << 20
# Text, times and flags as written, each distinct string once: the readers work on the distinct
# values (arrowconvert.distinct), and encoding them here is done in the reading thread, while the
# caller converts the file before (0.05 s more reading at 20,000 cells, 0.09 s less converting).
_STRINGS = pa.dictionary(pa.int32(), pa.string())


@dataclass
class TypedRows:
    columns: dict[str, pa.ChunkedArray]  # canonical column -> numbers (NULL markers null), or strings as written
    lines: np.ndarray  # physical line of each row
    # canonical column -> its values converted already (readers.convert_ahead), taken out of `columns`
    numbers: dict[str, object] = field(default_factory=dict)


def read_typed(raw: RawTable, spec: Table, mapping: dict[int, str]) -> TypedRows | None:
    """The mapped columns of a delimited file, numbers read as numbers; None: read its strings."""
    time_key = next((k for k in spec.keys if spec.column_map[k].kind == TIME), None)
    if not raw.delimited or (time_key is not None and time_key not in mapping.values()):
        return None  # a sheet, or a time key to be put together from a date and a time
    types = {
        f"c{i}": _NUMBER if spec.column_map[canonical].kind in (INT, FLOAT, PCT) else _STRINGS
        for i, canonical in mapping.items()
    }
    try:
        table, malformed = read_delimited(raw, types, NULL_VALUES)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None  # a value that is no number: reading the strings names it
    if malformed or table.num_rows == 0:
        return None  # rows skipped for their fields are numbered the careful way; nothing to gain on none
    lines, problems = data_lines(raw, table.num_rows, [])
    if problems:
        return None  # lines lost in an unclosed quote: reported by reading the strings
    return TypedRows({canonical: table.column(f"c{i}") for i, canonical in mapping.items()}, lines)


def written_rows(raw: RawTable, lines: np.ndarray) -> list[list[str]] | None:
    """The values as written on these physical lines of a file read typed (a few rows a reason must
    name as written), without reading every row as strings; None where a line is not one whole row
    (a lone carriage return breaks lines, a quoted value spans lines): read the strings."""
    if not len(lines):
        return []
    text = raw.text()
    try:
        if b"\r" in text and text.count(b"\r") != text.count(b"\r\n"):
            return None
        # line n (1-based) runs from after the (n-1)th line end to the nth
        wanted = np.unique(np.concatenate([lines - 2, lines - 1]))
        at = dict.fromkeys(wanted.tolist(), len(text))  # (past the last line end: the end of the text)
        view, seen = np.frombuffer(text, dtype=np.uint8), 0
        for offset in range(0, len(view), _PIECE):
            ends = np.flatnonzero(view[offset : offset + _PIECE] == 10)
            inside = wanted[(wanted >= seen) & (wanted < seen + len(ends))]
            at.update(zip(inside.tolist(), (ends[inside - seen] + offset).tolist()))
            seen += len(ends)
        rows = []
        for line in lines.tolist():
            start = at[line - 2] + 1 if line >= 2 else 0
            cells = cells_of(text[start : at[line - 1]].rstrip(b"\r").decode("utf-8"), raw.delimiter)
            if len(cells) != len(raw.headers):
                return None
            rows.append(cells)
        return rows
    finally:
        raw.let_go_of_text()
