"""The command line through typer's runner: formats, exit codes, errors as one line."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from typer.testing import CliRunner

from conftest import write
from netdiag.cli.app import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def fault(sample_truth):
    return sample_truth.set_index("cause").loc["trx_short_hold"]


def test_triage_json_contract(sample_dir, fault):
    result = run("triage", str(sample_dir), "--cell", fault["cell"], "--symptom", fault["symptom"], "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["verdict"] == "fault_found"
    assert doc["complaint"] == {"cell": fault["cell"], "symptom": fault["symptom"]}
    first = doc["causes"][0]
    assert {"cause", "rule", "cell", "object", "score", "confidence", "evidence", "remedy"} <= set(first)
    assert first["cause"] == "trx_short_hold" and first["object"] == fault["object"]
    assert 0 <= first["score"] <= 1 and first["confidence"] in {"high", "medium", "low"}
    assert first["remedy"] == "repair or replace the TRX"
    scores = [c["score"] for c in doc["causes"]]
    assert scores == sorted(scores, reverse=True)
    # the symptom's advice causes follow as on-site checks
    assert {c["cause"] for c in doc["causes"] if c["kind"] == "advice"} == {"msc_crossed_wires", "inter_network_path"}


def test_triage_in_chinese(sample_dir, fault):
    result = run("triage", str(sample_dir), "--cell", fault["cell"], "--symptom", fault["symptom"], "--format", "json", "--lang", "zh")
    assert json.loads(result.stdout)["causes"][0]["remedy"] == "处理故障载频板"


def test_triage_table_shows_the_cause(sample_dir, fault):
    result = run("triage", str(sample_dir), "--cell", fault["cell"], "--symptom", fault["symptom"], "--lang", "en")
    assert result.exit_code == 0
    assert "trx_short_hold" in result.stdout and fault["object"] in result.stdout


def test_scan_json_and_exit_code(sample_dir, sample_truth):
    result = run("scan", str(sample_dir), "--format", "json")
    assert result.exit_code == 1  # the sample has high and critical findings
    doc = json.loads(result.stdout)
    objects = {(f["cause"], f["object"]) for f in doc["findings"]}
    network = sample_truth[sample_truth["cause"] != "repeater_rx_off"]  # scan: false, a check for triage only
    assert {(r.cause, r.object) for r in network.itertuples()} <= objects
    assert "repeater_rx_off" not in {f["cause"] for f in doc["findings"]}
    first = doc["findings"][0]
    assert {"cell", "bsc", "object", "cause", "rule", "symptoms", "severity", "score", "evidence"} <= set(first)
    circuit = next(f for f in doc["findings"] if f["cause"] == "a_interface_ts_fault")
    assert circuit["cell"] is None and circuit["bsc"]


def test_scan_fail_on_critical_only(sample_dir):
    # cell_out_of_service is the only critical rule of the sample's faults
    assert run("scan", str(sample_dir), "--format", "json", "--fail-on", "critical").exit_code == 1


def test_scan_exit_zero_when_nothing_reaches_fail_on(tmp_path, sample_dir):
    shutil.copy(sample_dir / "cells.csv", tmp_path / "cells.csv")  # paging_barred there: a high finding
    result = run("scan", str(tmp_path), "--format", "json", "--fail-on", "critical")
    assert result.exit_code == 0
    assert "skipped" in result.stderr  # rules needing absent tables say so


def test_scan_csv_opens_as_a_table(sample_dir):
    result = run("scan", str(sample_dir), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {"severity", "cause", "object", "evidence", "remedy"} <= set(rows[0])


def test_unknown_cell_is_a_one_line_error(sample_dir):
    result = run("triage", str(sample_dir), "--cell", "NOPE", "--symptom", "call_drop")
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("netdiag: error:")]
    assert len(errors) == 1 and "unknown cell 'NOPE'" in errors[0]
    assert result.stderr.rstrip().endswith(errors[0])  # the error line is whole, not wrapped
    assert "Traceback" not in result.output


def test_unknown_symptom(sample_dir, fault):
    result = run("triage", str(sample_dir), "--cell", fault["cell"], "--symptom", "bad_luck", "--lang", "en")
    assert result.exit_code == 2 and 'symptom "bad_luck" matches no known symptom; choose one of:' in result.stderr


def test_bad_data_names_file_line_and_column(tmp_path, sample_dir):
    shutil.copy(sample_dir / "cells.csv", tmp_path / "cells.csv")
    write(tmp_path / "cell_kpi.csv", "start_time,cell,tch_seizures\n2026-11-20 00:00,S0001A,many\n")
    result = run("scan", str(tmp_path))
    assert result.exit_code == 2
    assert "cell_kpi.csv:2: column tch_seizures: cannot read 'many'" in result.stderr
    assert "Traceback" not in result.output


def test_bad_rule_file_is_exit_two(tmp_path, sample_dir):
    rule = write(tmp_path / "bad.yaml", "id: x\ncause: paging_barred\nlevel: cell\nwhen: 1\n")
    result = run("scan", str(sample_dir), "--rules", str(rule))
    assert result.exit_code == 2 and f"{rule}:4: when: unknown key" in result.stderr


def test_inputs_are_never_modified(sample_dir):
    before = {p.name: p.read_bytes() for p in sample_dir.iterdir()}
    run("scan", str(sample_dir), "--format", "json")
    assert before == {p.name: p.read_bytes() for p in sample_dir.iterdir()}


def test_the_command_ends_with_its_exit_code_and_all_its_output(sample_dir, tmp_path):
    """main() leaves without the interpreter's teardown: the output must still be whole, the exit
    codes those of the commands, and a message passed to sys.exit still printed."""
    import subprocess
    import sys

    def netdiag(*args):
        return subprocess.run([sys.executable, "-m", "netdiag.cli", *args], capture_output=True, text=True, timeout=120)

    scan = netdiag("scan", str(sample_dir), "--format", "json")
    assert scan.returncode == 1  # findings at or above --fail-on
    assert len(json.loads(scan.stdout)["findings"]) > 30
    bad = netdiag("scan", str(tmp_path / "nowhere"))
    assert bad.returncode == 2 and bad.stdout == "" and bad.stderr.count("\n") == 1 and "nowhere" in bad.stderr
    assert netdiag("--help").returncode == 0


def test_scan_begins_reading_a_folder_before_its_imports_and_never_a_store(sample_dir, tmp_path, monkeypatch):
    import netdiag.io.folder as folder
    from netdiag.cli.common import begin_reading

    begun = []
    monkeypatch.setattr(folder, "read_soon", lambda root, encoding=None: begun.append((root, encoding)))
    result = run("scan", str(sample_dir), "--format", "json")
    assert result.exit_code in (0, 1) and begun == [(sample_dir, None)]
    (tmp_path / "manifest.json").write_text("{}")  # a history store
    begin_reading(tmp_path, None, None)
    begin_reading(None, tmp_path, None)
    begin_reading(sample_dir, tmp_path, "gbk")  # (--store given: the data argument is not read)
    assert begun == [(sample_dir, None)]
