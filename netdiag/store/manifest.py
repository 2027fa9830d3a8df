"""The store's manifest: the one current file of every partition, the days' summaries, the imports.

Replacing manifest.json (write a temporary file, fsync, os.replace) is the single moment an import
takes effect: before it the store reads as it was, after it as the import left it.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, UsageError
from .layout import LOCK, MANIFEST

FORMAT = 1


@dataclass
class Manifest:
    # table -> day -> {"file": name, "rows": n, "import": id, ...}; alarms also say how long
    # their alarms stay open ("open": bool, "cleared_until": time or None).
    partitions: dict[str, dict[str, dict[str, object]]] = field(default_factory=dict)
    # day -> {"stats_end": time or None, "alarms_end": time or None}: where the day's statistics end.
    days: dict[str, dict[str, object]] = field(default_factory=dict)
    imports: list[dict[str, object]] = field(default_factory=list)
    # Files kept beside the partitions (the operator's alarm dictionary), by role.
    files: dict[str, str] = field(default_factory=dict)

    @property
    def next_import(self) -> int:
        return max((int(i["id"]) for i in self.imports), default=0) + 1

    def referenced(self) -> set[str]:
        """Every file the manifest names, relative to the store."""
        paths = {f"{table}/date={day}/{entry['file']}" for table, days in self.partitions.items() for day, entry in days.items()}
        return paths | set(self.files.values())

    def as_dict(self) -> dict[str, object]:
        return {"format": FORMAT, "partitions": self.partitions, "days": self.days, "files": self.files,
                "imports": self.imports}


def read_manifest(store: Path) -> Manifest:
    path = store / MANIFEST
    if not path.is_file():
        return Manifest()
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{path}: cannot read the store's manifest ({exc})") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DataError(f"{path}: not a netdiag store manifest of format {FORMAT}")
    return Manifest(
        partitions=document.get("partitions", {}), days=document.get("days", {}),
        imports=document.get("imports", []), files=document.get("files", {}),
    )


def write_manifest(store: Path, manifest: Manifest) -> None:
    """Atomically: readers see the old manifest or the new one, never a part of either."""
    path = store / MANIFEST
    temporary = store / f"{MANIFEST}.tmp"
    text = json.dumps(manifest.as_dict(), indent=1, sort_keys=True, ensure_ascii=False)
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    sync_dir(store)


def sync_dir(path: Path) -> None:
    """Make renames in a folder durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def import_lock(store: Path) -> Iterator[None]:
    """One import at a time per store. The operating system drops the lock with its process, so a
    killed import never leaves the store locked."""
    try:
        store.mkdir(parents=True, exist_ok=True)
        handle = open(store / LOCK, "a+b")
    except OSError as error:  # a full disk, a read-only folder: one line naming the store
        raise DataError(f"{store}: cannot write the store: {error.strerror or error}") from error
    try:
        try:
            _lock(handle)
        except OSError:
            raise UsageError(f"{store}: another import into this store is running") from None
        yield
    finally:
        handle.close()  # closing releases the lock


def _lock(handle) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
