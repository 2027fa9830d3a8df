"""The desk's work on single cases: add one, move it along its steps, read it back with its history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from . import store
from .classification import classify, symptom_ids
from .db import CaseLog
from .directory import remember_cells
from .intake import CellIndex, Triage, derived, run_triage, stamp
from .model import CATEGORIES, CLASSES, FOLLOWUPS, STATUSES, STEP_TIME, Case, check_step
from .tickets import Refused, case_input, given_time

if TYPE_CHECKING:
    import pandas as pd

AUTO = "auto"  # update_case(klass=AUTO): drop the desk's override, back to the triage's class


def add_case(
    log: CaseLog,
    complaint_id: str,
    *,
    received_at: datetime | str | None = None,
    occurred_at: datetime | str | None = None,
    msisdn: str | None = None,
    text: str | None = None,
    symptom: str | None = None,
    cell: str | None = None,
    lac: int | None = None,
    ci: int | None = None,
    lat: float | None = None,
    lon: float | None = None,
    address: str | None = None,
    category: str = "network",
    triage: Triage | None = None,
    cells: pd.DataFrame | None = None,
    user: str | None = None,
    now: datetime | None = None,
    read_symptom: Callable[[str], str | None] | None = None,
) -> int:
    """A new case taken at the desk (a phone call, a walk-in); returns its case_id.

    `symptom` is an id or the subscriber's words (kept in `text` either way); `received_at` defaults
    to now. Refused (UsageError) when the complaint id is already in the log or a date is unreadable
    or in the future.
    """
    now = now or log.clock.now()
    _check_choice("category", category, CATEGORIES)
    row = {
        "complaint_id": complaint_id, "received_at": received_at, "occurred_at": occurred_at, "msisdn": msisdn,
        "text": text, "symptom": symptom, "cell": cell, "lac": lac, "ci": ci, "lat": lat, "lon": lon, "address": address,
    }
    try:
        ticket = stamp(case_input(row, now, symptom_ids(), read_symptom), now)
    except Refused as why:
        raise UsageError(f"complaint {complaint_id}: {why}") from None
    outcome = run_triage(triage, ticket)
    values = derived(ticket, outcome, CellIndex.of(cells))
    values["category"] = category
    with log.write() as conn:
        if cells is not None:
            remember_cells(log, cells, now)
        existing = conn.execute("SELECT case_id FROM cases WHERE complaint_id = ?", (ticket.complaint_id,)).fetchone()
        if existing:
            raise UsageError(f"complaint {ticket.complaint_id} is already case {existing[0]}")
        return store.insert(conn, values, user or log.user, now)


def update_case(
    log: CaseLog,
    case_id: int,
    *,
    status: str | None = None,
    note: str | None = None,
    owner: str | None = None,
    fix: str | None = None,
    fix_date: date | str | None = None,
    category: str | None = None,
    klass: str | None = None,
    symptom: str | None = None,
    recheck: str | None = None,
    followup: str | None = None,
    user: str | None = None,
    now: datetime | None = None,
    at: datetime | None = None,
) -> Case:
    """Change a case; every field changed gets a history row (who, when, old, new) in the same transaction.

    `at`: when what is recorded was done (a call logged afterwards), not after `now`; the step, the
    re-check, the follow-up and the note carry it, the history and updated_at say when it was written (`now`).
    status: the next step (see model.TRANSITIONS), stamped with `at`; a refused step raises StatusError.
    klass: 'valid' or 'explained' overrides the triage's class (marked class_overridden); AUTO returns to it.
    note: appended to the notes as `YYYY-MM-DD HH:MM user: note`.
    recheck: the re-check after the fix (stamped recheck_at); followup: satisfied / unsatisfied / unreachable.
    """
    now = now or log.clock.now()
    when = at or now
    if when > now:
        raise UsageError(f"case {case_id}: {when:%Y-%m-%d %H:%M} is in the future (now {now:%Y-%m-%d %H:%M})")
    user = user or log.user
    with log.write() as conn:
        stored = store.fetch(conn, case_id)
        if stored is None:
            raise UsageError(f"no case {case_id} in {log.path}")
        values: dict[str, Any] = {}
        if status is not None:
            check_step(case_id, stored["status"], status)
            _check_after(case_id, stored, status, when)
            values.update({"status": status, f"{status}_at": when})
        if category is not None:
            values["category"] = _check_choice("category", category, CATEGORIES)
        if klass == AUTO:
            values["class_overridden"] = False
            values["class"] = classify(stored["verdict"], store.decode("causes", stored["causes"])) if stored["verdict"] else None
        elif klass is not None:
            values.update({"class": _check_choice("class", klass, CLASSES), "class_overridden": True})
        if symptom is not None:
            values["symptom"] = _check_choice("symptom", symptom, tuple(sorted(symptom_ids())))
        if owner is not None:
            values["owner"] = owner
        if fix is not None:
            values["fix"] = fix
        if fix_date is not None:
            values["fix_date"] = _date(fix_date)
        if recheck is not None:
            values.update(recheck=recheck, recheck_at=when)
        if followup is not None:
            values.update(followup=_check_choice("followup", followup, FOLLOWUPS), followup_at=when)
        if note:
            line = f"{when:%Y-%m-%d %H:%M} {user}: {note.strip()}"
            values["notes"] = f"{stored['notes']}\n{line}" if stored["notes"] else line
        store.change(conn, stored, values, user, now)
        return _case(conn, case_id)


def get_case(log: CaseLog, case: int | str) -> Case:
    """A case by case_id (a number) or complaint_id, with its history oldest first."""
    with log.read() as conn:
        case_id = case
        if isinstance(case, str) and not case.isdigit():
            found = conn.execute("SELECT case_id FROM cases WHERE complaint_id = ?", (case,)).fetchone()
            if found is None:
                raise UsageError(f"no case for complaint {case} in {log.path}")
            case_id = found[0]
        out = _case(conn, int(case_id))
        if out is None:
            raise UsageError(f"no case {case} in {log.path}")
        return out


def _case(conn, case_id: int) -> Case | None:
    row = store.fetch(conn, case_id)
    return None if row is None else store.to_case(row, store.history(conn, case_id))


def _check_after(case_id: int, stored: dict[str, Any], status: str, now: datetime) -> None:
    """A step is taken after the steps before it: refused when `now` is earlier than the latest of them."""
    steps = [(stored[STEP_TIME[s]], s) for s in STATUSES if stored.get(STEP_TIME[s])]
    when, step = max(steps)  # received_at is always there
    if now < datetime.fromisoformat(when):
        raise UsageError(f"case {case_id}: {status} at {now:%Y-%m-%d %H:%M} is before it was {step} ({when[:16]})")


def _check_choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise UsageError(f"{name} {value!r}: one of {', '.join(allowed)}")
    return value


def _date(value: date | str) -> date:
    if isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    return given_time(value, "fix_date").date()
