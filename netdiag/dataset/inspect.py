"""`data inspect`: every file of a folder explained, the unusable ones included.

A run stops at the first broken file and at a folder without a cells table; an inspection reads on,
lists every file (how it was read, or why it was not: a suffix netdiag does not read, an unknown XML
root element, a header of no table, counters of no table, a broken file) and only then says what
would stop a run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError
from ..io.folder import ERROR, Skipped, read_folder
from ..io.readers import FileReport
from ..io.schema import NETWORK_TABLES
from ..io.sources import alarm_dictionary_file
from ..memory import returning_allocator
from .complete import complete_dataset


@dataclass
class Inspection:
    """What a folder's files are, and whether a run can use them."""

    root: Path
    reports: list[FileReport]  # files (or parts: zip members, sheets, tables of a PM file) read
    skipped: list[Skipped]  # files (or parts) that gave no table, and why
    notes: list[str] = field(default_factory=list)
    flags: list[dict[str, object]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # optional tables the folder does not have
    error: str | None = None  # what stops a run on this folder (a broken file, no cells table), or None


def inspect_folder(root: str | Path, encoding: str | None = None) -> Inspection:
    """Read a folder as a run would, but on past broken files and a missing cells table."""
    root = Path(root)
    with returning_allocator():
        read = read_folder(root, encoding, keep_going=True)
        broken = [s for s in read.skipped if s.why == ERROR]
        inspection = Inspection(root, read.reports, read.skipped, read.notes, read.flags,
                                [t for t in NETWORK_TABLES if t not in read.tables or read.tables[t].empty])
        try:
            dataset = complete_dataset(read.tables, root, read.reports, read.notes, alarm_dictionary_file(root),
                                       read.factorized, read.flags, read.sources)
        except DataError as error:
            inspection.error = str(error)
        else:
            inspection.notes, inspection.flags, inspection.missing = dataset.notes, dataset.flags, dataset.missing
        if broken:
            inspection.error = broken[0].message
        return inspection
