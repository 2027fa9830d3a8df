"""`netdiag scan`: every finding in the network, for the NOC (table, JSON or CSV; exit codes for cron)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import NetdiagError, UsageError
from .common import (
    DaysOpt, DebugOpt, EncodingOpt, Gcj02Opt, LangOpt, OptionalDataArg, ProfileOpt, RulesOpt, Severity, StoreOpt, TilesOpt,
    UntilOpt, begin_reading, fail, inputs, map_options, note, output_inside, resolve_lang,
)


# The English of render.labels.SCAN_OPTION_HELP["jobs"] (not imported here: --help stays quick; a test compares them).
JOBS_HELP = ("Processes sharing the scan after the data is read (default: 2 where two cores are usable, the load "
             "average is below them and the network is large enough to gain, else 1; Linux only).")


class ScanFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


def scan_command(
    data: OptionalDataArg = None,
    output: Annotated[Optional[ScanFormat], typer.Option("--format", help="Output format (default: from --output's suffix, else table).")] = None,
    out_file: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file: .json, .csv or .html (a map and counts).")] = None,
    tiles: TilesOpt = None,
    gcj02: Gcj02Opt = False,
    fail_on: Annotated[Severity, typer.Option("--fail-on", help="Exit 1 when a finding is at or above this severity.")] = Severity.high,
    rules: RulesOpt = None,
    profile: ProfileOpt = None,
    lang: LangOpt = None,
    encoding: EncodingOpt = None,
    store: StoreOpt = None,
    days: DaysOpt = None,
    until: UntilOpt = None,
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, help="Scan on a local Dask cluster of N worker processes (needs netdiag[dask]).")] = None,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Scan on the Dask cluster at ADDRESS, e.g. tcp://host:8786 (needs netdiag[dask]).")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help=JOBS_HELP)] = None,
    since: Annotated[Optional[str], typer.Option("--since", metavar="PREVIOUS", help="A previous scan's JSON (or, with --store, a day YYYY-MM-DD): mark findings new or persisting, list those cleared.")] = None,
    fail_on_new: Annotated[Optional[Severity], typer.Option("--fail-on-new", help="With --since: exit 1 only when a NEW finding is at or above this severity.")] = None,
    debug: DebugOpt = False,
) -> None:
    """Every suspect in the network. Exit code 0: nothing at or above --fail-on; 1: findings; 2: error."""
    if workers is None and scheduler is None:
        begin_reading(data, store, encoding)
    from ..render.emit import emit_scan
    from ..rules.engine import SEVERITY_RANK

    language = resolve_lang(lang)
    changes = None
    try:
        fmt = _format(output, out_file)
        output_inside(out_file, data, store)
        options = map_options(tiles, gcj02) if fmt == "html" else None
        source = inputs(data, store, days, until, encoding, rules, profile)
        if fail_on_new is not None and since is None:
            raise UsageError("--fail-on-new compares with a previous scan: give --since")
        if since is not None:
            if workers is not None or scheduler is not None:
                raise UsageError("--since compares with a previous scan on this machine: drop --workers/--scheduler")
            from ..diagnosis.changes import scan_changes

            changes = scan_changes(source, since, note, jobs)
            diagnosis = changes.diagnosis
        elif workers is None and scheduler is None:
            from ..diagnosis.scan import scan

            diagnosis = scan(source, note, jobs)
        else:
            if jobs is not None:
                raise UsageError("--jobs shares a scan among processes on this machine; on Dask, --workers says how many")
            from ..distributed import scan_on_cluster

            diagnosis = scan_on_cluster(source, workers, scheduler, note)
    except NetdiagError as error:
        fail(error, debug)
        return
    emit_scan(diagnosis, fmt, language, out_file, options, str(source.root), changes)
    findings = diagnosis.findings if fail_on_new is None else changes.new()
    threshold = SEVERITY_RANK[(fail_on_new or fail_on).value]
    if not findings.empty and (findings["severity"].map(SEVERITY_RANK) >= threshold).any():
        raise typer.Exit(1)


def _format(output: ScanFormat | None, out_file: Path | None) -> str:
    if output is not None:
        fmt = output.value
    elif out_file is not None:
        from ..render.files import format_for

        fmt = format_for(out_file)
    else:
        fmt = "table"
    if fmt not in ("table", "json", "csv", "html"):
        raise UsageError(f"scan writes table, json, csv or html, not {fmt}")
    if fmt == "table" and out_file is not None:
        raise UsageError("--format table prints to the terminal: use json, csv or html with --output")
    return fmt
