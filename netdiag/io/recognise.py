"""Which table a file is, told by its content, and each header's canonical column.

A statistics file is the table whose counters it carries. Its **content score** for a statistics
table is the number of distinct counter columns of that table (schema.counter_columns) its headers
give: by their canonical names and aliases (`tch_drops`, `TCH Drops (times)`), or through the
counter dictionary (`K3014:Traffic Volume on TCH (Erl)`, `attTCHSeizures`, a sum of vendor counters
with every term present). Key columns and `period_min` never count. A table is a candidate only when
the file names all its key columns (a `Date` and a `Time` column stand for the time; an object-name
column such as `Object Name` or `measObjLdn` stands for the keys its first object names: cell, TRX,
BSC); the candidate of the highest score wins, at least one counter column; equal scores go to the
candidate with more key columns named (a TRX file names `trx` too), and if that does not decide the
file is ambiguous. A file with the keys of a statistics table and none of its counters is no
statistics table, whatever its keys: it is skipped and said so.

A file of no statistics table is the configuration table (cells, trx, neighbours, alarms, circuit
states, complaints) whose columns its header names most, all of its keys and at least two columns.
The `018_`, `025_` and `180_` name prefixes and the folder's `files:` mapping decide before content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .counters import CounterDictionary, CounterMatch
from .cell_refs import cell_reference
from .counters.matching import choose_table
from .objects import object_keys
from .schema import COUNTER_TABLES, OBJECT_HEADERS, TABLES, TIME, Table, alias_index, column_of, counter_columns, normalise_header

FILE_PREFIX = re.compile(r"^(\d{3})[_\-\s]")

# Separate date and time columns, combined into the table's time key.
DATE_HEADERS = {"date", "日期"}
TIME_HEADERS = {"time", "时间"}

# Why a file is its table, or why it is none.
MAPPED, PREFIX, COUNTERS, HEADER = "mapped", "prefix", "counters", "header"
AMBIGUOUS, KEYS_ONLY, UNKNOWN_COLUMNS = "ambiguous", "keys_only", "unknown_columns"


@dataclass(frozen=True)
class Recognition:
    """What a file's header says it is."""

    table: str | None
    why: str  # MAPPED, PREFIX, COUNTERS or HEADER; else AMBIGUOUS, KEYS_ONLY or UNKNOWN_COLUMNS
    scores: dict[str, int] = field(default_factory=dict)  # content score of each statistics table whose keys it names
    tied: tuple[str, ...] = ()  # the tables of the best score, when more than one
    counters: CounterMatch | None = None  # the dictionary's reading of the headers
    object_column: int | None = None  # position of an object-name column
    object_keys: frozenset[str] = frozenset()  # the keys its first object names
    cell_refs: tuple[int, ...] = ()  # positions of the CGI, or LAC and CI, columns naming its cells (cell_refs.py)

    def reason(self) -> str:
        """In words (English), for notes and errors; data inspect words it in the user's language."""
        listed = ", ".join(f"{t} {s}" for t, s in sorted(self.scores.items(), key=lambda i: (-i[1], i[0])))
        if self.why == COUNTERS:
            return f"its counters give {self.scores[self.table]} {self.table} columns ({listed})"
        if self.why == AMBIGUOUS:
            return f"its counters give as many columns to {', '.join(self.tied)} ({listed}): ambiguous, map it in netdiag.yaml"
        if self.why == KEYS_ONLY:
            return f"it names the key columns of {', '.join(sorted(self.scores))} but none of their counters"
        if self.why == UNKNOWN_COLUMNS:
            return "no table has these columns"
        return {MAPPED: "netdiag.yaml maps it", PREFIX: "its name's prefix", HEADER: "its header"}[self.why]


