"""scan --since: each finding new or persisting against a previous scan, the ones gone cleared."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from netdiag.cli.app import app
from netdiag.diagnosis.changes import compare, previous_findings
from netdiag.errors import DataError
from netdiag.render.documents import scan_document

runner = CliRunner()


@pytest.fixture(scope="module")
def last_night(tmp_path_factory, sample_diagnosis):
    """Last night's scan as the NOC kept it, less its two worst findings, plus one since repaired."""
    from netdiag.diagnosis.scan import network_findings

    doc = scan_document(network_findings(sample_diagnosis), "en")  # as netdiag scan wrote it
    doc["findings"] = doc["findings"][2:] + [{"cause": "vswr_alarm", "object": "S9999A", "severity": "high"}]
    path = tmp_path_factory.mktemp("scans") / "2026-11-19.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_findings_new_persisting_and_cleared(sample_diagnosis, last_night):
    from netdiag.diagnosis.scan import network_findings

    scanned = network_findings(sample_diagnosis)
    changes = compare(scanned, previous_findings(last_night), str(last_night))
    findings = scanned.findings
    assert list(changes.status[:2]) == ["new", "new"] and set(changes.status[2:]) == {"persisting"}
    assert changes.new()["object"].tolist() == findings["object"].head(2).tolist()
    assert changes.cleared == [{"cause": "vswr_alarm", "object": "S9999A", "severity": "high"}]


def test_a_finding_is_the_same_by_cause_and_object(sample_diagnosis):
    first = sample_diagnosis.findings.iloc[0]
    other_cause = [{"cause": "paging_barred", "object": first["object"]}]
    changes = compare(sample_diagnosis, other_cause, "x")
    assert changes.status.iloc[0] == "new" and changes.cleared == other_cause


def test_cli_since_a_file_and_fail_on_new(sample_dir, last_night):
    result = runner.invoke(app, ["scan", str(sample_dir), "--since", str(last_night), "--format", "json", "--fail-on-new", "critical"])
    doc = json.loads(result.stdout)
    assert doc["since"] == str(last_night) and doc["summary"]["new"] == 2 and doc["summary"]["cleared"] == 1
    assert [f["status"] for f in doc["findings"][:3]] == ["new", "new", "persisting"]
    new_severities = {f["severity"] for f in doc["findings"] if f["status"] == "new"}
    assert result.exit_code == (1 if "critical" in new_severities else 0)
    # nothing new at all: exit 0 even with critical findings persisting
    again = runner.invoke(app, ["scan", str(sample_dir), "--format", "json"])
    same = last_night.with_name("same.json")
    same.write_text(again.stdout, encoding="utf-8")
    quiet = runner.invoke(app, ["scan", str(sample_dir), "--since", str(same), "--fail-on-new", "low", "--format", "csv"])
    assert quiet.exit_code == 0 and quiet.stdout.splitlines()[0].startswith("status,severity,")
    assert {line.split(",")[0] for line in quiet.stdout.splitlines()[1:]} == {"persisting"}


def test_cli_since_refuses_what_it_cannot_compare(sample_dir, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"nothing": 1}', encoding="utf-8")
    for args, message in [
        (["--since", str(bad)], "not a scan's JSON"),
        (["--since", "2026-11-19"], "give --store"),
        (["--since", "yesterday-ish"], "neither a scan's JSON file nor a day"),
        (["--fail-on-new", "high"], "give --since"),
    ]:
        result = runner.invoke(app, ["scan", str(sample_dir), *args])
        assert result.exit_code == 2 and message in result.stderr, (args, result.stderr)
        assert result.stderr.count("\n") <= 3  # one line (and the data notes)


def test_previous_findings_refuses_foreign_json(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(DataError, match="not a scan's JSON"):
        previous_findings(path)
