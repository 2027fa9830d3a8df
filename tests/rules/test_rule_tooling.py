"""`netdiag rules list|explain|check|test` through typer's runner, and the fixture runner itself."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from conftest import MINIMAL_RULE, write
from netdiag.cli.rules import rules_app
from netdiag.rules.loader import load_rule_file
from netdiag.rules.testing import run_case, run_rule_tests

runner = CliRunner()


def run(*args: str):
    return runner.invoke(rules_app, list(args))


RULE = MINIMAL_RULE + """\
tests:
  - name: fires on the barred cell
    tables:
      cells: |
        cell,paging_barred
        A,1
        B,0
    expect:
      - {object: A, severity: high}
"""

NEGATIVE = """\
  - name: quiet when nothing is barred
    tables:
      cells: |
        cell,paging_barred
        A,0
    expect: []
"""


# ---------------------------------------------------------------- list

def test_list_filters_by_symptom_as_json():
    result = run("list", "--symptom", "one_way_audio", "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    ids = {row["id"] for row in rows}
    assert {"a_interface_ts_fault", "bsc_crossed_wires", "trx_short_hold"} <= ids
    assert "paging_barred" not in ids and "sccp_call_loss" not in ids
    assert all("one_way_audio" in row["symptoms"] for row in rows)
    assert set(rows[0]) >= {"id", "cause", "level", "severity", "symptoms", "title"}


def test_list_filters_by_level_and_cause():
    rows = json.loads(run("list", "--level", "trx", "--format", "json").stdout)
    assert rows and {row["level"] for row in rows} == {"trx"} and "trx_short_hold" in {r["id"] for r in rows}
    rows = json.loads(run("list", "--cause", "paging_barred", "--format", "json").stdout)
    assert [row["id"] for row in rows] == ["paging_barred"]


def test_list_table_in_chinese_and_bad_filters():
    result = run("list", "--cause", "paging_barred", "--lang", "zh")
    assert result.exit_code == 0 and "paging_barred" in result.stdout and "小区Paging参数为Barred" in result.stdout
    result = run("list", "--symptom", "no_such_symptom")
    assert result.exit_code == 2 and result.stderr.startswith("netdiag: error: unknown symptom 'no_such_symptom'")
    assert run("list", "--level", "planet").exit_code == 2
    result = run("list", "--cause", "paging_bared")
    assert result.exit_code == 2 and result.stderr == "netdiag: error: unknown cause 'paging_bared'; did you mean paging_barred?\n"


def test_list_of_another_rule_folder(tmp_path):
    write(tmp_path / "rules" / "my_rule.yaml", RULE)
    rows = json.loads(run("list", "--rules", str(tmp_path / "rules"), "--format", "json").stdout)
    assert [row["id"] for row in rows] == ["my_rule"]


# ---------------------------------------------------------------- explain

def test_explain_in_english():
    result = run("explain", "a_interface_ts_fault", "--lang", "en")
    assert result.exit_code == 0, result.output
    text = result.stdout
    for expected in [
        "One A-interface circuit in the 018 report",  # description
        "faulty A-interface timeslot",  # the cause text
        "source: field notes §3(2)",  # the field-note source
        "needs tables  cells, a_circuits",
        "seizures >= min_seizures and mean_hold < max_hold",  # condition
        "min_seizures = 20 seizures",  # parameter default and unit
        "seizures of the circuit before its hold time is judged",  # parameter description
        "bsc_mean_hold: mean hold time over all circuits of the BSC, s",  # evidence column description
        "block the circuit on the MSC side",  # remedy
        "Example: one short timeslot among normal ones",
        "BSC1,1,1,30,150",
        "expect: BSC1/PCM1/TS1",
    ]:
        assert expected in text, expected


def test_explain_in_chinese():
    result = run("explain", "trx_short_hold", "--lang", "zh")
    assert result.exit_code == 0
    text = result.stdout
    for expected in ["检查内容", "依据", "条件", "参数", "证据", "处理建议", "处理故障载频板", "载频平均占用", "max_hold = 10 s"]:
        assert expected in text, expected
    assert "repair or replace the TRX" not in text


def test_explain_persistence_rule():
    text = run("explain", "gprs_bsc_congestion", "--lang", "en").stdout
    assert "at least 3 periods and in at least 0% of the periods seen" in text


def test_explain_stretch_rule():
    text = run("explain", "uplink_interference", "--lang", "en").stdout
    assert "each run of periods where `interference_share >= band45_share` holds (lulls up to 1 h bridged" in text
    text = run("explain", "coverage_degraded", "--lang", "zh").stdout
    assert "rxlev_dl_avg 下降最多的整点起" in text


def test_explain_what_shows_a_lasting_fault():
    text = run("explain", "transmission_flapping", "--lang", "en").stdout
    assert "also counts for a complaint whose hours around it show `transmission_alarms >= 1 or transmission_active >= 1`" in text
    assert "投诉前后时段内 `transmission_alarms >= 1" in run("explain", "transmission_flapping", "--lang", "zh").stdout


def test_explain_unknown_rule_suggests_close_ids():
    result = run("explain", "high_drop")
    assert result.exit_code == 2
    assert result.stderr == "netdiag: error: no rule 'high_drop'; did you mean high_drop_cell?\n"
    result = run("explain", "trx_short_hld")
    assert result.exit_code == 2 and "did you mean trx_short_hold" in result.stderr


# ---------------------------------------------------------------- check

def test_check_the_shipped_rule_base_is_clean():
    result = run("check")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


def test_check_a_rule_without_negative_case(tmp_path):
    path = write(tmp_path / "rules" / "my_rule.yaml", RULE)
    result = run("check", str(tmp_path / "rules"))
    assert result.exit_code == 1
    assert result.stdout == f"{path}:10: rule my_rule has no negative test case (expect: [])\n"
    write(path, RULE + NEGATIVE)
    result = run("check", str(tmp_path / "rules"))
    assert result.exit_code == 0, result.stdout
    assert "1 rules checked, no problems" in result.stderr


def test_check_a_rule_without_tests(tmp_path):
    path = write(tmp_path / "my_rule.yaml", RULE[: RULE.index("tests:")])
    lines = run("check", str(path)).stdout.splitlines()
    assert lines == [
        f"{path}:1: rule my_rule has no positive test case (one whose expect: lists a finding)",
        f"{path}:1: rule my_rule has no negative test case (expect: [])",
    ]


def test_check_reports_every_broken_file_and_duplicate_ids(tmp_path):
    folder = tmp_path / "rules"
    write(folder / "a.yaml", RULE + NEGATIVE)
    write(folder / "b.yaml", RULE + NEGATIVE)  # the same id again
    write(folder / "c.yaml", (RULE + NEGATIVE).replace("id: my_rule", "id: other").replace("severity: high\n", "severity: hihg\n"))
    write(folder / "d.yaml", (RULE + NEGATIVE).replace("id: my_rule", "id: third").replace("paging_barred >= limit", "paging_bared >= limit"))
    result = run("check", str(folder))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3, result.stdout
    assert lines[0] == f"{folder / 'b.yaml'}:1: rule id 'my_rule' is already defined in {folder / 'a.yaml'}"
    assert lines[1] == f"{folder / 'c.yaml'}:7: severity: Input should be 'low', 'medium', 'high' or 'critical'"
    assert lines[2].startswith(f"{folder / 'd.yaml'}:6: condition: unknown name 'paging_bared'")


def test_check_coverage_lists_data_causes_without_rule(tmp_path):
    write(tmp_path / "rules" / "my_rule.yaml", RULE + NEGATIVE)
    result = run("check", str(tmp_path / "rules"), "--coverage")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(re.search(r"causes\.yaml:\d+: data cause 'high_drop_cell' has no rule$", line) for line in lines)
    assert not any("'paging_barred'" in line for line in lines)  # my_rule reports that one
    assert not any("'subscriber_side'" in line for line in lines)  # an advice cause needs no rule


def test_check_missing_path_is_a_usage_error(tmp_path):
    result = run("check", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert result.stderr == f"netdiag: error: {tmp_path / 'nowhere'}: no such rule file or folder\n"


# ---------------------------------------------------------------- test

def test_test_command_passes_on_the_shipped_base():
    result = run("test")
    assert result.exit_code == 0, result.stdout
    assert re.fullmatch(r"\d+ passed, 0 failed\n", result.stdout)


def test_test_command_reports_a_broken_case(tmp_path):
    broken = NEGATIVE.replace("quiet when nothing is barred", "wrongly expects B").replace("expect: []", "expect: [{object: B}]")
    path = write(tmp_path / "my_rule.yaml", RULE + broken)
    result = run("test", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"FAIL {path}:19: my_rule/wrongly expects B: expected [B], got [] (nothing) (missing B)",
        "1 passed, 1 failed",
    ]


def test_test_command_one_rule(tmp_path):
    result = run("test", "--rule", "paging_barred", "-v")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "2 passed, 0 failed"
    assert result.stdout.startswith("ok   ")
    result = run("test", "--rule", "paging_bared")
    assert result.exit_code == 2 and "did you mean paging_barred" in result.stderr


# ---------------------------------------------------------------- the fixture runner

def _rule(tmp_path, text: str):
    return load_rule_file(write(tmp_path / "r.yaml", text))


def test_a_case_missing_a_required_table_fails_clearly(tmp_path):
    rule = _rule(tmp_path, RULE.replace("level: cell\n", "level: cell\nrequires: [cell_kpi]\n"))
    result = run_case(rule, 0)
    assert not result.passed
    assert result.message == "the rule needs table cell_kpi; the case gives cells"
    assert result.location == f"{tmp_path / 'r.yaml'}:12"


def test_a_bad_fixture_value_names_its_line(tmp_path):
    rule = _rule(tmp_path, RULE.replace("B,0", "B,maybe"))
    result = run_case(rule, 0)
    assert not result.passed
    assert result.message == f"{tmp_path / 'r.yaml'}:16: column paging_barred: cannot read 'maybe' as a flag"


def test_an_unknown_fixture_column_is_refused(tmp_path):
    rule = _rule(tmp_path, RULE.replace("cell,paging_barred", "cell,paging_bared"))
    result = run_case(rule, 0)
    assert not result.passed
    assert result.message.startswith(f"{tmp_path / 'r.yaml'}:14: tests[0] (fires on the barred cell) table cells: unknown column 'paging_bared'")
    assert result.message.endswith("did you mean paging_barred?")


def test_tables_as_lists_of_mappings_and_parameters(tmp_path):
    text = RULE + """\
  - name: a list of rows, and a higher limit
    parameters: {limit: 2}
    tables:
      cells:
        - {cell: A, paging_barred: true}
        - {cell: B, paging_barred: false}
    expect: []
  - name: a bad value in a list of rows
    tables:
      cells:
        - {cell: A, paging_barred: true}
        - {cell: B, paging_barred: sometimes}
    expect: []
