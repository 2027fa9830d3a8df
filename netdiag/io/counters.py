"""The counter dictionary: vendor performance-counter names -> netdiag's canonical counters.

OMC-R exports name their counters by 3GPP TS 52.402 (`attTCHSeizures`), by vendor ids (Huawei
`K3014:Traffic Volume on TCH (Erl)`, Nokia `DROP_AFTER_TCH_ASSIGN (c001202)`) or by vendor
mnemonics (Ericsson `TFNDROP`). The dictionary, shipped as data under netdiag/data/counters/ (one
file per vendor) and extended by the user's own files, says which canonical column of which table
each counter gives, with the arithmetic where one canonical counter is several vendor counters.

A dictionary document::

    vendor: huawei                    # the namespace of the counters below
    source: Huawei ... Reference      # default source document of the entries
    counters:                         # key -> the counter, as vendors write it
      K3014:
        names: [CELL_KPI_TCH_TRAF_ERL_TRAF, Traffic Volume on TCH]   # other spellings headers use
        label: Traffic Volume on TCH  # for display only (not matched)
        unit: Erl
        source: Huawei ... K3014      # the document that defines it
        verified: true                # name and meaning seen in a public document
    mappings:                         # table -> canonical column -> formula over counter keys
      cell_kpi:
        tch_traffic_erl: K3014
        tch_attempts: K3020 + K3010A + K3010B
        tch_available: {formula: TAVAACC / TAVASCAN, note: ...}

Formulas are parsed here (never eval): numbers, counter keys (a key that is not a plain word is
written in backquotes), + - * / and parentheses. A formula may be a list of alternatives: the
first whose counters the file has is used.

Rules (the contract; see docs/counters.md):
- Matching a header to a counter ignores case, surrounding spaces, and treats spaces, `_` and `-`
  alike. The whole header is tried first, then the header without trailing bracketed units
  (`(Erl)`, `[times]`), then for `ID:label` headers the ID, then the label, then the content of a
  trailing bracket (`NAME (c001202)`), and last the part after a measurement family prefix
  (`CELTCHF.TFNDROP` -> `TFNDROP`, `BSCGPRS.x` -> `x`). Nokia ids match with or without leading
  zeros (`c1202` = `c001202`). The first of these forms that names a counter wins.
- One name may belong to counters of several vendors: the header goes to the vendor that has the
  most headers in the file (ties: vendor name order); the others are kept as alternatives.
- Content score of a table: the number of distinct canonical counter columns of that table the
  file's counters give (every counter of a formula present). A file is filed under the table with
  the highest score, at least MIN_COLUMNS (2). Equal scores: the table whose key columns the
  headers name (more keys present wins); still equal: no table, said so. Key columns never count
  towards the score: a file whose counters give no table is reported as such.
- Arithmetic: a value missing in any term makes the result missing (a partial sum would pass for
  a complete one: drops over TCH/F only would make a cell look better than it is); division by
  zero is missing; a result below zero in a column that cannot be negative is missing (the vendor
  counters disagree). Values are read as numbers after removing thousands separators and a
  trailing `%`; `NIL`, `/0`, `-`, `N/A` and empty are missing.
"""

from __future__ import annotations

import re
from collections import Counter as _Tally
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
from .parsing import NULL_VALUES
from ..yamlsource import YamlError, line_of, load_yaml
from .schema import TABLES, TEXT, TIME, alias_index, normalise_header

# Bounds on what a dictionary may hold (a user file is input like any other).
MAX_FILE_BYTES = 1024 * 1024
MAX_COUNTERS = 5_000  # per document
MAX_NAMES = 50  # spellings per counter
MAX_MAPPINGS = 1_000  # per document
MAX_FORMULA_CHARS = 2_000
MAX_FORMULA_TERMS = 200
MAX_FORMULA_DEPTH = 32
MAX_ALTERNATIVES = 10

