"""Complaints as they arrive: tickets read from a file and triaged as a batch.

A Triager diagnoses one dataset once per time window (complaints in the same hour share it) and
locates each complaint by cell, LAC+CI or coordinates. A batch of tickets (`triage_tickets`) groups
them by hour and diagnoses each hour once, on the scope of that hour's cells only, against the
whole network's context of that hour (TicketTriage). A complaint it cannot triage (symptom unclear,
no location, no statistics at its time) gets a row saying why instead of stopping the batch.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pandas as pd

from ..dataset.model import Dataset
from .source import Inputs, Notes, ignore, skipped_notes
from .tickets import MissingLocation, complaint_from_row, read_complaints, text_of
from .triage import Complaint, TriageResult, triage
from ..errors import NetdiagError
from .locate import CellLocator
from .diagnose import Diagnosis, diagnose, with_lasting_findings_at
from ..rules.loader import RuleSet
from ..dataset.window import DEFAULT_HOURS, around, statistics_span, window_bounds

if TYPE_CHECKING:
    from .symptoms import Lexicon


class Scopes(Protocol):
    """Where a batch reads its tickets' scopes from (diagnosis.scopes: a folder in memory, a store)."""

    def candidates(self, complaint: Complaint) -> list[str]:
        """The complaint's candidate serving cells (a usage error for an unknown cell or LAC+CI)."""

    def locator(self, cells: pd.DataFrame) -> CellLocator:
        """A locator over this configuration (kept for the next group with the same)."""

    def scoped(self, candidates: list[str], key: pd.Timestamp | None, hours: float) -> Dataset:
        """These cells' scope with the network's context of the hour `key` (None: of the whole
        window), not yet narrowed to the hour."""

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
    _range: tuple[pd.Timestamp, pd.Timestamp] | None = field(default=None, repr=False)

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
        if complaint.time is not None and self._beyond_window(complaint.time):
            diagnosis = with_lasting_findings_at(diagnosis, self.diagnosis_at(None), complaint.time, self.rules)
        # A complaint by serving cell needs no locator (its k-d tree costs a scipy import).
        return triage(diagnosis, complaint, None if complaint.cell is not None else self.locator)

    def _beyond_window(self, when: pd.Timestamp) -> bool:
        """Whether the data reaches back before the window of a complaint at `when`, or on after it."""
        if self._range is None:
            span = statistics_span(self.dataset)
            if span is None:  # no statistics read at all (a store's days without them): nothing beyond either
                return False
            self._range = span
        start, end = window_bounds(when, self.window_hours)
        return self._range[0] < start or self._range[1] > end


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


def _content_key(frames: dict[str, pd.DataFrame]) -> str:
    """A digest of these frames' names, columns and values (the same configuration read again)."""
    digest = hashlib.blake2b(digest_size=16)
    for name, frame in frames.items():
        digest.update(f"{name}:{list(frame.columns)}:{len(frame)}".encode())
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def result_row(result: TriageResult, lang: str) -> dict[str, object]:
    """A triage result flattened for a table: verdict, cell, top causes, the best one spelled out."""
    causes = result.causes
    kinds = causes["kind"].to_numpy(dtype=object) if "kind" in causes else None
    # The first TOP_CAUSES data causes, as records (cheaper than frame operations per ticket).
    top = [] if kinds is None else causes.iloc[(kinds != "advice").nonzero()[0][:TOP_CAUSES]].to_dict("records")
    first = top[0] if top else None
    candidates = result.candidates
    return {
        "time": result.complaint.time,
        "symptom": result.complaint.symptom,
        "cell": result.scope.cell,
        "candidates": ";".join(candidates["cell"].astype(str)) if not candidates.empty else "",
        "verdict": result.verdict,
        "causes": ";".join(r["cause"] for r in top),
        "cause": first["cause"] if first is not None else "",
        "title": first[f"title_{lang}"] if first is not None else "",
        "object": text_of(first["object"]) if first is not None else "",
        "cause_cell": text_of(first["cell"]) if first is not None else "",
        "score": float(first["rank_score"]) if first is not None else None,
        "confidence": first["confidence"] if first is not None else "",
        "remedy": first[f"remedy_{lang}"] if first is not None else "",
        "note": missing_note(result, lang),
        "top": [
            {"cause": r["cause"], "cell": text_of(r["cell"]) or None, "object": text_of(r["object"]) or None,
             "score": float(r["rank_score"]), "confidence": r["confidence"], "title": r[f"title_{lang}"],
             "remedy": r[f"remedy_{lang}"]}
            for r in top
        ],
    }


# (Words of a result row, as tickets.py words a ticket's problems: the batch's rows carry them.)
_OUT_OF_AREA = {"zh": "不在网络覆盖范围内: 距最近小区 {nearest_cell} {km:.1f} 公里", "en": "out of area: {km:.1f} km from the nearest cell, {nearest_cell}"}
_SWAPPED = {"zh": " (经纬度是否填反?)", "en": " (latitude and longitude swapped?)"}
_NO_STATISTICS = {"zh": "{cells} 在所读时段没有 {table} 统计", "en": "no {table} statistics for {cells} in the window read"}
_COVERED = {"zh": " (数据覆盖 {start} 至 {end})", "en": " (the data covers {start} to {end})"}


