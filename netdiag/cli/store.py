"""`netdiag import`: add a folder of exports to the history store, and say what changed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import NetdiagError
from .common import DataArg, DebugOpt, EncodingOpt, fail, note

StoreDirOpt = Annotated[Path, typer.Option("--store", help="History store folder (created if needed).", show_default=False)]


def import_command(
    data: DataArg,
    store: StoreDirOpt,
    day: Annotated[
        Optional[datetime],
        typer.Option("--date", formats=["%Y-%m-%d"], help="Date of the configuration snapshot (default: first day of the statistics)."),
    ] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Replace the stored days of each table instead of merging rows into them.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Import even files an earlier import already had.")] = False,
    encoding: EncodingOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Add one folder of exports to a history store (Parquet by table and day; all or nothing).

    Stored rows with the identity of an imported row are replaced (the newest import wins); the configuration replaces the snapshot of its date. The same files imported again change nothing.
    """
    from ..render.documents import import_report_lines
    from ..store import import_exports

    try:
        report = import_exports(data, store, day=day.date() if day else None, replace=replace, force=force, encoding=encoding)
    except NetdiagError as error:
        fail(error, debug)
        return
    for line in import_report_lines(report):
        note(line)
