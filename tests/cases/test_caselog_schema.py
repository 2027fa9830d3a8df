"""The case log file: created, migrated from older versions, refused when newer, foreign or damaged."""

from __future__ import annotations

import sqlite3

import pytest

from netdiag.cases import FixedClock, default_db_path, get_case, open_log
from netdiag.cases import schema
from netdiag.cases.directory import cell_directory, remember_cells
from netdiag.errors import DataError

# The v1 schema exactly as the first version wrote it, typed out by hand (not taken from MIGRATIONS),
# with one case and its history: what a desk's file looks like before this version.
V1 = """
CREATE TABLE netdiag_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO netdiag_meta (key, value) VALUES ('application', 'netdiag-cases');
CREATE TABLE cases (
    case_id INTEGER PRIMARY KEY, complaint_id TEXT NOT NULL UNIQUE, received_at TEXT NOT NULL, occurred_at TEXT,
    msisdn TEXT, text TEXT, symptom TEXT, cell TEXT, lac INTEGER, ci INTEGER, lat REAL, lon REAL, address TEXT,
    region TEXT, bsc TEXT,
    category TEXT NOT NULL DEFAULT 'network' CHECK (category IN ('network', 'service', 'billing', 'other')),
    class TEXT CHECK (class IN ('valid', 'explained')), class_overridden INTEGER NOT NULL DEFAULT 0,
    verdict TEXT, causes TEXT NOT NULL DEFAULT '[]', cells TEXT NOT NULL DEFAULT '[]', triage_note TEXT,
    status TEXT NOT NULL DEFAULT 'received'
        CHECK (status IN ('received', 'acknowledged', 'investigating', 'responded', 'closed', 'reopened')),
    acknowledged_at TEXT, investigating_at TEXT, responded_at TEXT, closed_at TEXT, reopened_at TEXT,
    owner TEXT, fix TEXT, fix_date TEXT, notes TEXT, flags TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE history (
    id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases (case_id), at TEXT NOT NULL,
    user TEXT NOT NULL, field TEXT NOT NULL, old TEXT, new TEXT
);
CREATE INDEX history_case ON history (case_id);
INSERT INTO cases (complaint_id, received_at, msisdn, text, cell, status, acknowledged_at, causes, created_at, updated_at)
VALUES ('T1', '2026-10-01 08:00:00', '13900000001', '经常掉话', 'A1', 'acknowledged', '2026-10-01 09:00:00',
        '[{"cause": "trx_short_hold", "cell": "A1", "object": "A1/TRX2", "score": 0.9}]',
        '2026-10-01 08:00:00', '2026-10-01 09:00:00');
INSERT INTO history (case_id, at, user, field, old, new) VALUES (1, '2026-10-01 08:00:00', 'li', 'case', NULL, 'created');
PRAGMA application_id = 1852064627;  -- 0x6E644373, "ndCs"
PRAGMA user_version = 1;
"""


def v1_file(path):
    conn = sqlite3.connect(path)
    conn.executescript(V1)
    conn.close()
    return path


