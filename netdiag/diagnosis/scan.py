"""A scan: every finding in the network (or the store's days), for the NOC's nightly list."""

from __future__ import annotations

import dataclasses

from ..catalogue import load_catalogue
from .diagnose import Diagnosis
from .parallel import diagnose_forked
from .source import Inputs, Notes, ignore, skipped_notes


def scan(inputs: Inputs, on_note: Notes = ignore, jobs: int | None = None) -> Diagnosis:
    """Diagnose everything the inputs hold; rules that cannot run are told to `on_note`.

    `jobs`: processes sharing the work (diagnosis.parallel); None: 2 for a large network where a
    second core is usable and processes can be forked, else 1. The findings are the same."""
    dataset, ruleset = inputs.open(on_note)
    diagnosis = network_findings(diagnose_forked(dataset, ruleset, jobs=jobs))
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
