"""The case log's triage wired to netdiag's: tickets triaged against a data folder or a history store.

    triage = desk_triage(Inputs(data=Path("exports/")), lang="zh")
    import_tickets(log, tickets, triage=triage, cells=triage.cells)

A ticket is triaged at its time (occurred, else received) against the statistics around it, as
`netdiag triage --time` does. Before anything is diagnosed each ticket is checked:
  needs_symptom   no words, or words naming no symptom or several
  needs_location  no cell, LAC+CI or spot
  error           a cell or LAC+CI the configuration does not know (flagged unknown_cell)
  no_evidence     the data does not cover the ticket's time (a folder: the span of its statistics;
                  a store: the days it holds statistics for), or none of its candidate cells has
                  statistics around that time: never "no fault" without data behind it.
From a folder the data is read once and diagnoses are shared by the tickets of one hour; from a
store, each ticket's scope (its candidate cells, their neighbours, BSCs and alarms, with the
network's context) over the hours around its time, as `netdiag triage --store --time` reads it (the
last few reads are kept for tickets of the same place and hour).

This module (with linking and recheck) is where the case log meets the diagnosis; the log's core
(db, desk, importer, query, the analyses) never imports it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from ..catalogue import load_catalogue
from ..dataset.model import Dataset
from ..dataset.periods import period_ends
from ..dataset.window import DEFAULT_HOURS, window_bounds
from ..diagnosis.batch import Triager
from ..diagnosis.locate import Spot
from ..diagnosis.source import Inputs, Notes, ignore, skipped_notes
from ..diagnosis.triage import Complaint, TriageResult
from ..errors import NetdiagError
from ..io.schema import COUNTER_TABLES
from .model import CaseInput, TriageOutcome

MAX_DATA_CAUSES = 5
MAX_OTHER_CAUSES = 3
_KEEP_READS = 8


@dataclass
class DeskTriage:
    """A Triage callable (CaseInput -> TriageOutcome) over one data folder or store."""

    inputs: Inputs
    lang: str = "en"
    window_hours: float = DEFAULT_HOURS
    lexicons: Sequence[Path] = ()
    on_note: Notes = ignore
    texts: Mapping[str, str] | None = None  # note templates by key (render.labels.CASE_NOTES[lang])
    cells: pd.DataFrame = field(init=False, repr=False)  # the configuration (for the log's cell directory)
    _triagers: OrderedDict[Any, _Source] = field(default_factory=OrderedDict, init=False, repr=False)

    def __post_init__(self) -> None:
        from ..diagnosis.symptoms import lexicon_for

        self.inputs.check()
        self.rules = self.inputs.rule_base(self.on_note)
        self._lexicon = lexicon_for(self.inputs.profile_path(), tuple(self.lexicons))
        self._noted = False
        if self.inputs.store is None:
            dataset = self.inputs.dataset(self.on_note)
            self._folder = self._source(dataset)
            self.cells = dataset["cells"]
            self._days: set[date] = set()
        else:
            from ..store import store_cells
            from ..store.manifest import read_manifest

            manifest = read_manifest(self.inputs.store)
            self._days = {date.fromisoformat(d) for t in COUNTER_TABLES for d in manifest.partitions.get(t, {})}
            self._folder = None
            self.cells = store_cells(self.inputs.store)
        self._locator = None
        self._known = set(self.cells["cell"].dropna().astype(str))
        lac, ci = pd.to_numeric(self.cells.get("lac"), errors="coerce"), pd.to_numeric(self.cells.get("ci"), errors="coerce")
        self._cgi = {(int(a), int(b)): str(c) for c, a, b in zip(self.cells["cell"], lac, ci) if a == a and b == b}

    # -------------------------------------------------------------------------------- the callable
    def __call__(self, ticket: CaseInput) -> TriageOutcome:
        from ..diagnosis.symptoms import SymptomQuestion

        symptom = ticket.symptom
        if symptom is None:
            if not ticket.text:
                return TriageOutcome("needs_symptom", note=self._text("no_symptom"))
            try:
                symptom = ticket.text if ticket.text in load_catalogue().symptoms else self._lexicon.resolve(ticket.text, self.lang)
            except SymptomQuestion as question:
                return TriageOutcome("needs_symptom", note=str(question))
        where = self._where(ticket)
        if isinstance(where, TriageOutcome):
            return _with_symptom(where, symptom)
        when = pd.Timestamp(ticket.occurred_at or ticket.received_at)
        complaint = Complaint(symptom=symptom, time=when, complaint_id=ticket.complaint_id,
                              text=ticket.text if ticket.text != symptom else None, **where)
        try:
            source = self._source_at(when, complaint)
            if source is None:
                return TriageOutcome("no_evidence", symptom, note=self._uncovered(when))
            result = source.triager.triage(complaint)
        except NetdiagError as error:
            return TriageOutcome("error", symptom, note=str(error))
        cells = tuple(str(c) for c in result.candidates["cell"]) if not result.candidates.empty else ()
        if result.verdict == "no_fault_found" and cells and not any(source.cell_covers(c, when, self.window_hours) for c in cells):
            note = self._text("no_cell_statistics", cells=", ".join(cells), when=f"{when:%Y-%m-%d %H:%M}")
            return TriageOutcome("no_evidence", symptom, cells=cells, note=note)
        return outcome_of(result, cells)

    # -------------------------------------------------------------------------------- where
    def _where(self, ticket: CaseInput) -> dict[str, Any] | TriageOutcome:
        if ticket.cell is not None:
            if ticket.cell not in self._known:
                return TriageOutcome("error", note=self._text("unknown_cell", cell=ticket.cell), flags=("unknown_cell",))
            return {"cell": ticket.cell}
        if ticket.lac is not None and ticket.ci is not None:
            cell = self._cgi.get((ticket.lac, ticket.ci))
            if cell is None:
                return TriageOutcome("error", note=self._text("unknown_cgi", lac=ticket.lac, ci=ticket.ci), flags=("unknown_cell",))
            return {"cell": cell}
        if ticket.lat is not None and ticket.lon is not None:
            return {"spot": Spot(ticket.lat, ticket.lon)}
        return TriageOutcome("needs_location", note=self._text("no_location"))

    def _text(self, key: str, **values: object) -> str:
        return note_text(self.texts, key, **values)

    # -------------------------------------------------------------------------------- the data
    def _source_at(self, when: pd.Timestamp, complaint: Complaint) -> _Source | None:
        """The data to triage `complaint` against; None when it does not cover its time."""
        if self._folder is not None:
            return self._folder if self._folder.covers(when) else None
        if when.date() not in self._days:
            return None
        from ..diagnosis.triage import candidate_cells
        from ..store import load_complaint

        if complaint.cell is not None:
            candidates = (complaint.cell,)
        else:
            if self._locator is None:
                from ..diagnosis.locate import CellLocator

                self._locator = CellLocator(self.cells)
            candidates = tuple(candidate_cells(complaint, self._locator)["cell"])
        key = (candidates, window_bounds(when, self.window_hours))
        if key not in self._triagers:  # (tickets of one place and hour share the read)
            self._triagers[key] = self._source(load_complaint(self.inputs.store, list(candidates), between=key[1]))
            while len(self._triagers) > _KEEP_READS:
                self._triagers.popitem(last=False)
        return self._triagers[key]

    def _source(self, dataset: Dataset) -> _Source:
        def noted(diagnosis) -> None:
            if not self._noted:
                self._noted = True
                for line in skipped_notes(diagnosis.skipped):
                    self.on_note(line)

        return _Source(Triager(dataset, self.rules, self.window_hours, on_diagnosis=noted), dataset)

    def _uncovered(self, when: pd.Timestamp) -> str:
        if self._folder is not None and self._folder.span is not None:
            first, last = self._folder.span
            span = f"{first:%Y-%m-%d %H:%M} - {last:%Y-%m-%d %H:%M}"
        elif self._days:
            first_day, last_day = min(self._days), max(self._days)
            span = f"{len(self._days)} days, {first_day} - {last_day}"
        else:
            span = "-"
        return self._text("uncovered", when=f"{when:%Y-%m-%d %H:%M}", span=span)


class _Source:
    """One dataset with its Triager, the span its statistics cover and each cell's first and last period."""

    def __init__(self, triager: Triager, dataset: Dataset) -> None:
        self.triager = triager
        starts, ends, spans = [], [], []
        for name in COUNTER_TABLES:
            if name == "adjacency_ho" or not dataset.has(name) or dataset[name].empty:
                continue
            frame = dataset[name]
            end = period_ends(frame)
            starts.append(frame["start_time"].min())
            ends.append(end.max())
            if "cell" in frame:
                spans.append(pd.DataFrame({"cell": frame["cell"].astype(str), "first": frame["start_time"], "last": end}))
        self.span = (min(starts), max(ends)) if starts else None
        if spans:
            every = pd.concat(spans, ignore_index=True)
            self.cell_spans = every.groupby("cell").agg(first=("first", "min"), last=("last", "max"))
        else:
            self.cell_spans = pd.DataFrame(columns=["first", "last"])

    def covers(self, when: pd.Timestamp) -> bool:
        return self.span is not None and self.span[0] <= when < self.span[1]

    def cell_covers(self, cell: str, when: pd.Timestamp, hours: float) -> bool:
        if cell not in self.cell_spans.index:
            return False
        start, end = window_bounds(when, hours)
        first, last = self.cell_spans.loc[cell, ["first", "last"]]
        return bool(first < end and last > start)