# A table is recognised from at least this many canonical counter columns.
MIN_COLUMNS = 2

_VENDOR = re.compile(r"[a-z0-9][a-z0-9_\-]{0,39}")
_DOC_KEYS = {"vendor", "source", "note", "counters", "mappings"}
_COUNTER_KEYS = {"names", "label", "unit", "source", "verified", "searched", "note"}
_MAPPING_KEYS = {"formula", "source", "verified", "note"}


class CounterDictionaryError(DataError):
    """A counter dictionary that cannot be used; str() reads `path:line: message`."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


# ---------------------------------------------------------------------------------------------
# Formulas: a small recursive-descent parser and evaluator (no eval, no exec).

class FormulaError(ValueError):
    """A formula that cannot be parsed."""


_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(?![A-Za-z_])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_.]*)"
    r"|`(?P<quoted>[^`]{1,200})`"
    r"|(?P<op>[-+*/()]))"
)


@dataclass(frozen=True)
class Formula:
    """A parsed formula: its text, its tree and the counter keys it reads (in order)."""

    text: str
    tree: tuple
    refs: tuple[str, ...]

    def evaluate(self, values: Mapping[str, np.ndarray]) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            result = np.asarray(_evaluate(self.tree, values), dtype="float64")
        return np.where(np.isfinite(result), result, np.nan)


def parse_formula(text: str) -> Formula:
    """Parse `K3020 + K3010A - (K3021 + K3011A)`, `TFTRALACC / TFNSCAN`, `` `1278072498` * 2 ``."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("a formula is a non-empty string")
    if len(text) > MAX_FORMULA_CHARS:
        raise FormulaError(f"formula longer than {MAX_FORMULA_CHARS} characters")
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        if not text[position:].strip():
            break
        match = _TOKEN.match(text, position)
        if match is None:
            raise FormulaError(f"unexpected {text[position:].strip()[:20]!r} in formula {text!r}")
        kind = match.lastgroup
        value = match.group(kind)
        tokens.append(("name" if kind == "quoted" else kind, value.strip() if kind == "quoted" else value))
        position = match.end()
    terms = sum(1 for kind, _ in tokens if kind in ("name", "num"))
    if terms > MAX_FORMULA_TERMS:
        raise FormulaError(f"formula with more than {MAX_FORMULA_TERMS} terms")
    parser = _Parser(tokens, text)
    tree = parser.expression(0)
    if parser.position != len(tokens):
        raise FormulaError(f"unexpected {tokens[parser.position][1]!r} in formula {text!r}")
    refs = tuple(dict.fromkeys(_refs(tree)))
    if not refs:
        raise FormulaError(f"formula {text!r} names no counter")
    return Formula(text.strip(), tree, refs)


class _Parser:
    """expression := term (('+'|'-') term)*; term := factor (('*'|'/') factor)*;
    factor := NUMBER | NAME | '-' factor | '(' expression ')'."""

    def __init__(self, tokens: list[tuple[str, str]], text: str) -> None:
        self.tokens, self.text, self.position = tokens, text, 0

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self) -> tuple[str, str]:
        token = self._peek()
        if token is None:
            raise FormulaError(f"formula {self.text!r} ends too early")
        self.position += 1
        return token

    def expression(self, depth: int) -> tuple:
        node = self.term(depth)
        while (token := self._peek()) in (("op", "+"), ("op", "-")):
            self.position += 1
            node = (token[1], node, self.term(depth))
        return node

    def term(self, depth: int) -> tuple:
        node = self.factor(depth)
        while (token := self._peek()) in (("op", "*"), ("op", "/")):
            self.position += 1
            node = (token[1], node, self.factor(depth))
        return node

    def factor(self, depth: int) -> tuple:
        if depth > MAX_FORMULA_DEPTH:
            raise FormulaError(f"formula nested deeper than {MAX_FORMULA_DEPTH}")
        kind, value = self._take()
        if kind == "num":
            return ("num", float(value))
        if kind == "name":
            return ("ref", value)
        if (kind, value) == ("op", "-"):
            return ("neg", self.factor(depth + 1))
        if (kind, value) == ("op", "("):
            node = self.expression(depth + 1)
            if self._take() != ("op", ")"):
                raise FormulaError(f"missing ')' in formula {self.text!r}")
            return node
        raise FormulaError(f"unexpected {value!r} in formula {self.text!r}")