"""
    results = run_rule_tests([_rule(tmp_path, text)])
    assert [r.passed for r in results] == [True, True, False]
    assert results[2].message == f"{tmp_path / 'r.yaml'}:30: column paging_barred: cannot read 'sometimes' as a flag"


def test_counter_tables_may_leave_out_start_time(tmp_path):
    text = RULE.replace("level: cell\n", "level: cell\nrequires: [cell_kpi]\n").replace(
        "        B,0\n", "        B,0\n      cell_kpi: |\n        cell,tch_seizures\n        A,10\n"
    )
    assert run_case(_rule(tmp_path, text), 0).passed


def test_severity_and_confidence_are_compared(tmp_path):
    rule = _rule(tmp_path, RULE.replace("{object: A, severity: high}", "{object: A, severity: low, confidence: high}"))
    result = run_case(rule, 0)
    assert not result.passed
    assert result.message == "expected [A], got [A] (A: severity expected low, got high)"


def test_an_extra_finding_fails_the_case(tmp_path):
    rule = _rule(tmp_path, RULE.replace("B,0", "B,1"))
    result = run_case(rule, 0)
    assert not result.passed and result.message == "expected [A], got [A, B] (unexpected B)"


@pytest.mark.parametrize("index", [0, 1])
def test_results_carry_rule_case_and_location(tmp_path, index):
    rule = _rule(tmp_path, RULE + NEGATIVE)
    result = run_case(rule, index)
    assert result.passed and result.rule == "my_rule"
    assert result.case == rule.rule.tests[index].name
    assert result.location == f"{tmp_path / 'r.yaml'}:{[11, 19][index]}"