def outcome_of(result: TriageResult, cells: tuple[str, ...]) -> TriageOutcome:
    """netdiag's TriageResult as the log stores it: the data causes (up to MAX_DATA_CAUSES), then the
    baseline and advice entries (up to MAX_OTHER_CAUSES), each with its kind."""
    causes = result.causes
    data = causes[causes["kind"] == "data"].head(MAX_DATA_CAUSES)
    other = causes[causes["kind"] != "data"].head(MAX_OTHER_CAUSES)
    entries = []
    for row in pd.concat([data, other]).to_dict("records"):
        entries.append({
            "cause": row["cause"], "cell": _str(row.get("cell")), "object": _str(row.get("object")),
            "score": float(row["rank_score"]) if row.get("rank_score") == row.get("rank_score") else 0.0, "kind": row["kind"],
        })
    if not cells and result.scope.cell:
        cells = (result.scope.cell,)
    return TriageOutcome(result.verdict, result.complaint.symptom, tuple(entries), cells)


def _with_symptom(outcome: TriageOutcome, symptom: str) -> TriageOutcome:
    return TriageOutcome(outcome.verdict, symptom, outcome.causes, outcome.cells, outcome.note, outcome.flags)


def _str(value: object) -> str | None:
    if value is None or value != value:
        return None
    return str(value)


def desk_triage(inputs: Inputs, lang: str = "en", window_hours: float = DEFAULT_HOURS, lexicons: Sequence[Path] = (),
                on_note: Notes = ignore, texts: Mapping[str, str] | None = None) -> DeskTriage:
    """The triage of tickets against `inputs` (a data folder or a store), ready for import_tickets/add_case.

    `texts`: the templates of the notes it writes into cases, by key (no_symptom, no_location,
    unknown_cell, unknown_cgi, uncovered, no_cell_statistics); netdiag.render.labels.CASE_NOTES has
    them in Chinese and English. Without them a note is its key and values."""
    return DeskTriage(inputs, lang, window_hours, tuple(lexicons), on_note, texts)


def note_text(texts: Mapping[str, str] | None, key: str, **values: object) -> str:
    """A note from its template, or (no templates) `key: name=value, ...`."""
    if texts is not None and key in texts:
        return texts[key].format(**values)
    return f"{key}: " + ", ".join(f"{k}={v}" for k, v in values.items()) if values else key
