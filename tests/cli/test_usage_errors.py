"""Bad options are one line on stderr with exit 2, and --help names what an option takes in words
(issue 15, item 17)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from netdiag.cli.app import app

runner = CliRunner()


@pytest.mark.parametrize(
    "args, expected",
    [
        (("triage", "--cell", "S0001A", "--lang", "fr"), "--lang: 'fr' is not one of 'zh', 'en'"),
        (("scan", "--format", "xml"), "--format: 'xml' is not one of"),
        (("triage", "--cell", "S0001A", "--top", "0"), "--top: must be greater than or equal to 1"),
        (("scan", "--workers", "many"), "--workers: must be a valid integer"),
        (("scan", "--bogus"), "No such option: --bogus"),
        (("nosuch",), "No such command 'nosuch'"),
    ],
)
def test_a_bad_option_is_one_line(args, expected):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("netdiag: error: ") and expected in lines[0]
    assert "Value error" not in lines[0] and "╭" not in result.output


def test_no_arguments_show_the_help():
    result = runner.invoke(app, [])
    assert "Usage: " in result.output and "triage" in result.output and "Error" not in result.output


@pytest.mark.parametrize("command", [[], ["triage"], ["scan"], ["suspects"], ["rules", "check"], ["data", "inspect"], ["sample"], ["import"], ["show"]])
def test_help_shows_no_python_types(command):
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert not re.search(r"<(bool|list\[[^\]]*\])>", result.output), result.output


def test_a_cell_named_in_another_case_is_that_cell(sample_dir):
    exact = runner.invoke(app, ["triage", str(sample_dir), "--cell", "S0122A", "--symptom", "call_drop", "--format", "json"])
    lower = runner.invoke(app, ["triage", str(sample_dir), "--cell", " s0122a", "--symptom", "call_drop", "--format", "json"])
    assert lower.exit_code == exact.exit_code == 0, lower.output
    assert lower.stdout == exact.stdout


def test_a_misspelt_symptom_id_gets_a_did_you_mean(sample_dir):
    result = runner.invoke(app, ["triage", str(sample_dir), "--cell", "S0122A", "--symptom", "cal_drop"])
    assert result.exit_code == 2
    assert "did you mean call_drop" in result.output
    zh = runner.invoke(app, ["triage", str(sample_dir), "--cell", "S0122A", "--symptom", "cal_drop", "--lang", "zh"])
    assert "是否要找 call_drop" in zh.output
