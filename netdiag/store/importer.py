"""`netdiag import`: add one folder of exports to the history store, all of it or nothing.

Rows are merged per table and day: a row whose identity (layout.identity) the import also has is
replaced by the import's, other stored rows stay, so overlapping exports and corrected re-exports
both end up with the newest rows (`replace=True` drops the stored rows of every table and day the
import has instead). Configuration tables are whole snapshots: the import's replaces the snapshot
of its date. An import made of files already imported changes nothing.

Atomic: new partition files are written to a staging folder, moved beside the files they replace
under new names (readers follow the manifest, which does not name them yet), then the manifest is
replaced; only then are the files it no longer names deleted. An error rolls back what was moved; a
killed import leaves unnamed files that the next import cleans up.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..dataset.model import Dataset
from ..dataset.load import load_dataset
from ..errors import DataError, UsageError
from ..io.schema import COUNTER_TABLES
from ..io.sources import MAP_FILE, alarm_dictionary_file, data_files
from . import daily
from .layout import CONTEXT, MANIFEST, ROW_GROUP_ROWS, SNAPSHOT_TABLES, STAGING_PREFIX, STORED_TABLES, TIME_COLUMN, arrow_schema, identity, part_name, partition_dir, sort_columns, statistics_columns, to_arrow, to_frame
from .manifest import Manifest, import_lock, read_manifest, sync_dir, write_manifest
from .parts import DamagedPart, reading

DICTIONARY = "alarm_dictionary"


@dataclass
class Change:
    table: str
    day: str
    action: str  # added | replaced | unchanged
    rows: int


@dataclass
class ImportReport:
    store: Path
    source: Path
    import_id: int | None  # None: nothing was written
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    flags: list[dict[str, object]] = field(default_factory=list)
    same_as: int | None = None  # the earlier import of exactly these files

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action and c.table != CONTEXT)


def import_exports(
    data: str | Path,
    store: str | Path,
    day: date | None = None,
    replace: bool = False,
    force: bool = False,
    encoding: str | None = None,
) -> ImportReport:
    """Add the exports in `data` to the store at `store` (created if needed).

    `day`: the date of the configuration snapshot (default: the first day of the statistics).
    `replace`: the import's tables replace the stored rows of the days it has, not merge with them.
    `force`: import even files that an earlier import already had.
    """
    data, store = Path(data), Path(store)
    if not data.is_dir():
        raise DataError(f"{data}: not a folder")
    if store.exists() and not store.is_dir():
        raise UsageError(f"{store}: not a folder")
    fingerprints = {**_fingerprints(data), **({"encoding": encoding} if encoding else {})}
    with import_lock(store):
        manifest, report = _open(store, data)
        same = next((i for i in manifest.imports if i.get("files") == fingerprints), None)
        if same is not None and not force:
            report.same_as = int(same["id"])
            return report
        dataset = load_dataset(data, encoding=encoding)
        report.notes += dataset.notes
        report.flags = dataset.flags
        _store_dataset(dataset, store, manifest, report, day, replace, fingerprints)
        return report


def import_dataset(dataset: Dataset, store: str | Path, day: date | None = None, replace: bool = False) -> ImportReport:
    """Add a dataset already in memory (its canonical tables, as load_dataset gives them)."""
    store = Path(store)
    if store.exists() and not store.is_dir():
        raise UsageError(f"{store}: not a folder")
    with import_lock(store):
        manifest, report = _open(store, dataset.root or Path("(in memory)"))
        _store_dataset(dataset, store, manifest, report, day, replace, None)
        return report


def _open(store: Path, source: Path) -> tuple[Manifest, ImportReport]:
    """The manifest, once what an interrupted import left is cleaned up (under the lock)."""
    manifest = read_manifest(store)
    report = ImportReport(store, source, None)
    cleaned = clean_store(store, manifest)
    if cleaned:
        report.notes.append(f"removed {cleaned} files left by an interrupted import")
    return manifest, report


def _store_dataset(dataset: Dataset, store: Path, manifest: Manifest, report: ImportReport, day: date | None,
                   replace: bool, fingerprints: dict[str, str] | None) -> None:
    tables = {name: frame for name, frame in dataset.tables.items() if name in STORED_TABLES and not frame.empty}
    if not tables:
        raise DataError(f"{report.source}: no table to import")
    root = dataset.root
    dictionary = alarm_dictionary_file(root) if root is not None and root.is_dir() else None
    _Import(store, manifest, report, replace).run(report.source, tables, _snapshot_day(tables, day), fingerprints, dictionary)


def _fingerprints(data: Path) -> dict[str, str]:
    """sha256 of every file of the folder an import reads (exports, netdiag.yaml, alarm dictionary)."""
    paths = list(data_files(data))
    settings = data / MAP_FILE
    if settings.is_file():
        paths.append(settings)
        dictionary = alarm_dictionary_file(data)
        if dictionary and Path(dictionary).is_file():
            paths.append(Path(dictionary))
    found = {}
    for path in paths:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        found[path.name] = digest.hexdigest()
    return found


def _snapshot_day(tables: dict[str, pd.DataFrame], day: date | None) -> str | None:
    """The date of the import's configuration: given, else the first day of its statistics, else the
    last day of its alarms (an alarm list may reach back weeks)."""
    if day is not None:
        return day.isoformat()
    if not any(name in tables for name in SNAPSHOT_TABLES):
        return None
    firsts = [tables[n]["start_time"].min() for n in COUNTER_TABLES if n in tables]
    firsts = [t for t in firsts if not pd.isna(t)]
    if firsts:
        return min(firsts).strftime("%Y-%m-%d")
    if "alarms" in tables and tables["alarms"]["raised_at"].notna().any():
        return tables["alarms"]["raised_at"].max().strftime("%Y-%m-%d")
    raise UsageError("configuration without statistics or alarms: give its date (--date YYYY-MM-DD)")


class _Import:
    """One import's plan, staged files and commit."""

    def __init__(self, store: Path, manifest: Manifest, report: ImportReport, replace: bool) -> None:
        self.store, self.old, self.report, self.replace = store, manifest, report, replace
        self.id = manifest.next_import
        self.staging = store / f"{STAGING_PREFIX}{uuid.uuid4().hex[:12]}"
        self.new = Manifest(
            partitions={t: dict(d) for t, d in manifest.partitions.items()}, days=dict(manifest.days),
            imports=list(manifest.imports), files=dict(manifest.files),
        )
        self.staged: list[tuple[Path, Path]] = []  # (staged file, its place in the store)
        self.frames: dict[tuple[str, str], pa.Table] = {}  # changed partitions, for the day summaries
        self.manifest_changed = False  # a day's summary entry changed though its file did not

    def run(self, data: Path, tables: dict[str, pd.DataFrame], snapshot_day: str | None, fingerprints: dict[str, str] | None,
            dictionary: str | None) -> None:
        moved: list[Path] = []
        try:
            self.staging.mkdir()
            for name, frame in tables.items():
                if name in TIME_COLUMN:
                    self._time_table(name, frame)
                else:
                    self._partition(name, snapshot_day, frame, merge=False)
            self._summaries()
            self._dictionary(dictionary)
            if self.staged or self.manifest_changed:  # else every partition is as it was: nothing to commit
                for staged, target in self.staged:
                    publish(staged, target)
                    moved.append(target)
                self.new.imports.append(self._record(data, tables, snapshot_day, fingerprints))
                write_manifest(self.store, self.new)
        except BaseException as error:
            committed = self._committed()
            if committed:  # interrupted after the commit: the import stands
                self._retire()
            else:
                for target in moved:
                    target.unlink(missing_ok=True)
            self._tidy()
            if isinstance(error, OSError) and not isinstance(error, FileNotFoundError):  # a full disk, a read-only store
                raise write_error(self.store, error, committed) from error
            raise
        if self.staged or self.manifest_changed:
            self.report.import_id = self.id
            self._retire()
        self._tidy()

    # -- planning -------------------------------------------------------------------------------

    def _time_table(self, name: str, frame: pd.DataFrame) -> None:
        times = frame[TIME_COLUMN[name]]
        undated = times.isna().to_numpy()
        if undated.any():
            self.report.notes.append(f"{name}: {int(undated.sum())} rows without {TIME_COLUMN[name]} not stored")
            frame, times = frame[~undated], times[~undated]
        days = times.dt.floor("D")
        if days.nunique() == 1:  # the usual daily export: no split
            self._partition(name, days.iloc[0].strftime("%Y-%m-%d"), frame, merge=not self.replace)
            return
        for day, rows in frame.groupby(days.to_numpy(), sort=True):
            self._partition(name, pd.Timestamp(day).strftime("%Y-%m-%d"), rows, merge=not self.replace)

    def _partition(self, name: str, day: str, rows: pd.DataFrame, merge: bool) -> None:
        entry = self.old.partitions.get(name, {}).get(day)
        # Rows merged with the stored ones need them; a damaged part is named (import with --replace).
        old = (self._read(name, day) if merge else self._replaced(name, day)) if entry else None
        merged = rows
        if merge and old is not None:
            stored = to_frame(old, name)
            stale = _keys(stored, identity(name)).isin(_keys(rows, identity(name)))
            merged = pd.concat([stored[~stale.to_numpy()], rows], ignore_index=True)
        table = to_arrow(merged, name)
        table = table.sort_by([(c, "ascending") for c in sort_columns(name)])  # stable, missing values last
        if old is not None and old.equals(table):
            self.report.changes.append(Change(name, day, "unchanged", table.num_rows))
            return
        self.report.changes.append(Change(name, day, "replaced" if entry else "added", table.num_rows))
        self._stage(name, day, table, _entry_extra(name, merged))
        self.frames[(name, day)] = table

    def _summaries(self) -> None:
        """Redo the summary of every day whose statistics or alarms changed, and of the import's days
        whose summary an older netdiag wrote without a part this one keeps."""
        changed = {day for name, day in self.frames if name in daily.SOURCE_TABLES}
        dated = {c.day for c in self.report.changes if c.table in daily.SOURCE_TABLES}
        days = sorted(changed | {d for d in dated if not daily.complete(self.old.days.get(d))})
        for day in days:
            tables = {}
            for name in daily.SOURCE_TABLES:
                # As stored (sorted): the day's sums add up in the order a read of the day adds them.
                stored = self.frames.get((name, day))
                if stored is None and day in self.old.partitions.get(name, {}):
                    stored = self._read(name, day)
                if stored is not None:
                    tables[name] = to_frame(stored.select(daily.needed_columns(name, stored.column_names)), name)
            summary, ends = daily.day_summary(tables)
            if ends != self.old.days.get(day):
                self.new.days[day] = ends
                self.manifest_changed = True
                if day not in changed:
                    self.report.notes.append(f"the summary of {day} brought up to date")
            old = self._replaced(CONTEXT, day) if day in self.old.partitions.get(CONTEXT, {}) else None
            if old is not None and old.equals(summary):
                continue
            had = day in self.old.partitions.get(CONTEXT, {})
            self.report.changes.append(Change(CONTEXT, day, "replaced" if had else "added", summary.num_rows))
            self._stage(CONTEXT, day, summary, {})

    def _dictionary(self, source: str | None) -> None:
        """The operator's alarm dictionary goes with the alarms: reads classify them with it."""
        if source is None:
            return
        text = Path(source).read_bytes()
        current = self.old.files.get(DICTIONARY)
        if current and (self.store / current).is_file() and (self.store / current).read_bytes() == text:
            return
        name = f"{DICTIONARY}-{self.id:06d}.yaml"
        staged = self.staging / name
        staged.write_bytes(text)
        self.staged.append((staged, self.store / name))
        self.new.files[DICTIONARY] = name
        self.report.changes.append(Change("alarm dictionary", "", "replaced" if current else "added", 0))

    def _stage(self, name: str, day: str, table: pa.Table, extra: dict[str, object]) -> None:
        file = part_name(self.id)
        staged = self.staging / name / f"date={day}" / file
        staged.parent.mkdir(parents=True, exist_ok=True)
        with open(staged, "wb") as handle:
            pq.write_table(table, handle, row_group_size=ROW_GROUP_ROWS, compression="zstd",
                           write_statistics=statistics_columns(name))
            handle.flush()
            os.fsync(handle.fileno())
        self.staged.append((staged, partition_dir(self.store, name, day) / file))
        self.new.partitions.setdefault(name, {})[day] = {"file": file, "rows": table.num_rows, "import": self.id, **extra}

    def _read(self, name: str, day: str) -> pa.Table:
        entry = self.old.partitions[name][day]
        schema = daily.schema() if name == CONTEXT else arrow_schema(name)
        path = partition_dir(self.store, name, day) / str(entry["file"])
        with reading(self.store, [path]):
            return pq.read_table(path, schema=schema)

    def _replaced(self, name: str, day: str) -> pa.Table | None:
        """The stored partition that the import replaces whole (only to tell whether it changes): a
        damaged one is simply replaced."""
        try:
            return self._read(name, day)
        except DamagedPart as damaged:
            self.report.notes.append(f"{name} {day}: the damaged part {damaged.path.name} is replaced ({damaged.reason})")
            return None

    def _record(self, data: Path, tables: dict[str, pd.DataFrame], snapshot_day: str | None, fingerprints: dict[str, str] | None) -> dict[str, object]:
        from .. import __version__

        changed = [c for c in self.report.changes if c.table != CONTEXT]
        return {
            "id": self.id,
            "source": str(data.resolve()) if data.exists() else str(data),
            "imported_at": datetime.now().isoformat(timespec="seconds"),
            "netdiag": __version__,
            "files": fingerprints,
            "rows": {name: len(frame) for name, frame in tables.items()},
            "snapshot_day": snapshot_day,
            "replace": self.replace,
            **{action: sorted({f"{c.table} {c.day}".strip() for c in changed if c.action == action})
               for action in ("added", "replaced", "unchanged")},
        }

    # -- commit ---------------------------------------------------------------------------------

    def _committed(self) -> bool:
        """Did the manifest naming this import's files reach the disk (an error after the replace)?"""
        try:
            return any(int(i["id"]) == self.id for i in read_manifest(self.store).imports)
        except DataError:
            return False

    def _retire(self) -> None:
        """Delete the files the new manifest no longer names (the partitions it replaced)."""
        for path in sorted(self.old.referenced() - self.new.referenced()):
            (self.store / path).unlink(missing_ok=True)
        _remove_empty_dirs(self.store)
        sync_dir(self.store)

    def _tidy(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        _remove_empty_dirs(self.store)


def write_error(store: Path, error: OSError, committed: bool = False) -> DataError:
    """One line naming the store and why it cannot be written (no space left, read-only, ...)."""
    why = error.strerror or str(error)
    where = f" ({error.filename})" if error.filename else ""
    outcome = "the import was committed" if committed else "nothing was imported, the store is as it was"
    return DataError(f"{store}: cannot write the store: {why}{where}; {outcome}")


def publish(staged: Path, target: Path) -> None:
    """Move one staged file to its place in the store (atomic within the store's file system)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, target)


def _keys(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """One hash per row identity; missing values hash alike whatever their kind (None, NaN)."""
    parts = {c: frame[c].astype("string") if frame[c].dtype == object else frame[c] for c in columns}
    return pd.util.hash_pandas_object(pd.DataFrame(parts), index=False)


def _entry_extra(name: str, frame: pd.DataFrame) -> dict[str, object]:
    """For alarm partitions: whether an alarm there is still open, and until when they clear, so a
    read of later days finds the alarms raised before its window that were still open in it."""
    if name != "alarms":
        return {}
    cleared = frame["cleared_at"]
    last = cleared.max()
    return {"open": bool(cleared.isna().any()), "cleared_until": None if pd.isna(last) else last.isoformat(sep=" ")}


def clean_store(store: Path, manifest: Manifest) -> int:
    """Remove what an interrupted import left: staging folders and files the manifest does not name."""
    removed = 0
    for path in store.glob(f"{STAGING_PREFIX}*"):
        removed += sum(1 for p in path.rglob("*") if p.is_file())
        shutil.rmtree(path, ignore_errors=True)
    referenced = manifest.referenced()
    candidates = [p for name in (*STORED_TABLES, CONTEXT) for p in (store / name).glob("date=*/*.parquet")]
    candidates += list(store.glob(f"{DICTIONARY}-*.yaml")) + [store / f"{MANIFEST}.tmp"]
    for path in candidates:
        if path.is_file() and path.relative_to(store).as_posix() not in referenced:
            path.unlink()
            removed += 1
    _remove_empty_dirs(store)
    return removed


def _remove_empty_dirs(store: Path) -> None:
    for name in (*STORED_TABLES, CONTEXT):
        folder = store / name
        if not folder.is_dir():
            continue
        for day in folder.iterdir():
            if day.is_dir() and not any(day.iterdir()):
                day.rmdir()
        if not any(folder.iterdir()):
            folder.rmdir()


__all__ = ["Change", "ImportReport", "clean_store", "import_dataset", "import_exports", "publish", "write_error"]
