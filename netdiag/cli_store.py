"""`netdiag import`: add a folder of exports to the history store, and say what changed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli_common import DataArg, DebugOpt, EncodingOpt, fail, note
from .errors import NetdiagError
from .store import CONTEXT, ImportReport, import_exports

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
    try:
        report = import_exports(data, store, day=day.date() if day else None, replace=replace, force=force, encoding=encoding)
    except NetdiagError as error:
        fail(error, debug)
        return
    for line in report_lines(report):
        note(line)


def report_lines(report: ImportReport) -> list[str]:
    lines = [f"note: {message}" for message in report.notes]
    lines += [f"note: {f['table']}: {f['check']}: {f['rows']} rows (e.g. {f['example']})" for f in report.flags]
    if report.same_as is not None:
        return lines + [f"{report.store} already holds these files (import {report.same_as}): nothing changed (--force imports them again)"]
    if report.import_id is None:
        return lines + [f"{report.store}: every table and day as already stored: nothing changed"]
    lines.append(f"imported {report.source} into {report.store} (import {report.import_id})")
    grouped: dict[tuple[str, str], list] = {}
    for change in report.changes:
        if change.table != CONTEXT:
            grouped.setdefault((change.table, change.action), []).append(change)
    for (table, action), changes in grouped.items():
        days = sorted(c.day for c in changes if c.day)
        span = "" if not days else days[0] if len(days) == 1 else f"{len(days)} days {days[0]}..{days[-1]}"
        rows = sum(c.rows for c in changes)
        lines.append(f"  {table}: {action} {span}{f' ({rows} rows)' if rows else ''}".rstrip())
    lines.append(f"{report.count('added')} added, {report.count('replaced')} replaced, {report.count('unchanged')} unchanged")
    return lines
