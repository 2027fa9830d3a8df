"""A scan: every finding in the network (or the store's days), for the NOC's nightly list."""

from __future__ import annotations

from .diagnose import Diagnosis, diagnose
from .source import Inputs, Notes, ignore, skipped_notes


def scan(inputs: Inputs, on_note: Notes = ignore) -> Diagnosis:
    """Diagnose everything the inputs hold; rules that cannot run are told to `on_note`."""
    dataset, ruleset = inputs.open(on_note)
    diagnosis = diagnose(dataset, ruleset)
    for line in skipped_notes(diagnosis.skipped):
        on_note(line)
    return diagnosis
