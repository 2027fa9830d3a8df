"""The dictionary indexed by every spelling, and a file's headers matched against it: how a header is
read (name, id, label, bracket, family suffix), which vendor owns it, what each table gets."""

from __future__ import annotations

import re
from collections import Counter as _Tally
from collections.abc import Sequence

from ..schema import TABLES, alias_index, normalise_header
from .model import MIN_COLUMNS, ColumnPlan, Counter, CounterMapping, CounterMatch, HeaderMatch, _Document, _error


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
    if max(scores.values()) < min_columns:
        listed = ", ".join(f"{t} {s}" for t, s in sorted(scores.items(), key=lambda i: (-i[1], i[0])))
        return None, f"counters give too few columns of any table ({listed}; at least {min_columns} needed)"
    keys = {t: _keys_present(t, headers) for t in scores}
    table, tied = choose_table(scores, keys)
    best = max(scores.values())
    if table is None:
        return None, f"counters give {best} columns to each of {', '.join(tied)}: ambiguous, map the file by hand"
    if len(tied) == 1:
        return table, f"{best} {table} columns from counters"
    return table, f"{best} columns from counters for {', '.join(tied)}; {table} has {keys[table]} key columns"


def choose_table(scores: dict[str, int], keys: dict[str, int]) -> tuple[str | None, list[str]]:
    """The table of the highest content score; among equal scores the one with more of its key columns
    named; still equal: none. Also the tables of the highest score (more than one: the tie)."""
    best = max(scores.values())
    tied = sorted(t for t, s in scores.items() if s == best)
    most = max(keys.get(t, 0) for t in tied)
    winners = [t for t in tied if keys.get(t, 0) == most]
    return (winners[0] if len(winners) == 1 else None), tied


def _keys_present(table: str, headers: list[str]) -> int:
    index = alias_index(TABLES[table])
    named = {index.get(normalise_header(h)) for h in headers}
    return sum(1 for key in TABLES[table].keys if key in named)
