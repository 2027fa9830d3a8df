"""3GPP PM XML files (32.435 measCollec, 32.401 mdc) read into canonical statistics tables.

Each measInfo (mi) block is one family of counters for one class of objects, and is given its table
the way a delimited file is (recognise.py): its counter names make its content score, its objects
(`measObjLdn`, `moid`) its keys. The blocks of one table, from every file of the folder, are stacked
as arrays as they stream (only the counters that table can use are kept), and put together once at
the end: an object's rows of one period from several blocks become one row, so the TCH and SDCCH
families of a cell complete each other. A value given twice for one object and period (the same
file twice, or two files of one period) is kept as first read and the rest counted and flagged.
Then the counter dictionary's arithmetic makes the canonical columns (layout.py).

A block whose counters give no table is left out and listed; a suspect object's values are left
out and counted (pm_xml); a file's reports say per table how many rows it gave.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import DataError
from ..memory import release_memory
from .counters import CounterDictionary
from .counters.canonical import as_kind
from .layout import complete, layout_of
from .objects import object_keys
from .pm_xml import PmBlock, PmReport, iter_pm_blocks
from .pm_xml.table import BlockStack, Stacked
from .readers import FileReport, counter_facts
from .recognise import Recognition, recognise
from .schema import TABLES, alias_index, counter_columns, normalise_header
from .xml_sources import XmlPart

# The header row a block is recognised by: its object, its time and period, then its counters.
LEAD = ("measObjLdn", "start_time", "period_min")


@dataclass
class _Group:
    """A kind of block (its counters, what its objects name): its table and the counters kept."""

    recognition: Recognition
    keep: np.ndarray | None  # positions of the counters kept (None: all of them)
    counters: tuple[str, ...]  # the counters kept
    described: tuple | None = None  # (object keys, columns, ignored, counter facts) of its blocks, worked out once

    def describe(self, written: tuple[str, ...]) -> tuple:
        """How a file's blocks of this kind were read, for its report."""
        if self.described is None:
            layout = layout_of([*LEAD, *written], self.recognition)
            kept, columns, ignored = set(self.counters), {}, []
            for position, header in enumerate(written, start=len(LEAD)):
                column = layout.mapping.get(position)
                if column is None or header not in kept:
                    ignored.append(header)
                elif column.startswith("@"):
                    columns[header] = "+".join(c for c, (_p, inputs) in layout.plans.items() if column in inputs.values())
                else:
                    columns[header] = column
            self.described = ("+".join(layout.object_keys), columns, ignored, counter_facts(self.recognition, layout))
        return self.described


@dataclass
class PmFile:
    """What one PM XML file gave: a report per table it fed, and its blocks of no table."""

    reports: list[FileReport] = field(default_factory=list)
    unmatched: list[tuple[str | None, tuple[str, ...], Recognition]] = field(default_factory=list)  # (measInfo, counters, why)
    unmatched_rows: int = 0


