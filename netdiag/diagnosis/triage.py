"""Triage: the findings that can explain one complaint, ranked for the engineer who handles it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..catalogue import load_catalogue
from ..errors import UsageError
from .locate import CellLocator, Spot
from ..measures.context import TESTED_RATES
from ..measures.series import GPRS_BASELINE, window_values
from ..rules.engine import SEVERITY_RANK
from ..dataset.topology import Scope, cell_named, scope_of
from .diagnose import Diagnosis
from .evidence import missing_evidence, verdict_of
from .effects import neighbour_effects

# How strongly a finding bears on a complaint, by where its object sits relative to the serving cell.
RELATION_WEIGHT = {"serving": 1.0, "bsc": 0.9, "lac": 0.9, "neighbour": 0.5}
# A generic cause (high_drop_cell) explains less than a specific one found in the same scope.
GENERIC_WEIGHT = 0.5
SERVING_LEVELS = ("cell", "trx", "adjacency")
BSC_LEVELS = ("circuit", "circuit_group", "bsc")
GPRS_SYMPTOMS = ("gprs_no_access", "gprs_slow")  # their baseline is the cell's GPRS measures, not voice


@dataclass(frozen=True)
class Complaint:
    """One complaint: what the subscriber suffers and where (a cell, a LAC+CI, or a spot), maybe when."""

    symptom: str
    cell: str | None = None
    lac: int | None = None
    ci: int | None = None
    spot: Spot | None = None
    time: pd.Timestamp | None = None
    complaint_id: str | None = None
    text: str | None = None  # the subscriber's own words, when the symptom was read from them

    def as_dict(self) -> dict[str, object]:
        out = {
            "complaint_id": self.complaint_id, "cell": self.cell, "lac": self.lac, "ci": self.ci,
            "at": self.spot.as_dict() if self.spot else None,
            "time": self.time.isoformat(sep=" ") if self.time is not None else None,
            "symptom": self.symptom, "text": self.text,
        }
        return {k: v for k, v in out.items() if v is not None}


@dataclass
class TriageResult:
    complaint: Complaint
    scope: Scope  # of the best candidate serving cell
    verdict: str  # fault_found | no_fault_found | no_evidence
    causes: pd.DataFrame  # ranked, best first; `via` names the candidate cell each came through
    baseline: dict[str, dict[str, float | None]] = field(default_factory=dict)
    skipped: list[dict[str, object]] = field(default_factory=list)
    # The cells that plausibly serve the complaint, best first (cell, weight; for a spot also
    # distance_m, bearing_deg, off_axis_deg, expected_radius_m, margin_db, points_at).
    candidates: pd.DataFrame = field(default_factory=pd.DataFrame)
    # With the verdict no_evidence, what was absent: {"what": "statistics", "table", "cells", "covered"}
    # when the candidate cells have no statistics in the window read (diagnosis.evidence), or
    # {"what": "coverage", ...its evidence} for a spot outside the network's coverage.
    missing: list[dict[str, object]] = field(default_factory=list)


def relation_to(findings: pd.DataFrame, scope: Scope) -> pd.Series:
    """serving / bsc / lac / neighbour, or missing where a finding is outside the complaint's scope.
    A check that is no network finding (`scan: false`, a repeater's uplink) is about the complaint's
    own cell: it never comes from a neighbour."""
    level, cell = findings["level"], findings["cell"]
    checks = {c.id for c in load_catalogue().causes.values() if not c.scan}
    conditions = [
        level.isin(SERVING_LEVELS) & (cell == scope.cell),
        level.isin(BSC_LEVELS) & (findings["bsc"] == scope.bsc),
        (level == "lac") & (findings["lac"] == scope.lac),
        (level == "cell") & cell.isin(scope.neighbours) & ~findings["cause"].isin(checks),
    ]
    return pd.Series(np.select(conditions, ["serving", "bsc", "lac", "neighbour"], None), index=findings.index)


def candidate_cells(complaint: Complaint, locator: CellLocator | None) -> pd.DataFrame:
    """The cells a complaint may be served by, best first, each with a weight in 0..1."""
    if complaint.cell is not None:  # checked against the configuration by scope_of
        return pd.DataFrame({"cell": [complaint.cell], "weight": [1.0]})
    if complaint.lac is not None and complaint.ci is not None:
        return pd.DataFrame({"cell": [locator.by_cgi(complaint.lac, complaint.ci)], "weight": [1.0]})
    if complaint.spot is not None:
        return locator.serving(complaint.spot)
    raise UsageError("say where the complaint is: a cell, a LAC and CI, or a spot (lat, lon)")


def triage(diagnosis: Diagnosis, complaint: Complaint, locator: CellLocator | None = None) -> TriageResult:
    """Rank the findings that can explain a complaint: those in the scope of each candidate serving
    cell, weighted by how surely that cell serves the spot and how close the finding sits to it."""
    catalogue = load_catalogue()
    if complaint.symptom not in catalogue.symptoms:
        raise UsageError(f"unknown symptom {complaint.symptom!r}; one of: {', '.join(catalogue.symptoms)}")
    if complaint.cell is not None:  # `s0042b` is S0042B
        complaint = replace(complaint, cell=cell_named(diagnosis.dataset["cells"], complaint.cell))
    if locator is None and complaint.cell is None:
        locator = CellLocator(diagnosis.dataset["cells"])
    outside = locator.out_of_area(complaint.spot) if complaint.spot is not None else None
    if outside is not None:
        return _out_of_area(diagnosis, complaint, outside)
    candidates = candidate_cells(complaint, locator)
    findings = diagnosis.findings
    relevant = findings[findings["symptoms"].map(lambda s: complaint.symptom in s)] if not findings.empty else findings
    scopes = [scope_of(diagnosis.dataset, cell) for cell in candidates["cell"]]
    parts = [_in_scope(diagnosis, relevant, scope, weight) for scope, weight in zip(scopes, candidates["weight"])]
    gap = _coverage_gap(complaint, locator, candidates)
    parts = [p for p in [*parts, gap] if not p.empty]
    causes = pd.concat(parts, ignore_index=True) if parts else relevant.iloc[0:0].assign(relation=None, via=None)
    if not causes.empty:
        causes = causes.assign(_severity=causes["severity"].map(SEVERITY_RANK)).sort_values(
            ["rank_score", "_severity", "score"], ascending=False, kind="stable"
        )
        causes = causes.drop(columns="_severity").drop_duplicates(["cause", "object"]).reset_index(drop=True)
    scope = scopes[0] if scopes else _nowhere(complaint)
    baseline = baseline_for(diagnosis, scope.cell, complaint.symptom) if scopes else {}
    missing = missing_evidence(diagnosis.dataset, list(candidates["cell"])) if causes.empty else []
    verdict = verdict_of(causes, missing)
    # After the data causes (or in their place, the baseline verdict) come the advice causes of the
    # symptom: what no BSS counter shows, as checks for the engineer on site.
    extra = _advice(complaint) if not causes.empty or missing else _no_fault_causes(complaint, scope, baseline)
    causes = pd.concat([causes, extra], ignore_index=True) if not causes.empty else extra
    return TriageResult(complaint, scope, verdict, causes, baseline, diagnosis.skipped, candidates, missing)


def _in_scope(diagnosis: Diagnosis, relevant: pd.DataFrame, scope: Scope, weight: float) -> pd.DataFrame:
    if relevant.empty:
        return relevant
    relation = relation_to(relevant, scope)
    causes = relevant.assign(relation=relation)[relation.notna()]
    neighbour = causes["relation"] == "neighbour"
    if neighbour.any():  # a neighbour's fault counts where the serving cell shows its effect
        shown = neighbour_effects(diagnosis, scope.cell, causes.loc[neighbour, "cell"])
        causes = causes[~neighbour | causes["cell"].isin(list(shown))]
    if causes.empty:
        return causes
    factor = causes["relation"].map(RELATION_WEIGHT) * np.where(causes["generic"].astype(bool), GENERIC_WEIGHT, 1.0)
    return causes.assign(rank_score=(causes["score"] * factor * weight).round(3), kind="data", via=scope.cell)


def _coverage_gap(complaint: Complaint, locator: CellLocator, candidates: pd.DataFrame) -> pd.DataFrame:
    """A spot that no cell pointing at it reaches is a coverage gap, whatever the counters say."""
    gap_cause = load_catalogue().causes["coverage_gap"]
    if complaint.spot is None or complaint.symptom not in gap_cause.symptoms:
        return pd.DataFrame()
    evidence = locator.beyond_coverage(complaint.spot, candidates)
    if evidence is None:
        return pd.DataFrame()
    stretch = evidence.get("distance_m", 0) / max(evidence.get("expected_radius_m", 1), 1)
    score = round(float(np.clip(0.5 + 0.25 * (stretch - 1.0), 0.5, 0.95)) if "distance_m" in evidence else 0.95, 3)
    cell = evidence.get("nearest_cell")
    entry = _entry(gap_cause, cell, "location", score, evidence)
    entry.update(rule=None, level="location", object=f"{complaint.spot.lat:.5f},{complaint.spot.lon:.5f}",
                 severity="medium", confidence="high" if score >= 0.75 else "medium", via=cell, relation="serving")
    return pd.DataFrame([entry])


def _out_of_area(diagnosis: Diagnosis, complaint: Complaint, outside: dict[str, object]) -> TriageResult:
    """No cell of the network reaches the spot: nothing in its data bears on the complaint, neither a
    coverage gap nor a normal network (formats.md: the verdict no_evidence, `missing` saying what)."""
    return TriageResult(complaint, _nowhere(complaint), "no_evidence", pd.DataFrame(columns=ENTRY_COLUMNS), {},
                        diagnosis.skipped, CellLocator.empty(), missing=[{"what": "coverage", **outside}])


def _nowhere(complaint: Complaint) -> Scope:
    """The scope of a spot that no cell serves: nothing but the gap itself."""
    return Scope(cell=None, bsc=None, lac=None, msc=None, site=None, neighbours=())


def baseline_for(diagnosis: Diagnosis, cell: str, symptom: str) -> dict[str, dict[str, float | None]]:
    """The serving cell's rates beside the network's: GPRS ones (TBF failure and congestion, PDCH
    usage, throughput, low coding schemes) for a GPRS complaint, the voice rates for the others."""
    if symptom in GPRS_SYMPTOMS:
        return window_values(diagnosis.dataset, cell, GPRS_BASELINE)
    return _baseline(diagnosis, cell)


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
    return pd.concat([pd.DataFrame(entries, columns=ENTRY_COLUMNS), _advice(complaint)], ignore_index=True)


def _advice(complaint: Complaint) -> pd.DataFrame:
    causes = load_catalogue().causes_for(complaint.symptom, detect="advice")
    return pd.DataFrame([_entry(cause, None, "advice", 0.0, {"check": cause.check}) for cause in causes], columns=ENTRY_COLUMNS)


ENTRY_COLUMNS = [
    "rule", "cause", "level", "object", "cell", "severity", "score", "confidence", "evidence", "title_zh", "title_en",
    "remedy_zh", "remedy_en", "kind", "relation", "rank_score", "via",
]


def _entry(cause, cell: str | None, kind: str, score: float, evidence: dict) -> dict[str, object]:
    return {
        "rule": None, "cause": cause.id, "level": "cell" if cell else None, "object": cell, "cell": cell,
        "severity": "low", "score": score, "confidence": "medium" if kind == "baseline" else "low",
        "evidence": evidence, "title_zh": cause.text["zh"], "title_en": cause.text["en"],
        "remedy_zh": cause.remedy["zh"], "remedy_en": cause.remedy["en"], "kind": kind, "relation": "serving" if cell else None,
        "rank_score": score, "via": cell,
    }