def header(path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA application_id").fetchone()[0], conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_a_new_log_is_created_at_the_latest_version_with_wal(tmp_path):
    path = tmp_path / "sub" / "cases.db"
    with open_log(path) as log:
        assert log.migrated_from == 0
        assert log.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert log.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30000
    assert header(path) == (schema.APPLICATION_ID, schema.LATEST)
    with open_log(path) as log:  # opening again changes nothing
        assert log.migrated_from == schema.LATEST


def test_a_v1_file_is_migrated_keeping_its_cases_and_history(tmp_path):
    path = v1_file(tmp_path / "old.db")
    with open_log(path, clock=FixedClock("2026-11-21 09:00")) as log:
        assert log.migrated_from == 1
        case = get_case(log, "T1")
        assert (case.status, case.msisdn, case.causes[0]["object"]) == ("acknowledged", "13900000001", "A1/TRX2")
        assert case.followup is None and case.recheck is None  # the columns v2 added
        assert [h.user for h in case.history] == ["li"]
        indexes = {r[0] for r in log.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"cases_received", "cases_status", "cases_msisdn", "cases_cell", "cells_cgi"} <= indexes
        assert cell_directory(log) is None  # the directory v3 added, empty until cells come
    assert header(path) == (schema.APPLICATION_ID, schema.LATEST)


def test_the_migrated_log_keeps_a_cell_directory_for_analyses_without_data(tmp_path):
    import pandas as pd

    path = v1_file(tmp_path / "old.db")
    cells = pd.DataFrame({"cell": ["A1", "A2"], "bsc": ["B1", "B1"], "region": ["武昌", None], "lac": [4101, 4101],
                          "ci": [1, 2], "lat": [30.5, 30.51], "lon": [114.3, 114.3], "max_ta": [63, None]})
    with open_log(path, clock=FixedClock("2026-11-21 09:00")) as log:
        assert remember_cells(log, cells) == 2
        assert remember_cells(log, cells) == 0  # the same configuration again changes nothing
        moved = cells.assign(lat=[30.5, 30.52])
        assert remember_cells(log, moved) == 1
    with open_log(path) as log:
        directory = cell_directory(log)
    assert directory["cell"].tolist() == ["A1", "A2"] and directory["lat"].tolist() == [30.5, 30.52]
    assert directory["region"].tolist() == ["武昌", None] and directory["ci"].tolist() == [1, 2]
    assert directory["max_ta"].iloc[0] == 63 and directory["max_ta"].isna().iloc[1]


def test_a_v3_directory_gains_max_ta_and_keeps_its_cells(tmp_path):
    path = tmp_path / "v3.db"
    conn = sqlite3.connect(path)
    for step in schema.MIGRATIONS[:3]:  # a file this branch wrote before step 4
        for statement in step:
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO cells (cell, bsc, lat, lon, updated_at) VALUES ('A1', 'B1', 30.5, 114.3, '2026-11-20 10:00:00')")
    conn.commit()
    conn.close()
    with open_log(path) as log:
        directory = cell_directory(log)
    assert header(path) == (schema.APPLICATION_ID, schema.LATEST)
    assert directory["cell"].tolist() == ["A1"] and directory["max_ta"].isna().all()


def test_a_migration_that_fails_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = v1_file(tmp_path / "old.db")
    broken = schema.MIGRATIONS + [["ALTER TABLE cases ADD COLUMN extra TEXT", "THIS IS NOT SQL"]]
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    monkeypatch.setattr(schema, "LATEST", len(broken))
    with pytest.raises(DataError, match=f"from version 1 failed at step {len(broken)} .* the file is unchanged"):
        open_log(path)
    assert header(path) == (schema.APPLICATION_ID, 1)
    conn = sqlite3.connect(path)
    columns = {r[1] for r in conn.execute("PRAGMA table_info(cases)")}
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert "followup" not in columns and "extra" not in columns  # every step rolled back, the good ones too
    assert "cells" not in tables


def test_a_file_from_a_newer_netdiag_is_refused_in_one_line(tmp_path):
    path = tmp_path / "new.db"
    open_log(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.LATEST + 3}")
    conn.close()
    with pytest.raises(DataError) as error:
        open_log(path)
    message = str(error.value)
    assert str(path) in message and "newer netdiag" in message and "\n" not in message


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "cases.db"
    path.write_text("complaint_id,received_at\nT1,2026-11-20\n")
    with pytest.raises(DataError, match="not an SQLite database") as error:
        open_log(path)
    assert str(path) in str(error.value)


def test_an_sqlite_file_of_another_program_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(DataError, match="without the case log's marker"):
        open_log(path)
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["photos"]
    conn.close()


def test_a_damaged_file_is_refused(tmp_path):
    path = tmp_path / "cases.db"
    with open_log(path) as log:
        for i in range(200):
            log.conn.execute("BEGIN IMMEDIATE")
            log.conn.execute("INSERT INTO cases (complaint_id, received_at, text, created_at, updated_at) VALUES (?, '2026-11-01', ?, '', '')",
                             (f"T{i}", "掉话" * 50))
            log.conn.execute("COMMIT")
        log.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    data[2 * page:4 * page] = b"\xff\x00" * page  # two pages of the cases table overwritten
    path.write_bytes(bytes(data))
    with pytest.raises(DataError, match="damaged case log") as error:
        open_log(path)
    message = str(error.value)
    assert str(path) in message and "\n" not in message  # SQLite's check reports a damaged page over several lines


def test_a_folder_is_no_log(tmp_path):
    with pytest.raises(DataError, match="is a folder"):
        open_log(tmp_path)


def test_default_path_from_the_environment(tmp_path):
    assert default_db_path({"NETDIAG_DB": str(tmp_path / "x.db"), "XDG_DATA_HOME": "/ignored"}) == tmp_path / "x.db"
    assert default_db_path({"XDG_DATA_HOME": "/data", "HOME": "/home/li"}).as_posix() == "/data/netdiag/cases.db"
    assert default_db_path({"HOME": "/home/li"}).as_posix() == "/home/li/.local/share/netdiag/cases.db"
