"""Whether a triage has evidence to stand on, and its verdict.

"No network fault" is a judgement of a cell's counters; where the complaint's cells have no
statistics in the window read (their exports are missing, or say nothing of those hours) there is
nothing to judge, and the verdict is `no_evidence` with `missing` saying what was absent: never a
`no_fault_found` without data behind it. A cause found elsewhere (an alarm, a neighbour) still makes
it `fault_found`.
"""

from __future__ import annotations

import pandas as pd

from ..dataset.model import Dataset
from ..dataset.periods import period_ends

# The statistics a cell's diagnosis stands on.
EVIDENCE_TABLE = "cell_kpi"
FAULT_FOUND, NO_FAULT_FOUND, NO_EVIDENCE = "fault_found", "no_fault_found", "no_evidence"


def missing_evidence(dataset: Dataset, cells: list[str]) -> list[dict[str, object]]:
    """What the complaint's candidate cells lack: [] when one of them has statistics in the window read,
    else the table and cells without them and the span the data read covers (None: no statistics at all)."""
    frame = dataset.tables.get(EVIDENCE_TABLE)
    if frame is not None and not frame.empty and cells and frame["cell"].isin(cells).any():
        return []
    covered = None
    if frame is not None and not frame.empty:
        covered = [str(frame["start_time"].min()), str(period_ends(frame).max())]
    elif dataset.covers is not None:  # a window with nothing in it: what the whole data covers
        covered = [str(moment) for moment in dataset.covers]
    return [{"what": "statistics", "table": EVIDENCE_TABLE, "cells": list(cells), "covered": covered}]


def verdict_of(causes: pd.DataFrame, missing: list[dict[str, object]]) -> str:
    """fault_found when a data cause was found; else no_evidence when the statistics are missing; else no_fault_found."""
    if not causes.empty:
        return FAULT_FOUND
    return NO_EVIDENCE if missing else NO_FAULT_FOUND
