"""Tickets from the ticket system into the log, as often as they come: re-importing is safe.

A ticket is matched to its case by complaint_id. A new one becomes a case (triaged when a triage
is given); one already in the log whose upstream fields (see CaseInput.UPSTREAM) changed is
updated, each change in the history, and triaged again when what it says about the time, place or
symptom changed; an unchanged one is left alone (no write, no history), unless a triage is given
and its case was never triaged, had no data for its time, or could not be triaged (UNTRIAGED): then
it is triaged again and what changed is written, with its history. A ticket the log cannot take
is refused with the reason and the rest go on.

Tickets are written in chunks of CHUNK, each its own transaction: the write lock is never held for
long (other desk staff keep working), and an import killed half-way keeps the chunks it committed;
running it again finishes the job. The triage runs before a chunk's transaction, not inside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import store
from .classification import symptom_ids
from .db import CaseLog
from .directory import remember_cells
from .intake import CellIndex, Triage, derived, run_triage, stamp
from .model import CaseInput, TriageOutcome
from .tickets import Refused, case_input, text_of

if TYPE_CHECKING:
    import pandas as pd

CHUNK = 500
# Verdicts a later import with a triage tries again: never triaged, no data for its time then (the
# data may cover it now), or triage failed (the configuration may know the cell now).
UNTRIAGED = (None, "no_evidence", "error")


@dataclass
class ImportSummary:
    added: list[str] = field(default_factory=list)  # complaint ids
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (complaint id or "row N", reason)
    flagged: list[tuple[str, list[str]]] = field(default_factory=list)  # added or updated cases with flags
    verdicts: dict[str, int] = field(default_factory=dict)  # of the tickets triaged by this import

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": len(self.added), "updated": len(self.updated), "unchanged": len(self.unchanged), "verdicts": dict(self.verdicts),
            "refused": [{"complaint_id": c, "reason": r} for c, r in self.refused],
            "flagged": [{"complaint_id": c, "flags": f} for c, f in self.flagged],
        }


def import_tickets(
    log: CaseLog,
    tickets: pd.DataFrame,
    triage: Triage | None = None,
    *,
    cells: pd.DataFrame | None = None,
    user: str | None = None,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    read_symptom: Callable[[str], str | None] | None = None,
) -> ImportSummary:
    """Bring a complaints frame (formats.md `complaints`, one ticket a row) into the log.

    `cells` (formats.md `cells`) places each ticket: its region and BSC, a LAC+CI named as a cell,
    and a cell the configuration does not know flagged `unknown_cell` (stored all the same).
    `progress(done, total)` is called after each committed chunk (tickets accepted so far, of all accepted).
    The cells also go into the log's cell directory (directory.remember_cells). `read_symptom(words)`
    names the symptom of a ticket that gives the subscriber's words (see tickets.case_input).
    """
    now = now or log.clock.now()
    user = user or log.user
    summary = ImportSummary()
    if cells is not None:
        remember_cells(log, cells, now)
    index = CellIndex.of(cells)
    ids = symptom_ids()
    accepted: list[CaseInput] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(tickets.to_dict("records"), start=1):
        try:
            ticket = case_input(row, now, ids, read_symptom)
        except Refused as why:
            summary.refused.append((text_of(row.get("complaint_id")) or f"row {number}", str(why)))
            continue
        if ticket.complaint_id in seen:
            summary.refused.append((ticket.complaint_id, f"complaint_id repeated (first at row {seen[ticket.complaint_id]})"))
            continue
        seen[ticket.complaint_id] = number
        accepted.append(ticket)
    for start in range(0, len(accepted), CHUNK):
        _chunk(log, accepted[start:start + CHUNK], triage, index, user, now, summary)
        if progress is not None:
            progress(min(start + CHUNK, len(accepted)), len(accepted))
    return summary


def _chunk(log: CaseLog, tickets: list[CaseInput], triage: Triage | None, index: CellIndex | None,
           user: str, now: datetime, summary: ImportSummary) -> None:
    ids = [t.complaint_id for t in tickets]
    outcomes: dict[str, TriageOutcome | None] = {}
    if triage is not None:
        with log.read() as conn:
            before = store.fetch_by_complaint(conn, ids)
        outcomes = {t.complaint_id: run_triage(triage, stamp(t, now)) for t in tickets if _needs_triage(t, before.get(t.complaint_id))}
        for outcome in outcomes.values():
            if outcome is not None:
                summary.verdicts[outcome.verdict] = summary.verdicts.get(outcome.verdict, 0) + 1
    with log.write() as conn:
        stored = store.fetch_by_complaint(conn, ids)  # again, under the write lock: another desk may have written
        for ticket in tickets:
            row = stored.get(ticket.complaint_id)
            if row is None:
                ticket = stamp(ticket, now)
                values = derived(ticket, _outcome(triage, ticket, outcomes), index)
                store.insert(conn, values, user, now, how="imported")
                summary.added.append(ticket.complaint_id)
                flags = values["flags"]
            else:
                changed, flags = _update(conn, row, _received(ticket, row), triage, outcomes, index, user, now)
                if not changed:
                    summary.unchanged.append(ticket.complaint_id)
                    continue
                summary.updated.append(ticket.complaint_id)
            if flags:
                summary.flagged.append((ticket.complaint_id, list(flags)))


LOCATION = ("cell", "lac", "ci", "lat", "lon")


def _update(conn, row: dict[str, Any], ticket: CaseInput, triage: Triage | None, outcomes: dict[str, TriageOutcome | None],
            index: CellIndex | None, user: str, now: datetime) -> tuple[list[str], list[str]]:
    """Apply a ticket's upstream changes (and a first triage, if it never had one) to its stored case:
    the fields changed and the case's flags."""
    stored_flags = store.decode("flags", row["flags"])
    moved = _upstream_changes(ticket, row)
    retriage = triage is not None and (row["verdict"] in UNTRIAGED or any(name in CaseInput.TRIAGE_INPUTS for name in moved))
    if not moved and not retriage:
        return [], stored_flags
    outcome = _outcome(triage, ticket, outcomes) if retriage else None
    values = derived(ticket, outcome, index)
    computed = values["flags"]
    if outcome is None:  # the triage's findings stand; only the ticket, and its place if it moved, are new
        keep = set(CaseInput.UPSTREAM)
        if any(name in LOCATION for name in moved):
            keep |= {"region", "bsc"} | ({"cells"} if values["cells"] else set())
        if triage is None and ticket.symptom:
            keep.add("symptom")
        values = {k: v for k, v in values.items() if k in keep}
    if row["class_overridden"]:
        values.pop("class", None)
    # unknown_cell is judged afresh only when something could judge it (the cells, or a new triage).
    judged = {"occurred_after_received"} | ({"unknown_cell"} if index is not None or outcome is not None else set())
    values["flags"] = list(dict.fromkeys([f for f in stored_flags if f not in judged] + computed))
    return store.change(conn, row, values, user, now), values["flags"]


def _outcome(triage: Triage | None, ticket: CaseInput, outcomes: dict[str, TriageOutcome | None]) -> TriageOutcome | None:
    """The outcome triaged before the transaction, or (a ticket another desk wrote meanwhile) one now."""
    if ticket.complaint_id in outcomes:
        return outcomes[ticket.complaint_id]
    return run_triage(triage, ticket)


def _needs_triage(ticket: CaseInput, row: dict[str, Any] | None) -> bool:
    if row is None or row["verdict"] in UNTRIAGED:
        return True
    return any(name in CaseInput.TRIAGE_INPUTS for name in _upstream_changes(_received(ticket, row), row))


def _upstream_changes(ticket: CaseInput, row: dict[str, Any]) -> list[str]:
    return [name for name in CaseInput.UPSTREAM if store.encode(name, getattr(ticket, name)) != row[name]]


def _received(ticket: CaseInput, row: dict[str, Any]) -> CaseInput:
    """A ticket that gives no received time keeps the stored one."""
    if ticket.received_at is not None:
        return ticket
    return replace(ticket, received_at=store.decode("received_at", row["received_at"]))
