"""Triage: the findings that can explain one complaint, ranked for the engineer who handles it."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .catalogue import load_catalogue
from .errors import UsageError
from .measures.cell import TESTED_RATES
from .rules.engine import SEVERITY_RANK, Diagnosis

# How strongly a finding bears on a complaint, by where its object sits relative to the serving cell.
RELATION_WEIGHT = {"serving": 1.0, "bsc": 0.9, "lac": 0.9, "neighbour": 0.5}
# A generic cause (high_drop_cell) explains less than a specific one found in the same scope.
GENERIC_WEIGHT = 0.5
SERVING_LEVELS = ("cell", "trx", "adjacency")
BSC_LEVELS = ("circuit", "circuit_group", "bsc")


@dataclass(frozen=True)
class Complaint:
    cell: str
    symptom: str
    complaint_id: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {k: v for k, v in {"complaint_id": self.complaint_id, "cell": self.cell, "symptom": self.symptom}.items() if v is not None}


@dataclass(frozen=True)
class Scope:
    """What a complaint at a cell can be caused by: the cell, its BSC, LAC, MSC and neighbours."""

    cell: str
    bsc: str | None
    lac: float | None
    msc: str | None
    site: str | None
    neighbours: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        lac = None if self.lac is None or np.isnan(self.lac) else int(self.lac)
        return {"cell": self.cell, "bsc": self.bsc, "lac": lac, "msc": self.msc, "site": self.site, "neighbours": list(self.neighbours)}


@dataclass
class TriageResult:
    complaint: Complaint
    scope: Scope
    verdict: str  # fault_found | no_fault_found
    causes: pd.DataFrame  # ranked, best first
    baseline: dict[str, dict[str, float | None]] = field(default_factory=dict)
    skipped: list[dict[str, object]] = field(default_factory=list)


def scope_of(diagnosis: Diagnosis, cell: str) -> Scope:
    ds = diagnosis.dataset
    cells = ds["cells"]
    row = cells[cells["cell"] == cell]
    if row.empty:
        close = difflib.get_close_matches(cell, cells["cell"].astype(str).tolist(), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UsageError(f"unknown cell {cell!r}{hint}")
    first = row.iloc[0]
    neighbours: tuple[str, ...] = ()
    if ds.has("neighbours"):
        nb = ds["neighbours"]
        neighbours = tuple(sorted(set(nb.loc[nb["cell"] == cell, "neighbour"].dropna().astype(str))))
    lac = first["lac"]
    return Scope(
        cell=cell,
        bsc=None if pd.isna(first["bsc"]) else str(first["bsc"]),
        lac=None if pd.isna(lac) else float(lac),
        msc=None if pd.isna(first["msc"]) else str(first["msc"]),
        site=None if pd.isna(first["site"]) else str(first["site"]),
        neighbours=neighbours,
    )


def relation_to(findings: pd.DataFrame, scope: Scope) -> pd.Series:
    """serving / bsc / lac / neighbour, or missing where a finding is outside the complaint's scope."""
    level, cell = findings["level"], findings["cell"]
    conditions = [
        level.isin(SERVING_LEVELS) & (cell == scope.cell),
        level.isin(BSC_LEVELS) & (findings["bsc"] == scope.bsc),
        (level == "lac") & (findings["lac"] == scope.lac),
        (level == "cell") & cell.isin(scope.neighbours),
    ]
    return pd.Series(np.select(conditions, ["serving", "bsc", "lac", "neighbour"], None), index=findings.index)


def triage(diagnosis: Diagnosis, complaint: Complaint) -> TriageResult:
    catalogue = load_catalogue()
    if complaint.symptom not in catalogue.symptoms:
        raise UsageError(f"unknown symptom {complaint.symptom!r}; one of: {', '.join(catalogue.symptoms)}")
    scope = scope_of(diagnosis, complaint.cell)
    findings = diagnosis.findings
    relevant = findings[findings["symptoms"].map(lambda s: complaint.symptom in s)] if not findings.empty else findings
    relation = relation_to(relevant, scope) if not relevant.empty else pd.Series(dtype=object)
    causes = relevant.assign(relation=relation)[relation.notna()] if not relevant.empty else relevant
    if not causes.empty:
        weight = causes["relation"].map(RELATION_WEIGHT) * np.where(causes["generic"].astype(bool), GENERIC_WEIGHT, 1.0)
        causes = causes.assign(
            rank_score=(causes["score"] * weight).round(3),
            kind="data",
            _severity=causes["severity"].map(SEVERITY_RANK),
        ).sort_values(["rank_score", "_severity", "score"], ascending=False, kind="stable")
        causes = causes.drop(columns="_severity").drop_duplicates(["cause", "object"]).reset_index(drop=True)
    baseline = _baseline(diagnosis, scope.cell)
    verdict = "fault_found" if not causes.empty else "no_fault_found"
    # After the data causes (or in their place, the baseline verdict) come the advice causes of the
    # symptom: what no BSS counter shows, as checks for the engineer on site.
    extra = _advice(complaint) if not causes.empty else _no_fault_causes(complaint, scope, baseline)
    causes = pd.concat([causes, extra], ignore_index=True) if not causes.empty else extra
    return TriageResult(complaint, scope, verdict, causes, baseline, diagnosis.skipped)


def _baseline(diagnosis: Diagnosis, cell: str) -> dict[str, dict[str, float | None]]:
    """The serving cell's rates beside the network's own."""
    frames = diagnosis.measures.get("cell")
    if frames is None:
        return {}
    row = frames.whole[frames.whole["cell"] == cell]
    if row.empty:
        return {}
    out = {}
    for name, numerator, denominator in TESTED_RATES:
        value, base = row[name].iloc[0], row[f"{name}_baseline"].iloc[0]
        out[name] = {
            "cell": None if pd.isna(value) else round(float(value), 5),
            "network": None if pd.isna(base) else round(float(base), 5),
            numerator: None if pd.isna(row[numerator].iloc[0]) else int(row[numerator].iloc[0]),
            denominator: None if pd.isna(row[denominator].iloc[0]) else int(row[denominator].iloc[0]),
        }
    return out


def _no_fault_causes(complaint: Complaint, scope: Scope, baseline: dict) -> pd.DataFrame:
    """The baseline verdict (where the symptom has one) and the advice causes as on-site checks."""
    catalogue = load_catalogue()
    entries = []
    normal = catalogue.causes["normal_occasional_failure"]
    if complaint.symptom in normal.symptoms:
        entries.append(_entry(normal, scope.cell, "baseline", 0.5, {k: v for k, v in baseline.items() if v["cell"] is not None}))
    return pd.concat([pd.DataFrame(entries), _advice(complaint)], ignore_index=True)


def _advice(complaint: Complaint) -> pd.DataFrame:
    causes = load_catalogue().causes_for(complaint.symptom, detect="advice")
    return pd.DataFrame([_entry(cause, None, "advice", 0.0, {"check": cause.check}) for cause in causes])


def _entry(cause, cell: str | None, kind: str, score: float, evidence: dict) -> dict[str, object]:
    return {
        "rule": None, "cause": cause.id, "level": "cell" if cell else None, "object": cell, "cell": cell,
        "severity": "low", "score": score, "confidence": "medium" if kind == "baseline" else "low",
        "evidence": evidence, "title_zh": cause.text["zh"], "title_en": cause.text["en"],
        "remedy_zh": cause.remedy["zh"], "remedy_en": cause.remedy["en"], "kind": kind, "relation": "serving" if cell else None,
        "rank_score": score,
    }
