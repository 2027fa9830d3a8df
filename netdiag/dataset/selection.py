"""A complaint's scope as rows: which rows of each table the triage of some cells needs.

Triage of a complaint at a cell looks at the cell, its TRXs and neighbour relations, its
neighbours, its BSC's reports (circuits, SCCP, GPU) and the alarms on those cells, their sites and
the BSC. A Selection names those cells, BSCs and sites; the history store reads only their rows
(store.reader, as pyarrow filters) and a batch of tickets over a folder takes the same rows from
the frames in memory (`select_tables`). Configuration tables stay whole: distances, frequency reuse
and location areas look across the network.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .model import Dataset
from .topology import scope_of

# A partial read selects rows by the cell or by the BSC they belong to.
CELL_TABLES = ("cell_kpi", "trx_kpi", "gprs_kpi", "adjacency_ho")
BSC_TABLES = ("a_circuits", "sccp", "gpu_kpi", "a_circuit_state")
# Configuration and state kept as a whole snapshot (the store keeps one per date).
SNAPSHOT_TABLES = ("cells", "trx", "neighbours", "a_circuit_state")


@dataclass(frozen=True)
class Selection:
    """The rows a partial read keeps: statistics of these cells, reports of these BSCs."""

    cells: frozenset[str]
    bscs: frozenset[str]
    sites: frozenset[str]
    # Cells whose handover targets are judged too (their congestion read); None: every selected cell.
    targets_of: frozenset[str] | None = None


def selection_of(config: pd.DataFrame, cells: Iterable[str], bscs: Iterable[str]) -> Selection:
    """These cells and BSCs, with the sites of the cells (site alarms)."""
    cells = set(cells)
    sites = set(config.loc[config["cell"].isin(cells), "site"].dropna())
    return Selection(frozenset(cells), frozenset(bscs), frozenset(sites))


def complaint_selection(config: pd.DataFrame, neighbours: pd.DataFrame | None, candidates: list[str]) -> tuple[Selection, str]:
    """The scope of a complaint's candidate serving cells (an unknown cell is a usage error with
    suggestions), and a note saying what it is. `neighbours`: at least the candidates' relations."""
    tables = {"cells": config}
    if neighbours is not None:
        tables["neighbours"] = neighbours
    configuration = Dataset(tables)
    scopes = [scope_of(configuration, cell) for cell in candidates]
    cells = {c for s in scopes for c in (s.cell, *s.neighbours)}
    bscs = {s.bsc for s in scopes if s.bsc}
    note = f"read the complaint's scope: {', '.join(candidates)}, {len(cells) - len(candidates)} neighbours, BSC {', '.join(sorted(bscs))}"
    return dataclasses.replace(selection_of(config, cells, bscs), targets_of=frozenset(candidates)), note


def with_targets(selection: Selection, report: pd.DataFrame) -> Selection:
    """The selection whose cell statistics also cover the targets the handover report (180) of its
    complaint cells names: they are judged by their congestion."""
    handing = report["cell"].isin(selection.targets_of if selection.targets_of is not None else selection.cells)
    named = set(report.loc[handing, "neighbour"].dropna()) - selection.cells
    return dataclasses.replace(selection, cells=selection.cells | named)


def row_mask(name: str, frame: pd.DataFrame, selection: Selection) -> np.ndarray | None:
    """The rows of a statistics table or the alarm list that the selection keeps (None: all)."""
    if name in CELL_TABLES:
        return frame["cell"].isin(selection.cells).to_numpy(dtype=bool)
    if name in BSC_TABLES:
        return frame["bsc"].isin(selection.bscs).to_numpy(dtype=bool)
    if name == "alarms":
        cell, site = frame["cell"], frame["site"]
        return (cell.isin(selection.cells) | site.isin(selection.sites)
                | (cell.isna() & site.isna() & frame["bsc"].isin(selection.bscs))).to_numpy(dtype=bool)
    return None


def snapshot_mask(name: str, frame: pd.DataFrame, selection: Selection) -> np.ndarray | None:
    """The rows of a configuration table that the selection keeps (None: the whole table)."""
    if name == "neighbours":
        return frame["cell"].isin(selection.cells).to_numpy(dtype=bool)
    if name == "a_circuit_state":
        return frame["bsc"].isin(selection.bscs).to_numpy(dtype=bool)
    return None


def select_tables(tables: dict[str, pd.DataFrame], selection: Selection,
                  between: tuple[pd.Timestamp, pd.Timestamp] | None = None) -> tuple[dict[str, pd.DataFrame], Selection]:
    """The selection's rows of tables in memory, as the store reads them (store.reader): the cell
    configuration and TRX whole, the other tables' selected rows, the cell statistics of the handover
    targets the complaint cells' 180 rows name. Returns the tables and that widened selection.

    A table with rows (around `between`, if given) but none selected keeps one of them, so that the
    rules needing it run as over the whole network; a table without rows is left out.
    """
    out: dict[str, pd.DataFrame] = {}
    for name in SNAPSHOT_TABLES:
        if name in tables:
            out[name] = _kept(tables[name], snapshot_mask(name, tables[name], selection), None, name)
    kpi_selection = selection
    if "adjacency_ho" in tables:
        report = _kept(tables["adjacency_ho"], row_mask("adjacency_ho", tables["adjacency_ho"], selection), between, "adjacency_ho")
        out["adjacency_ho"] = report
        kpi_selection = with_targets(selection, report)
    for name, frame in tables.items():
        if name not in out:
            out[name] = _kept(frame, row_mask(name, frame, kpi_selection if name == "cell_kpi" else selection), between, name)
    return {name: frame for name, frame in out.items() if name == "cells" or not frame.empty}, kpi_selection


def _kept(frame: pd.DataFrame, mask: np.ndarray | None, between, name: str) -> pd.DataFrame:
    if mask is None:
        return frame
    if not mask.any() and not frame.empty:  # one row of the table, as the store keeps one
        inside = np.flatnonzero(_in_time(frame, name, between))
        mask = np.zeros(len(frame), dtype=bool)
        mask[inside[:1]] = True
    if mask.all():
        return frame
    return frame[mask].reset_index(drop=True)


def _in_time(frame: pd.DataFrame, name: str, between) -> np.ndarray:
    """Rows that window.around keeps for [start, end): periods overlapping it, alarms open in it."""
    if between is None:
        return np.ones(len(frame), dtype=bool)
    start, end = between
    if name == "alarms":
        cleared = frame["cleared_at"]
        return ((frame["raised_at"] <= end) & (cleared.isna() | (cleared >= start))).to_numpy(dtype=bool)
    if "start_time" in frame:
        from .window import overlapping

        return overlapping(frame, start, end).to_numpy(dtype=bool)
    return np.ones(len(frame), dtype=bool)
