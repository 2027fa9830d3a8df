"""End to end on the committed sample network: the injected faults are found, healthy cells stay quiet."""

from __future__ import annotations

import pandas as pd
import pytest

from netdiag import Complaint, load_catalogue, triage
from netdiag.sample import affected_cells

SYMPTOMS = list(load_catalogue().symptoms)


@pytest.fixture(scope="module")
def affected(sample_diagnosis, sample_truth):
    ds = sample_diagnosis.dataset
    return affected_cells(sample_truth, ds["cells"], ds["neighbours"])


def test_sample_has_the_core_faults(sample_truth):
    assert len(sample_truth) >= 11
    assert sample_truth["cause"].is_unique


def test_scan_finds_every_injected_fault_at_its_object(sample_diagnosis, sample_truth):
    findings = sample_diagnosis.findings
    missed = [
        (row.cause, row.object)
        for row in sample_truth.itertuples()
        if not ((findings["cause"] == row.cause) & (findings["object"] == row.object)).any()
    ]
    assert not missed, f"faults not found: {missed}"


def test_triage_puts_the_injected_cause_first(sample_diagnosis, sample_truth):
    wrong = []
    for row in sample_truth.itertuples():
        result = triage(sample_diagnosis, Complaint(cell=row.cell, symptom=row.symptom))
        top = result.causes.iloc[0]
        if result.verdict != "fault_found" or top["cause"] != row.cause or top["object"] != row.object:
            wrong.append((row.cause, row.cell, row.symptom, result.verdict, top["cause"], top["object"]))
    assert not wrong, f"triage top cause wrong: {wrong}"


def _unaffected_pairs(sample_diagnosis, sample_truth, affected):
    catalogue = load_catalogue()
    covered: set[tuple[str, str]] = set()
    for index, row in sample_truth.iterrows():
        for symptom in catalogue.causes[row["cause"]].symptoms:
            covered |= {(cell, symptom) for cell in affected[index]}
    cells = sample_diagnosis.dataset["cells"]["cell"].tolist()
    return [(cell, s) for cell in cells for s in SYMPTOMS if (cell, s) not in covered]


def test_complaints_on_healthy_cells_get_no_fault_found(sample_diagnosis, sample_truth, affected):
    pairs = _unaffected_pairs(sample_diagnosis, sample_truth, affected)
    assert len(pairs) > 1000  # the test must look at most of the network
    noisy = []
    for cell, symptom in pairs:
        result = triage(sample_diagnosis, Complaint(cell=cell, symptom=symptom))
        if result.verdict != "no_fault_found":
            noisy.append((cell, symptom, result.causes.iloc[0]["cause"], result.causes.iloc[0]["object"]))
    assert not noisy, f"{len(noisy)} healthy complaints got a fault, e.g. {noisy[:5]}"


def test_no_fault_verdict_carries_baseline_and_checks(sample_diagnosis, sample_truth, affected):
    cell, symptom = next(p for p in _unaffected_pairs(sample_diagnosis, sample_truth, affected) if p[1] == "call_setup")
    result = triage(sample_diagnosis, Complaint(cell=cell, symptom=symptom))
    assert result.verdict == "no_fault_found"
    causes = result.causes
    assert causes.iloc[0]["cause"] == "normal_occasional_failure"
    assert "subscriber_side" in set(causes["cause"])  # the advice cause of call_setup, as an on-site check
    drop = result.baseline["drop_rate"]
    assert drop["cell"] is not None and drop["network"] is not None


def test_scan_is_quiet_outside_the_injected_faults(sample_diagnosis, sample_truth, affected):
    findings = sample_diagnosis.findings
    fault_cells = set().union(*affected.values())
    fault_bscs = set(findings.loc[findings["object"].isin(sample_truth["object"]), "bsc"].dropna())
    fault_objects = set(sample_truth["object"])
    stray = []
    for row in findings.itertuples():
        if row.object in fault_objects:
            continue
        if row.level in ("cell", "trx", "adjacency") and row.cell in fault_cells:
            continue  # a side effect of a fault on the same cells (high drop rate beside interference)
        if row.level in ("circuit", "circuit_group", "bsc") and row.bsc in fault_bscs:
            continue
        stray.append((row.cause, row.object))
    assert not stray, f"findings on healthy objects: {stray}"


def test_more_calls_outrank_fewer_at_the_same_rate():
    """3 drops in 10 calls must not outrank 300 in 10,000 (binomial significance, not the bare rate)."""
    from netdiag.measures.stats import binomial_p

    small, large = binomial_p([3, 300], [10, 10_000], 0.01)
    assert large < small
    assert small > 1e-5  # too few calls to be conclusive at the high_drop_cell alpha


def test_rule_conditions_never_use_dataframe_eval_or_query(monkeypatch, sample_dir):
    from netdiag import diagnose, load_dataset, load_rules

    def refuse(*args, **kwargs):
        raise AssertionError("DataFrame.eval/query called")

    monkeypatch.setattr(pd.DataFrame, "eval", refuse)
    monkeypatch.setattr(pd.DataFrame, "query", refuse)
    assert not diagnose(load_dataset(sample_dir), load_rules()).findings.empty
