"""A network's exports, read from one folder into one dataset."""

from __future__ import annotations

from pathlib import Path

from ..io.folder import read_folder
from ..io.sources import alarm_dictionary_file
from ..memory import release_memory, returning_allocator
from .complete import complete_dataset
from .model import Dataset


def load_dataset(root: str | Path, encoding: str | None = None, alarm_dictionary: str | None = None) -> Dataset:
    """Read every table in a folder (files, zip members, sheets) and complete them into a dataset."""
    root = Path(root)
    with returning_allocator():
        read = read_folder(root, encoding)
        dictionary = alarm_dictionary or alarm_dictionary_file(root)
        dataset = complete_dataset(read.tables, root, read.reports, read.notes, dictionary, read.factorized, read.flags,
                                   read.sources)
        del read
        release_memory()
        return dataset
