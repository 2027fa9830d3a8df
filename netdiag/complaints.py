"""Complaints as they arrive: tickets read from a file, triaged one after another against one dataset.

A Triager diagnoses the dataset once per time window (complaints in the same hour share it) and
locates each complaint by cell, LAC+CI or coordinates. A complaint it cannot triage (symptom unclear,
no location, no statistics at its time) gets a row saying why instead of stopping the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .dataset import Dataset
from .diagnosis import Complaint, TriageResult, triage
from .errors import DataError, NetdiagError, UnknownTable, UsageError
from .locate import CellLocator, Spot
from .readers import read_raw
from .rules.engine import Diagnosis, diagnose
from .rules.loader import RuleSet
from .sources import iter_raw
from .window import DEFAULT_HOURS, around

if TYPE_CHECKING:
    from .symptoms import Lexicon

TOP_CAUSES = 3


class MissingLocation(UsageError):
    """A ticket that says nothing about where the subscriber was."""


@dataclass
class Triager:
    """Triage complaints against one dataset and rule base; diagnoses are cached per window."""

    dataset: Dataset
    rules: RuleSet
    window_hours: float = DEFAULT_HOURS
    on_diagnosis: Callable[[Diagnosis], None] | None = None  # e.g. note skipped rules once
    _diagnoses: dict[pd.Timestamp | None, Diagnosis] = field(default_factory=dict, repr=False)
    _locator: CellLocator | None = field(default=None, repr=False)

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
        # A complaint by serving cell needs no locator (its k-d tree costs a scipy import).
        return triage(self.diagnosis_at(complaint.time), complaint, None if complaint.cell is not None else self.locator)


# ------------------------------------------------------------------------------------------ files
def read_complaints(path: Path, encoding: str | None = None) -> pd.DataFrame:
    """A complaints file (CSV or XLSX, formats.md `complaints`) as its canonical frame."""
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    frames = []
    for name, raw in iter_raw(path, encoding):
        if isinstance(raw, UnknownTable):
            continue
        frame, report = read_raw(raw, name, "complaints")
        if report.rejected:
            line, why = report.rejected[0]
            raise DataError(f"{name}:{line}: {why}")
        frames.append(frame)
    if not frames:
        raise DataError(f"{path}: no complaints table found (columns complaint_id, symptom, cell or lat/lon ...)")
    complaints = pd.concat(frames, ignore_index=True)
    if complaints.empty:
        raise DataError(f"{path}: no complaints in the file")
    return complaints


def complaint_from_row(row: dict, lexicon: Lexicon, lang: str) -> Complaint:
    """One ticket -> a Complaint; the symptom may be an id or the subscriber's words."""
    text = _text(row.get("symptom"))
    if not text:
        raise UsageError({"zh": "没有投诉现象", "en": "no symptom given"}[lang])
    symptom = lexicon.resolve(text, lang)
    when = row.get("occurred_at")
    if is_missing(when):
        when = row.get("received_at")
    spot = None
    if not is_missing(row.get("lat")) and not is_missing(row.get("lon")):
        spot = Spot(float(row["lat"]), float(row["lon"]))
    cell = _text(row.get("cell")) or None
    lac, ci = row.get("lac"), row.get("ci")
    has_cgi = not is_missing(lac) and not is_missing(ci)
    if cell is None and not has_cgi and spot is None:
        raise MissingLocation({"zh": "没有位置(小区、LAC+CI 或经纬度)", "en": "no location (cell, LAC+CI or lat/lon)"}[lang])
    return Complaint(
        symptom=symptom,
        cell=cell,
        lac=int(lac) if has_cgi and cell is None else None,
        ci=int(ci) if has_cgi and cell is None else None,
        spot=spot if cell is None and not has_cgi else None,
        time=None if is_missing(when) else pd.Timestamp(when),
        complaint_id=_text(row.get("complaint_id")) or None,
        text=text if text != symptom else None,
    )


def triage_all(triager: Triager, complaints: pd.DataFrame, lexicon: Lexicon, lang: str) -> Iterator[dict[str, object]]:
    """One result row per complaint, in file order (a generator, so callers can show progress)."""
    from .symptoms import SymptomQuestion

    for row in complaints.to_dict("records"):
        base = {
            "complaint_id": _text(row.get("complaint_id")), "msisdn": _text(row.get("msisdn")),
            "address": _text(row.get("address")), "text": _text(row.get("symptom")),
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
        "object": _text(first["object"]) if first is not None else "",
        "cause_cell": _text(first["cell"]) if first is not None else "",
        "score": float(first["rank_score"]) if first is not None else None,
        "confidence": first["confidence"] if first is not None else "",
        "remedy": first[f"remedy_{lang}"] if first is not None else "",
        "note": "",
        "top": [
            {"cause": r["cause"], "cell": _text(r["cell"]) or None, "object": _text(r["object"]) or None,
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


def is_missing(value: object) -> bool:
    """None, NaN, NaT or pd.NA: a cell of a ticket (or a result row) left empty."""
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _text(value: object) -> str:
    return "" if is_missing(value) else str(value).strip()
