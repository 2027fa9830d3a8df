"""A triage whose cells have no statistics in the window read says `no_evidence` (with `missing`),
never `no_fault_found` without data behind it."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from netdiag import Complaint, diagnose, load_dataset, load_rules, triage
from netdiag.cli.app import app
from netdiag.dataset import around
from netdiag.sample import affected_cells

runner = CliRunner()


@pytest.fixture(scope="module")
def silent(tmp_path_factory, sample_dir, sample_truth):
    """The sample network with the statistics of one healthy cell removed, and that of another kept
    only for the night: (folder, the silent cell, the cell silent in the evening)."""
    folder = tmp_path_factory.mktemp("silent") / "network"
    shutil.copytree(sample_dir, folder)
    ds = load_dataset(sample_dir)
    touched = set().union(*affected_cells(sample_truth, ds["cells"], ds["neighbours"]).values())
    healthy = [c for c in ds["cells"]["cell"] if c not in touched]
    gone, night = healthy[0], healthy[1]
    kpi = pd.read_csv(folder / "cell_kpi.csv", dtype=str)
    hour = pd.to_datetime(kpi["start_time"]).dt.hour
    kpi = kpi[(kpi["cell"] != gone) & ~((kpi["cell"] == night) & (hour >= 6))]
    kpi.to_csv(folder / "cell_kpi.csv", index=False)
    return folder, gone, night


def test_a_cell_without_statistics_gets_no_evidence_and_says_what_was_missing(silent):
    folder, gone, _ = silent
    diagnosis = diagnose(load_dataset(folder), load_rules())
    result = triage(diagnosis, Complaint(cell=gone, symptom="call_drop"))
    assert result.verdict == "no_evidence"
    assert result.missing == [{"what": "statistics", "table": "cell_kpi", "cells": [gone], "covered": ["2026-11-20 00:00:00", "2026-11-21 00:00:00"]}]
    # no baseline judgement (normal_occasional_failure) without a baseline; the on-site checks only
    assert "normal_occasional_failure" not in set(result.causes["cause"]) and set(result.causes["kind"]) <= {"advice"}


def test_a_cell_silent_in_the_window_read_gets_no_evidence_and_one_with_data_no_fault_found(silent):
    folder, _, night = silent
    dataset = load_dataset(folder)
    evening = pd.Timestamp("2026-11-20 20:15")
    diagnosis = diagnose(around(dataset, evening), load_rules())
    assert triage(diagnosis, Complaint(cell=night, symptom="call_drop", time=evening)).verdict == "no_evidence"
    assert triage(diagnose(dataset, load_rules()), Complaint(cell=night, symptom="call_drop")).verdict == "no_fault_found"


def test_a_cause_found_elsewhere_still_makes_a_fault(sample_diagnosis, sample_truth):
    down = sample_truth.loc[(sample_truth["cause"] == "cell_out_of_service") & (sample_truth["role"] == "injected"), "cell"].iloc[0]
    result = triage(sample_diagnosis, Complaint(cell=down, symptom="no_coverage"))
    assert result.verdict == "fault_found" and result.missing == []


def test_the_json_contract_carries_verdict_and_missing(silent):
    folder, gone, _ = silent
    result = runner.invoke(app, ["triage", str(folder), "--cell", gone, "--symptom", "call_drop", "--format", "json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["verdict"] == "no_evidence" and doc["missing"][0]["cells"] == [gone]
    table = runner.invoke(app, ["triage", str(folder), "--cell", gone, "--symptom", "call_drop", "--lang", "zh"])
    assert "无数据可依" in table.stdout and "缺少: cell_kpi" in table.stdout
