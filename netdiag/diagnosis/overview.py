"""A network's findings as a map and counts: what `scan -o scan.html` and `suspects -o suspects.html` draw.

One row per cell with findings (its worst severity, its causes, its sector), the findings counted by
cause and by BSC, and every located cell of the network as a sector, for the map's background.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..catalogue import load_catalogue
from ..rules.engine import SEVERITY_RANK
from ..rules.model import SEVERITIES
from .diagnose import Diagnosis
from .sectors import SECTOR_COLUMNS, sector_table
from .suspects import CELL_LEVELS, SuspectList

BY_BSC_COLUMNS = ["bsc", "findings", "cells", *reversed(SEVERITIES)]
BY_CAUSE_COLUMNS = ["cause", "title_zh", "title_en", "findings", "cells", "worst"]


@dataclass
class Overview:
    """What a findings map shows."""

    kind: str  # scan | suspects
    table: pd.DataFrame  # the rows listed: every finding (scan) or every suspect cell (suspects)
    cells: pd.DataFrame  # cell, severity, score, causes, findings + SECTOR_COLUMNS: the cells drawn, worst first
    network: pd.DataFrame  # SECTOR_COLUMNS of every located cell (the map's background)
    by_cause: pd.DataFrame  # BY_CAUSE_COLUMNS
    by_bsc: pd.DataFrame  # BY_BSC_COLUMNS
    by_severity: dict[str, int]
    unlocated: int  # cells with findings but no coordinates
    above_cell: int  # findings above cell level (circuits, BSC, LAC): in the table, not on the map


def scan_overview(diagnosis: Diagnosis) -> Overview:
    """Every finding of a scan; on the map, the cells with findings coloured by their worst severity."""
    findings = diagnosis.findings
    cells_table = _cells_of(diagnosis)
    if findings.empty:
        empty = pd.DataFrame(columns=["cell", "severity", "score", "causes", "findings", *SECTOR_COLUMNS[1:]])
        return Overview("scan", findings, empty, sector_table(cells_table), _by_cause(findings), _by_bsc(findings), {}, 0, 0)
    on_cells = findings[findings["level"].isin(CELL_LEVELS) & findings["cell"].notna()]
    ranked = on_cells.assign(_rank=on_cells["severity"].map(SEVERITY_RANK)).sort_values(["_rank", "score"], ascending=False, kind="stable")
    per_cell = ranked.groupby("cell", sort=False).agg(
        severity=("severity", "first"), score=("score", "max"), causes=("cause", lambda c: list(dict.fromkeys(c))),
        findings=("cause", "size")).reset_index()
    return _overview("scan", findings, per_cell, cells_table, findings, len(findings) - len(on_cells))


def suspects_overview(found: SuspectList) -> Overview:
    """The drive-test list; on the map, each suspect cell coloured by its worst severity."""
    suspects = found.suspects
    per_cell = suspects[["cell", "severity", "score", "causes", "findings"]].copy()
    exploded = suspects[["cell", "bsc", "severity", "causes"]].explode("causes").rename(columns={"causes": "cause"}).dropna(subset=["cause"])
    return _overview("suspects", suspects, per_cell, found.cells, exploded, found.area_findings)


def _overview(kind: str, table: pd.DataFrame, per_cell: pd.DataFrame, cells_table: pd.DataFrame | None,
              counted: pd.DataFrame, above_cell: int) -> Overview:
    network = sector_table(cells_table) if cells_table is not None else pd.DataFrame(columns=SECTOR_COLUMNS)
    located = per_cell.merge(network, on="cell", how="inner")
    located = located.assign(_rank=located["severity"].map(SEVERITY_RANK)).sort_values(
        ["_rank", "score", "cell"], ascending=[True, True, True], kind="stable").drop(columns="_rank")  # worst drawn last, on top
    counts = counted["severity"].value_counts()
    by_severity = {s: int(counts.get(s, 0)) for s in reversed(SEVERITIES) if counts.get(s, 0)}
    return Overview(kind, table.reset_index(drop=True), located.reset_index(drop=True), network, _by_cause(counted), _by_bsc(counted),
                    by_severity, int(len(per_cell) - len(located)), int(above_cell))


def _cells_of(diagnosis: Diagnosis) -> pd.DataFrame | None:
    ds = diagnosis.dataset
    return ds["cells"] if ds is not None and ds.has("cells") else None


def _by_cause(findings: pd.DataFrame) -> pd.DataFrame:
    if findings.empty:
        return pd.DataFrame(columns=BY_CAUSE_COLUMNS)
    catalogue = load_catalogue().causes
    frame = findings.assign(_rank=findings["severity"].map(SEVERITY_RANK))
    grouped = frame.groupby("cause")
    out = pd.DataFrame({
        "findings": grouped.size(),
        "cells": grouped["cell"].nunique(),
        "worst": grouped["_rank"].max().map(dict(enumerate(SEVERITIES))),
    }).reset_index()
    out["title_zh"] = out["cause"].map(lambda c: catalogue[c].text["zh"] if c in catalogue else c)
    out["title_en"] = out["cause"].map(lambda c: catalogue[c].text["en"] if c in catalogue else c)
    return out.sort_values(["findings", "cause"], ascending=[False, True], kind="stable")[BY_CAUSE_COLUMNS].reset_index(drop=True)


def _by_bsc(findings: pd.DataFrame) -> pd.DataFrame:
    if findings.empty:
        return pd.DataFrame(columns=BY_BSC_COLUMNS)
    frame = findings.assign(bsc=findings["bsc"].astype(object).where(findings["bsc"].notna(), "-"))
    counts = pd.crosstab(frame["bsc"], frame["severity"]).reindex(columns=list(reversed(SEVERITIES)), fill_value=0)
    out = counts.assign(findings=counts.sum(axis=1), cells=frame.groupby("bsc")["cell"].nunique()).reset_index()
    return out.sort_values(["findings", "bsc"], ascending=[False, True], kind="stable")[BY_BSC_COLUMNS].reset_index(drop=True)