def _refs(tree: tuple) -> Iterable[str]:
    kind = tree[0]
    if kind == "ref":
        yield tree[1]
    elif kind == "neg":
        yield from _refs(tree[1])
    elif kind != "num":
        yield from _refs(tree[1])
        yield from _refs(tree[2])


def _evaluate(tree: tuple, values: Mapping[str, np.ndarray]):
    kind = tree[0]
    if kind == "num":
        return tree[1]
    if kind == "ref":
        return values[tree[1]]
    if kind == "neg":
        return -_evaluate(tree[1], values)
    left, right = _evaluate(tree[1], values), _evaluate(tree[2], values)
    if kind == "+":
        return np.add(left, right)
    if kind == "-":
        return np.subtract(left, right)
    if kind == "*":
        return np.multiply(left, right)
    return np.divide(left, right)


# ---------------------------------------------------------------------------------------------
# The dictionary.

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


def _norm(text: object) -> str:
    """Case, surrounding spaces, and space/_/- differences do not matter; Nokia `c001202` = `c1202`."""
    value = str(text).replace("\ufeff", "").strip().lower()
    value = re.sub(r"[\s_\-]+", "_", value).strip("_")
    nokia = re.fullmatch(r"c0*(\d+)", value)
    return f"c{nokia.group(1)}" if nokia else value


_TRAILING_BRACKET = re.compile(r"\s*[\(\[（【]([^\(\)\[\]（）【】]*)[\)\]）】]\s*$")


def header_forms(header: str) -> list[tuple[str, str]]:
    """The spellings a header is looked up by, most specific first, each with how it was read."""
    raw = str(header).replace("\ufeff", "").strip()
    forms: list[tuple[str, str]] = [(raw, "name")]

    def without_units(text: str) -> list[str]:
        out = []
        while (match := _TRAILING_BRACKET.search(text)) and match.start() > 0:
            text = text[: match.start()]
            out.append(text)
        return out

    forms += [(text, "name") for text in without_units(raw)]
    for separator in (":", "："):
        if separator in raw:
            left, right = (part.strip() for part in raw.split(separator, 1))
            if left:
                forms.append((left, "id"))
            if right:
                forms += [(right, "label")] + [(text, "label") for text in without_units(right)]
            break
    bracket = _TRAILING_BRACKET.search(raw)
    if bracket and bracket.start() > 0 and bracket.group(1).strip() and " " not in bracket.group(1).strip():
        forms.append((bracket.group(1).strip(), "bracket"))
    for text, _ in list(forms):
        parts = text.split(".")
        forms += [(".".join(parts[i:]), "suffix") for i in range(1, len(parts)) if parts[i].strip()]
    seen: set[str] = set()
    unique = []
    for text, via in forms:
        key = _norm(text)
        if key and key not in seen:
            seen.add(key)
            unique.append((key, via))
    return unique


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


