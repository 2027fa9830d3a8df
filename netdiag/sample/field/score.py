"""Scores one field-suite network: every complaint triaged as an engineer would (by cell or spot,
with its time when it has one), the scan over the whole window, and the scan's stray findings.

A cause answers a fault when it is the fault's cause and names it: the same object at BSC, circuit
and LAC level, any of the fault's cells (where it sits or shows) below that, the cause alone for a
spot outside coverage.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ...dataset.load import load_dataset
from ...diagnosis.batch import Triager
from ...diagnosis.locate import Spot
from ...diagnosis.scan import network_findings
from ...diagnosis.triage import Complaint
from ...rules.loader import RuleSet
from .suite import FieldTruth

BSC_LEVELS = ("bsc", "circuit", "circuit_group")


@dataclass
class FieldNetworkScore:
    complaints: pd.DataFrame  # complaint_id, cause, by, rank, top (the first cause given), verdict
    healthy: pd.DataFrame  # complaint_id, symptom, by, verdict, top
    scan: pd.DataFrame  # fault, cause, object, found
    stray: pd.DataFrame  # cause, object, cell, severity
    healthy_cells: int


def answers(entry: pd.Series | dict, fault: pd.Series | dict) -> bool:
    if entry["cause"] != fault["cause"]:
        return False
    level = fault["level"]
    if level in BSC_LEVELS:
        obj = str(entry["object"])
        return obj == fault["object"] or (level == "bsc" and obj.split("/")[0] == fault["object"])
    if level == "lac":
        return str(entry["object"]) == fault["object"]
    if level == "location":
        return True
    cell = entry.get("cell")
    return isinstance(cell, str) and cell in str(fault["cells"]).split(";")


def _rank(causes: pd.DataFrame, fault) -> int:
    for i, entry in enumerate(causes.to_dict("records"), start=1):
        if answers(entry, fault):
            return i
    return 0


def _complaint(row) -> Complaint:
    time = None if pd.isna(row["time"]) else pd.Timestamp(row["time"])
    if isinstance(row["cell"], str):
        return Complaint(symptom=row["symptom"], cell=row["cell"], time=time)
    return Complaint(symptom=row["symptom"], spot=Spot(float(row["lat"]), float(row["lon"])), time=time)


def score_field_network(outdir: Path, truth: FieldTruth, rules: RuleSet) -> FieldNetworkScore:
    dataset = load_dataset(Path(outdir) / "data")
    triager = Triager(dataset, rules)
    faults = truth.faults.set_index("fault", drop=False)
    fault_rows, healthy_rows = [], []
    for row in truth.complaints.to_dict("records"):
        result = triager.triage(_complaint(row))
        data = result.causes[result.causes["kind"] != "advice"] if not result.causes.empty else result.causes
        top = f"{data.iloc[0]['cause']}@{data.iloc[0]['object']}" if not data.empty else ""
        by = "cell" if isinstance(row["cell"], str) else "spot"
        if row["kind"] == "fault":
            fault = faults.loc[row["fault"]]
            fault_rows.append({"complaint_id": row["complaint_id"], "cause": fault["cause"], "symptom": row["symptom"], "by": by,
                               "time": row["time"], "rank": _rank(result.causes, fault), "top": top, "verdict": result.verdict,
                               "pair": row["pair"]})
        else:
            healthy_rows.append({"complaint_id": row["complaint_id"], "symptom": row["symptom"], "by": by, "cell": row["cell"],
                                 "time": row["time"], "verdict": result.verdict, "top": top})
    findings = network_findings(triager.diagnosis_at(None)).findings  # what the scan lists
    scan_rows = []
    for fault in truth.faults[truth.faults["scan"]].to_dict("records"):
        found = any(answers(entry, fault) for entry in findings[findings["cause"] == fault["cause"]].to_dict("records"))
        scan_rows.append({"fault": fault["fault"], "cause": fault["cause"], "object": fault["object"], "found": found})
    return FieldNetworkScore(pd.DataFrame(fault_rows), pd.DataFrame(healthy_rows), pd.DataFrame(scan_rows),
                             stray_findings(findings, truth), len(truth.healthy_cells))


def stray_findings(findings: pd.DataFrame, truth: FieldTruth) -> pd.DataFrame:
    """Scan findings that no fault explains: on a healthy cell, or above cell level where no fault is."""
    faults = truth.faults
    carrying = {c for cells in faults["cells"].dropna() for c in str(cells).split(";") if c}
    fault_bscs = set(faults["bsc"].dropna())
    fault_lacs = {f"LAC {int(lac)}" for lac in faults["lac"].dropna()}
    level = findings["level"]
    cell_level = level.isin(["cell", "trx", "adjacency"])
    explained = (cell_level & findings["cell"].isin(carrying)) | (level.isin(BSC_LEVELS) & findings["bsc"].isin(fault_bscs))
    explained |= (level == "lac") & findings["object"].isin(fault_lacs)
    return findings[~explained][["cause", "object", "cell", "severity", "score"]].reset_index(drop=True)