class PmTables:
    """The PM XML files of a folder, stacked per table as they are read; `tables` puts them together."""

    def __init__(self, dictionary: CounterDictionary | None) -> None:
        self.dictionary = dictionary
        self.groups: dict[tuple[tuple[str, ...], frozenset[str]], _Group] = {}
        self.stacks: dict[str, BlockStack] = {}
        self._refs: dict[str, set[tuple[str, str]]] = {}
        self._described: dict[tuple, tuple] = {}  # what a file's kinds of block say of its columns (_FileTable.report)
        # (measInfo id, counters) of blocks of no table -> [files, object rows], for one note each
        self.unmatched: dict[tuple[str | None, tuple[str, ...]], list[int]] = {}

    def read(self, part: XmlPart) -> PmFile:
        """Stream one file into the stacks; DataError (naming file and line) for a broken one."""
        pm = PmReport()
        done = PmFile()
        per_table: dict[str, _FileTable] = {}
        unmatched: dict[tuple[str | None, tuple[str, ...]], Recognition] = {}
        rows_unmatched: dict[tuple[str | None, tuple[str, ...]], int] = {}
        with part.open() as stream:
            for block in iter_pm_blocks(stream, pm, name=part.name):
                group = self._group(block, part.name)
                table = group.recognition.table
                if table is None:
                    kind = (block.meas_info, block.counters)
                    unmatched.setdefault(kind, group.recognition)
                    rows_unmatched[kind] = rows_unmatched.get(kind, 0) + len(block.objects)
                    done.unmatched_rows += len(block.objects)
                    continue
                kept = block if group.keep is None else _subset(block, group)
                self.stacks.setdefault(table, BlockStack()).add(kept)
                per_table.setdefault(table, _FileTable()).add(block, group)
        if not per_table and not unmatched and pm.blocks == 0:
            raise DataError(f"{part.name}: a PM file without any measInfo block")
        done.unmatched = [(info, counters, why) for (info, counters), why in unmatched.items()]
        for kind, rows in rows_unmatched.items() if per_table else ():  # (a file of no table is skipped, and says so)
            counted = self.unmatched.setdefault(kind, [0, 0])
            counted[0], counted[1] = counted[0] + 1, counted[1] + rows
        for table, seen in per_table.items():
            done.reports.append(seen.report(part, table, pm, self._described))
        return done

    def unmatched_notes(self) -> list[str]:
        """A note per kind of block of no table, over every file: its counters, files and rows left out."""
        notes = []
        for (info, counters), (files, rows) in self.unmatched.items():
            names = ", ".join(counters[:12]) + (" ..." if len(counters) > 12 else "")
            notes.append(f"PM XML: blocks {info or '(no id)'} give no table (their counters: {names}) in {files} files; "
                         f"{rows} object rows left out")
        return notes

    def tables(self) -> tuple[dict[str, pd.DataFrame], list[dict[str, object]]]:
        """The canonical frame of each table, and flags for values reported twice."""
        frames, flags = {}, []
        for table, stack in self.stacks.items():
            frames[table] = self._canonical(table, stack.arrays(merge=True))
            repeats = stack.repeats
            if repeats.rows:
                flags.append({
                    "table": table, "check": "period reported twice", "rows": repeats.rows, "example": repeats.example,
                    "kept": repeats.kept, "left_out": repeats.left_out,
                })
        self.stacks = {}
        return frames, flags

    # -- kinds of block ----------------------------------------------------------------------------

    def _group(self, block: PmBlock, name: str) -> _Group:
        named = object_keys(block.objects[0]).named() if block.objects else frozenset()
        key = (block.counters, named)
        group = self.groups.get(key)
        if group is None:
            first = (block.objects[0] if block.objects else "", "", "", *[""] * len(block.counters))
            recognition = recognise([*LEAD, *block.counters], name, self.dictionary, first)
            group = self.groups[key] = self._kept(recognition, block.counters)
        return group

    def _kept(self, recognition: Recognition, counters: tuple[str, ...]) -> _Group:
        """Only the counters the table can use are stacked: its columns by name, and the dictionary's
        counters its mappings read (a block of 40 counters may feed 10 columns)."""
        table = recognition.table
        if table is None:
            return _Group(recognition, None, counters)
        index = alias_index(TABLES[table])
        columns = set(counter_columns(table))
        refs = self._table_refs(table)
        match = recognition.counters
        known = {m.header: m for m in match.known} if match else {}
        keep = []
        for position, counter in enumerate(counters):
            found = known.get(counter)
            usable = index.get(normalise_header(counter)) in columns or (
                found is not None and any(c.ref in refs for c in (found.counter, *found.alternatives)))
            if usable:
                keep.append(position)
        if len(keep) == len(counters):
            return _Group(recognition, None, counters)
        return _Group(recognition, np.asarray(keep, dtype=np.int64), tuple(counters[i] for i in keep))

    def _table_refs(self, table: str) -> set[tuple[str, str]]:
        if table not in self._refs:
            mappings = self.dictionary.mappings.values() if self.dictionary else ()
            self._refs[table] = {(m.vendor, ref) for m in mappings if m.table == table for f in m.formulas for ref in f.refs}
        return self._refs[table]

    # -- one table --------------------------------------------------------------------------------

    def _canonical(self, table: str, stacked: Stacked) -> pd.DataFrame:
        """Stacked blocks (objects, starts, periods and the counters as written) as the canonical frame."""
        headers = [*LEAD, *stacked.counters]
        first = (stacked.names[int(stacked.codes[0])] if len(stacked.codes) else "", "", "", *[""] * len(stacked.counters))
        recognition = recognise(headers, "PM XML", self.dictionary, first, table=table)
        layout = layout_of(headers, recognition)
        spec = layout.spec
        read = {}
        for position, column in layout.mapping.items():
            if column == "object":
                read[column] = pd.Categorical.from_codes(stacked.codes, pd.Index(stacked.names, dtype=object))
            elif column == "start_time":
                read[column] = stacked.starts.astype("datetime64[us]").astype("datetime64[ns]")
            elif position >= len(LEAD):
                values = stacked.values[position - len(LEAD)]
                read[column] = values if column.startswith("@") else as_kind(values, spec.column_map[column])[0]
        read["period_min"] = as_kind(np.round(stacked.periods / 60), spec.column_map["period_min"])[0]
        table_read = pd.DataFrame(read, copy=False)
        del read
        stacked.values = None  # type: ignore[assignment]  # (let go before completing: the frame holds what it uses)
        release_memory()  # the stacked blocks, freed: given back before completing, the read's peak
        frame, _ = complete(table_read, layout)
        return frame


