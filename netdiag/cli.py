"""The command line: parses arguments, calls the library, renders. No diagnosis logic lives here."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import render
from .cli_common import (
    DaysOpt, DebugOpt, EncodingOpt, LangOpt, OptionalDataArg, ProfileOpt, RulesOpt, Severity, StoreOpt, UntilOpt, fail,
    load_source, note, note_skipped, resolve_lang, stdout_console,
)
from .cli_dask import load_and_diagnose_on_dask
from .cli_data import data_app
from .cli_rules import rules_app
from .cli_store import import_command
from .cli_suspects import suspects_command
from .cli_triage import triage_command
from .errors import NetdiagError
from .rules.engine import SEVERITY_RANK, diagnose

app = typer.Typer(
    help="Tell a GSM/GPRS radio engineer why a subscriber complains.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("triage")(triage_command)
app.add_typer(rules_app, name="rules")
app.add_typer(data_app, name="data")
app.command("suspects")(suspects_command)
app.command("import")(import_command)


class ScanFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command("scan")
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
    debug: DebugOpt = False,
) -> None:
    """Every suspect in the network. Exit code 0: nothing at or above --fail-on; 1: findings; 2: error."""
    language = resolve_lang(lang)
    try:
        def load():
            return load_source(rules, data, store, days, until, encoding, profile)

        if workers is None and scheduler is None:
            dataset, ruleset = load()
            diagnosis = diagnose(dataset, ruleset)
            note_skipped(diagnosis)
        else:
            diagnosis = load_and_diagnose_on_dask(load, workers, scheduler)
    except NetdiagError as error:
        fail(error, debug)
        return
    if output is ScanFormat.json:
        typer.echo(render.to_json(render.scan_document(diagnosis, language)))
    elif output is ScanFormat.csv:
        sys.stdout.write(render.scan_csv(diagnosis, language))
    else:
        render.print_scan(stdout_console(), diagnosis, language)
    findings = diagnosis.findings
    threshold = SEVERITY_RANK[fail_on.value]
    if not findings.empty and (findings["severity"].map(SEVERITY_RANK) >= threshold).any():
        raise typer.Exit(1)


@app.command("sample")
def sample_command(
    outdir: Annotated[Path, typer.Argument(help="Folder to write the sample network into.", show_default=False)],
    cells: Annotated[Optional[int], typer.Option("--cells", min=30, help="Approximate number of cells (default: enough for every fault).")] = None,
    hours: Annotated[int, typer.Option("--hours", min=4, max=24 * 31, help="Hourly periods of statistics.")] = 24,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 7,
    debug: DebugOpt = False,
) -> None:
    """Write a synthetic network with known, injected faults (and a truth file listing them)."""
    from .sample import generate_network

    try:
        options = {"cells": cells} if cells else {}
        truth = generate_network(outdir, hours=hours, seed=seed, **options)
    except (NetdiagError, ValueError) as error:
        fail(error, debug)
        return
    injected = int((truth["role"] == "injected").sum()) if "role" in truth else len(truth)
    note(f"wrote {outdir} with {injected} injected faults and {len(truth) - injected} consequences (see truth.csv)")


def main() -> None:
    try:
        app()
    except SystemExit as done:  # how a finished command ends (typer's standalone mode)
        _leave(done.code)
    except KeyboardInterrupt:
        sys.stderr.write("netdiag: interrupted\n")
        sys.exit(130)
    except Exception as error:  # a bug, not bad input: still one line unless --debug
        if "--debug" in sys.argv:
            raise
        sys.stderr.write(f"netdiag: internal error: {type(error).__name__}: {error} (run with --debug for details)\n")
        sys.exit(2)


def _leave(code: int | str | None) -> None:
    """End the process once its output is flushed, without the interpreter's teardown: freeing a
    diagnosis object by object and joining Arrow's thread pools take a fifth of a second, as long as
    a complaint's whole triage from the store takes to diagnose. Nothing needs the teardown: files
    are written and closed (atomically), a Dask cluster is closed by its own `with`."""
    if isinstance(code, str):  # sys.exit("message"): printed, exit status 1
        sys.stderr.write(code + "\n")
        code = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (| head): what it did not read is not an error
        pass
    sys.stderr.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    main()
