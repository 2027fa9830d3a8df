"""End to end on the committed sample network: the injected faults are found, healthy cells stay quiet."""

from __future__ import annotations

import pandas as pd
import pytest

from netdiag import Complaint, load_catalogue, triage
from netdiag.sample.accuracy import evaluate


@pytest.fixture(scope="module")
def evaluation(sample_diagnosis, sample_truth):
    return evaluate(sample_diagnosis, sample_truth)


def test_sample_injects_every_data_cause(sample_truth):
    injected = sample_truth[sample_truth["role"] == "injected"] if "role" in sample_truth else sample_truth
    data_causes = {c.id for c in load_catalogue().causes.values() if c.detect == "data"}
    assert set(injected["cause"]) == data_causes
    assert injected["cause"].is_unique


def test_scan_finds_every_injected_fault_at_its_object(evaluation):
    network = evaluation.faults["cause"].map(lambda c: load_catalogue().causes[c].scan)
    missed = evaluation.faults[network & ~evaluation.faults["in_scan"]]
    assert missed.empty, f"faults not found by scan: {missed[['cause', 'object']].values.tolist()}"
    checks = evaluation.faults[~network]
    assert set(checks["cause"]) == {"repeater_rx_off"} and not checks["in_scan"].any()  # scan: false, triage only


def test_triage_puts_the_injected_cause_first(evaluation):
    wrong = evaluation.faults[evaluation.faults["rank"] != 1]
    assert wrong.empty, f"triage top cause wrong: {wrong[['cause', 'object', 'cell', 'rank']].values.tolist()}"


def test_complaints_on_healthy_cells_get_no_fault_found(evaluation):
    healthy = evaluation.healthy
    assert len(healthy) > 1000  # the test must look at most of the network
    noisy = healthy[healthy["verdict"] != "no_fault_found"]
    assert noisy.empty, f"{len(noisy)} healthy complaints got a fault, e.g. {noisy.head().values.tolist()}"


def test_scan_is_quiet_outside_the_injected_faults(evaluation):
    assert evaluation.stray.empty, f"findings on healthy objects: {evaluation.stray.values.tolist()}"


def test_no_fault_verdict_carries_baseline_and_checks(sample_diagnosis, evaluation):
    healthy = evaluation.healthy
    cell = healthy.loc[healthy["symptom"] == "call_setup", "cell"].iloc[0]
    result = triage(sample_diagnosis, Complaint(cell=cell, symptom="call_setup"))
    assert result.verdict == "no_fault_found"
    causes = result.causes
    assert causes.iloc[0]["cause"] == "normal_occasional_failure"
    assert "subscriber_side" in set(causes["cause"])  # the advice cause of call_setup, as an on-site check
    drop = result.baseline["drop_rate"]
    assert drop["cell"] is not None and drop["network"] is not None


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