def _subset(block: PmBlock, group: _Group) -> PmBlock:
    return PmBlock(block.source, block.line, block.meas_info, block.start_time, block.period_s, block.offset,
                   group.counters, block.objects, block.values[:, group.keep])


class _FileTable:
    """What one file gave one table: rows, periods, the counters and how they were read."""

    def __init__(self) -> None:
        self.rows = 0
        self.starts: list[object] = []
        self.groups: dict[tuple[str, ...], _Group] = {}

    def add(self, block: PmBlock, group: _Group) -> None:
        self.rows += len(block.objects)
        self.starts.append(block.start_time)
        self.groups.setdefault(block.counters, group)

    def report(self, part: XmlPart, table: str, pm: PmReport, described: dict[tuple, tuple] | None = None) -> FileReport:
        """The file's report for this table. `described`: what files of the same kinds of block said
        of their columns and counters, worked out once for them all (each report gets its own copy)."""
        key = tuple((written, id(group)) for written, group in self.groups.items())
        said = described.get(key) if described is not None else None
        if said is None:
            said = self._described()
            if described is not None:
                described[key] = said
        objects, columns, ignored, counters, recognition = said
        starts = sorted(self.starts)
        return FileReport(
            path=part.name, table=table, encoding="utf-8", delimiter="", header_line=0, rows=self.rows,
            columns={"measObjLdn": objects, **columns}, ignored_columns=list(ignored),
            time_range=(str(pd.Timestamp(starts[0])), str(pd.Timestamp(starts[-1]))) if starts else None,
            format=part.format, recognised_by=recognition.why, scores=dict(recognition.scores),
            counters={key: value.copy() for key, value in counters.items()}, notes=pm_notes(pm),
        )

    def _described(self) -> tuple:
        """(object keys, columns, ignored headers, counter facts, recognition) of this file's kinds of block."""
        columns, ignored, counters, objects = {}, [], {}, "object"
        for written, group in self.groups.items():
            keys, its_columns, its_ignored, facts = group.describe(written)
            objects = keys or objects
            columns.update(its_columns)
            ignored += its_ignored
            for key, value in facts.items():
                if isinstance(value, dict):
                    counters.setdefault(key, {}).update(value)
                else:
                    counters.setdefault(key, []).extend(v for v in value if v not in counters.get(key, []))
        recognition = next(iter(self.groups.values())).recognition
        return objects, columns, list(dict.fromkeys(ignored)), counters, recognition


def pm_notes(pm: PmReport) -> list[str]:
    """What reading a PM file met, in words: periods, time offsets, left-out and absent values."""
    minutes = ", ".join(f"{p:g} min x{n}" for p, n in sorted(pm.periods.items()))
    offsets = ", ".join(f"{k} x{n}" for k, n in sorted(pm.offsets.items()))
    notes = [f"{pm.blocks} blocks: periods {minutes}; time offsets dropped, wall clock kept: {offsets}"]
    if pm.suspect_left_out or pm.absent_values or pm.non_numeric_values or pm.bad_rows:
        notes.append(f"{pm.suspect_left_out} suspect results left out, {pm.absent_values} absent values, "
                     f"{pm.non_numeric_values} values that are no number read as absent, {pm.bad_rows} malformed rows skipped")
    return notes + pm.notes
