"""Rows of the case log in and out: how each field is stored, and every change written with its history.

Times are stored as `YYYY-MM-DD HH:MM:SS` text (they sort and compare as text), dates as
`YYYY-MM-DD`, lists (causes, cells, flags) as JSON. A history row holds the old and new value in
that stored form. Callers run these inside CaseLog.write(), so a change and its history commit together.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from .model import Case, HistoryEntry

TIME_FIELDS = frozenset({
    "received_at", "occurred_at", "acknowledged_at", "investigating_at", "responded_at", "closed_at",
    "reopened_at", "recheck_at", "followup_at", "created_at", "updated_at",
})
DATE_FIELDS = frozenset({"fix_date"})
JSON_FIELDS = frozenset({"causes", "cells", "flags"})
INT_FIELDS = frozenset({"lac", "ci", "case_id"})
FLOAT_FIELDS = frozenset({"lat", "lon"})
BOOL_FIELDS = frozenset({"class_overridden"})
# Every column of the cases table (schema.LATEST), in order.
COLUMNS = (
    "case_id", "complaint_id", "received_at", "occurred_at", "msisdn", "text", "symptom", "cell", "lac", "ci", "lat",
    "lon", "address", "region", "bsc", "category", "class", "class_overridden", "verdict", "causes", "cells",
    "triage_note", "status", "acknowledged_at", "investigating_at", "responded_at", "closed_at", "reopened_at", "owner",
    "fix", "fix_date", "notes", "flags", "created_at", "updated_at", "recheck", "recheck_at", "followup", "followup_at",
)
# Not worth a history row of their own.
UNTRACKED = frozenset({"updated_at", "created_at"})


def encode(name: str, value: Any) -> Any:
    if value is None:
        return "[]" if name in JSON_FIELDS else None
    if name in TIME_FIELDS:
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if name in DATE_FIELDS:
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if name in JSON_FIELDS:
        return json.dumps(list(value), ensure_ascii=False, sort_keys=True)
    if name in BOOL_FIELDS:
        return int(bool(value))
    if name in INT_FIELDS:
        return int(value)
    if name in FLOAT_FIELDS:
        return float(value)
    return str(value)


def decode(name: str, value: Any) -> Any:
    if name in JSON_FIELDS:
        return json.loads(value) if value else []
    if value is None:
        return None
    if name in TIME_FIELDS:
        return datetime.fromisoformat(value)
    if name in DATE_FIELDS:
        return date.fromisoformat(value)
    if name in BOOL_FIELDS:
        return bool(value)
    return value


def fetch(conn: sqlite3.Connection, case_id: int) -> dict[str, Any] | None:
    cur = conn.execute("SELECT * FROM cases WHERE case_id = ?", (case_id,))
    row = cur.fetchone()
    return None if row is None else dict(zip([d[0] for d in cur.description], row))


def fetch_by_complaint(conn: sqlite3.Connection, complaint_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Stored rows (encoded) of the given complaint ids, by complaint id."""
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(complaint_ids), 900):  # well under SQLite's bound on parameters
        part = complaint_ids[start:start + 900]
        cur = conn.execute(f"SELECT * FROM cases WHERE complaint_id IN ({','.join('?' * len(part))})", part)
        names = [d[0] for d in cur.description]
        for row in cur:
            record = dict(zip(names, row))
            out[record["complaint_id"]] = record
    return out


def insert(conn: sqlite3.Connection, values: Mapping[str, Any], user: str, now: datetime, how: str = "created") -> int:
    """A new case from decoded `values`; its first history row says how it came."""
    row = {name: encode(name, value) for name, value in values.items() if value is not None}
    row["created_at"] = row["updated_at"] = encode("created_at", now)
    names = list(row)
    cur = conn.execute(f"INSERT INTO cases ({','.join(names)}) VALUES ({','.join('?' * len(names))})", [row[n] for n in names])
    case_id = int(cur.lastrowid)
    record(conn, [(case_id, "case", None, how)], user, now)
    return case_id


def change(conn: sqlite3.Connection, stored: Mapping[str, Any], values: Mapping[str, Any], user: str, now: datetime) -> list[str]:
    """Write the fields of decoded `values` that differ from the `stored` (encoded) row; one history row each.

    Returns the names of the fields changed (none: nothing written).
    """
    changes = [(name, stored.get(name), encode(name, value)) for name, value in values.items()]
    changes = [(name, old, new) for name, old, new in changes if old != new]
    if not changes:
        return []
    sets = ", ".join(f"{name} = ?" for name, _, _ in changes)
    conn.execute(
        f"UPDATE cases SET {sets}, updated_at = ? WHERE case_id = ?",
        [new for _, _, new in changes] + [encode("updated_at", now), stored["case_id"]],
    )
    record(conn, [(stored["case_id"], name, old, new) for name, old, new in changes if name not in UNTRACKED], user, now)
    return [name for name, _, _ in changes]


def record(conn: sqlite3.Connection, entries: Iterable[tuple[int, str, Any, Any]], user: str, now: datetime) -> None:
    """History rows (case_id, field, old, new), all at `now` by `user`."""
    at = encode("created_at", now)
    conn.executemany(
        "INSERT INTO history (case_id, at, user, field, old, new) VALUES (?, ?, ?, ?, ?, ?)",
        [(case_id, at, user, name, _text(old), _text(new)) for case_id, name, old, new in entries],
    )


def history(conn: sqlite3.Connection, case_id: int) -> list[HistoryEntry]:
    rows = conn.execute("SELECT at, user, field, old, new FROM history WHERE case_id = ? ORDER BY id", (case_id,))
    return [HistoryEntry(datetime.fromisoformat(at), user, name, old, new) for at, user, name, old, new in rows]


def to_case(row: Mapping[str, Any], entries: list[HistoryEntry] | None = None) -> Case:
    values = {name: decode(name, value) for name, value in row.items()}
    values["klass"] = values.pop("class")
    return Case(**values, history=entries or [])


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