class CounterDictionary:
    """Vendor counters and mappings, shipped and the user's, indexed by every spelling."""

    def __init__(self) -> None:
        self.counters: dict[tuple[str, str], Counter] = {}
        self.mappings: dict[tuple[str, str, str], CounterMapping] = {}
        self._index: dict[str, list[tuple[str, str]]] = {}
        self._names: dict[tuple[str, str], tuple[str, str]] = {}  # (vendor, spelling) -> (vendor, key)

    # -- building --------------------------------------------------------------------------

    def _apply(self, doc: _Document) -> None:
        """Add a document: a counter or mapping of the same vendor and key replaces the earlier one."""
        for counter, loc in doc.counters:
            old = self.counters.get(counter.ref)
            if old is not None:
                self._unindex(old)
            for name in (counter.key, *counter.names):
                owner = self._names.get((counter.vendor, _norm(name)))
                if owner is not None and owner != counter.ref:
                    raise _error(doc, loc, f"counter {counter.key}: name {name!r} already names counter "
                                           f"{owner[1]} of vendor {owner[0]} (give the same key to replace it)")
            self.counters[counter.ref] = counter
            self._reindex(counter)
        for mapping, loc in doc.mappings:
            for formula in mapping.formulas:
                missing = [ref for ref in formula.refs if (mapping.vendor, ref) not in self.counters]
                if missing:
                    raise _error(doc, loc, f"{mapping.table}.{mapping.column}: formula {formula.text!r} names "
                                           f"{', '.join(missing)}, not a counter of vendor {mapping.vendor}")
            self.mappings[(mapping.vendor, mapping.table, mapping.column)] = mapping

    def _reindex(self, counter: Counter) -> None:
        for name in dict.fromkeys(_norm(n) for n in (counter.key, *counter.names)):
            self._names[(counter.vendor, name)] = counter.ref
            self._index.setdefault(name, []).append(counter.ref)

    def _unindex(self, counter: Counter) -> None:
        for name in dict.fromkeys(_norm(n) for n in (counter.key, *counter.names)):
            self._names.pop((counter.vendor, name), None)
            refs = [r for r in self._index.get(name, []) if r != counter.ref]
            if refs:
                self._index[name] = refs
            else:
                self._index.pop(name, None)

    def copy(self) -> CounterDictionary:
        other = CounterDictionary()
        other.counters, other.mappings = dict(self.counters), dict(self.mappings)
        other._index = {k: list(v) for k, v in self._index.items()}
        other._names = dict(self._names)
        return other

    # -- reading ----------------------------------------------------------------------------

    @property
    def vendors(self) -> list[str]:
        return sorted({vendor for vendor, _ in self.counters})

    def unverified(self) -> list[Counter | CounterMapping]:
        return [c for c in self.counters.values() if not c.verified] + [
            m for m in self.mappings.values() if not m.verified]

    def lookup(self, header: str) -> tuple[str | None, list[Counter]]:
        """How the header is read (`name`, `id`, ...) and the counters that spelling names."""
        for form, via in header_forms(header):
            refs = self._index.get(form)
            if refs:
                return via, [self.counters[r] for r in refs]
        return None, []

    def resolve(self, headers: Sequence[str], *, min_columns: int = MIN_COLUMNS) -> CounterMatch:
        """Each header's counter, what each table gets from them, and the table the file is."""
        found = [(str(h), *self.lookup(str(h))) for h in headers]
        votes = _Tally(v for _, _, counters in found for v in {c.vendor for c in counters})
        matches: list[HeaderMatch] = []
        for header, via, counters in found:
            if not counters:
                matches.append(HeaderMatch(header, None))
                continue
            ranked = sorted(counters, key=lambda c: (-votes[c.vendor], c.vendor))
            matches.append(HeaderMatch(header, ranked[0], via, tuple(ranked[1:])))
        present: dict[tuple[str, str], str] = {}  # counter -> first header naming it
        for m in matches:
            if m.counter is not None:
                present.setdefault(m.counter.ref, m.header)
        vendor_order = sorted(votes, key=lambda v: (-votes[v], v))
        plans: dict[str, dict[str, ColumnPlan]] = {}
        for (vendor, table, column), mapping in sorted(
            self.mappings.items(), key=lambda item: (vendor_order.index(item[0][0]) if item[0][0] in votes else 1_000_000,
                                                     item[0])):
            if vendor not in votes or column in plans.get(table, {}):
                continue
            for formula in mapping.formulas:
                if all((vendor, ref) in present for ref in formula.refs):
                    headers_of = {ref: present[(vendor, ref)] for ref in formula.refs}
                    plans.setdefault(table, {})[column] = ColumnPlan(column, mapping, formula, headers_of)
                    break
        table, reason = _choose_table(plans, [h for h, _, _ in found], min_columns)
        return CounterMatch(tuple(matches), plans, table, reason, min_columns, dict(votes))


