"""Evidence as field staff read it: every shipped evidence name labelled in both languages with a
kind, values in plain form (percent, p-values in words, yes/no, units), raw names only for a user
rule's unknown evidence; the JSON keeps names and exact numbers; `rules explain` in Chinese."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import yaml
from typer.testing import CliRunner

from netdiag.cli.app import app
from netdiag.render.evidence import evidence_items, evidence_text, evidence_value
from netdiag.render.labels import EVIDENCE_KINDS, EVIDENCE_LABELS
from netdiag.render.rules import explain
from netdiag.rules.loader import default_rules_dir, load_rules

runner = CliRunner()
KINDS = {"percent", "pct", "p_value", "bool", "count", "number", "km", "m", "s", "dB", "dBm", "W", "Erl", "kB", "kbps",
         "deg", "text"}


def shipped_evidence() -> set[str]:
    names = set()
    for path in sorted(default_rules_dir().glob("*.yaml")):
        names.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("evidence") or [])
    return names


def test_every_evidence_name_of_the_shipped_rules_has_both_labels_and_a_kind():
    names = shipped_evidence()
    assert len(names) >= 100
    for name in sorted(names):
        assert EVIDENCE_LABELS["zh"].get(name), f"{name}: no Chinese label in netdiag/render/evidence.yaml"
        assert EVIDENCE_LABELS["en"].get(name), f"{name}: no English label in netdiag/render/evidence.yaml"
        assert EVIDENCE_KINDS.get(name) in KINDS, f"{name}: kind {EVIDENCE_KINDS.get(name)!r}"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in EVIDENCE_LABELS["zh"]["drop_rate"])


@pytest.mark.parametrize("name, value, zh, en", [
    ("drop_rate", 0.07251, "7.3 %", "7.3 %"),
    ("unavailable_share", 0.5, "50 %", "50 %"),
    ("bad_quality_good_level_pct", 37.5, "37.5 %", "37.5 %"),
    ("drop_p", 6.078e-84, "显著 (p < 0.001)", "significant (p < 0.001)"),
    ("drop_rate_p", 0.004, "显著 (p = 0.004)", "significant (p = 0.004)"),
    ("assign_fail_p", 0.31, "不显著 (p = 0.31)", "not significant (p = 0.31)"),
    ("vswr_active", 1.0, "是", "yes"),
    ("transmission_active", 0, "否", "no"),
    ("tch_seizures", 4956.0, "4,956", "4,956"),
    ("cochannel_km", 3.456, "3.46 km", "3.46 km"),
    ("mean_hold", 12.25, "12.2 s", "12.2 s"),
    ("unavailable_s", 43200.0, "43,200 s (12.0 h)", "43,200 s (12.0 h)"),
    ("rxlev_drop_db", 8.0, "8.0 dB", "8.0 dB"),
    ("rxlev_dl_avg", -85.25, "-85.2 dBm", "-85.2 dBm"),
    ("bcch_power_w", 35.0, "35.0 W", "35.0 W"),
    ("tch_traffic_erl", 12.345, "12.3 Erl", "12.3 Erl"),
    ("cochannel_arfcn", 62.0, "62", "62"),
    ("drop_rate", None, "–", "–"),
])
def test_values_read_in_plain_form(name, value, zh, en):
    assert evidence_value(name, value, "zh") == zh
    assert evidence_value(name, value, "en") == en


def test_a_user_rules_unknown_evidence_shows_under_its_own_name():
    items = evidence_items({"my_counter": 0.123456, "my_flag": "x", "drop_rate": 0.02}, "zh")
    assert items == [("my_counter", "0.1235", "my_counter"), ("my_flag", "x", "my_flag"), ("掉话率", "2.0 %", "drop_rate")]


def test_a_baseline_entry_reads_as_the_cell_beside_the_network():
    text = evidence_text({"drop_rate": {"cell": 0.00807, "network": 0.00588, "tch_drops": 40}}, "en")
    assert text == "drop rate: 0.81 % (network 0.59 %)"


def test_scan_table_and_csv_show_labels_and_plain_values_json_keeps_the_numbers(sample_dir):
    table = runner.invoke(app, ["scan", str(sample_dir), "--lang", "zh", "--format", "table"])
    assert table.exit_code in (0, 1), table.output
    assert "掉话率:" in flat(table.stdout) and "%" in table.stdout
    assert not re.search(r"\b[a-z_]+_(rate|p|active)=", table.stdout), "raw evidence names in the table"
    english = runner.invoke(app, ["scan", str(sample_dir), "--lang", "en", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(english.stdout)))
    evidence = " ".join(r["evidence"] for r in rows)
    assert "drop rate: " in evidence and "=" not in evidence and "e-" not in evidence
    document = json.loads(runner.invoke(app, ["scan", str(sample_dir), "--format", "json"]).stdout)
    raw = [f["evidence"] for f in document["findings"] if "drop_rate" in f["evidence"]]
    assert raw and all(isinstance(e["drop_rate"], float) and e["drop_rate"] < 1 for e in raw)


def test_triage_table_shows_evidence_in_the_chosen_language(sample_dir, sample_truth):
    fault = sample_truth[(sample_truth["cause"] == "trx_latent_fault") & (sample_truth["role"] == "injected")].iloc[0]
    for lang, word in (("zh", "掉话率: "), ("en", "drop rate: ")):
        result = runner.invoke(app, ["triage", str(sample_dir), "--cell", fault["cell"], "--symptom", "call_drop", "--lang", lang])
        assert result.exit_code in (0, 1), result.output
        text = flat(result.stdout)
        assert flat(word) in text
        assert "drop_p=" not in text and "drop_rate=" not in text
        assert flat("significant (p < 0.001)" if lang == "en" else "显著 (p < 0.001)") in text


def flat(text: str) -> str:
    """A table's text without spaces and borders: what a narrow terminal folds still reads whole."""
    return re.sub(r"[\s│┃|]+", "", text)


# a line of English prose: two English words in a row and no Chinese (which may quote a name)
ENGLISH = re.compile(r"[A-Za-z]{3,} [A-Za-z]{3,}")


def test_rules_explain_in_chinese_has_no_english_line():
    code_sections = {"条件", "得分"}  # expressions, written in the rule language
    for rule in load_rules().rules:
        section, offenders = None, []
        for line in explain(rule, "zh").splitlines()[1:]:
            if line and not line.startswith(" "):
                section = line.split(":")[0]
                continue
            if section in code_sections or section == "示例" or line.strip().startswith("文件"):
                continue
            if ENGLISH.search(line) and not re.search("[\u4e00-\u9fff]", line):  # Chinese may quote a parameter
                offenders.append(line)
        assert not offenders, f"{rule.id}: {offenders}"


def test_rules_explain_in_chinese_gives_the_parameters_and_the_check_in_chinese():
    rule = next(r for r in load_rules().rules if r.id == "high_drop_cell")
    text = explain(rule, "zh")
    assert "factor = 2.0" in text
    assert "掉话率至少为全网基线的倍数" in text
    assert "核查要点: 掉话率显著高于全网基线" in text
    assert "how many times the network baseline the drop rate must reach" in explain(rule, "en")
