"""A rule that fails on the data is that rule's reported error; the other rules run (issue 15, item 9)."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from conftest import MINIMAL_RULE, write
from netdiag import diagnose, load_dataset, load_rules
from netdiag.cli.app import app
from netdiag.rules.loader import default_rules_dir

runner = CliRunner()

# `cell` is a text column: only the data shows it, so the rule compiles and fails when it runs.
FAILING = MINIMAL_RULE.replace("id: my_rule", "id: text_against_number").replace(
    "condition: paging_barred >= limit", "condition: cell < limit"
)


def rule_base(tmp_path):
    """The shipped rules and one that fails on any data."""
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder)
    write(folder / "text_against_number.yaml", FAILING)
    return folder


def test_a_failing_rule_is_listed_with_its_error_and_the_others_run(tmp_path, sample_dir, sample_diagnosis):
    diagnosis = diagnose(load_dataset(sample_dir), load_rules([rule_base(tmp_path)]))
    failed = [s for s in diagnosis.skipped if "error" in s]
    assert failed == [{"rule": "text_against_number", "cause": "paging_barred",
                       "file": str(tmp_path / "rules" / "text_against_number.yaml"),
                       "error": "cannot compare text with a number using '<' (column 8)"}]
    assert len(diagnosis.findings) == len(sample_diagnosis.findings)  # every other rule's findings


def test_scan_notes_the_failed_rule_and_lists_it_in_json(tmp_path, sample_dir):
    result = runner.invoke(app, ["scan", str(sample_dir), "--rules", str(rule_base(tmp_path)), "--format", "json", "--lang", "en"])
    assert result.exit_code == 1, result.output  # the sample's findings, as without the bad rule
    assert "internal error" not in result.stderr
    assert "note: rule text_against_number failed (" in result.stderr
    assert "cannot compare text with a number using '<'" in result.stderr
    document = json.loads(result.stdout)
    assert document["findings"]
    assert [s["rule"] for s in document["skipped_rules"] if "error" in s] == ["text_against_number"]


def test_triage_goes_on_past_a_failed_rule(tmp_path, sample_dir, sample_truth):
    cell = sample_truth.loc[sample_truth["cause"] == "trx_short_hold", "cell"].iloc[0]
    result = runner.invoke(app, ["triage", str(sample_dir), "--rules", str(rule_base(tmp_path)), "--cell", cell,
                                 "--symptom", "one_way_audio", "--format", "json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["causes"][0]["cause"] == "trx_short_hold"
    assert [s["rule"] for s in document["skipped_rules"] if "error" in s] == ["text_against_number"]


def test_rules_check_catches_what_used_to_fail_only_in_the_scan(tmp_path):
    folder = tmp_path / "rules"
    bad = {
        "types.yaml": MINIMAL_RULE.replace("paging_barred >= limit", "paging_barred >= limit and 'a' < 1"),
        "digits.yaml": MINIMAL_RULE.replace("paging_barred >= limit", "round(paging_barred, 100000000000000000000) >= limit"),
        "width.yaml": MINIMAL_RULE.replace('"paging {paging_barred}"', '"paging {paging_barred:>999999999999}"'),
    }
    for name, text in bad.items():
        write(folder / name, text.replace("id: my_rule", f"id: {name[:-5]}"))
    result = runner.invoke(app, ["rules", "check", str(folder)])
    assert result.exit_code == 1
    lines = sorted(result.stdout.splitlines())
    assert lines[0].startswith(f"{folder / 'digits.yaml'}:6: condition: round(x, n): n must be within ±15")
    assert lines[1].startswith(f"{folder / 'types.yaml'}:6: condition: cannot compare text with a number using '<'")
    assert lines[2].startswith(f"{folder / 'width.yaml'}:9: placeholder")