def _choose_table(plans: dict[str, dict[str, ColumnPlan]], headers: list[str], min_columns: int) -> tuple[str | None, str]:
    scores = {table: len(plan) for table, plan in plans.items()}
    if not scores:
        return None, "no header names a counter that gives a canonical column"
    best = max(scores.values())
    if best < min_columns:
        listed = ", ".join(f"{t} {s}" for t, s in sorted(scores.items(), key=lambda i: (-i[1], i[0])))
        return None, f"counters give too few columns of any table ({listed}; at least {min_columns} needed)"
    tied = sorted(t for t, s in scores.items() if s == best)
    if len(tied) == 1:
        return tied[0], f"{best} {tied[0]} columns from counters"
    keys = {t: _keys_present(t, headers) for t in tied}
    most = max(keys.values())
    winners = [t for t in tied if keys[t] == most]
    if len(winners) == 1:
        return winners[0], f"{best} columns from counters for {', '.join(tied)}; {winners[0]} has {most} key columns"
    return None, f"counters give {best} columns to each of {', '.join(tied)}: ambiguous, map the file by hand"


def _keys_present(table: str, headers: list[str]) -> int:
    index = alias_index(TABLES[table])
    named = {index.get(normalise_header(h)) for h in headers}
    return sum(1 for key in TABLES[table].keys if key in named)


# ---------------------------------------------------------------------------------------------
# Canonical frames.