def recognise(
    headers: list[str],
    path: str,
    dictionary: CounterDictionary | None = None,
    first_row: tuple[str, ...] | None = None,
    table: str | None = None,
) -> Recognition:
    """The table a file is (`table`: the one netdiag.yaml maps it to), and why."""
    normalised = [normalise_header(h) for h in headers]
    object_column = next((i for i, h in enumerate(normalised) if h in OBJECT_HEADERS), None)
    object_named = frozenset({"cell"})  # (an object column names a cell unless its first object says more)
    if object_column is not None and first_row is not None and object_column < len(first_row):
        object_named = object_keys(first_row[object_column]).named() or object_named
    counters = dictionary.resolve(headers) if dictionary is not None else None
    refs = cell_reference(normalised) if object_column is None else ()
    found = {"counters": counters, "object_column": object_column, "object_keys": object_named, "cell_refs": refs}
    if table is not None:
        return Recognition(table, MAPPED, **found)
    match = FILE_PREFIX.match(Path(path.rsplit("!", 1)[-1]).name)  # a zip member is named `archive.zip!member`
    prefixed = next((t.name for t in TABLES.values() if match and match.group(1) in t.file_prefixes), None)
    if prefixed:
        return Recognition(prefixed, PREFIX, **found)
    split_time = bool(set(normalised) & (DATE_HEADERS | TIME_HEADERS))
    scores, keys = {}, {}
    for name in COUNTER_TABLES:
        spec = TABLES[name]
        named = _named(spec, normalised, split_time) | (object_named & set(spec.keys) if object_column is not None else set())
        named |= {"cell"} if refs else set()
        if not set(spec.keys) <= named:
            continue
        given = {c for c in counter_columns(name) if c in named} | set(counters.plans.get(name, {}) if counters else ())
        scores[name], keys[name] = len(given), sum(1 for k in spec.keys if k in named)
    statistics = {name: score for name, score in scores.items() if score >= 1}
    if statistics:
        chosen, tied = choose_table(statistics, keys)
        return Recognition(chosen, COUNTERS if chosen else AMBIGUOUS, scores, tuple(tied) if len(tied) > 1 else (), **found)
    configuration = _configuration_table(normalised, split_time)
    if configuration is not None:
        return Recognition(configuration, HEADER, scores, **found)
    return Recognition(None, KEYS_ONLY if scores else UNKNOWN_COLUMNS, scores, **found)


def _named(spec: Table, normalised: list[str], split_time: bool) -> set[str]:
    """The table's columns a header row names (a split date and time stand for its time key)."""
    index = alias_index(spec)
    named = {c for c in (column_of(index, h) for h in normalised) if c is not None}
    if split_time:
        named |= {k for k in spec.keys if spec.column_map[k].kind == TIME}
    return named


def _configuration_table(normalised: list[str], split_time: bool) -> str | None:
    """The table without statistics whose columns the header names most (all its keys, two columns at least)."""
    best, best_score = None, 0
    for table in TABLES.values():
        if table.name in COUNTER_TABLES:
            continue
        found = _named(table, normalised, split_time)
        # A lone key column (a file with just `cell`) says too little to name a table.
        if not set(table.keys) <= found or len(found) < 2:
            continue
        # Prefer the table that explains more of the header, then the narrower table.
        score = len(found) * 1000 - len(table.columns)
        if score > best_score:
            best, best_score = table.name, score
    return best


def identify_table(headers: list[str], path: str, dictionary: CounterDictionary | None = None) -> str | None:
    """The table a header row names (see recognise), or None."""
    return recognise(headers, path, dictionary).table


def map_columns(headers: list[str], table: Table) -> tuple[dict[int, str], list[str]]:
    """Header position -> canonical column; the first of two headers naming one column wins."""
    index = alias_index(table)
    mapping: dict[int, str] = {}
    ignored: list[str] = []
    for position, header in enumerate(headers):
        canonical = column_of(index, normalise_header(header))
        if canonical is None or canonical in mapping.values():
            ignored.append(header)
        else:
            mapping[position] = canonical
    return mapping, ignored
