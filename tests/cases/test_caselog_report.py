"""The monthly report against figures computed by hand."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from caselog_support import cases_frame, cells, clock, log  # noqa: F401 (fixtures)
from netdiag.cases import add_case, monthly_report, report_of
from netdiag.cases.directory import remember_cells
from netdiag.diagnosis.locate import CellLocator
from netdiag.render.labels import REPORT_COLUMNS as COLUMNS, REPORT_LABELS as LABELS, REPORT_TITLES as TITLES
from netdiag.cases.report import mask_msisdn

NOW = "2026-11-30 12:00"


def at(day: int, hour: int = 10, month: int = 11) -> pd.Timestamp:
    return pd.Timestamp(2026, month, day, hour)


def h(start: pd.Timestamp, hours: float) -> pd.Timestamp:
    return start + pd.Timedelta(hours=hours)


# November: six complaints; October: two. Hours to acknowledge / close as noted.
ROWS = [
    # October
    dict(received_at=at(20, month=10), cell="A1", msisdn="13900000002", **{"class": "valid"}, status="closed",
         acknowledged_at=h(at(20, month=10), 1), closed_at=h(at(20, month=10), 5)),
    dict(received_at=at(25, month=10), cell="B1", msisdn="13900000009", **{"class": "explained"}, status="received"),
    # November
    dict(received_at=at(2), cell="A1", msisdn="13900000001", symptom="call_drop", **{"class": "valid"}, status="closed",
         acknowledged_at=h(at(2), 2), closed_at=h(at(2), 30), followup="satisfied",
         causes=[{"cause": "trx_short_hold", "cell": "A1", "object": "A1/TRX2", "score": 0.9}]),
    dict(received_at=at(5), cell="A1", msisdn="13900000001", symptom="call_drop", **{"class": "valid"}, status="closed",
         acknowledged_at=h(at(5), 30), closed_at=h(at(5), 100),
         causes=[{"cause": "trx_short_hold", "cell": "A1", "object": "A1/TRX2", "score": 0.8}]),
    dict(received_at=at(10), cell="A2", msisdn="13900000002", symptom="call_setup", **{"class": "explained"}, status="closed",
         acknowledged_at=h(at(10), 1), closed_at=h(at(10), 10), followup="unsatisfied", class_overridden=True,
         causes=[{"cause": "normal_occasional_failure", "cell": "A2", "object": "A2", "score": 0.2}]),
    dict(received_at=at(12), cell="B1", msisdn="13900000003", symptom="call_drop", **{"class": "explained"}, status="investigating",
         acknowledged_at=h(at(12), 5), category="service"),
    dict(received_at=at(20), cell="B3", msisdn="13900000004", symptom="no_coverage", status="received"),
    dict(received_at=at(30, hour=1), cell="B1", msisdn="13900000005", symptom="call_drop", **{"class": "explained"}, status="received"),
]

SUBSCRIBERS = pd.DataFrame({
    "region": ["Wuchang", "Hanyang", "BSC2", "Wuchang", "Hanyang"],
    "month": ["2026-11", "2026-11", "2026-11", "2026-10", "2026-10"],
    "subscribers": [20_000, 10_000, 5_000, 20_000, "10,000"],
})


@pytest.fixture
def report(cells):
    return monthly_report(cases_frame(*ROWS), "2026-11", subscribers=SUBSCRIBERS, cells=cells, now=NOW)


def test_complaints_per_10000_subscribers_per_region(report):
    region = report["by_region"].set_index("area")
    # Wuchang: cases on A1, A1, A2 -> 3 / 20,000 x 10,000 = 1.5 (valid 2 -> 1.0); Hanyang: B1 twice -> 2 / 10,000;
    # B3 has no region: its BSC, BSC2 -> 1 / 5,000.
    assert region.loc["Wuchang", ["complaints", "valid", "explained", "unclassified"]].tolist() == [3, 2, 1, 0]
    assert region.loc["Wuchang", "per_10k"] == pytest.approx(1.5)
    assert region.loc["Wuchang", "valid_per_10k"] == pytest.approx(1.0)
    assert region.loc["Hanyang", "per_10k"] == pytest.approx(2.0)
    assert region.loc["BSC2", ["complaints", "unclassified"]].tolist() == [1, 1]
    assert region.loc["BSC2", "per_10k"] == pytest.approx(2.0)
    assert list(region.index) == ["Wuchang", "Hanyang", "BSC2"]  # most complaints first


def test_the_ratio_trend_over_earlier_months(report):
    trend = report["ratio_trend"].set_index(["area", "month"])
    assert list(trend.index.get_level_values("month").unique()) == ["2026-10", "2026-11"]  # the log began in October
    assert trend.loc[("Wuchang", "2026-10"), "per_10k"] == pytest.approx(0.5)
    assert trend.loc[("Wuchang", "2026-11"), "change"] == pytest.approx(1.0)
    assert trend.loc[("Hanyang", "2026-10"), "per_10k"] == pytest.approx(1.0)  # "10,000" read as a number
    assert trend.loc[("Hanyang", "2026-11"), "change"] == pytest.approx(1.0)
    assert np.isnan(trend.loc[("BSC2", "2026-10"), "subscribers"])


def test_sla_shares_and_times(report):
    sla = report["sla"].set_index("stage")
    ack = sla.loc["acknowledged"]
    # Acknowledged after 2, 30, 1, 5 h; one never (received on the 20th: late by now); one received 11 h ago (pending).
    assert ack[["cases", "judged", "within", "late", "pending"]].tolist() == [6, 5, 3, 2, 1]
    assert ack["share_within"] == pytest.approx(0.6)
    assert ack["median_hours"] == pytest.approx(3.5)
    assert ack["p90_hours"] == pytest.approx(5 + 0.7 * 25)  # sorted 1, 2, 5, 30: position 2.7
    closed = sla.loc["closed"]
    # Closed after 30, 100, 10 h; open: the 12th's and the 20th's past 72 h (late), the 30th's pending.
    assert closed[["judged", "within", "late", "pending"]].tolist() == [5, 2, 3, 1]
    assert closed["share_within"] == pytest.approx(0.4)
    assert closed["median_hours"] == pytest.approx(30)
    assert closed["p90_hours"] == pytest.approx(30 + 0.8 * 70)
    summary = report["summary"].iloc[0]
    assert summary["ack_within_share"] == pytest.approx(0.6) and summary["close_within_share"] == pytest.approx(0.4)


def test_repeats_by_subscriber_and_by_cell(report):
    summary = report["summary"].iloc[0]
    # 13900000001 on the 2nd and 5th (3 days); 13900000002 on 20 Oct and 10 Nov (21 days): two repeats.
    # A1 on the 2nd and 5th: one repeat on a cell; A1 from 20 Oct to 2 Nov (13 days) and B1 from the 12th to 30th are none.
    assert (summary["repeat_msisdn"], summary["repeat_cell"]) == (2, 1)
    subscribers = report["repeat_subscribers"]
    assert subscribers[["msisdn", "complaints", "repeats", "cells"]].values.tolist() == [
        ["*******0001", 2, 1, "A1"], ["*******0002", 1, 1, "A2"]]
    assert report["repeat_cells"].values.tolist() == [["A1", "Wuchang", 2, 1]]


def test_summary_counts_classes_and_satisfaction(report):
    s = report["summary"].iloc[0]
    assert (s["complaints"], s["valid"], s["explained"], s["unclassified"]) == (6, 2, 3, 1)
    assert s["subscribers"] == 35_000 and s["per_10k"] == pytest.approx(6 / 35_000 * 10_000)
    assert (s["closed"], s["open"], s["followups"], s["satisfied_share"]) == (3, 3, 2, 0.5)
    by_class = report["by_class"].set_index("class")
    assert by_class.loc["explained", ["complaints", "overridden"]].tolist() == [3, 1]
    assert by_class.loc["unclassified", "share"] == pytest.approx(1 / 6)
    assert report["by_symptom"][["symptom", "complaints"]].values.tolist() == [["call_drop", 4], ["call_setup", 1], ["no_coverage", 1]]
    assert report["by_cause"][["cause", "complaints"]].values.tolist() == [["-", 3], ["trx_short_hold", 2], ["normal_occasional_failure", 1]]
    assert report["by_category"][["category", "complaints"]].values.tolist() == [["network", 5], ["service", 1]]


def test_top_cells(report):
    top = report["top_cells"]
    assert top[["cell", "area", "complaints", "valid", "repeats"]].values.tolist() == [
        ["A1", "Wuchang", 2, 2, 1], ["B1", "Hanyang", 2, 0, 0], ["A2", "Wuchang", 1, 0, 0], ["B3", "BSC2", 1, 0, 0]]
    assert top.loc[0, "causes"] == "trx_short_hold×2"


def test_msisdn_shown_only_when_asked(cells):
    shown = monthly_report(cases_frame(*ROWS), "2026-11", cells=cells, now=NOW, show_msisdn=True)
    assert list(shown["repeat_subscribers"]["msisdn"]) == ["13900000001", "13900000002"]
    assert mask_msisdn("13907100001") == "*******0001" and mask_msisdn("123") == "123"


def test_without_subscribers_the_ratio_is_left_empty(cells):
    report = monthly_report(cases_frame(*ROWS), "2026-11", cells=cells, now=NOW)
    assert report["by_region"]["per_10k"].isna().all()
    assert report["by_region"].set_index("area").loc["Wuchang", "complaints"] == 3


def test_a_missing_subscriber_count_is_noted(cells):
    partial = SUBSCRIBERS[SUBSCRIBERS["region"] != "BSC2"]
    report = monthly_report(cases_frame(*ROWS), "2026-11", subscribers=partial, cells=cells, now=NOW)
    assert any("BSC2" in note for note in report.notes)


def test_the_month_s_hotspots(cells):
    rows = [dict(received_at=at(3, hour=h), cell="B2", symptom="no_coverage") for h in range(6)]
    report = monthly_report(cases_frame(*ROWS, *rows), "2026-11", cells=cells, now=NOW)
    hotspots = report["hotspots"]
    assert hotspots[["rank", "count", "cells"]].values.tolist() == [[1, 6, "B2"]]
    assert report["summary"].loc[0, "hotspots"] == 1


def test_the_report_as_json_and_every_view_labelled(report):
    text = json.dumps(report.as_dict(), ensure_ascii=False)
    back = json.loads(text)
    assert back["month"] == "2026-11" and back["views"]["summary"][0]["complaints"] == 6
    assert back["views"]["repeat_subscribers"][0]["first"] == "2026-11-02 10:00:00"
    assert back["views"]["by_region"][0]["per_10k"] == pytest.approx(1.5)
    for name, view in report.views.items():
        assert list(view.columns) == COLUMNS[name], name
        for lang in ("zh", "en"):
            assert set(LABELS[lang][name]) == set(view.columns) and all(LABELS[lang][name].values())
            assert TITLES[lang][name]


# What netdiag.render.html.cases_report_page (the HTML report) reads from a Report: its cards, charts and map.
PAGE_READS = {
    "summary": ["complaints", "valid", "per_10k", "valid_per_10k", "open", "ack_within_share", "close_within_share", "repeat_msisdn",
                "satisfied_share", "hotspots"],
    "by_region": ["area", "complaints", "per_10k"],
    "ratio_trend": ["area", "month", "complaints", "per_10k"],
    "sla": ["stage", "share_within"],
    "hotspots": ["rank", "count", "cells", "symptoms", "lat", "lon", "radius_m"],
}


def test_the_report_carries_what_the_html_page_reads(report):
    assert report.month == "2026-11" and isinstance(report.notes, list)
    for view, columns in PAGE_READS.items():
        assert set(columns) <= set(report.views[view].columns), view
        for lang in ("zh", "en"):
            assert set(columns) <= set(LABELS[lang][view]), (view, lang)
    assert list(report["sla"]["stage"]) == ["acknowledged", "closed"]
    assert all(isinstance(m, str) and len(m) == 7 and m[4] == "-" for m in report["ratio_trend"]["month"])  # months as text, YYYY-MM


def test_the_report_of_a_log_carries_the_cells_it_placed_the_cases_with(log, cells):
    """The HTML page draws the network's sectors under the hotspots from report.cells: the log's
    directory, with the max_ta that limits each sector's reach."""
    remember_cells(log, cells.assign(max_ta=[1, 1, 1, 63, 63, None]))
    add_case(log, "T1", received_at="2026-11-20 10:00", text="掉话", cell="A1")
    report = report_of(log, "2026-11")
    assert report.cells["cell"].tolist() == cells["cell"].tolist()
    assert report["by_region"]["area"].tolist() == ["Wuchang"]
    reach = pd.Series(CellLocator(report.cells).radius_m, index=report.cells["cell"])
    assert reach["A1"] == pytest.approx(553.5) and reach["B1"] > reach["A1"]  # max_ta 1: one TA step (553.5 m)
    assert "cells" not in report.as_dict()