def _numbers(values: pd.Series) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        return values.to_numpy(dtype="float64", na_value=np.nan)
    text = values.astype("string").str.strip()
    text = text.mask(text.isin(NULL_VALUES))
    text = text.str.replace(",", "", regex=False).str.replace(r"\s*%$", "", regex=True)
    return pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def to_canonical(
    frame: pd.DataFrame,
    match: CounterMatch,
    table: str | None = None,
    *,
    keys: Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """The frame with canonical columns of `table` (default: the table the match chose).

    Counter columns are computed with the dictionary's arithmetic; other headers that name a
    column of the table (by the schema's aliases, or by `keys`: {header: canonical column}) are
    kept under their canonical name; a canonical column the file gives itself wins over the
    arithmetic. The second value lists every input column left out (unknown headers, counters the
    table does not use, duplicates), in the file's order: nothing is dropped silently.
    """
    table = table or match.table
    if table is None:
        raise DataError(f"no table for these counters: {match.reason}")
    if table not in TABLES:
        raise DataError(f"unknown table {table!r}")
    schema = TABLES[table]
    index = alias_index(schema)
    counters_of = {m.header for m in match.known}
    position: dict[str, int] = {}
    for i, header in enumerate(map(str, frame.columns)):
        position.setdefault(header, i)
    kept: dict[str, int] = {}  # canonical column -> position
    for header, i in position.items():
        if header in counters_of:
            continue
        canonical = (keys or {}).get(header) or index.get(normalise_header(header))
        if canonical in schema.column_map and canonical not in kept:
            kept[canonical] = i
    computed: dict[str, np.ndarray] = {}
    used: set[int] = set()
    for column, plan in match.plans.get(table, {}).items():
        if column in kept:
            continue
        if any(h not in position for h in plan.headers.values()):
            continue
        values = {ref: _numbers(frame.iloc[:, position[h]]) for ref, h in plan.headers.items()}
        result = plan.formula.evaluate(values)
        if not schema.column_map[column].signed:
            result = np.where(result < 0, np.nan, result)
        computed[column] = result
        used.update(position[h] for h in plan.headers.values())
    out = pd.DataFrame(index=frame.index)
    for column in schema.column_names:
        if column in kept:
            out[column] = frame.iloc[:, kept[column]].to_numpy()
        elif column in computed:
            out[column] = computed[column]
    taken = used | set(kept.values())
    left_out = [str(h) for i, h in enumerate(frame.columns) if i not in taken]
    return out, left_out


# ---------------------------------------------------------------------------------------------
# Loading and validation.

def _error(doc: _Document, loc: tuple, message: str) -> CounterDictionaryError:
    return CounterDictionaryError(doc.path, line_of(doc.lines, (*doc.base, *loc)) or line_of(doc.lines, doc.base), message)


def _parse_document(data: object, path: str, lines: dict, base: tuple = ()) -> _Document:
    """Check one document (file or inline mapping) and build its counters and mappings."""
    def fail(loc: tuple, message: str) -> CounterDictionaryError:
        return CounterDictionaryError(path, line_of(lines, (*base, *loc)) or line_of(lines, base), message)

    if not isinstance(data, dict):
        raise fail((), "a counter dictionary is a mapping with vendor:, counters: and mappings:")
    extra = set(map(str, data)) - _DOC_KEYS
    if extra:
        key = sorted(extra)[0]
        raise fail((key,), f"unknown key {key!r} (expected {', '.join(sorted(_DOC_KEYS))})")
    vendor = data.get("vendor")
    if not isinstance(vendor, str) or not _VENDOR.fullmatch(vendor):
        raise fail(("vendor",), "vendor: a lower-case name such as huawei, ericsson, 3gpp")
    default_source = data.get("source")
    if default_source is not None and (not isinstance(default_source, str) or not default_source.strip()):
        raise fail(("source",), "source: the document the entries come from, as text")
    counters_data = data.get("counters") or {}
    if not isinstance(counters_data, dict):
        raise fail(("counters",), "counters: a mapping of counter key -> {names, unit, source, verified}")
    if len(counters_data) > MAX_COUNTERS:
        raise fail(("counters",), f"more than {MAX_COUNTERS} counters in one document")
    counters: list[tuple[Counter, tuple]] = []
    for key, spec in counters_data.items():
        loc = ("counters", key)
        if not isinstance(key, (str, int)) or isinstance(key, bool) or not str(key).strip():
            raise fail(loc, "a counter key is a name or an id")
        key = str(key).strip()
        spec = {} if spec is None else spec
        if not isinstance(spec, dict):
            raise fail(loc, f"counter {key}: a mapping with names:, unit:, source:, verified:")
        extra = set(map(str, spec)) - _COUNTER_KEYS
        if extra:
            bad = sorted(extra)[0]
            raise fail((*loc, bad), f"counter {key}: unknown key {bad!r} (expected {', '.join(sorted(_COUNTER_KEYS))})")
        names = spec.get("names") or []
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(n, (str, int)) and not isinstance(n, bool) for n in names):
            raise fail((*loc, "names"), f"counter {key}: names: a list of spellings")
        if len(names) > MAX_NAMES:
            raise fail((*loc, "names"), f"counter {key}: more than {MAX_NAMES} names")
        for field_name in ("label", "unit", "searched", "note"):
            value = spec.get(field_name)
            if value is not None and not isinstance(value, str):
                raise fail((*loc, field_name), f"counter {key}: {field_name}: text")
        source = spec.get("source", default_source)
        if not isinstance(source, str) or not source.strip():
            raise fail((*loc, "source") if "source" in spec else loc,
                       f"counter {key}: source: the document that defines it (or a source: for the whole file)")
        verified = spec.get("verified", False)
        if not isinstance(verified, bool):
            raise fail((*loc, "verified"), f"counter {key}: verified: true or false")
        label = spec.get("label")
        spellings = tuple(dict.fromkeys(str(n).strip() for n in names if str(n).strip()))
        normals = [_norm(s) for s in (key, *spellings)]
        if any(not n for n in normals):
            raise fail((*loc, "names"), f"counter {key}: an empty name")
        origin = f"{path}:{line_of(lines, (*base, *loc)) or '?'}"
        counters.append((Counter(vendor, key, spellings, label, spec.get("unit"), source.strip(), verified,
                                 spec.get("searched"), origin), loc))
    seen: dict[str, str] = {}
    for counter, loc in counters:
        for name in dict.fromkeys(_norm(n) for n in (counter.key, *counter.names)):
            if name in seen and seen[name] != counter.key:
                raise fail(loc, f"counter {counter.key}: name {name!r} also names counter {seen[name]}")
            seen[name] = counter.key
    mappings_data = data.get("mappings") or {}
    if not isinstance(mappings_data, dict):
        raise fail(("mappings",), "mappings: table -> canonical column -> formula")
    mappings: list[tuple[CounterMapping, tuple]] = []
    for table, columns in mappings_data.items():
        if table not in TABLES or "start_time" not in TABLES[table].column_map or table == "complaints":
            raise fail(("mappings", table), f"mappings: {table!r} is not a counter table "
                       f"({', '.join(t for t in TABLES if 'start_time' in TABLES[t].column_map)})")
        if not isinstance(columns, dict):
            raise fail(("mappings", table), f"mappings: {table}: canonical column -> formula")
        schema = TABLES[table]
        for column, spec in columns.items():
            loc = ("mappings", table, column)
            info = schema.column_map.get(column)
            if info is None or info.kind in (TEXT, TIME) or column in schema.keys or column == "period_min":
                counters_cols = [c.name for c in schema.columns if c.kind not in (TEXT, TIME)
                                 and c.name not in schema.keys and c.name != "period_min"]
                raise fail(loc, f"{table}: {column!r} is not a counter column ({', '.join(counters_cols)})")
            if len(mappings) >= MAX_MAPPINGS:
                raise fail(loc, f"more than {MAX_MAPPINGS} mappings in one document")
            mapping_spec = spec if isinstance(spec, dict) else {"formula": spec}
            extra = set(map(str, mapping_spec)) - _MAPPING_KEYS
            if extra:
                bad = sorted(extra)[0]
                raise fail((*loc, bad), f"{table}.{column}: unknown key {bad!r} (expected {', '.join(sorted(_MAPPING_KEYS))})")
            texts = mapping_spec.get("formula")
            texts = [texts] if isinstance(texts, str) else texts
            if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
                raise fail(loc, f"{table}.{column}: a formula, or a list of alternative formulas")
            if len(texts) > MAX_ALTERNATIVES:
                raise fail(loc, f"{table}.{column}: more than {MAX_ALTERNATIVES} alternatives")
            formulas = []
            for i, text in enumerate(texts):
                try:
                    formulas.append(parse_formula(text))
                except FormulaError as exc:
                    where = (*loc, "formula", i) if isinstance(spec, dict) and isinstance(spec.get("formula"), list) \
                        else (*loc, i) if isinstance(spec, list) else loc
                    raise fail(where, f"{table}.{column}: {exc}") from None
            # Formula references are checked against the merged dictionary (CounterDictionary._apply).
            source = mapping_spec.get("source", default_source)
            if source is not None and (not isinstance(source, str) or not source.strip()):
                raise fail((*loc, "source"), f"{table}.{column}: source: text")
            verified = mapping_spec.get("verified", True)
            if not isinstance(verified, bool):
                raise fail((*loc, "verified"), f"{table}.{column}: verified: true or false")
            note = mapping_spec.get("note")
            if note is not None and not isinstance(note, str):
                raise fail((*loc, "note"), f"{table}.{column}: note: text")
            origin = f"{path}:{line_of(lines, (*base, *loc)) or '?'}"
            mappings.append((CounterMapping(vendor, table, column, tuple(formulas), (source or "").strip(),
                                            verified, note, origin), loc))
    return _Document(path, vendor, tuple(counters), tuple(mappings), lines, base)


