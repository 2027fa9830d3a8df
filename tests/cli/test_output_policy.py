"""formats.md's output-file policy, for every command that writes a file: the format from the suffix, an
unknown suffix refused, nothing written inside the data folder or store (issue 15, item 13)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from netdiag.cli.app import app

runner = CliRunner()
COMPLAINT = ("--cell", "S0001A", "--symptom", "call_drop")


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize("command", [("triage", *COMPLAINT), ("scan",), ("suspects",)])
def test_an_unknown_suffix_is_refused_and_nothing_is_written(sample_dir, tmp_path, command):
    target = tmp_path / "out.doc"
    result = run(command[0], sample_dir, *command[1:], "-o", target)
    assert result.exit_code == 2, result.output
    assert "cannot tell the format" in result.output and "Traceback" not in result.output
    assert not target.exists()


def test_triage_refuses_a_map_format_it_cannot_write(sample_dir, tmp_path):
    target = tmp_path / "out.kml"
    result = run("triage", sample_dir, *COMPLAINT, "-o", target)
    assert result.exit_code == 2 and not target.exists()
    assert "triage writes json, html or txt" in result.output


@pytest.mark.parametrize("command", [("triage", *COMPLAINT), ("scan",), ("suspects",)])
def test_nothing_is_written_inside_the_data_folder(sample_dir, command):
    before = sorted(p.name for p in sample_dir.iterdir())
    result = run(command[0], sample_dir, *command[1:], "-o", sample_dir / "x.json")
    assert result.exit_code == 2, result.output
    assert "inside the data folder" in result.output
    assert sorted(p.name for p in sample_dir.iterdir()) == before


def test_triage_to_a_text_file_keeps_the_table(sample_dir, tmp_path):
    target = tmp_path / "ticket.txt"
    assert run("triage", sample_dir, *COMPLAINT, "-o", target).exit_code == 0
    assert "S0001A" in target.read_text(encoding="utf-8")


def test_the_samples_answer_key_is_no_note_on_every_command(sample_dir):
    """truth.csv is netdiag sample's answer key: listed by data inspect, never a "skipped" note (issue 15, item 18)."""
    result = runner.invoke(app, ["scan", str(sample_dir), "--format", "json"])
    assert "truth.csv" not in result.stderr
    inspected = runner.invoke(app, ["data", "inspect", str(sample_dir), "--lang", "zh"])
    assert "truth.csv" in inspected.stdout and "答案" in inspected.stdout


def test_the_monthly_case_report_as_an_html_page(tmp_path):
    """`netdiag cases report -o report.html`: the desk's month drawn by the HTML renderer (issue 18, item 2)."""
    from pathlib import Path

    desk = Path(__file__).resolve().parents[2] / "samples" / "desk"
    db = tmp_path / "cases.db"
    assert runner.invoke(app, ["cases", "import", str(desk / "tickets-2026-11.csv"), "--db", str(db)]).exit_code == 0
    page = tmp_path / "report.html"
    result = runner.invoke(app, ["cases", "report", "--month", "2026-11", "--subscribers", str(desk / "subscribers.csv"),
                                 "--db", str(db), "-o", str(page), "--lang", "en"])
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Monthly complaint report" in text and "2026-11" in text
