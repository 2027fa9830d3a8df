"""explained_by across levels: a cause found on a cell's BSC explains the same effect on its cells."""

from __future__ import annotations

import pandas as pd

import netdiag
from netdiag import build_dataset
from netdiag.io.schema import TABLES
from netdiag.io.values import coerce


def _table(name: str, rows: list[dict]) -> pd.DataFrame:
    return coerce(pd.DataFrame(rows).astype(str), TABLES[name], name, 2)


def _network(gpu_load: float) -> netdiag.Dataset:
    """Cells A (BSC1) and B (BSC2) both refuse 10 % of their TBFs for three hours; BSC1's GPU at `gpu_load`."""
    hours = [f"2026-11-20 {h:02d}:00" for h in (8, 9, 10, 11)]
    gprs = [{"start_time": t, "cell": c, "pdch_used_avg": 2.0, "pdch_max": 4, "tbf_attempts": 50, "tbf_congestion": 5 if i < 3 else 0}
            for c in ("A", "B") for i, t in enumerate(hours)]
    gpu = [{"start_time": t, "bsc": b, "gpu": 1, "load_pct": gpu_load if (b == "BSC1" and i < 3) else 40, "congestion_s": 0}
           for b in ("BSC1", "BSC2") for i, t in enumerate(hours)]
    cells = [{"cell": "A", "bsc": "BSC1"}, {"cell": "B", "bsc": "BSC2"}]
    return build_dataset({"cells": _table("cells", cells), "gprs_kpi": _table("gprs_kpi", gprs), "gpu_kpi": _table("gpu_kpi", gpu)})


def _found(ds) -> set[tuple[str, str]]:
    rules = netdiag.load_rules()
    findings = netdiag.diagnose(ds, rules).findings
    return set(zip(findings["cause"], findings["object"]))


def test_a_saturated_gpu_explains_the_refused_tbfs_of_its_bscs_cells_only():
    found = _found(_network(gpu_load=97))
    assert ("gprs_bsc_congestion", "BSC1") in found
    assert ("gprs_cell_congestion", "A") not in found  # BSC1's GPUs explain it
    assert ("gprs_cell_congestion", "B") in found  # nothing explains B's in BSC2


def test_without_the_bscs_finding_its_cells_congestion_is_reported():
    found = _found(_network(gpu_load=60))
    assert {("gprs_cell_congestion", "A"), ("gprs_cell_congestion", "B")} <= found
