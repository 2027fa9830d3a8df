"""Part files that cannot be read (truncated by a full disk, a copy cut short, bytes changed by hand):
named with their table and day, and with the import that replaces them.

Arrow's error names at best the file it could not open; a read of several files finds the damaged
ones by reading each alone, and only when the read failed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import DataError


class DamagedPart(DataError):
    """A part file the manifest names that Parquet cannot read."""

    def __init__(self, store: Path, path: Path, reason: str) -> None:
        self.store, self.path, self.reason = store, path, reason
        table, day = path.parent.parent.name, path.parent.name.removeprefix("date=")
        super().__init__(
            f"{path}: damaged store part ({reason}); import the exports of {table} {day} again with "
            f"`netdiag import DATA --store {store} --force --replace` to replace it"
        )


def damage_of(path: Path) -> str | None:
    """Why a part cannot be read, or None: its footer first (a truncated file has none), then its
    rows (one part in memory at a time)."""
    try:
        with pq.ParquetFile(path) as part:
            part.read()
    except FileNotFoundError:
        raise
    except (pa.ArrowException, OSError, ValueError) as error:
        return _reason(error)
    return None


@contextlib.contextmanager
def reading(store: Path, files: Iterable[Path | str]) -> Iterator[None]:
    """Around a read of `files`: an Arrow error becomes a DamagedPart naming the file it came from
    (a file that is gone is left to the caller: an import may have retired it meanwhile)."""
    try:
        yield
    except FileNotFoundError:
        raise
    except (pa.ArrowException, OSError) as error:
        for file in files:
            reason = damage_of(Path(file))
            if reason is not None:
                raise DamagedPart(store, Path(file), reason) from error
        raise DataError(f"{store}: cannot read the store ({_reason(error)})") from error


def _reason(error: BaseException) -> str:
    """Arrow's words without the path it may repeat."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    if text.startswith("Could not open Parquet input source") and "': " in text:
        text = text.split("': ", 1)[1]
    return text.rstrip(".")
