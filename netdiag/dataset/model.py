"""One network's tables: the canonical frames of formats.md, and what was learnt reading them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..io.readers import FileReport
from ..io.schema import NETWORK_TABLES
from .context import NetworkContext


@dataclass
class Dataset:
    tables: dict[str, pd.DataFrame]
    root: Path | None = None
    reports: list[FileReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Problems in the data itself (unknown cells, duplicate periods, inconsistent counters), flagged
    # for the engineer: {"table", "check", "rows", "example"}.
    flags: list[dict[str, object]] = field(default_factory=list)
    # Network-wide baselines and the like when these tables are only part of the network (a BSC
    # partition, a complaint's scope read from the store); None: the tables are the whole network.
    context: NetworkContext | None = None
    # When these tables are a window cut from a larger read (window.around): the first and last moment
    # the whole read's statistics cover, to say what the data holds when the window holds nothing.
    covers: tuple[pd.Timestamp, pd.Timestamp] | None = None

    def has(self, name: str) -> bool:
        return name in self.tables and not self.tables[name].empty

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def missing(self) -> list[str]:
        """Optional tables that this data does not have."""
        return [name for name in NETWORK_TABLES if not self.has(name)]
