"""What triage of one complaint reads from the store: its candidate cells' scope, and the network's
context (over the window's days, or over the hours around the complaint's time)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.dataset as pads

from ..dataset.model import Dataset
from ..dataset.selection import Selection, complaint_selection
from ..dataset.topology import cell_named
from . import daily
from .layout import arrow_schema
from .reader import StoreReader, Window, read_store


# Days of statistics a batch keeps decoded: a day of tickets reaches back into the day before.
KEEP_DAYS = 3


def load_complaint(
    store: str | Path,
    cells: str | Iterable[str],
    days: int | None = None,
    until: date | None = None,
    between: tuple[pd.Timestamp, pd.Timestamp] | None = None,
) -> Dataset:
    """The data triage of a complaint at `cells` (its candidate serving cells) needs.

    Statistics of the cells and their neighbours (and of the targets their handover reports name),
    the reports of their BSCs, alarms of those cells, their sites and BSCs, the whole configuration
    (location areas, distances, frequencies), and the network's context: triage of the result ranks
    the same causes as triage of the whole network over the same time.

    The time is the last `days` days up to `until`, or with `between=(start, end)` the days that
    stretch touches, the context being that of the periods overlapping it (as window.around narrows
    the whole network; narrow the rows with it too).
    """
    return read_store(store, lambda reader: ComplaintReader(reader, days, until).load(cells, between))


class ComplaintReader:
    """Complaints' scopes read one after another from one store (a batch of tickets): the
    configuration snapshots and the network's statistics behind a time window's context are read
    once and kept for the next complaint; each load is what load_complaint gives."""

    def __init__(self, reader: StoreReader, days: int | None = None, until: date | None = None) -> None:
        self.reader, self.days, self.until = reader, days, until
        self._columns: dict[tuple[str, str], pd.DataFrame] = {}  # (table, day) -> the context's columns
        self._joined: dict[tuple[str, tuple[str, ...]], pd.DataFrame] = {}  # the last days joined, per table

    @classmethod
    def open(cls, store: str | Path, days: int | None = None, until: date | None = None, keep_days: int | None = None) -> ComplaintReader:
        """A reader for many complaints, the statistics of `keep_days` days (KEEP_DAYS) kept decoded
        between them."""
        return cls(StoreReader(Path(store), keep_days=KEEP_DAYS if keep_days is None else keep_days), days, until)

    def cells(self) -> pd.DataFrame:
        """The cell configuration of the days/until window (to locate complaints before reading)."""
        reader = self.reader
        return reader.snapshot("cells", reader.window(self.days, self.until))

    def load(self, cells: str | Iterable[str], between: tuple[pd.Timestamp, pd.Timestamp] | None = None) -> Dataset:
        # No candidate (a spot no cell serves): the configuration and the context, for its coverage gap.
        candidates = [cells] if isinstance(cells, str) else list(dict.fromkeys(cells))
        reader = self.reader
        window = reader.window_between(*between) if between is not None else reader.window(self.days, self.until)
        selection = _scope(reader, window, candidates)
        context = None if between is None else self._context_between(*between)
        try:
            return reader.load(window, selection, context)
        finally:
            reader.notes.clear()  # the next complaint's read says its own

    def _context_between(self, start: pd.Timestamp, end: pd.Timestamp):
        start, end = pd.Timestamp(start), pd.Timestamp(end)

        def context(reader: StoreReader, window: Window, known_cells: pd.Series):
            frames = {name: self._window_columns(name, window) for name in daily.STATS_TABLES if name in reader.manifest.partitions}
            return daily.parts_between(frames, pd.DataFrame({"cell": known_cells}), start, end)

        return context

    def _window_columns(self, name: str, window: Window) -> pd.DataFrame:
        """The columns of a table the context is summed from, over the window's days (each day read
        once; the days of the last windows kept, as the reader keeps its statistics)."""
        reader = self.reader
        columns = daily.needed_columns(name, arrow_schema(name).names)
        entries = reader.manifest.partitions.get(name, {})
        for day in window.days:
            if day in entries and (name, day) not in self._columns:
                one = reader.columns(name, Window(date.fromisoformat(day), date.fromisoformat(day)), columns)
                self._columns[(name, day)] = daily.context_rows(name, one)
                kept = list(dict.fromkeys(d for _, d in reversed(self._columns)))[max(reader.keep_days, 2):]
                for key in [k for k in self._columns if k[1] in kept]:
                    del self._columns[key]
        days = tuple(day for day in window.days if (name, day) in self._columns)
        if not days:
            return daily.context_rows(name, reader.columns(name, window, columns))
        if len(days) == 1:
            return self._columns[(name, days[0])]
        if (name, days) not in self._joined:  # the hours of a day share its days: joined once
            self._joined = {key: frame for key, frame in self._joined.items() if key[1] == days}
            self._joined[(name, days)] = pd.concat([self._columns[(name, day)] for day in days], ignore_index=True)
        return self._joined[(name, days)]


def store_cells(store: str | Path, days: int | None = None, until: date | None = None) -> pd.DataFrame:
    """The cell configuration a read of the window would use (to locate a complaint before reading)."""
    return read_store(store, lambda reader: reader.snapshot("cells", reader.window(days, until)))


def _scope(reader: StoreReader, window: Window, candidates: list[str]) -> Selection:
    config = reader.snapshot("cells", window)
    candidates = [cell_named(config, cell) for cell in candidates]  # `s0042b` is S0042B; unknown: one line
    neighbours = None
    if reader.snapshot_day("neighbours", window):
        neighbours = reader.read_snapshot("neighbours", window, pads.field("cell").isin(candidates))
    selection, note = complaint_selection(config, neighbours, candidates)  # unknown cell: one line, with suggestions
    reader.notes.append(note)
    return selection
