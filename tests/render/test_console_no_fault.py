"""A no-fault verdict on a terminal: the headline, the cell's rates against the network baseline and
the on-site checks (what the JSON carries), in the chosen language; never the headline alone."""

from __future__ import annotations

import json
import re

import pytest
from conftest import healthy_cell
from typer.testing import CliRunner

from netdiag.cli.app import app

runner = CliRunner()


@pytest.mark.parametrize("symptom, lang, words", [
    ("gprs_slow", "en", ["against the network baseline", "TBF establishment failure", "downlink throughput", "kbit/s",
                         "on-site checks"]),
    ("gprs_slow", "zh", ["与全网基线对比", "TBF建立失败率", "下行吞吐率", "现场核查"]),
    ("call_drop", "en", ["against the network baseline", "drop rate", "TCH seizures", "see the baseline comparison above"]),
    ("call_drop", "zh", ["与全网基线对比", "掉话率", "TCH占用次数", "见上方与全网基线的对比"]),
    ("call_setup", "zh", ["与全网基线对比", "SDCCH拥塞率", "现场核查", "subscriber_side"]),
])
def test_no_fault_prints_the_baseline_and_the_checks(sample_dir, sample_diagnosis, symptom, lang, words):
    cell = healthy_cell(sample_diagnosis, symptom)
    args = ["triage", str(sample_dir), "--cell", cell, "--symptom", symptom, "--lang", lang]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) > 5, result.stdout
    text = re.sub(r"[\s│┃|]+", "", result.stdout)  # what a narrow terminal folds still reads whole
    for word in words:
        assert re.sub(r"\s+", "", word) in text, (word, result.stdout)
    assert "tbf_fail_rate" not in result.stdout and "drop_rate=" not in result.stdout
    document = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    assert document["verdict"] == "no_fault_found" and document["baseline"]
    rate = next(iter(document["baseline"]))
    assert isinstance(document["baseline"][rate]["cell"], float)  # the JSON keeps the exact numbers