def missing_note(result: TriageResult, lang: str) -> str:
    """Why a verdict is no_evidence, in a few words (the JSON has the numbers)."""
    notes = []
    for missing in result.missing:
        if missing.get("what") == "coverage":
            notes.append(_OUT_OF_AREA[lang].format(km=float(missing["distance_m"]) / 1000, **missing)
                         + (_SWAPPED[lang] if missing.get("swapped_inside") else ""))
        elif "table" in missing:
            covered = missing.get("covered")
            notes.append(_NO_STATISTICS[lang].format(table=missing["table"], cells=", ".join(map(str, missing.get("cells") or [])))
                         + (_COVERED[lang].format(start=covered[0], end=covered[1]) if covered else ""))
    return "; ".join(notes)


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
    """`triage --complaints FILE`: every ticket triaged as `triage_request` triages it alone (the same
    row), the work shared: tickets of the same hour are diagnosed together, on the scope of their
    cells only, against the network's context of that hour. A ticket that cannot be triaged gets a
    row saying why.

    From a folder the exports are read once; from a store each hour's scopes are read (the days
    their hours touch; tickets without a time: --days/--until), the configuration and the statistics
    behind each hour's context once.
    """
    from .scopes import folder_scopes, store_scopes
    from .symptoms import lexicon_for

    tickets = read_complaints(path, inputs.encoding)
    inputs.check()
    ruleset = inputs.rule_base(on_note)
    scopes = store_scopes(inputs) if inputs.store is not None else folder_scopes(inputs.dataset(on_note))
    lexicon = lexicon_for(inputs.profile_path(), tuple(lexicons))
    batch = TicketTriage(scopes, ruleset, window_hours, lang, on_note)
    return TicketBatch(tickets, batch.rows(tickets, lexicon))


@dataclass
class _Ticket:
    """One ticket as planned: its row's fixed fields, the complaint and its candidate cells (or, when
    it cannot be triaged, its finished row)."""

    base: dict[str, object]
    complaint: Complaint | None = None
    candidates: list[str] = field(default_factory=list)
    row: dict[str, object] | None = None

    @property
    def key(self) -> pd.Timestamp | None:
        return None if self.complaint.time is None else pd.Timestamp(self.complaint.time).floor("h")


@dataclass
class TicketTriage:
    """Tickets triaged in groups: those of one hour (or all without a time) are diagnosed together,
    on the union of their scopes (`Scopes.scoped`), and each is triaged against that diagnosis."""

    scopes: Scopes
    rules: RuleSet
    window_hours: float = DEFAULT_HOURS
    lang: str = "en"
    on_note: Notes = ignore
    _noted: bool = False
    _plans: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def rows(self, tickets: pd.DataFrame, lexicon: Lexicon) -> Iterator[dict[str, object]]:
        """One result row per ticket, in file order; each hour's group is triaged when its first
        ticket comes up, and its diagnosis let go when the group is done."""
        planned = [self._plan(row, lexicon) for row in tickets.to_dict("records")]
        groups: dict[pd.Timestamp | None, list[int]] = {}
        for index, ticket in enumerate(planned):
            if ticket.row is None:
                groups.setdefault(ticket.key, []).append(index)
        done: dict[int, dict[str, object]] = {}
        for index, ticket in enumerate(planned):
            if ticket.row is not None:
                yield ticket.row
                continue
            if index not in done:
                members = groups[ticket.key]
                done.update(zip(members, self._group([planned[i] for i in members], ticket.key)))
            yield done.pop(index)

    def _plan(self, row: dict, lexicon: Lexicon) -> _Ticket:
        from .symptoms import SymptomQuestion

        base = {
            "complaint_id": text_of(row.get("complaint_id")), "msisdn": text_of(row.get("msisdn")),
            "address": text_of(row.get("address")), "text": text_of(row.get("symptom")),
        }
        ticket = _Ticket(base)
        try:
            ticket.complaint = complaint_from_row(row, lexicon, self.lang)
            ticket.candidates = self.scopes.candidates(ticket.complaint)
        except SymptomQuestion as question:
            ticket.row = {**base, **_unresolved("needs_symptom", str(question), question.choices)}
        except MissingLocation as error:
            ticket.row = {**base, **_unresolved("needs_location", str(error))}
        except NetdiagError as error:  # unknown cell or LAC+CI, no coordinates, ...
            ticket.row = {**base, **_unresolved("error", str(error))}
        return ticket

    def _with_plan(self, dataset: Dataset) -> Dataset:
        """The dataset with the radio plan of its configuration (cells, TRX), worked out once for
        every group that has the same configuration: what radio_plan gives its cells."""
        from ..measures.radio import radio_plan

        config = {name: dataset[name] for name in ("cells", "trx") if name in dataset.tables}
        key = _content_key(config)
        if key not in self._plans:
            self._plans[key] = radio_plan(Dataset(config))
        return dataclasses.replace(dataset, context=dataclasses.replace(dataset.context, radio_plan=self._plans[key]))

    def _group(self, tickets: list[_Ticket], key: pd.Timestamp | None) -> list[dict[str, object]]:
        """The rows of tickets sharing a time window, from one diagnosis of their scopes together."""
        candidates = list(dict.fromkeys(c for t in tickets for c in t.candidates))
        try:
            dataset = self._with_plan(self.scopes.scoped(candidates, key, self.window_hours))
            diagnosis = diagnose(dataset if key is None else around(dataset, key, self.window_hours), self.rules)
        except NetdiagError as error:
            if len(tickets) > 1:  # each ticket alone, so that each says its own error
                return [row for t in tickets for row in self._group([t], key)]
            return [{**tickets[0].base, **_unresolved("error", str(error))}]
        if not self._noted:
            self._noted = True
            for line in skipped_notes(diagnosis.skipped):
                self.on_note(line)
        rows = []
        locator = None
        for ticket in tickets:
            try:
                if ticket.complaint.cell is None and locator is None:
                    locator = self.scopes.locator(dataset["cells"])
                result = triage(diagnosis, ticket.complaint, None if ticket.complaint.cell is not None else locator)
            except NetdiagError as error:
                rows.append({**ticket.base, **_unresolved("error", str(error))})
                continue
            rows.append({**ticket.base, **result_row(result, self.lang)})
        return rows
