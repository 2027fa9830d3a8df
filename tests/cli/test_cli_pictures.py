"""The pictures from the command line: triage/suspects/scan -o *.html, KML and GeoJSON sectors, show."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from lxml import html as lxml_html
from typer.testing import CliRunner

from netdiag.cli.app import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_triage_writes_one_complaints_report(sample_dir, tmp_path):
    out = tmp_path / "report.html"
    result = run("triage", str(sample_dir), "--cell", "S0156B", "--symptom", "one_way_audio", "--time", "2026-11-20 20:00",
                 "-o", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stderr and result.stdout == ""
    doc = lxml_html.fromstring(out.read_bytes())
    assert doc.xpath("//article[1]/@data-cause") == ["trx_short_hold"]
    assert "S0156B/TRX3" in doc.xpath("string(//article[1])")
    checks = doc.xpath("//section[@id='checks']//code/text()")
    assert set(checks) == {"msc_crossed_wires", "inter_network_path"}  # what no counter shows, as checks on site
    assert len(doc.xpath("//svg[contains(@class,'map')]//*[@data-role='candidate']")) == 1
    assert out.stat().st_size < 1_000_000


def test_triage_html_on_stdout_and_refused_cases(sample_dir, tmp_path):
    result = run("triage", str(sample_dir), "--cell", "S0156B", "--symptom", "one_way_audio", "--format", "html", "--lang", "zh")
    assert result.exit_code == 0 and result.stdout.startswith("<!DOCTYPE html>") and "投诉分析报告" in result.stdout
    inside = run("triage", str(sample_dir), "--cell", "S0156B", "--symptom", "call_drop", "-o", str(sample_dir / "r.html"))
    assert inside.exit_code == 2 and "inside the data folder" in inside.stderr and not (sample_dir / "r.html").exists()
    batch = run("triage", str(sample_dir), "--complaints", "samples/complaints.csv", "-o", str(tmp_path / "b.html"))
    assert batch.exit_code == 2 and "one complaint" in batch.stderr
    tiles = run("triage", str(sample_dir), "--cell", "S0156B", "--symptom", "call_drop", "--format", "html", "--tiles", "https://x.org/a.png")
    assert tiles.exit_code == 2 and "{z}" in tiles.stderr


def test_suspects_and_scan_pages(sample_dir, tmp_path):
    result = run("suspects", str(sample_dir), "-o", str(tmp_path / "s.html"), "--lang", "en", "--gcj02")
    assert result.exit_code == 0, result.output
    doc = lxml_html.fromstring((tmp_path / "s.html").read_bytes())
    wedges = doc.xpath("//svg[contains(@class,'map')]//*[@data-role='finding']")
    listed = json.loads(run("suspects", str(sample_dir), "--format", "json").stdout)["suspects"]
    assert len(wedges) == len(doc.xpath("//table[contains(@class,'suspects')]/tbody/tr")) == len(listed) > 30
    scan = run("scan", str(sample_dir), "-o", str(tmp_path / "scan.html"), "--lang", "zh")
    assert scan.exit_code == 1, scan.output  # findings at or above --fail-on high, as with any format
    assert "全网故障扫描" in (tmp_path / "scan.html").read_text(encoding="utf-8")
    as_json = run("scan", str(sample_dir), "-o", str(tmp_path / "scan.json"))
    assert json.loads((tmp_path / "scan.json").read_text())["summary"]["findings"] == 47  # no repeater_rx_off (scan: false)
    assert run("scan", str(sample_dir), "-o", str(tmp_path / "scan.txt")).exit_code == 2
    assert run("scan", str(sample_dir), "-o", str(sample_dir / "scan.html")).exit_code == 2


def test_suspects_kml_and_geojson_are_sector_polygons(sample_dir, tmp_path):
    assert run("suspects", str(sample_dir), "-o", str(tmp_path / "s.geojson")).exit_code == 0
    features = json.loads((tmp_path / "s.geojson").read_text())["features"]
    assert len(features) == 41 and {f["geometry"]["type"] for f in features} == {"Polygon"}  # 41 suspects: S0090A's repeater check is no network finding (scan: false)
    first = features[0]
    ring = first["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] == [round(first["properties"]["lon"], 6), round(first["properties"]["lat"], 6)]  # the site, kept
    assert first["properties"]["reach_m"] > 0 and first["properties"]["beam_deg"] == 65
    assert run("suspects", str(sample_dir), "-o", str(tmp_path / "s.kml")).exit_code == 0
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    root = ET.parse(tmp_path / "s.kml").getroot()
    marks = root.findall(".//k:Placemark", ns)
    assert len(marks) == 41 and all(m.find(".//k:Polygon/k:outerBoundaryIs/k:LinearRing/k:coordinates", ns) is not None for m in marks)
    data = {d.get("name"): d.find("k:value", ns).text for d in marks[0].findall(".//k:Data", ns)}
    assert float(data["lat"]) and float(data["lon"])
    assert root.find(".//k:Style/k:PolyStyle/k:color", ns).text.startswith("80")


@pytest.mark.parametrize("lang,words", [("en", "KPIs per period"), ("zh", "分时段指标")])
def test_show_a_cells_drill_down(sample_dir, lang, words):
    result = run("show", str(sample_dir), "--cell", "S0156B", "--time", "2026-11-20 20:00", "--lang", lang)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert words in out and "S0156B/TRX3" in out and "trx_short_hold" in out and "S0157C" in out
    assert any(ch in out for ch in "▁▂▃▄▅▆▇█")


def test_show_json_and_an_unknown_cell(sample_dir):
    result = run("show", str(sample_dir), "--cell", "S0156B", "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["cell"] == "S0156B" and len(doc["trx"]) == 4 and doc["findings"][0]["cause"] == "trx_short_hold"
    assert {r["measure"] for r in doc["series"]} >= {"drop_rate", "tch_traffic_erl"}
    wrong = run("show", str(sample_dir), "--cell", "S0156")
    assert wrong.exit_code == 2 and "did you mean" in wrong.stderr


def test_a_report_and_a_drill_down_from_the_store(sample_dir, tmp_path):
    """From a store only the complaint's cells are read: the network is drawn as its whole-window baseline."""
    store = tmp_path / "store"
    assert run("import", str(sample_dir), "--store", str(store)).exit_code == 0
    out = tmp_path / "report.html"
    result = run("triage", "--store", str(store), "--cell", "S0156B", "--symptom", "one_way_audio", "--time", "2026-11-20 20:00",
                 "-o", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    doc = lxml_html.fromstring(out.read_bytes())
    assert doc.xpath("//article[1]/@data-cause") == ["trx_short_hold"]
    assert doc.xpath("//g[contains(@class,'level') and contains(@class,'network')]")  # the baseline as a level line
    assert not doc.xpath("//g[contains(@class,'series') and contains(@class,'network')]")
    assert len(doc.xpath("//figure[@data-measure='tch_traffic_erl']//g[contains(@class,'series-1')]/circle")) == 14
    assert run("triage", "--store", str(store), "--cell", "S0156B", "--symptom", "call_drop", "-o", str(store / "r.html")).exit_code == 2
    shown = run("show", "--store", str(store), "--cell", "S0156B", "--lang", "en")
    assert shown.exit_code == 0 and "S0156B/TRX3" in shown.stdout
