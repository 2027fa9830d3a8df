"""Where a diagnosis reads from: a folder of exports or the history store, and the rule base with
the operator's profile.

    open_source("exports/")                       a folder's dataset
    open_source("store/", days=30)                the store's last 30 days (a folder with a manifest)
    open_source("store/", cells=["S0042B"])       only what one complaint at S0042B needs
    Inputs(data=Path("exports/")).open()          the dataset and the profiled rule base together

What the reading noticed (the profile used, files skipped, rows rejected, unknown cells, tables
missing) goes to `on_note`, one line each, as the command line prints them on stderr.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from ..dataset.load import load_dataset
from ..dataset.model import Dataset
from ..dataset.window import statistics_span
from ..errors import UsageError
from ..rules.loader import RuleSet
from ..rules.profile import find_profile, profiled_rules
from ..store.layout import MANIFEST

Notes = Callable[[str], None]


def ignore(_: str) -> None:
    """Notes nobody reads."""


def is_store(path: str | Path) -> bool:
    """A history store (netdiag import) rather than a folder of exports: it has a manifest."""
    return (Path(path) / MANIFEST).is_file()


def open_source(
    path: str | Path,
    *,
    store: bool | None = None,
    days: int | None = None,
    until: date | None = None,
    encoding: str | None = None,
    cells: str | Iterable[str] | None = None,
    between: tuple[pd.Timestamp, pd.Timestamp] | None = None,
) -> Dataset:
    """The dataset of a folder of exports, or of a history store (`store=None`: told by its manifest).

    From a store: the last `days` days up to `until` (default 7, up to its last day of statistics);
    with `cells` (a complaint's candidate serving cells) only their scope, with the network's
    context; `between` (start, end) reads the days around a complaint's time instead of days/until.
    """
    path = Path(path)
    if store is None:
        store = is_store(path)
    if not store:
        if days is not None or until is not None:
            raise UsageError("--days and --until read a history store: give --store")
        return load_dataset(path, encoding=encoding)
    from ..store import load_complaint, load_store

    if between is not None and (days is not None or until is not None):
        raise UsageError("a complaint's time sets the days read from --store: drop --days/--until")
    if cells is not None:
        return load_complaint(path, cells, days, until, between)
    return load_store(path, days, until)


@dataclass(frozen=True)
class Inputs:
    """What one command reads: a data folder or a store (with its days), and the rule base."""

    data: Path | None = None
    store: Path | None = None
    days: int | None = None
    until: date | None = None
    encoding: str | None = None
    rules: tuple[Path, ...] = ()  # rule files or folders; empty: the shipped rule base
    profile: Path | None = None  # None: $NETDIAG_PROFILE, else netdiag.yaml in the data folder or store

    def __post_init__(self) -> None:
        """Paths may be given as text (a library user's `Inputs(data="exports")`)."""
        for name in ("data", "store", "profile"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, Path(value))
        object.__setattr__(self, "rules", tuple(Path(rule) for rule in self.rules))

    def check(self) -> None:
        """A usage error unless exactly one of a data folder and a store is given, days with a store."""
        if self.data is None and self.store is None:
            raise UsageError("give a data folder (DATA) or a history store (--store)")
        if self.data is not None and self.store is not None:
            raise UsageError("give a data folder (DATA) or a history store (--store), not both")
        if self.store is None and (self.days is not None or self.until is not None):
            raise UsageError("--days and --until read a history store: give --store")

    @property
    def root(self) -> Path | None:
        """The data folder or the store."""
        return self.data if self.data is not None else self.store

    def profile_path(self) -> Path | None:
        return find_profile(self.profile, self.root)

    def rule_base(self, on_note: Notes = ignore) -> RuleSet:
        """The rule base with the operator's profile applied."""
        profile = self.profile_path()
        ruleset = profiled_rules(list(self.rules) or None, profile)
        if profile is not None:
            on_note(f"note: profile {profile}")
        return ruleset

    def dataset(
        self,
        on_note: Notes = ignore,
        cells: str | Iterable[str] | None = None,
        between: tuple[pd.Timestamp, pd.Timestamp] | None = None,
    ) -> Dataset:
        """The data (from a store, maybe only `cells`' scope around `between`), its notes told."""
        self.check()
        dataset = open_source(self.root, store=self.store is not None, days=self.days, until=self.until,
                              encoding=self.encoding, cells=cells if self.store is not None else None,
                              between=between if self.store is not None else None)
        for line in dataset_notes(dataset):
            on_note(line)
        return dataset

    def open(
        self,
        on_note: Notes = ignore,
        cells: str | Iterable[str] | None = None,
        between: tuple[pd.Timestamp, pd.Timestamp] | None = None,
    ) -> tuple[Dataset, RuleSet]:
        """The rule base (read first: a bad rule stops before the data is read), then the data."""
        self.check()
        ruleset = self.rule_base(on_note)
        return self.dataset(on_note, cells, between), ruleset


def dataset_notes(dataset: Dataset) -> list[str]:
    """What reading noticed, one line each: notes, flags, tables not found."""
    lines = [f"note: {message}" for message in dataset.notes]
    lines += [f"note: {flag['table']}: {flag['check']}: {flag['rows']} rows (e.g. {flag['example']})" for flag in dataset.flags]
    if dataset.missing:
        lines.append(f"note: tables not found: {', '.join(dataset.missing)}")
    return lines


def skipped_notes(skipped: list[dict[str, object]]) -> list[str]:
    """One line per rule that could not run, with the tables it needs or the error it met."""
    return [
        f"note: rule {s['rule']} failed ({s.get('file')}): {s['error']}" if "error" in s
        else f"note: rule {s['rule']} skipped: needs {', '.join(s['missing'])}"  # type: ignore[arg-type]
        for s in skipped
    ]


def diagnosis_notes(diagnosis) -> list[str]:
    """The notes of a triage's diagnosis: the rules that could not run, or, for a window with no
    statistics in it, that one fact (every statistics rule would say it needs its table)."""
    covers = diagnosis.dataset.covers
    if covers is not None:
        return [f"note: no statistics around the complaint's time: the data covers {covers[0]:%Y-%m-%d %H:%M} "
                f"to {covers[1]:%Y-%m-%d %H:%M}"]
    if statistics_span(diagnosis.dataset) is None:
        return ["note: no statistics in the time read: only alarms and configuration were judged"]
    return skipped_notes(diagnosis.skipped)
