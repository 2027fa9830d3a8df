"""The HTML reports in a real headless browser (Debian's chromium and chromedriver, through Selenium).

Each kind is opened from a file, as an engineer opens a report on a desk: no console error; as many
wedges as candidate (or suspect) cells; as many chart dots as periods in the window; the text in the
chosen language; the map answers its buttons and the table sorts; a screenshot is saved in the
test's temporary folder. Without a browser the tests say so and are skipped; with CI=true a missing
browser fails them (.ci/run installs chromium, chromium-driver and fonts-noto-cjk).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

import pages_support as pages

CHROMIUM = next((p for p in (shutil.which("chromium"), "/usr/bin/chromium") if p and Path(p).is_file()), None)
DRIVER = next((p for p in (shutil.which("chromedriver"), "/usr/bin/chromedriver") if p and Path(p).is_file()), None)
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1600", "--hide-scrollbars"]


def _missing() -> list[str]:
    missing = [] if CHROMIUM else ["chromium"]
    missing += [] if DRIVER else ["chromedriver (Debian's chromium-driver)"]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install -e '.[dev]')")
    return missing


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    missing = _missing()
    if missing:
        reason = f"no headless browser to open the reports in: {', '.join(missing)} not found (apt-get install chromium chromium-driver fonts-noto-cjk; .ci/run does)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def open_page(browser, html: str, folder: Path, name: str) -> list[dict]:
    """Open the report from a file; what the console said (errors and warnings)."""
    path = folder / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    browser.get_log("browser")  # forget what earlier pages said
    browser.get(path.as_uri())
    assert browser.execute_script("return document.readyState") == "complete"
    return [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]


def screenshot(browser, folder: Path, name: str) -> Path:
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(max(height, 800), 12000))
    path = folder / f"{name}.png"
    assert browser.save_screenshot(str(path))
    browser.set_window_size(1280, 1600)
    assert path.stat().st_size > 20_000
    return path


def count(browser, selector: str) -> int:
    return browser.execute_script("return document.querySelectorAll(arguments[0]).length", selector)


def text(browser) -> str:
    return browser.execute_script("return document.body.innerText")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_complaint_report_in_the_browser(browser, tmp_path, lang):
    view = pages.complaint(lang)
    errors = open_page(browser, pages.complaint_html(lang), tmp_path, f"complaint-{lang}")
    assert errors == []
    candidates = len(view.result.candidates)
    assert count(browser, "svg.map [data-role='candidate']") == candidates >= 1
    assert count(browser, "svg.map [data-role='spot']") == 1
    cell_kpi = pd.read_csv(pages.SAMPLE / "cell_kpi.csv", parse_dates=["start_time"])
    best = view.result.candidates["cell"].iloc[0]
    periods = cell_kpi[(cell_kpi["cell"] == best) & (cell_kpi["start_time"] >= view.window[0]) & (cell_kpi["start_time"] < view.window[1])]
    for measure in view.measures:
        dots = count(browser, f"figure[data-measure='{measure}'] g.series-1 circle.point")
        assert dots == len(periods) == 14, measure
    body = text(browser)
    if lang == "zh":
        assert "投诉分析报告" in body and "发现网络故障" in body and "传输告警闪断" in body
    else:
        assert "Complaint report" in body and "network fault found" in body and "flapping" in body
    # the wedges are drawn where the page shows them (laid out, not collapsed)
    box = browser.execute_script("var r = document.querySelector(\"svg.map [data-role='candidate']\").getBoundingClientRect(); return [r.width, r.height]")
    assert box[0] > 20 and box[1] > 20
    # the map zooms on its button, the scale bar follows
    before = browser.execute_script("return document.querySelector('svg.map').getAttribute('viewBox')")
    scale = browser.execute_script("return document.querySelector('.scale-bar').textContent")
    browser.execute_script("document.querySelector(\"[data-zoom='in']\").click()")
    after = browser.execute_script("return document.querySelector('svg.map').getAttribute('viewBox')")
    assert float(after.split()[2]) < float(before.split()[2])
    assert browser.execute_script("return document.querySelector('.scale-bar').textContent") and scale
    assert screenshot(browser, tmp_path, f"complaint-{lang}").is_file()


def test_suspects_map_and_sortable_table_in_the_browser(browser, tmp_path):
    found = pages.suspects("en")
    errors = open_page(browser, pages.suspects_html("en"), tmp_path, "suspects")
    assert errors == []
    assert count(browser, "svg.map [data-role='finding']") == len(found.suspects)
    assert count(browser, "svg.map .wedge.sev-critical") == int((found.suspects["severity"] == "critical").sum())
    rows = "return Array.from(document.querySelectorAll('table.suspects tbody tr')).map(r => r.cells[1].textContent)"
    first = browser.execute_script(rows)
    assert first == list(found.suspects["cell"])
    browser.execute_script("document.querySelectorAll('table.suspects thead th')[1].click()")  # by cell name
    assert browser.execute_script(rows) == sorted(first)
    assert "Drive-test suspects" in text(browser)
    screenshot(browser, tmp_path, "suspects")


def test_scan_report_in_chinese_in_the_browser(browser, tmp_path):
    findings = pages.diagnosis().findings
    errors = open_page(browser, pages.scan_html("zh"), tmp_path, "scan")
    assert errors == []
    cells = findings.loc[findings["level"].isin(["cell", "trx", "adjacency"]) & findings["cell"].notna(), "cell"].nunique()
    assert count(browser, "svg.map [data-role='finding']") == cells
    assert count(browser, "table.findings tbody tr") == len(findings)
    body = text(browser)
    assert "全网故障扫描" in body and "按原因" in body
    screenshot(browser, tmp_path, "scan")


def test_cases_report_in_the_browser(browser, tmp_path):
    report, _ = pages.cases_report()
    errors = open_page(browser, pages.cases_html("zh"), tmp_path, "cases")
    assert errors == []
    assert count(browser, "svg.map [data-role='hotspot']") == len(report["hotspots"]) > 0
    months = report["ratio_trend"]["month"].nunique()
    assert count(browser, "figure.chart g.series-1 circle.point") == months
    assert "投诉月报" in text(browser)
    screenshot(browser, tmp_path, "cases")


def test_tiles_are_laid_under_the_wedges_only_when_named(browser, tmp_path):
    url = "https://tile.example.org/{z}/{x}/{y}.png"
    errors = open_page(browser, pages.complaint_html("en", tiles=url), tmp_path, "tiles")
    hrefs = browser.execute_script("return Array.from(document.querySelectorAll('svg.map g.tiles image')).map(i => i.getAttribute('href'))")
    assert hrefs and all(h.startswith("https://tile.example.org/") and h.endswith(".png") for h in hrefs)
    z = {int(h.split("/")[3]) for h in hrefs}
    assert len(z) == 1 and 10 <= z.pop() <= 19  # one zoom level, about the map's scale (a few km)
    # this machine has no network: the only complaints are the tiles that could not be fetched
    assert all("tile.example.org" in e["message"] for e in errors)
    open_page(browser, pages.complaint_html("en"), tmp_path, "no-tiles")
    assert count(browser, "svg.map g.tiles image") == 0
