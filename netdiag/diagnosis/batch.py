"""Complaints as they arrive: tickets read from a file, triaged one after another against one dataset.

A Triager diagnoses the dataset once per time window (complaints in the same hour share it) and
locates each complaint by cell, LAC+CI or coordinates. A complaint it cannot triage (symptom unclear,
no location, no statistics at its time) gets a row saying why instead of stopping the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..dataset.model import Dataset
from .source import Inputs, Notes, ignore, skipped_notes
from .tickets import MissingLocation, complaint_from_row, read_complaints, text_of
from .triage import Complaint, TriageResult, triage
from ..errors import NetdiagError
from .locate import CellLocator
from .diagnose import Diagnosis, diagnose, with_stretches_at
from ..rules.loader import RuleSet
from ..dataset.window import DEFAULT_HOURS, around, time_range, window_bounds

if TYPE_CHECKING:
    from .symptoms import Lexicon

TOP_CAUSES = 3


@dataclass
class Triager:
    """Triage complaints against one dataset and rule base; diagnoses are cached per window."""

    dataset: Dataset
    rules: RuleSet
    window_hours: float = DEFAULT_HOURS
    on_diagnosis: Callable[[Diagnosis], None] | None = None  # e.g. note skipped rules once
    _diagnoses: dict[pd.Timestamp | None, Diagnosis] = field(default_factory=dict, repr=False)
    _locator: CellLocator | None = field(default=None, repr=False)
    _first: pd.Timestamp | None = field(default=None, repr=False)

    @property
    def locator(self) -> CellLocator:
        if self._locator is None:
            self._locator = CellLocator(self.dataset["cells"])
        return self._locator

    def diagnosis_at(self, when: pd.Timestamp | None) -> Diagnosis:
        """The whole data's diagnosis, or that of the periods around `when` (to the hour)."""
        key = None if when is None else pd.Timestamp(when).floor("h")
        if key not in self._diagnoses:
            data = self.dataset if key is None else around(self.dataset, key, self.window_hours)
            self._diagnoses[key] = diagnose(data, self.rules)
            if self.on_diagnosis is not None and len(self._diagnoses) == 1:
                self.on_diagnosis(self._diagnoses[key])
        return self._diagnoses[key]

    def triage(self, complaint: Complaint) -> TriageResult:
        diagnosis = self.diagnosis_at(complaint.time)
        if complaint.time is not None and self._history_before(complaint.time):
            diagnosis = with_stretches_at(diagnosis, self.diagnosis_at(None), complaint.time)
        # A complaint by serving cell needs no locator (its k-d tree costs a scipy import).
        return triage(diagnosis, complaint, None if complaint.cell is not None else self.locator)

    def _history_before(self, when: pd.Timestamp) -> bool:
        """Whether the data reaches back before the window of a complaint at `when`."""
        if self._first is None:
            self._first = time_range(self.dataset)[0]
        return self._first < window_bounds(when, self.window_hours)[0]


def triage_all(triager: Triager, complaints: pd.DataFrame, lexicon: Lexicon, lang: str) -> Iterator[dict[str, object]]:
    """One result row per complaint, in file order (a generator, so callers can show progress)."""
    from .symptoms import SymptomQuestion

    for row in complaints.to_dict("records"):
        base = {
            "complaint_id": text_of(row.get("complaint_id")), "msisdn": text_of(row.get("msisdn")),
            "address": text_of(row.get("address")), "text": text_of(row.get("symptom")),
        }
        try:
            complaint = complaint_from_row(row, lexicon, lang)
            result = triager.triage(complaint)
        except SymptomQuestion as question:
            yield {**base, **_unresolved("needs_symptom", str(question), question.choices)}
            continue
        except MissingLocation as error:
            yield {**base, **_unresolved("needs_location", str(error))}
            continue
        except NetdiagError as error:  # unknown cell, no statistics at that time, ...
            yield {**base, **_unresolved("error", str(error))}
            continue
        yield {**base, **result_row(result, lang)}


def result_row(result: TriageResult, lang: str) -> dict[str, object]:
    """A triage result flattened for a table: verdict, cell, top causes, the best one spelled out."""
    causes = result.causes
    data = causes[causes["kind"] != "advice"]
    top = data.head(TOP_CAUSES)
    first = top.iloc[0] if not top.empty else None
    candidates = result.candidates
    return {
        "time": result.complaint.time,
        "symptom": result.complaint.symptom,
        "cell": result.scope.cell,
        "candidates": ";".join(candidates["cell"].astype(str)) if not candidates.empty else "",
        "verdict": result.verdict,
        "causes": ";".join(top["cause"]) if not top.empty else "",
        "cause": first["cause"] if first is not None else "",
        "title": first[f"title_{lang}"] if first is not None else "",
        "object": text_of(first["object"]) if first is not None else "",
        "cause_cell": text_of(first["cell"]) if first is not None else "",
        "score": float(first["rank_score"]) if first is not None else None,
        "confidence": first["confidence"] if first is not None else "",
        "remedy": first[f"remedy_{lang}"] if first is not None else "",
        "note": "",
        "top": [
            {"cause": r["cause"], "cell": text_of(r["cell"]) or None, "object": text_of(r["object"]) or None,
             "score": float(r["rank_score"]), "confidence": r["confidence"], "title": r[f"title_{lang}"],
             "remedy": r[f"remedy_{lang}"]}
            for r in top.to_dict("records")
        ],
    }


RESULT_COLUMNS = [
    "complaint_id", "msisdn", "time", "text", "symptom", "cell", "candidates", "verdict", "causes", "cause",
    "title", "object", "cause_cell", "score", "confidence", "remedy", "note", "address",
]


def _unresolved(verdict: str, note: str, choices: list[str] | None = None) -> dict[str, object]:
    return {"verdict": verdict, "note": note, "symptom": ";".join(choices or []), "top": []}




@dataclass
class TicketBatch:
    """A file of tickets being triaged: `rows` yields one result row per ticket, in file order."""

    tickets: pd.DataFrame
    rows: Iterator[dict[str, object]]

    def __len__(self) -> int:
        return len(self.tickets)


def triage_tickets(
    inputs: Inputs,
    path: Path,
    lang: str = "en",
    window_hours: float = DEFAULT_HOURS,
    lexicons: Sequence[Path] = (),
    on_note: Notes = ignore,
) -> TicketBatch:
    """`triage --complaints FILE`: every ticket triaged against the whole data over the days asked
    for, narrowed per complaint hour. A ticket that cannot be triaged gets a row saying why."""
    from .symptoms import lexicon_for

    tickets = read_complaints(path, inputs.encoding)
    dataset, ruleset = inputs.open(on_note)
    triager = Triager(dataset, ruleset, window_hours, on_diagnosis=lambda d: [on_note(line) for line in skipped_notes(d.skipped)])
    lexicon = lexicon_for(inputs.profile_path(), tuple(lexicons))
    return TicketBatch(tickets, triage_all(triager, tickets, lexicon, lang))
