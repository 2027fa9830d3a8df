"""One complaint as an engineer states it (where, when, in what words) triaged against the inputs.

    request = TriageRequest(symptom="说着说着就断了", at="30.58,114.27", time="2026-11-20 19:30")
    result = triage_request(Inputs(data=Path("exports/")), request, lang="zh")

From a history store only the complaint's scope is read: its candidate cells are found on the
store's configuration first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from ..catalogue import load_catalogue
from ..dataset.window import DEFAULT_HOURS, parse_time, window_bounds
from ..errors import UsageError
from .batch import Triager
from .locate import CellLocator, Spot, parse_spot
from .source import Inputs, Notes, diagnosis_notes, ignore
from .symptoms import Lexicon, lexicon_for
from .triage import Complaint, TriageResult, candidate_cells


@dataclass(frozen=True)
class TriageRequest:
    """Where (one of cell, lac+ci, at), what (a symptom id or the subscriber's words) and maybe when.

    `at` and `time` may be given as written ("30.58,114.27", "2026-11-20 19:30") or as a Spot and a
    Timestamp; `window_hours` before the time (and one after) are diagnosed."""

    symptom: str | None
    cell: str | None = None
    lac: int | None = None
    ci: int | None = None
    at: Spot | str | None = None
    radius: float | None = None
    time: pd.Timestamp | str | None = None
    window_hours: float = DEFAULT_HOURS
    lexicons: tuple[Path, ...] = ()  # extra symptom phrases, besides the profile's

    def complaint(self, words: Callable[[], Lexicon], lang: str) -> Complaint:
        """The complaint this request states; `words` gives the lexicon when the symptom is words."""
        given = [name for name, value in (("--cell", self.cell), ("--lac/--ci", self.lac if self.lac is not None else self.ci),
                                          ("--at", self.at)) if value is not None]
        if len(given) != 1:
            raise UsageError("say where the complaint is with one of --cell, --lac with --ci, or --at LAT,LON" +
                             (f" (got {' and '.join(given)})" if given else ""))
        if (self.lac is None) != (self.ci is None):
            raise UsageError("--lac and --ci go together")
        if self.radius is not None and self.at is None:
            raise UsageError("--radius goes with --at")
        if not self.symptom:
            raise UsageError("--symptom is required: a symptom id or the subscriber's words")
        symptom = self.symptom
        resolved = symptom if symptom in load_catalogue().symptoms else words().resolve(symptom, lang)  # an id needs no lexicon
        spot = self.at if isinstance(self.at, Spot) or self.at is None else parse_spot(self.at, self.radius)
        time = parse_time(self.time) if isinstance(self.time, str) else self.time
        return Complaint(symptom=resolved, cell=self.cell, lac=self.lac, ci=self.ci, spot=spot, time=time,
                         text=symptom if symptom != resolved else None)


def lexicon_loader(inputs: Inputs, extra: Sequence[Path] = ()) -> Callable[[], Lexicon]:
    """The symptom lexicon (shipped phrases, the profile's and `extra`), read when words need it."""
    return partial(lexicon_for, inputs.profile_path(), tuple(extra))


def triage_request(inputs: Inputs, request: TriageRequest, lang: str = "en", on_note: Notes = ignore) -> TriageResult:
    """Rank the likely causes of one complaint, with evidence and remedy."""
    return triaged(inputs, request, lang, on_note)[0]


def triaged(inputs: Inputs, request: TriageRequest, lang: str = "en", on_note: Notes = ignore) -> tuple[TriageResult, Triager]:
    """The complaint's triage, and the Triager that holds the data read and the diagnosis of its
    window (what a report draws beside the causes)."""
    complaint = request.complaint(lexicon_loader(inputs, request.lexicons), lang)
    return triaged_complaint(inputs, complaint, request.window_hours, on_note)


def triage_complaint(inputs: Inputs, complaint: Complaint, window_hours: float = DEFAULT_HOURS,
                     on_note: Notes = ignore) -> TriageResult:
    """One complaint triaged alone: the whole data read (a folder), or only its scope (a store)."""
    return triaged_complaint(inputs, complaint, window_hours, on_note)[0]


def triaged_complaint(inputs: Inputs, complaint: Complaint, window_hours: float = DEFAULT_HOURS,
                      on_note: Notes = ignore) -> tuple[TriageResult, Triager]:
    """One complaint's triage and the Triager holding what it read (a folder whole, a store's scope)."""
    if inputs.store is None:
        dataset, ruleset = inputs.open(on_note)
    else:  # one complaint: only its scope is read from the store, with the network's context
        dataset, ruleset = inputs.open(on_note, cells=_store_candidates(inputs, complaint),
                                       between=window_bounds(complaint.time, window_hours) if complaint.time is not None else None)
    triager = Triager(dataset, ruleset, window_hours, on_diagnosis=lambda d: [on_note(line) for line in diagnosis_notes(d)])
    return triager.triage(complaint), triager


def _store_candidates(inputs: Inputs, complaint: Complaint) -> list[str]:
    """The candidate cells, found on the store's configuration before anything else is read."""
    from ..store import store_cells

    if complaint.cell is not None:
        return [complaint.cell]
    inputs.check()
    locator = CellLocator(store_cells(inputs.store, inputs.days, inputs.until))
    outside = locator.out_of_area(complaint.spot) if complaint.spot is not None else None
    if outside is not None:  # triage answers "out of area": read as little as a read can
        return [str(outside["nearest_cell"])]
    return list(candidate_cells(complaint, locator)["cell"])
