"""What triage of one complaint reads from the store: its candidate cells' scope, and the network's
context (over the window's days, or over the hours around the complaint's time)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.dataset as pads

from ..dataset.model import Dataset
from ..dataset.topology import cell_named, scope_of
from ..errors import UsageError
from . import daily
from .layout import arrow_schema
from .reader import Selection, StoreReader, Window, read_store


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
    candidates = [cells] if isinstance(cells, str) else list(dict.fromkeys(cells))
    if not candidates:
        raise UsageError("no cell to triage")

    def read(reader: StoreReader) -> Dataset:
        window = reader.window_between(*between) if between is not None else reader.window(days, until)
        selection = _scope(reader, window, candidates)
        context = None if between is None else _context_between(*between)
        return reader.load(window, selection, context)

    return read_store(store, read)


def store_cells(store: str | Path, days: int | None = None, until: date | None = None) -> pd.DataFrame:
    """The cell configuration a read of the window would use (to locate a complaint before reading)."""
    return read_store(store, lambda reader: reader.snapshot("cells", reader.window(days, until)))


def _scope(reader: StoreReader, window: Window, candidates: list[str]) -> Selection:
    config = reader.snapshot("cells", window)
    candidates = [cell_named(config, cell) for cell in candidates]  # `s0042b` is S0042B; unknown: one line
    tables = {"cells": config}
    if reader.snapshot_day("neighbours", window):
        tables["neighbours"] = reader.read_snapshot("neighbours", window, pads.field("cell").isin(candidates))
    configuration = Dataset(tables)
    scopes = [scope_of(configuration, cell) for cell in candidates]  # unknown cell: one line, with suggestions
    cells = {c for s in scopes for c in (s.cell, *s.neighbours)}
    bscs = {s.bsc for s in scopes if s.bsc}
    reader.notes.append(
        f"read the complaint's scope: {', '.join(candidates)}, {len(cells) - len(candidates)} neighbours, BSC {', '.join(sorted(bscs))}"
    )
    return dataclasses.replace(reader.selection_of(config, cells, bscs), targets_of=frozenset(candidates))


def _context_between(start: pd.Timestamp, end: pd.Timestamp):
    start, end = pd.Timestamp(start), pd.Timestamp(end)

    def context(reader: StoreReader, window: Window, known_cells: pd.Series):
        frames = {}
        for name in daily.STATS_TABLES:
            if name in reader.manifest.partitions:
                columns = daily.needed_columns(name, arrow_schema(name).names)
                frames[name] = reader.columns(name, window, columns)
        return daily.parts_between(frames, pd.DataFrame({"cell": known_cells}), start, end)

    return context
