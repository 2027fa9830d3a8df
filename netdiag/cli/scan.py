"""`netdiag scan`: every finding in the network, for the NOC (table, JSON or CSV; exit codes for cron)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from ..errors import NetdiagError, UsageError
from .common import (
    DaysOpt, DebugOpt, EncodingOpt, LangOpt, OptionalDataArg, ProfileOpt, RulesOpt, Severity, StoreOpt, UntilOpt, fail,
    inputs, note, resolve_lang,
)


class ScanFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def scan_command(
    data: OptionalDataArg = None,
    output: Annotated[ScanFormat, typer.Option("--format", help="Output format.")] = ScanFormat.table,
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
    since: Annotated[Optional[str], typer.Option("--since", metavar="PREVIOUS", help="A previous scan's JSON (or, with --store, a day YYYY-MM-DD): mark findings new or persisting, list those cleared.")] = None,
    fail_on_new: Annotated[Optional[Severity], typer.Option("--fail-on-new", help="With --since: exit 1 only when a NEW finding is at or above this severity.")] = None,
    debug: DebugOpt = False,
) -> None:
    """Every suspect in the network. Exit code 0: nothing at or above --fail-on; 1: findings; 2: error."""
    from ..render.emit import emit_scan
    from ..rules.engine import SEVERITY_RANK

    language = resolve_lang(lang)
    changes = None
    try:
        source = inputs(data, store, days, until, encoding, rules, profile)
        if fail_on_new is not None and since is None:
            raise UsageError("--fail-on-new compares with a previous scan: give --since")
        if since is not None:
            if workers is not None or scheduler is not None:
                raise UsageError("--since compares with a previous scan on this machine: drop --workers/--scheduler")
            from ..diagnosis.changes import scan_changes

            changes = scan_changes(source, since, note)
            diagnosis = changes.diagnosis
        elif workers is None and scheduler is None:
            from ..diagnosis.scan import scan

            diagnosis = scan(source, note)
        else:
            from ..distributed import scan_on_cluster

            diagnosis = scan_on_cluster(source, workers, scheduler, note)
    except NetdiagError as error:
        fail(error, debug)
        return
    emit_scan(diagnosis, output.value, language, changes)
    findings = diagnosis.findings if fail_on_new is None else changes.new()
    threshold = SEVERITY_RANK[(fail_on_new or fail_on).value]
    if not findings.empty and (findings["severity"].map(SEVERITY_RANK) >= threshold).any():
        raise typer.Exit(1)
