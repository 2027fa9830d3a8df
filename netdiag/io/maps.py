"""The reading maps of a data folder's netdiag.yaml: which table a file or sheet is, and what a header means.

    files:   {"pm_*.csv": cell_kpi}                       file-name pattern -> table
    sheets:  {"GSM*": cells, "book.xlsx!Nbr": neighbours} sheet-name pattern (or file!sheet) -> table
    columns: {cells: {"Sector": cell, "BCCH No": bcch}}    table -> {their header: canonical column}

A `columns:` entry renames a header wherever it appears (compared as headers are: case, spaces, units
in brackets aside), before the file's table is told; one header mapped to two different columns is
refused. Errors read `netdiag.yaml:line: ...`; data inspect says which map applied to a file.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import DataError
from ..yamlsource import YamlError, line_of, load_yaml
from .parsing import RawTable
from .schema import TABLES, normalise_header
from .sources import MAP_FILE


@dataclass(frozen=True)
class FolderMaps:
    files: dict[str, str] = field(default_factory=dict)
    sheets: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # normalised header -> canonical column (columns:)

    def table_of(self, name: str, raw: object) -> str | None:
        """The table netdiag.yaml says a part is: a sheet by `sheets:` (its name, or file!sheet), any
        part by `files:` (its file or member name)."""
        base = name.rsplit("/", 1)[-1]
        if isinstance(raw, RawTable) and not raw.delimited and "!" in base:
            sheet = base.rsplit("!", 1)[-1]
            found = next((t for p, t in self.sheets.items() if fnmatch.fnmatch(sheet, p) or fnmatch.fnmatch(base, p)), None)
            if found:
                return found
        return next((t for p, t in self.files.items() if fnmatch.fnmatch(base.rsplit("!", 1)[-1], p)), None)

    def renamed(self, raw: RawTable) -> tuple[RawTable, dict[str, str]]:
        """The table with the headers `columns:` maps renamed, and {canonical: header as written}."""
        if not self.headers:
            return raw, {}
        headers, said = list(raw.headers), {}
        for position, header in enumerate(headers):
            canonical = self.headers.get(normalise_header(header))
            if canonical is not None and canonical != header:
                headers[position], said[canonical] = canonical, header
        return (replace(raw, headers=headers), said) if said else (raw, {})


def folder_maps(root: Path) -> FolderMaps:
    """The maps of the folder's netdiag.yaml (none without one); DataError `file:line:` for a bad entry."""
    path = root / MAP_FILE
    if not path.is_file():
        return FolderMaps()
    name = str(path)
    try:
        document, lines = load_yaml(path.read_text(encoding="utf-8"), name)
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{name}:1: cannot read ({exc})") from exc
    except YamlError as exc:
        raise DataError(str(exc)) from exc
    if not isinstance(document, dict):
        return FolderMaps()

    def fail(loc: tuple, message: str) -> DataError:
        return DataError(f"{name}:{line_of(lines, loc) or 1}: {message}")

    tables = {}
    for key in ("files", "sheets"):
        given = document.get(key) or {}
        if not isinstance(given, dict):
            raise fail((key,), f"{key}: a mapping of name patterns to tables")
        for pattern, table in given.items():
            if not isinstance(table, str) or table not in TABLES:
                raise fail((key, pattern), f"{key}: {pattern}: unknown table {table!r} (one of {', '.join(TABLES)})")
        tables[key] = {str(k): v for k, v in given.items()}
    headers: dict[str, str] = {}
    where: dict[str, str] = {}
    given = document.get("columns") or {}
    if not isinstance(given, dict):
        raise fail(("columns",), "columns: a mapping of tables to {their header: canonical column}")
    for table, renames in given.items():
        if table not in TABLES:
            raise fail(("columns", table), f"columns: unknown table {table!r} (one of {', '.join(TABLES)})")
        if not isinstance(renames, dict):
            raise fail(("columns", table), f"columns: {table}: a mapping of their header to a column of {table}")
        for header, column in renames.items():
            if not isinstance(column, str) or column not in TABLES[table].column_map:
                raise fail(("columns", table, header), f"columns: {table}: {header}: {column!r} is no column of {table} "
                           f"({', '.join(TABLES[table].column_names)})")
            key = normalise_header(str(header))
            if headers.get(key, column) != column:
                raise fail(("columns", table, header), f"columns: {table}: {header}: already read as {headers[key]} ({where[key]})")
            headers[key], where[key] = column, table
    return FolderMaps(tables["files"], tables["sheets"], headers)
