"""The HTML reports' structure: self-contained, escaped, in the chosen language, one wedge per cell
drawn, one dot per period, sizes within bounds. (test_html_browser.py opens them in Chromium.)"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from lxml import html as lxml_html

import pages_support as pages
from netdiag.errors import UsageError
from netdiag.render.html import MapOptions
from netdiag.render.html.charts import nice_ticks, timeline
from netdiag.render.html.geo import to_gcj02, wedge_path
from netdiag.render.labels import PICTURE_LABELS

KINDS = {"complaint": pages.complaint_html, "suspects": pages.suspects_html, "scan": pages.scan_html, "cases": pages.cases_html}


def tree(text: str):
    return lxml_html.fromstring(text.encode("utf-8"))


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_report_is_one_offline_file(kind, lang):
    text = KINDS[kind](lang)
    doc = tree(text)
    assert doc.get("lang") == ("zh-CN" if lang == "zh" else "en")
    # nothing to fetch: no linked sheet, no script file, no image or frame from anywhere
    assert not doc.xpath("//link[@href] | //script[@src] | //img | //iframe | //object | //embed")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert "@import" not in text and "url(http" not in text
    policy = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert policy.startswith("default-src 'none'") and "http" not in policy
    assert doc.xpath("//style") and len(doc.xpath("//script")) == 2  # the map's and the table's, inline
    assert PICTURE_LABELS[lang]["generated"] in text


def test_the_complaint_report_holds_the_complaint_verdict_causes_and_checks():
    view = pages.complaint("en")
    doc = tree(pages.complaint_html("en"))
    facts = " ".join(doc.xpath("//section[@id='complaint']//dd//text()"))
    assert "2026-11-20 21:30" in facts and "dropped calls" in facts and "call_drop" in facts
    assert "read from the subscriber's words" in facts
    assert doc.xpath("//section[@id='verdict']//span[@class='badge']/text()") == ["network fault found"]
    causes = doc.xpath("//article[contains(@class, 'cause')]")
    data = view.result.causes[view.result.causes["kind"] != "advice"]
    assert [a.get("data-cause") for a in causes] == list(data["cause"])
    first = causes[0]
    assert "transmission_flapping" == first.get("data-cause")
    evidence = dict(zip(first.xpath(".//dl[@class='evidence']/dt/text()"), first.xpath(".//dl[@class='evidence']/dd/text()")))
    assert evidence["transmission alarms"] == "6" and evidence["transmission alarm active"] in ("yes", "no")
    assert evidence["drop rate"].endswith("%") and evidence["network drop rate"].endswith("%")
    assert first.xpath(".//p[@class='remedy']") and first.xpath(".//p[@class='test']")  # remedy and what to test on site
    checks = doc.xpath("//section[@id='checks']//li")
    assert len(checks) == (view.result.causes["kind"] == "advice").sum()


def test_the_subscribers_words_are_text_never_markup():
    text = pages.complaint_html("en")
    assert "<b>again</b>" not in text and "&lt;b&gt;again&lt;/b&gt;" in text
    assert tree(text).xpath("//dd[@class='said']/text()")[0] == f"“{pages.WORDS}”"


def test_one_wedge_per_candidate_and_a_dot_per_period():
    view = pages.complaint("en")
    doc = tree(pages.complaint_html("en"))
    candidates = list(view.result.candidates["cell"])
    wedges = doc.xpath("//svg[contains(@class,'map')]//*[@data-role='candidate']")
    assert [w.get("data-cell") for w in wedges][::-1] == candidates  # drawn worst-ranked first, the best on top
    assert len(doc.xpath("//svg[contains(@class,'map')]//*[@data-role='spot']")) == 1
    neighbours = doc.xpath("//svg[contains(@class,'map')]//*[@data-role='neighbour']")
    assert {w.get("data-cell") for w in neighbours} == set(view.relations["neighbour"]) - set(candidates)
    faulty = {w.get("data-cell") for w in doc.xpath("//svg[contains(@class,'map')]//*[contains(@class,'faulty') and @data-cell]")}
    assert "S0196C" in faulty and faulty <= set(view.faulty_cells)  # the serving cell's own finding (issue 14)
    charts = doc.xpath("//figure[@class='chart']")
    assert [c.get("data-measure") for c in charts] == view.measures
    cell_kpi = pd.read_csv(pages.SAMPLE / "cell_kpi.csv", parse_dates=["start_time"])
    best = candidates[0]
    in_window = cell_kpi[(cell_kpi["cell"] == best) & (cell_kpi["start_time"] >= view.window[0]) & (cell_kpi["start_time"] < view.window[1])]
    traffic = doc.xpath("//figure[@data-measure='tch_traffic_erl']//g[contains(@class,'series-1')]/circle")
    assert len(traffic) == len(in_window) == 14
    network = doc.xpath("//figure[@data-measure='tch_traffic_erl']//g[contains(@class,'network')]/circle")
    assert len(network) == 14
    assert len(doc.xpath("//figure[@class='chart']//g[@class='marker']")) == len(charts)  # the complaint moment on each
    bars = doc.xpath("//figure[@class='timeline']//rect")
    assert len(bars) == len(view.alarms) == len(doc.xpath("//section[@id='alarms']//tbody/tr"))


def test_the_report_in_chinese():
    doc = tree(pages.complaint_html("zh"))
    assert doc.xpath("//h1/text()") == ["投诉分析报告"]
    assert doc.xpath("//section[@id='verdict']//span[@class='badge']/text()") == ["发现网络故障"]
    assert "传输告警次数" in doc.xpath("//article[1]//dl[@class='evidence']/dt/text()")
    assert "TCH掉话率" in doc.xpath("//figure[@class='chart']/figcaption/text()")


def test_a_single_complaint_report_stays_small():
    assert len(pages.complaint_html("zh").encode("utf-8")) < 1_000_000


def test_tiles_only_when_named_and_gcj02_on_request():
    plain = tree(pages.complaint_html("en"))
    assert plain.xpath("//svg[contains(@class,'map')]/@data-tiles") == []
    url = "https://tile.example.org/{z}/{x}/{y}.png"
    tiled_text = pages.complaint_html("en", tiles=url)
    tiled = tree(tiled_text)
    assert tiled.xpath("//svg[contains(@class,'map')]/@data-tiles") == [url]
    assert "img-src data: https://tile.example.org" in tiled.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    moved = tree(pages.complaint_html("en", gcj02=True))
    assert plain.xpath("//svg[contains(@class,'map')]/@viewBox") != moved.xpath("//svg[contains(@class,'map')]/@viewBox") or \
        plain.xpath("//svg[contains(@class,'map')]/@data-origin-x") != moved.xpath("//svg[contains(@class,'map')]/@data-origin-x")
    with pytest.raises(UsageError):
        MapOptions(tiles="https://tile.example.org/tiles.png")
    with pytest.raises(UsageError):
        MapOptions(tiles="javascript:alert(1)/{z}/{x}/{y}")


def test_gcj02_shifts_positions_in_china_only():
    lat, lon = to_gcj02([30.58, 48.85], [114.27, 2.35])
    assert 0.001 < abs(lat[0] - 30.58) < 0.01 and 0.001 < abs(lon[0] - 114.27) < 0.01  # a few hundred metres in Wuhan
    assert lat[1] == 48.85 and lon[1] == 2.35  # Paris as it is


def test_suspects_and_scan_pages_draw_a_wedge_per_cell_coloured_by_severity():
    found = pages.suspects("en")
    doc = tree(pages.suspects_html("en"))
    wedges = doc.xpath("//svg[contains(@class,'map')]//*[@data-role='finding']")
    assert sorted(w.get("data-cell") for w in wedges) == sorted(found.suspects["cell"])
    severity = found.suspects.set_index("cell")["severity"]
    assert all(f"sev-{severity[w.get('data-cell')]}" in w.get("class") for w in wedges)
    assert len(doc.xpath("//table[contains(@class,'suspects')]/tbody/tr")) == len(found.suspects)
    assert doc.xpath("//svg[contains(@class,'map')]//path[@class='network-cells']")  # the rest of the network, one path
    findings = pages.diagnosis().findings
    scan = tree(pages.scan_html("zh"))
    assert len(scan.xpath("//table[contains(@class,'findings')]/tbody/tr")) == len(findings)
    counts = {r.xpath("./td[1]/text()")[0]: int(r.xpath("./td[2]/text()")[0]) for r in scan.xpath("//section[@id='by-bsc']//tbody/tr")}
    assert sum(counts.values()) == len(findings)
    assert scan.xpath("//h1/text()") == ["全网故障扫描"]


def test_cases_report_charts_and_hotspots():
    report, _ = pages.cases_report()
    doc = tree(pages.cases_html("en"))
    region = report["by_region"]
    bars = doc.xpath("(//figure[@class='bars'])[1]//rect")
    assert len(bars) == len(region)
    trend = doc.xpath("//figure[@class='chart' and @data-measure='per_10k']//g[contains(@class,'series')]")
    assert len(trend) == report["ratio_trend"]["area"].nunique()
    assert all(len(g.xpath("./circle")) == report["ratio_trend"]["month"].nunique() for g in trend)
    hotspots = doc.xpath("//svg[contains(@class,'map')]//*[@data-role='hotspot']")
    assert len(hotspots) == len(report["hotspots"]) > 0
    titles = doc.xpath("//section[contains(@class,'view')]/h2/text()")
    assert "service levels" in titles and "hotspots" in titles
    zh = tree(pages.cases_html("zh"))
    assert "分地区万人投诉比" in zh.xpath("//figcaption/text()")


def test_chart_helpers():
    assert nice_ticks(0, 0.0123) == [0, 0.005, 0.01, 0.015]
    assert nice_ticks(-80, -70)[0] <= -80 and nice_ticks(-80, -70)[-1] >= -70
    start = pd.Timestamp("2026-11-20 09:00")
    chart = timeline([{"label": "x", "raised_at": start - pd.Timedelta(hours=2), "cleared_at": None, "css": "a", "title": "t"}],
                     (start, start + pd.Timedelta(hours=14)), start + pd.Timedelta(hours=12), {"alarms": "alarms", "complaint_moment": "c"})
    row = chart.rows[0]
    assert row["x1"] == chart.plot[0] and row["x2"] == chart.plot[2] and row["open"]  # raised before, open after: the whole window
    assert wedge_path(0, 0, 0, 90, 100) == "M0 0L-71 -71A100 100 0 0 1 71 -71Z"  # north-facing: up the page, clockwise
