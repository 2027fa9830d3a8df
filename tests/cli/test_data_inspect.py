"""`netdiag data inspect` explains every file it saw, the unusable ones included, even when no cells
table was found, and exits 2 only after listing them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from netdiag.cli.app import app

runner = CliRunner()
TESTS = Path(__file__).resolve().parents[1]
M2000 = TESTS / "io" / "m2000"
PM = TESTS / "io" / "pm_xml"


def run(*args: str):
    return runner.invoke(app, list(args))


def no_cells_folder(tmp_path: Path) -> Path:
    """The issue's case: statistics only, XML and vendor CSV, no configuration."""
    root = tmp_path / "exports"
    root.mkdir()
    for name in ("pmresult_1275071424_60_202611201400_202611201600.csv", "pmresult_sgsn_process_60_202611201400.csv"):
        shutil.copy(M2000 / name, root / name)
    for name in ("spec_32435_list.xml", "bulk_cm.xml", "malformed.xml"):
        shutil.copy(PM / name, root / name)
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")
    return root


def test_without_a_cells_table_every_file_is_listed_then_exit_2(tmp_path):
    result = run("data", "inspect", str(no_cells_folder(tmp_path)), "--format", "json", "--lang", "en")
    assert result.exit_code == 2 and "Traceback" not in result.output
    doc = json.loads(result.stdout)
    read = {f["file"]: f for f in doc["files"]}
    assert read["spec_32435_list.xml"]["format"] == "3GPP TS 32.435 measCollec XML"
    assert read["spec_32435_list.xml"]["counters"]["matched"]["attTCHSeizures"] == "3gpp attTCHSeizures"
    m2000 = read["pmresult_1275071424_60_202611201400_202611201600.csv"]
    assert m2000["table"] == "cell_kpi" and m2000["counters"]["unknown"] == [
        "AR3010A:Mean Number of Dynamically Configured Channels(SDCCH)(900/850/810 band)"]
    skipped = {s["file"]: s for s in doc["skipped"]}
    assert skipped["notes.pdf"]["reason"] == "not a kind of file netdiag reads"
    assert skipped["bulk_cm.xml"]["reason"] == "a configuration dump without any GSM cell or relation"  # (read since issue 13)
    assert skipped["pmresult_sgsn_process_60_202611201400.csv"]["reason"] == "names the key columns of sccp but none of their counters"
    assert skipped["malformed.xml"]["why"] == "error" and "malformed XML" in skipped["malformed.xml"]["reason"]
    assert "cells" in doc["missing_tables"] and doc["error"]
    assert result.stderr.strip().startswith("netdiag: error: ") and len(result.stderr.strip().splitlines()) == 1


def test_the_listing_speaks_chinese_and_english(tmp_path):
    root = no_cells_folder(tmp_path)
    zh = run("data", "inspect", str(root), "--lang", "zh")
    en = run("data", "inspect", str(root), "--lang", "en")
    assert zh.exit_code == en.exit_code == 2
    assert "未使用的文件" in zh.stdout and "配置导出中没有 GSM 小区和邻区" in zh.stdout
    assert "未知计数器" in zh.stdout and "识别的厂家计数器" in zh.stdout
    assert "files not used" in en.stdout and "unknown counters" in en.stdout


def test_a_usable_folder_exits_0(tmp_path):
    result = run("data", "inspect", str(M2000), "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["error"] is None and {s["file"] for s in doc["skipped"]} == {"README.md", "pmresult_sgsn_process_60_202611201400.csv"}
    assert any(f["check"] == "not reliable" for f in doc["flags"])
