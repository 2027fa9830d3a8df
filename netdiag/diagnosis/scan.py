"""A scan: every finding in the network (or the store's days), for the NOC's nightly list."""

from __future__ import annotations

import dataclasses

from ..catalogue import load_catalogue
from .diagnose import Diagnosis, diagnose
from .source import Inputs, Notes, ignore, skipped_notes


def scan(inputs: Inputs, on_note: Notes = ignore) -> Diagnosis:
    """Diagnose everything the inputs hold; rules that cannot run are told to `on_note`."""
    dataset, ruleset = inputs.open(on_note)
    diagnosis = network_findings(diagnose(dataset, ruleset))
    for line in skipped_notes(diagnosis.skipped):
        on_note(line)
    return diagnosis


def network_findings(diagnosis: Diagnosis) -> Diagnosis:
    """The diagnosis without the findings of causes that are no network finding (`scan: false` in
    causes.yaml: checks for a complaint whose counters are normal, such as a repeater's uplink).
    Triage keeps them; scan and suspects leave them out."""
    checks = {c.id for c in load_catalogue().causes.values() if not c.scan}
    findings = diagnosis.findings
    if findings.empty or not findings["cause"].isin(checks).any():
        return diagnosis
    return dataclasses.replace(diagnosis, findings=findings[~findings["cause"].isin(checks)].reset_index(drop=True))
