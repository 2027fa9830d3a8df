"""Where a batch of tickets reads each hour's scopes: a folder's exports in memory, or the store.

Both give, for a group of complaints' candidate cells and an hour, what triage of those complaints
one by one would read: the cells' scope (store.complaint, dataset.selection) and the whole network's
context of the hours around that hour, with only the scope's cells measured. A ticket's row is then
the row `triage_request` gives for it alone.
"""

from __future__ import annotations

import dataclasses
from functools import cached_property

import pandas as pd

from ..dataset.context import NetworkContext
from ..dataset.model import Dataset
from ..dataset.selection import complaint_selection, select_tables
from ..dataset.topology import scope_of
from ..dataset.window import around, window_bounds
from ..errors import DataError
from ..io.schema import COUNTER_TABLES
from ..measures.context import context_parts, network_context
from ..store import daily
from .locate import CellLocator
from .source import Inputs
from .triage import Complaint, candidate_cells


class _Located:
    """Candidates located on one configuration, locators kept per configuration frame."""

    def __init__(self) -> None:
        self._locators: dict[int, tuple[pd.DataFrame, CellLocator]] = {}
        self._known: set[str] | None = None

    def config(self) -> pd.DataFrame:
        raise NotImplementedError

    def locator(self, cells: pd.DataFrame) -> CellLocator:
        kept = self._locators.get(id(cells))
        if kept is None or kept[0] is not cells:
            kept = self._locators[id(cells)] = (cells, CellLocator(cells))
        return kept[1]

    def candidates(self, complaint: Complaint) -> list[str]:
        config = self.config()
        if complaint.cell is not None:
            if self._known is None:
                self._known = set(config["cell"].dropna())
            if complaint.cell not in self._known:
                scope_of(Dataset({"cells": config}), complaint.cell)  # the usage error, with suggestions
            return [complaint.cell]
        return list(candidate_cells(complaint, self.locator(config))["cell"])


class FolderScopes(_Located):
    """A folder's dataset in memory: each group's rows selected from it, its context summed from the
    network's statistics of the hours around (the columns the context needs, kept once)."""

    def __init__(self, dataset: Dataset) -> None:
        super().__init__()
        self.dataset = dataset

    def config(self) -> pd.DataFrame:
        return self.dataset["cells"]

    def scoped(self, candidates: list[str], key: pd.Timestamp | None, hours: float) -> Dataset:
        ds = self.dataset
        neighbours = None
        if ds.has("neighbours"):
            relations = ds["neighbours"]
            neighbours = relations[relations["cell"].isin(candidates).to_numpy()]
        selection, _ = complaint_selection(ds["cells"], neighbours, candidates)
        between = None if key is None else window_bounds(key, hours)
        context = self._context(key, hours)  # first: a time without statistics is said before anything is selected
        tables, widened = select_tables(ds.tables, selection, between)
        return Dataset(tables, root=ds.root, context=dataclasses.replace(context, focus=frozenset(widened.cells)))

    def _context(self, key: pd.Timestamp | None, hours: float) -> NetworkContext:
        if key is None:
            return self._whole
        return network_context(context_parts(around(self._narrow, key, hours)))

    @cached_property
    def _whole(self) -> NetworkContext:
        return network_context(context_parts(self.dataset))

    @cached_property
    def _narrow(self) -> Dataset:
        """The dataset as far as the context and window.around's checks look at it: the summed
        columns of cell_kpi and sccp, the distinct periods of the other statistics, alarm times."""
        ds = self.dataset
        tables = {"cells": ds["cells"][["cell"]]}
        for name in COUNTER_TABLES:
            if name not in ds.tables:
                continue
            frame = ds[name]
            if name in ("cell_kpi", "sccp"):
                tables[name] = frame[daily.needed_columns(name, list(frame.columns))]
            else:
                tables[name] = frame[["start_time", "period_min"]].drop_duplicates(ignore_index=True)
        if "alarms" in ds.tables:
            tables["alarms"] = ds["alarms"][["raised_at", "cleared_at"]]
        return Dataset(tables)


class StoreScopes(_Located):
    """The history store: each group's scope read for the days its hour touches (store.complaint)."""

    ATTEMPTS = 3  # a file an import retired meanwhile: read again from the new manifest

    def __init__(self, inputs: Inputs) -> None:
        super().__init__()
        self.inputs = inputs
        self._reads = self._open()

    def _open(self):
        from ..store.complaint import ComplaintReader

        return ComplaintReader.open(self.inputs.store, self.inputs.days, self.inputs.until)

    @cached_property
    def _config(self) -> pd.DataFrame:
        return self._reads.cells()

    def config(self) -> pd.DataFrame:
        return self._config

    def scoped(self, candidates: list[str], key: pd.Timestamp | None, hours: float) -> Dataset:
        between = None if key is None else window_bounds(key, hours)
        for attempt in range(self.ATTEMPTS):
            try:
                return self._reads.load(candidates, between)
            except FileNotFoundError as error:
                if attempt == self.ATTEMPTS - 1:
                    raise DataError(f"{self.inputs.store}: a file the manifest names is missing ({error.filename or error})") from error
                self._reads = self._open()
        raise AssertionError("unreachable")


def folder_scopes(dataset: Dataset) -> FolderScopes:
    return FolderScopes(dataset)


def store_scopes(inputs: Inputs) -> StoreScopes:
    return StoreScopes(inputs)
