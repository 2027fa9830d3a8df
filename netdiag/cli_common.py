"""What the command modules share: language choice, common options, one-line errors and notes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import pandas as pd
import typer
from rich.console import Console

from .dataset import Dataset, load_dataset
from .errors import UsageError
from .profile import find_profile, profiled_rules
from .rules.engine import Diagnosis, diagnose
from .rules.loader import RuleSet


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class Severity(str, Enum):
    """A finding's severity as an option value (scan --fail-on, suspects --min-severity)."""

    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


def default_lang() -> Lang:
    for variable in ("NETDIAG_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return Lang.zh if value.lower().startswith("zh") else Lang.en
    return Lang.en


def resolve_lang(lang: Lang | None) -> str:
    return (lang or default_lang()).value


RulesOpt = Annotated[Optional[list[Path]], typer.Option("--rules", help="Rule file or folder (repeatable); default: the shipped rule base.")]
LangOpt = Annotated[Optional[Lang], typer.Option("--lang", help="Language of causes, titles and remedies (default from the environment).")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]


def note(message: str) -> None:
    """Diagnostics go to stderr as plain lines (never wrapped, so scripts can grep them)."""
    typer.echo(message, err=True)


def fail(error: BaseException, debug: bool) -> None:
    """Bad input or usage: one line on stderr and exit code 2; --debug shows the traceback."""
    if debug:
        raise error
    note(f"netdiag: error: {error}")
    raise typer.Exit(2)


DataArg = Annotated[Path, typer.Argument(help="Folder holding one network's exports.", show_default=False)]
EncodingOpt = Annotated[Optional[str], typer.Option("--encoding", help="Encoding of the exports (default: detected).")]
ProfileOpt = Annotated[
    Optional[Path],
    typer.Option("--profile", help="Operator profile (YAML): rule parameters, severities, disabled and extra rules. "
                 "Default: $NETDIAG_PROFILE, else netdiag.yaml in DATA."),
]


def stdout_console() -> Console:
    # A pipe or file has no width of its own: keep table rows whole rather than folded to 80 columns.
    return Console(width=None if sys.stdout.isatty() else 200)


def load_inputs(rules: list[Path] | None, data: Path, encoding: str | None, profile: Path | None) -> tuple[Dataset, RuleSet]:
    """The rule base (with its profile) and the data folder, with their notes on stderr."""
    profile = find_profile(profile, data)
    ruleset = profiled_rules(rules, profile)
    if profile is not None:
        note(f"note: profile {profile}")
    dataset = load_dataset(data, encoding=encoding)
    note_dataset(dataset)
    return dataset, ruleset


def note_skipped(diagnosis: Diagnosis) -> None:
    for skipped in diagnosis.skipped:
        note(f"note: rule {skipped['rule']} skipped: needs {', '.join(skipped['missing'])}")


def load_and_diagnose(rules: list[Path] | None, data: Path, encoding: str | None, profile: Path | None) -> Diagnosis:
    dataset, ruleset = load_inputs(rules, data, encoding, profile)
    diagnosis = diagnose(dataset, ruleset)
    note_skipped(diagnosis)
    return diagnosis


# -- the history store (netdiag import): --store/--days/--until for triage and scan ----------------

OptionalDataArg = Annotated[
    Optional[Path], typer.Argument(help="Folder holding one network's exports (or give --store).", show_default=False)
]
StoreOpt = Annotated[
    Optional[Path], typer.Option("--store", help="History store (filled by netdiag import) to read instead of DATA.")
]
DaysOpt = Annotated[
    Optional[int], typer.Option("--days", min=1, help="Days read from --store, up to its last day of statistics (default 7).")
]
UntilOpt = Annotated[
    Optional[datetime], typer.Option("--until", formats=["%Y-%m-%d"], help="Last day read from --store (default: its last day of statistics).")
]


def note_dataset(dataset: Dataset) -> None:
    for message in dataset.notes:
        note(f"note: {message}")
    for flag in dataset.flags:
        note(f"note: {flag['table']}: {flag['check']}: {flag['rows']} rows (e.g. {flag['example']})")
    if dataset.missing:
        note(f"note: tables not found: {', '.join(dataset.missing)}")


def load_source(
    rules: list[Path] | None,
    data: Path | None,
    store: Path | None,
    days: int | None,
    until: datetime | None,
    encoding: str | None,
    profile: Path | None,
    cells: str | Iterable[str] | None = None,
    between: tuple[pd.Timestamp, pd.Timestamp] | None = None,
) -> tuple[Dataset, RuleSet]:
    """DATA, or --store with --days/--until: the dataset and the rule base, with their notes on stderr.

    From a store with `cells` (a complaint's candidate serving cells), only their scope is read, with
    the network's context; `between` (start, end) reads the days around a complaint's time instead of
    --days/--until, the context being that of those hours (narrow the rows with window.around). The
    profile found by default is netdiag.yaml in the store folder.
    """
    if store is None:
        if data is None:
            raise UsageError("give a data folder (DATA) or a history store (--store)")
        if days is not None or until is not None:
            raise UsageError("--days and --until read a history store: give --store")
        return load_inputs(rules, data, encoding, profile)
    if data is not None:
        raise UsageError("give a data folder (DATA) or a history store (--store), not both")
    from .store import load_complaint, load_store

    if between is not None and (days is not None or until is not None):
        raise UsageError("a complaint's time sets the days read from --store: drop --days/--until")
    profile = find_profile(profile, store)
    ruleset = profiled_rules(rules, profile)
    if profile is not None:
        note(f"note: profile {profile}")
    last = until.date() if until else None
    if cells is not None:
        dataset = load_complaint(store, cells, days, last, between)
    else:
        dataset = load_store(store, days, last)
    note_dataset(dataset)
    return dataset, ruleset
