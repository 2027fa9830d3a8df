"""What changed since the last scan: each finding `new` or `persisting`, and the findings `cleared`.

A finding is the same one when its cause and object are (formats.md). The previous scan is a JSON
document an earlier `netdiag scan --format json` wrote (the cheapest: a NOC keeps each night's), or,
for a history store, the scan of the same number of days ending on an earlier day.

    changes = scan_changes(inputs, since="scans/2026-11-19.json")    # or since="2026-11-19" with a store
    changes.diagnosis.findings.assign(status=changes.status)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from ..errors import DataError, UsageError
from .diagnose import Diagnosis
from .scan import scan
from .source import Inputs, Notes, ignore

NEW, PERSISTING = "new", "persisting"
MAX_PREVIOUS_BYTES = 512 * 1024**2


@dataclass
class ScanChanges:
    """A scan beside the previous one."""

    diagnosis: Diagnosis
    status: pd.Series  # "new" | "persisting", aligned with diagnosis.findings
    cleared: list[dict[str, object]]  # the previous findings gone, as the previous scan wrote them
    since: str  # what the previous scan was (a file, or a store's days)

    def new(self) -> pd.DataFrame:
        return self.diagnosis.findings[(self.status == NEW).to_numpy()]


def previous_findings(path: Path) -> list[dict[str, object]]:
    """The findings of a scan's JSON document (netdiag scan --format json)."""
    try:
        if path.stat().st_size > MAX_PREVIOUS_BYTES:
            raise DataError(f"{path}: larger than {MAX_PREVIOUS_BYTES >> 20} MiB: not a scan's JSON")
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise DataError(f"{path}: cannot read ({error.strerror})") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataError(f"{path}: not a scan's JSON ({error})") from error
    findings = document.get("findings") if isinstance(document, dict) else None
    if not isinstance(findings, list) or not all(isinstance(f, dict) and "cause" in f and "object" in f for f in findings):
        raise DataError(f"{path}: not a scan's JSON (no findings with cause and object)")
    return findings


def compare(diagnosis: Diagnosis, previous: list[dict[str, object]], since: str) -> ScanChanges:
    """Each current finding new or persisting; the previous ones gone, cleared."""
    findings = diagnosis.findings
    before = {(str(f["cause"]), str(f["object"])) for f in previous}
    now = list(zip(findings["cause"].astype(str), findings["object"].astype(str))) if not findings.empty else []
    status = pd.Series([PERSISTING if key in before else NEW for key in now], index=findings.index, dtype=object)
    current = set(now)
    cleared = [f for f in previous if (str(f["cause"]), str(f["object"])) not in current]
    return ScanChanges(diagnosis, status, cleared, since)


def scan_changes(inputs: Inputs, since: str | Path, on_note: Notes = ignore, jobs: int | None = None) -> ScanChanges:
    """`netdiag scan --since PREVIOUS`: PREVIOUS is a scan's JSON file, or (with a store) a day;
    `jobs` as for `scan`."""
    path = Path(since)
    if path.is_file():
        previous = previous_findings(path)  # (read first: a wrong file stops before the scan)
        return compare(scan(inputs, on_note, jobs), previous, str(path))
    day = _day(str(since))
    if day is None:
        raise UsageError(f"--since {since}: neither a scan's JSON file nor a day (YYYY-MM-DD)")
    if inputs.store is None:
        raise UsageError(f"--since {since}: a day compares scans of a history store: give --store, or a scan's JSON file")
    current = scan(inputs, on_note, jobs)
    earlier = Inputs(store=inputs.store, days=inputs.days, until=day, encoding=inputs.encoding, rules=inputs.rules,
                     profile=inputs.profile)
    previous = _as_records(scan(earlier, ignore, jobs))
    return compare(current, previous, f"{inputs.store} until {day}")


def _as_records(diagnosis: Diagnosis) -> list[dict[str, object]]:
    findings = diagnosis.findings
    columns = ["cell", "bsc", "object", "cause", "rule", "severity", "score", "evidence"]
    return findings[columns].astype(object).where(findings[columns].notna(), None).to_dict("records") if not findings.empty else []


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
