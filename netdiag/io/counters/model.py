"""What the counter dictionary holds (counters, mappings) and what matching a file's headers gives."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...errors import DataError
from ...yamlsource import line_of
from .formulas import Formula


# A table is recognised from at least this many canonical counter columns: one, since Huawei's
# M2000 writes one file per counter group (the call drops alone give tch_drops alone).
MIN_COLUMNS = 1


class CounterDictionaryError(DataError):
    """A counter dictionary that cannot be used; str() reads `path:line: message`."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Counter:
    """One vendor counter: its key (what formulas name), every spelling headers may use."""

    vendor: str
    key: str
    names: tuple[str, ...]
    label: str | None
    unit: str | None
    source: str
    verified: bool
    searched: str | None
    origin: str  # "path:line" of its entry

    @property
    def ref(self) -> tuple[str, str]:
        return (self.vendor, self.key)


@dataclass(frozen=True)
class CounterMapping:
    """How one canonical column is computed from one vendor's counters."""

    vendor: str
    table: str
    column: str
    formulas: tuple[Formula, ...]  # alternatives, first applicable wins
    source: str
    verified: bool
    note: str | None
    origin: str


@dataclass(frozen=True)
class _Document:
    path: str
    vendor: str
    counters: tuple[tuple[Counter, tuple], ...]  # (counter, location)
    mappings: tuple[tuple[CounterMapping, tuple], ...]
    lines: dict
    base: tuple


@dataclass(frozen=True)
class HeaderMatch:
    """What one header of a file is: a dictionary counter (how it was read) or unknown."""

    header: str
    counter: Counter | None
    via: str | None = None  # name, id, label, bracket or suffix
    alternatives: tuple[Counter, ...] = ()  # same name, other vendors


@dataclass(frozen=True)
class ColumnPlan:
    """How a canonical column is computed for one file: the formula and the header of each key."""

    column: str
    mapping: CounterMapping
    formula: Formula
    headers: dict[str, str]  # counter key -> header in the file


@dataclass(frozen=True)
class CounterMatch:
    """The counters of one file: per header its counter, per table what it gives, and the table."""

    headers: tuple[HeaderMatch, ...]
    plans: dict[str, dict[str, ColumnPlan]]  # table -> canonical column -> plan (tables giving any)
    table: str | None
    reason: str
    min_columns: int = MIN_COLUMNS
    vendor_votes: dict[str, int] = field(default_factory=dict)

    @property
    def scores(self) -> dict[str, int]:
        """Content score per table: distinct canonical counter columns the file's counters give."""
        return {table: len(plan) for table, plan in self.plans.items()}

    @property
    def known(self) -> list[HeaderMatch]:
        return [h for h in self.headers if h.counter is not None]

    @property
    def unknown(self) -> list[str]:
        """Headers that name no dictionary counter (key columns included: to_canonical keeps those)."""
        return [h.header for h in self.headers if h.counter is None]

    @property
    def unverified(self) -> list[str]:
        """Matched counters and used mappings that no public document confirmed, for `data inspect`."""
        out = [f"{h.header} ({h.counter.vendor} {h.counter.key})" for h in self.known if not h.counter.verified]
        if self.table:
            out += [f"{self.table}.{p.column} = {p.formula.text} ({p.mapping.vendor})"
                    for p in self.plans.get(self.table, {}).values() if not p.mapping.verified]
        return out

    def unused(self, table: str | None = None) -> list[str]:
        """Headers naming a known counter that the table's columns do not use."""
        used = {h for p in self.plans.get(table or self.table or "", {}).values() for h in p.headers.values()}
        return [h.header for h in self.known if h.header not in used]


def _error(doc: _Document, loc: tuple, message: str) -> CounterDictionaryError:
    return CounterDictionaryError(doc.path, line_of(doc.lines, (*doc.base, *loc)) or line_of(doc.lines, doc.base), message)
