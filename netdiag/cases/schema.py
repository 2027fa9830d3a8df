"""The case log's schema, versioned: PRAGMA user_version counts the migration steps applied.

A file is ours when its PRAGMA application_id is APPLICATION_ID (set by the first step, with a
meta row naming the application). Each step is a list of SQL statements; `migrate` applies the
missing ones to an older file inside one write transaction (SQLite's DDL is transactional, and so
are the two header pragmas), so a step interrupted half-way leaves the file as it was. A file whose
version is newer than this code knows is refused, never downgraded.

Add a step by appending to MIGRATIONS; never edit a step that has shipped.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import DataError

APPLICATION_ID = 0x6E644373  # "ndCs": netdiag case log
APPLICATION = "netdiag-cases"

STATUSES = ("received", "acknowledged", "investigating", "responded", "closed", "reopened")
CATEGORIES = ("network", "service", "billing", "other")
CLASSES = ("valid", "explained")
FOLLOWUPS = ("satisfied", "unsatisfied", "unreachable")


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


# Step 1: the log as first shipped: cases, their history, the meta marker.
_V1 = [
    "CREATE TABLE netdiag_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"INSERT INTO netdiag_meta (key, value) VALUES ('application', '{APPLICATION}')",
    f"""CREATE TABLE cases (
        case_id INTEGER PRIMARY KEY,
        complaint_id TEXT NOT NULL UNIQUE,
        received_at TEXT NOT NULL,
        occurred_at TEXT,
        msisdn TEXT,
        text TEXT,
        symptom TEXT,
        cell TEXT,
        lac INTEGER,
        ci INTEGER,
        lat REAL,
        lon REAL,
        address TEXT,
        region TEXT,
        bsc TEXT,
        category TEXT NOT NULL DEFAULT 'network' CHECK (category IN {_in(CATEGORIES)}),
        class TEXT CHECK (class IN {_in(CLASSES)}),
        class_overridden INTEGER NOT NULL DEFAULT 0,
        verdict TEXT,
        causes TEXT NOT NULL DEFAULT '[]',
        cells TEXT NOT NULL DEFAULT '[]',
        triage_note TEXT,
        status TEXT NOT NULL DEFAULT 'received' CHECK (status IN {_in(STATUSES)}),
        acknowledged_at TEXT,
        investigating_at TEXT,
        responded_at TEXT,
        closed_at TEXT,
        reopened_at TEXT,
        owner TEXT,
        fix TEXT,
        fix_date TEXT,
        notes TEXT,
        flags TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE history (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (case_id),
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        field TEXT NOT NULL,
        old TEXT,
        new TEXT
    )""",
    "CREATE INDEX history_case ON history (case_id)",
    f"PRAGMA application_id = {APPLICATION_ID}",
]

# Step 2: the re-check after a fix and the follow-up call (回访), and the indexes the desk's lists use.
_V2 = [
    "ALTER TABLE cases ADD COLUMN recheck TEXT",
    "ALTER TABLE cases ADD COLUMN recheck_at TEXT",
    f"ALTER TABLE cases ADD COLUMN followup TEXT CHECK (followup IN {_in(FOLLOWUPS)})",
    "ALTER TABLE cases ADD COLUMN followup_at TEXT",
    "CREATE INDEX cases_received ON cases (received_at)",
    "CREATE INDEX cases_status ON cases (status)",
    "CREATE INDEX cases_msisdn ON cases (msisdn)",
    "CREATE INDEX cases_cell ON cases (cell)",
]

# Step 3: the cell directory: where each cell is and which BSC and region it belongs to, as the
# configuration said when tickets were last imported with it. Hotspots, surges and the report then
# place complaints named only by their cell without the network's data at hand.
_V3 = [
    """CREATE TABLE cells (
        cell TEXT PRIMARY KEY,
        bsc TEXT,
        region TEXT,
        site TEXT,
        lac INTEGER,
        ci INTEGER,
        lat REAL,
        lon REAL,
        azimuth REAL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX cells_cgi ON cells (lac, ci)",
]

# Step 4: each cell's max_ta, so that sectors drawn from the directory (the HTML report's map) reach as
# far as the configuration lets them.
_V4 = ["ALTER TABLE cells ADD COLUMN max_ta INTEGER"]

MIGRATIONS: list[list[str]] = [_V1, _V2, _V3, _V4]
LATEST = len(MIGRATIONS)


def prepare(conn: sqlite3.Connection, path: Path) -> int:
    """Make the file at `conn` a case log of the LATEST version; return the version it had.

    A new, empty file is created; an older one is migrated; a newer or foreign one is refused with
    a DataError naming the file. Runs in its own write transaction (BEGIN IMMEDIATE), so two
    processes opening the same old file migrate it once.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = _version(conn, path)
        for number, step in enumerate(MIGRATIONS[found:], start=found + 1):
            try:
                for statement in step:
                    conn.execute(statement)
            except sqlite3.Error as error:
                raise DataError(
                    f"{path}: migrating the case log from version {found} failed at step {number} ({error}); the file is unchanged"
                ) from error
        if found < LATEST:
            conn.execute(f"PRAGMA user_version = {LATEST}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return found


def _version(conn: sqlite3.Connection, path: Path) -> int:
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app == 0 and version == 0 and tables == 0:
        return 0  # a new file
    if app != APPLICATION_ID or not _has_marker(conn):
        raise DataError(f"{path}: not a netdiag case log (an SQLite database without the case log's marker)")
    if version > LATEST:
        raise DataError(
            f"{path}: case log of schema version {version}, written by a newer netdiag "
            f"(this one reads up to version {LATEST}); upgrade netdiag to open it"
        )
    return version


def _has_marker(conn: sqlite3.Connection) -> bool:
    try:
        row = conn.execute("SELECT value FROM netdiag_meta WHERE key = 'application'").fetchone()
    except sqlite3.OperationalError:  # no such table
        return False
    return row is not None and row[0] == APPLICATION
