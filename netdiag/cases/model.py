"""What the case log holds: a case, its history, the ticket it came from and the triage it got.

The status machine (ISO 10002 §7 as the operators' manuals apply it):

    received -> acknowledged -> investigating -> responded -> closed
                                      ^              |           |
                                      +--------------+           v
                                      +------------------- reopened

A responded case goes back to investigating when the answer did not settle it; a closed case is
reopened and investigated again. Any other step is refused with the steps allowed from where the
case stands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..errors import UsageError
from .schema import CATEGORIES, CLASSES, FOLLOWUPS, STATUSES

__all__ = [
    "CATEGORIES", "CLASSES", "FOLLOWUPS", "STATUSES", "TRANSITIONS", "VERDICTS",
    "Case", "CaseInput", "HistoryEntry", "Sla", "StatusError", "TriageOutcome", "check_step",
]

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "received": ("acknowledged",),
    "acknowledged": ("investigating",),
    "investigating": ("responded",),
    "responded": ("closed", "investigating"),
    "closed": ("reopened",),
    "reopened": ("investigating",),
}
# The column holding the (latest) time each step was taken; `received` is the ticket's own time.
STEP_TIME = {s: f"{s}_at" for s in STATUSES}
STEP_TIME["received"] = "received_at"

VERDICTS = ("fault_found", "no_fault_found", "no_evidence", "needs_symptom", "needs_location", "error")


class StatusError(UsageError):
    """A status step the machine does not allow."""


def check_step(case_id: int, current: str, new: str) -> None:
    """Raise StatusError unless `current -> new` is an allowed step."""
    if new not in STATUSES:
        raise StatusError(f"case {case_id}: unknown status {new!r} (one of {', '.join(STATUSES)})")
    allowed = TRANSITIONS[current]
    if new not in allowed:
        if new == current:
            raise StatusError(f"case {case_id}: already {current}")
        raise StatusError(f"case {case_id}: cannot go from {current} to {new}; from {current} only to {' or '.join(allowed)}")


@dataclass(frozen=True)
class CaseInput:
    """A ticket as the log stores it, its fields checked and normalised (see tickets.case_input)."""

    complaint_id: str
    received_at: datetime
    occurred_at: datetime | None = None
    msisdn: str | None = None
    text: str | None = None  # the subscriber's words (the ticket's symptom field as written)
    symptom: str | None = None  # a symptom id, when the ticket gave one
    cell: str | None = None
    lac: int | None = None
    ci: int | None = None
    lat: float | None = None
    lon: float | None = None
    address: str | None = None

    # The fields the upstream ticket system owns: a re-import compares and updates these only.
    # (`symptom` is not among them: the ticket's symptom as written is in `text`; the stored symptom id
    # may come from the triage reading the words, or from the desk.)
    UPSTREAM = ("received_at", "occurred_at", "msisdn", "text", "cell", "lac", "ci", "lat", "lon", "address")
    # A change in one of these calls for a new triage.
    TRIAGE_INPUTS = ("occurred_at", "received_at", "text", "cell", "lac", "ci", "lat", "lon")


@dataclass(frozen=True)
class TriageOutcome:
    """What the injected triage says of one ticket (the CLI adapts netdiag's TriageResult to this).

    causes: ranked, best first, each {"cause": id, "cell": ..., "object": ..., "score": 0..1} and
    optionally "kind" (data / advice / baseline; looked up in causes.yaml when absent).
    cells: the cells involved, the serving (or best candidate) cell first.
    flags: e.g. "unknown_cell" when the triage could not find the ticket's cell.
    """

    verdict: str
    symptom: str | None = None
    causes: tuple[dict[str, Any], ...] = ()
    cells: tuple[str, ...] = ()
    note: str = ""
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    user: str
    field: str
    old: str | None
    new: str | None


@dataclass
class Case:
    """One case as stored, with its history (oldest first) when read by get_case."""

    case_id: int
    complaint_id: str
    received_at: datetime
    status: str
    category: str
    klass: str | None
    class_overridden: bool
    occurred_at: datetime | None = None
    msisdn: str | None = None
    text: str | None = None
    symptom: str | None = None
    cell: str | None = None
    lac: int | None = None
    ci: int | None = None
    lat: float | None = None
    lon: float | None = None
    address: str | None = None
    region: str | None = None
    bsc: str | None = None
    verdict: str | None = None
    causes: list[dict[str, Any]] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)
    triage_note: str | None = None
    acknowledged_at: datetime | None = None
    investigating_at: datetime | None = None
    responded_at: datetime | None = None
    closed_at: datetime | None = None
    reopened_at: datetime | None = None
    owner: str | None = None
    fix: str | None = None
    fix_date: date | None = None
    recheck: str | None = None
    recheck_at: datetime | None = None
    followup: str | None = None
    followup_at: datetime | None = None
    notes: str | None = None
    flags: list[str] = field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    history: list[HistoryEntry] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: times as ISO text, `class` under its own name."""
        out: dict[str, Any] = {}
        for name, value in self.__dict__.items():
            if name == "history":
                value = [{**h.__dict__, "at": h.at.isoformat(sep=" ")} for h in value]
            elif isinstance(value, (datetime, date)):
                value = value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
            out["class" if name == "klass" else name] = value
        return out


@dataclass(frozen=True)
class Sla:
    """Service levels: acknowledged within `ack_hours` of receipt (24小时反应), closed within `close_hours`."""

    ack_hours: float = 24.0
    close_hours: float = 72.0

    def __post_init__(self) -> None:
        if self.ack_hours <= 0 or self.close_hours <= 0:
            raise UsageError("SLA hours must be positive")