def _read_document(path: Path, shown: str | None = None) -> _Document:
    shown = shown or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CounterDictionaryError(shown, None, f"counter dictionary larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise CounterDictionaryError(shown, None, f"cannot read counter dictionary ({exc.strerror or exc})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise CounterDictionaryError(shown, None, f"counter dictionary larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return _parse_text(raw, shown)


def _parse_text(raw: bytes, shown: str) -> _Document:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CounterDictionaryError(shown, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        data, lines = load_yaml(text, shown)
    except YamlError as exc:
        raise CounterDictionaryError(exc.path, exc.line, exc.message) from None
    return _parse_document(data, shown, lines)


def shipped_counter_files() -> list[str]:
    """Names of the shipped dictionary files (netdiag/data/counters/*.yaml), in load order."""
    folder = resources.files("netdiag.data").joinpath("counters")
    return sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".yaml"))


@lru_cache(maxsize=1)
def _shipped() -> CounterDictionary:
    folder = resources.files("netdiag.data").joinpath("counters")
    dictionary = CounterDictionary()
    for name in shipped_counter_files():
        dictionary._apply(_parse_text(folder.joinpath(name).read_bytes(), f"netdiag/data/counters/{name}"))
    return dictionary


def load_counter_dictionary(extra: Sequence[Path | str] = ()) -> CounterDictionary:
    """The shipped dictionary, then each extra file in order (later entries replace earlier ones)."""
    dictionary = _shipped().copy()
    for path in extra:
        dictionary._apply(_read_document(Path(path)))
    return dictionary


def counters_from_config(value: object, config_path: Path | str, lines: dict | None = None,
                         loc: tuple = ("counters",)) -> CounterDictionary:
    """The dictionary a `netdiag.yaml` `counters:` value asks for.

    The value may be a file path, a list of file paths (relative to the folder of netdiag.yaml),
    an inline dictionary document (vendor:, counters:, mappings:), or a list mixing both. `lines`
    are the line numbers load_yaml gave for netdiag.yaml, so that errors name its lines.
    """
    config_path = Path(config_path)
    lines = lines or {}
    dictionary = _shipped().copy()
    if value is None:
        return dictionary
    items = value if isinstance(value, list) else [value]
    for i, item in enumerate(items):
        where = (*loc, i) if isinstance(value, list) else loc
        if isinstance(item, str):
            path = Path(item)
            if not path.is_absolute():
                path = config_path.parent / path
            if not path.is_file():
                raise CounterDictionaryError(str(config_path), line_of(lines, where), f"counters: no file {item}")
            dictionary._apply(_read_document(path))
        elif isinstance(item, dict):
            dictionary._apply(_parse_document(item, str(config_path), lines, where))
        else:
            raise CounterDictionaryError(str(config_path), line_of(lines, where),
                                         "counters: a file, a list of files, or an inline dictionary (vendor:, counters:, mappings:)")
    return dictionary


def load_counter_dictionary_from_config(config_path: Path | str) -> CounterDictionary:
    """Read netdiag.yaml and return the dictionary its `counters:` key asks for (shipped if absent)."""
    config_path = Path(config_path)
    try:
        raw = config_path.read_bytes()
    except OSError as exc:
        raise CounterDictionaryError(str(config_path), None, f"cannot read ({exc.strerror or exc})") from None
    try:
        data, lines = load_yaml(raw.decode("utf-8-sig"), str(config_path))
    except UnicodeDecodeError as exc:
        raise CounterDictionaryError(str(config_path), None, f"not UTF-8 text ({exc.reason})") from None
    except YamlError as exc:
        raise CounterDictionaryError(exc.path, exc.line, exc.message) from None
    value = data.get("counters") if isinstance(data, dict) else None
    return counters_from_config(value, config_path, lines)
