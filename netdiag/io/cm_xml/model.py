"""What a configuration dump gives: rows of the canonical configuration tables, as the readers read them.

A dump is read into plain rows (strings, as written) under canonical column names, one RawTable per
table (cells, neighbours, trx), each row keeping the XML line of the object it came from: the
delimited-file readers then convert, check and report them like any other table, and a bad value
is named by file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from ..parsing import RawTable

GEXPORT = "gexport"
BULK_CM = "bulkCm"
# As data inspect names each format.
FORMATS = {
    GEXPORT: "Huawei GExport configuration XML",
    BULK_CM: "3GPP TS 32.615 Bulk CM configuration XML",
}
ROOT = "bulkCmConfigDataFile"  # the root element of both


def cm_kind(local: str | None, namespace: str | None) -> str | None:
    """GEXPORT or BULK_CM for a root element of a configuration dump, else None.

    Both have the root `bulkCmConfigDataFile`: the 3GPP one in the 32.615 `configData` namespace
    (`http://www.3gpp.org/ftp/specs/archive/32_series/32.615#configData`), Huawei's without one.
    """
    if local != ROOT:
        return None
    if namespace is None:
        return GEXPORT
    return BULK_CM if "configData" in namespace or "32.615" in namespace else None


@dataclass
class TableRows:
    """One table's rows as written, each with the line of its object in the file."""

    columns: list[str]
    rows: list[list[str | None]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def add(self, values: dict[str, str | None], line: int) -> None:
        self.rows.append([values.get(c) for c in self.columns])
        self.lines.append(line)


def raw_tables(name: str, kind: str, tables: dict[str, TableRows]) -> list[tuple[str, RawTable]]:
    """The tables of one dump as RawTables (its columns with at least one value), cells first."""
    out = []
    for table, found in tables.items():
        if not found.rows:
            continue
        given = [i for i, _ in enumerate(found.columns) if any(row[i] not in (None, "") for row in found.rows)]
        data = pa.table({f"c{k}": pa.array([row[i] or "" for row in found.rows], pa.string()) for k, i in enumerate(given)})
        raw = RawTable(name, [found.columns[i] for i in given], 1, "", "utf-8", source_format=FORMATS[kind],
                       _strings=(data, np.asarray(found.lines, dtype="int64"), []))
        out.append((name, raw))
    return out
