"""Opening the case log: one SQLite file that several desk staff on one host write at once.

* WAL journal: readers never block the writer, and a process killed mid-write loses only the
  transaction it had not committed.
* Every write is one `BEGIN IMMEDIATE` transaction (`CaseLog.write`): the write lock is taken at the
  start, so two writers queue (up to `timeout` seconds, SQLite's busy_timeout) instead of failing
  half-way; a change and its history row commit together or not at all.
* synchronous=FULL: a committed case survives a power cut too, not only a killed process (the log is
  written a case at a time, so the extra fsync costs nothing a desk would notice).

WAL needs the file on a local disk of the host (not a network share).
"""

from __future__ import annotations

import getpass
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError
from . import schema
from .clock import SYSTEM_CLOCK, Clock
from .paths import default_db_path

SQLITE_MAGIC = b"SQLite format 3\x00"
DEFAULT_TIMEOUT_S = 30.0


@dataclass
class CaseLog:
    """An open case log. Use as a context manager, or call close()."""

    path: Path
    conn: sqlite3.Connection = field(repr=False)
    clock: Clock = SYSTEM_CLOCK
    user: str = "netdiag"
    timeout: float = DEFAULT_TIMEOUT_S
    migrated_from: int = schema.LATEST  # the schema version the file had when opened
    _depth: int = field(default=0, repr=False)

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT; ROLLBACK on any error). Nested calls join it."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        with self.errors():
            self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            with self.errors():
                yield self.conn
                self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for several SELECTs (a deferred transaction), or the current write's."""
        if self._depth:
            yield self.conn
            return
        with self.errors():
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                self.conn.execute("COMMIT")

    @contextmanager
    def errors(self) -> Iterator[None]:
        """SQLite's failures as one line naming the file (busy, damaged, ...); constraint errors pass."""
        try:
            yield
        except sqlite3.IntegrityError:
            raise
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise DataError(f"{self.path}: case log busy (another writer held it over {self.timeout:g} s)") from error
            raise DataError(f"{self.path}: {error}") from error
        except sqlite3.DatabaseError as error:
            raise DataError(f"{self.path}: damaged case log ({error})") from error

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> CaseLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_log(
    path: str | Path | None = None,
    *,
    clock: Clock = SYSTEM_CLOCK,
    user: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    create: bool = True,
    check: bool = True,
) -> CaseLog:
    """Open (or create) the case log at `path` (default: default_db_path()), migrated to this version.

    `user` is who the history names for changes made without an explicit user (default: the login
    name). `check` runs SQLite's quick_check so a damaged file is refused at the door rather than
    half-way through a report. Raises DataError (one line naming the file) for a file that is not an
    SQLite database, one without the case log's marker, one written by a newer netdiag, or a damaged one.
    """
    path = Path(path) if path is not None else default_db_path()
    _check_file(path, create)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    except sqlite3.Error as error:
        raise DataError(f"{path}: cannot open the case log ({error})") from error
    log = CaseLog(path, conn, clock, user or _login(), timeout)
    try:
        with log.errors():
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            if check:
                _quick_check(conn, path)
            log.migrated_from = schema.prepare(conn, path)
    except BaseException:
        conn.close()
        raise
    return log


def _check_file(path: Path, create: bool) -> None:
    if path.is_dir():
        raise DataError(f"{path}: is a folder, not a case log file")
    if not path.exists():
        if not create:
            raise DataError(f"{path}: no case log there")
        return
    with path.open("rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    if head and head != SQLITE_MAGIC:
        raise DataError(f"{path}: not a netdiag case log (not an SQLite database)")


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    if problems != ["ok"]:
        # one line: SQLite's rows may hold several lines each, under a "*** in database main ***" heading
        lines = [line.strip() for text in problems for line in str(text).splitlines() if line.strip() and not line.startswith("***")]
        more = f"; {len(lines) - 1} more" if len(lines) > 1 else ""
        raise DataError(f"{path}: damaged case log ({lines[0] if lines else 'quick_check failed'}{more})")


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in this environment (a container, a service)
        return "netdiag"
