"""`netdiag data inspect`: how each file of a data folder was read, and what looks wrong in it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from .cli_common import DebugOpt, fail
from .dataset import Dataset, load_dataset
from .errors import NetdiagError

data_app = typer.Typer(help="Look at the exports themselves.", no_args_is_help=True, add_completion=False,
                       pretty_exceptions_enable=False)


def inspection(ds: Dataset) -> dict[str, object]:
    root = str(ds.root) + "/" if ds.root else ""
    files = []
    for report in ds.reports:
        files.append(
            {
                "file": report.path[len(root):] if report.path.startswith(root) else report.path,
                "table": report.table,
                "encoding": report.encoding,
                "delimiter": {"\t": "tab", "": "(sheet)"}.get(report.delimiter, report.delimiter),
                "header_line": report.header_line,
                "columns": report.columns,
                "ignored_columns": report.ignored_columns,
                "rows": report.rows,
                "rejected": len(report.rejected),
                "rejected_rows": [{"line": line, "reason": why} for line, why in report.rejected[:20]],
                "footer_rows": report.footer_rows,
                "time_range": list(report.time_range) if report.time_range else None,
            }
        )
    return {"folder": str(ds.root), "files": files, "flags": ds.flags, "notes": ds.notes, "missing_tables": ds.missing}


@data_app.command("inspect")
def inspect_command(
    data: Annotated[Path, typer.Argument(help="Folder holding one network's exports.", show_default=False)],
    output: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    encoding: Annotated[Optional[str], typer.Option("--encoding", help="Encoding of the exports (default: detected).")] = None,
    debug: DebugOpt = False,
) -> None:
    """For each file: the table it was read as, encoding, delimiter, header row, column mapping, rows
    read and rejected (and why), time range; then unknown cells, duplicates and odd counters."""
    try:
        doc = inspection(load_dataset(data, encoding=encoding))
    except NetdiagError as error:
        fail(error, debug)
        return
    if output == "json":
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2, default=str))
        return
    console = Console(width=200) if not typer.get_text_stream("stdout").isatty() else Console()
    table = Table(title=str(data))
    for column in ("file", "table", "encoding", "delim", "header", "columns", "rows", "rejected", "footer", "time range"):
        table.add_column(column, overflow="fold")
    for f in doc["files"]:
        mapped = ", ".join(f"{k}→{v}" if k != v else v for k, v in f["columns"].items())
        if f["ignored_columns"]:
            mapped += f"  [dim](ignored: {', '.join(f['ignored_columns'])})[/dim]"
        first = f["rejected_rows"][0] if f["rejected_rows"] else None
        rejected = f"{f['rejected']}" + (f"\nline {first['line']}: {first['reason']}" if first else "")
        span = " – ".join(f["time_range"]) if f["time_range"] else "-"
        table.add_row(f["file"], f["table"], f["encoding"], f["delimiter"], str(f["header_line"]), mapped,
                      str(f["rows"]), rejected, str(f["footer_rows"]), span)
    console.print(table)
    for flag in doc["flags"]:
        console.print(f"flag: {flag['table']}: {flag['check']}: {flag['rows']} rows (e.g. {flag['example']})", markup=False)
    for note in doc["notes"]:
        console.print(f"note: {note}", markup=False)
    if doc["missing_tables"]:
        console.print(f"tables not found: {', '.join(doc['missing_tables'])}", markup=False)
