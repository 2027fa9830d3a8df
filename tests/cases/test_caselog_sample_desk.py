"""The desk's sample end to end: the month's tickets triaged against the sample network, the surge and
the hotspot found where the injected fault is (and nowhere else), the report's ratios from the files."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netdiag.cases import (
    ANALYSIS_COLUMNS, FixedClock, cases_frame, find_hotspots, find_surges, hotspot_events, import_file, open_log, report_of,
    surge_events,
)
from netdiag.cases.geo import to_metres
from netdiag.diagnosis.source import Inputs

ROOT = Path(__file__).resolve().parents[2]
NETWORK = ROOT / "samples" / "network"
DESK = ROOT / "samples" / "desk"
NOW = datetime(2026, 12, 7, 9, 0)


@pytest.fixture(scope="module")
def cells() -> pd.DataFrame:
    return pd.read_csv(NETWORK / "cells.csv")


@pytest.fixture(scope="module")
def surge_cell() -> pd.Series:
    truth = pd.read_csv(NETWORK / "truth.csv")
    cell = truth[(truth["cause"] == "cell_out_of_service") & (truth["role"] == "injected")]["cell"].iloc[0]
    cells = pd.read_csv(NETWORK / "cells.csv")
    return cells[cells["cell"] == cell].iloc[0]


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """The log after the month's tickets (triaged against the sample network) and the two months before
    (placed by the cell directory the month's import left, not triaged)."""
    path = tmp_path_factory.mktemp("desk") / "cases.db"
    inputs = Inputs(data=NETWORK)
    with open_log(path, clock=FixedClock(NOW), user="test") as log:
        summaries = {"2026-11": import_file(log, DESK / "tickets-2026-11.csv", inputs=inputs)}
        for month in ("2026-09", "2026-10"):
            summaries[month] = import_file(log, DESK / f"tickets-{month}.csv")
        yield log, summaries, inputs


def test_every_ticket_is_a_case_and_the_ones_before_the_statistics_have_no_evidence(desk):
    log, summaries, _ = desk
    written = sum(len(s.added) for s in summaries.values())
    rows = sum(len(pd.read_csv(DESK / f"tickets-{m}.csv")) for m in summaries)
    assert written == rows and not any(s.refused for s in summaries.values())
    frame = cases_frame(log)
    november = frame[frame["received_at"] >= "2026-11-01"]
    when = november["occurred_at"].fillna(november["received_at"])
    before = november[when < "2026-11-20"]
    assert (before["verdict"] == "no_evidence").all() and before["class"].isna().all()
    on_the_day = november[when >= "2026-11-20"]
    assert set(on_the_day["verdict"]) <= {"fault_found", "no_fault_found", "needs_symptom", "needs_location", "error", "no_evidence"}
    assert (on_the_day["verdict"] == "fault_found").sum() >= 20
    untriaged = frame[frame["received_at"] < "2026-11-01"]
    assert untriaged["verdict"].isna().all()  # imported without data


def test_the_surge_s_complaints_are_valid_faults_of_the_dead_cell(desk, surge_cell):
    log, _, _ = desk
    frame = cases_frame(log)
    at_cell = frame[(frame["received_at"] >= "2026-11-20 12:00") & (frame["main_cell"] == surge_cell["cell"])]
    assert len(at_cell) >= 20
    assert (at_cell["verdict"] == "fault_found").mean() >= 0.9
    assert (at_cell["cause"] == "cell_out_of_service").mean() >= 0.9 and (at_cell["class"] == "valid").mean() >= 0.9


def test_odd_tickets_are_stored_and_flagged_not_lost(desk):
    log, summaries, _ = desk
    frame = cases_frame(log)
    flagged = [c for s in summaries.values() for c, flags in s.flagged if "unknown_cell" in flags]
    assert len(flagged) == 1 and frame.set_index("complaint_id").loc[flagged[0], "cell"] == "S9999X"
    texts = frame.set_index("complaint_id")["text"]
    assert set(texts[texts.isin(["掉话还有杂音", "手机有问题"])].index)  # the unclear words are kept as written


def test_the_surge_is_found_at_the_faulty_cell_its_bsc_and_region_and_nowhere_else(desk, surge_cell):
    log, _, inputs = desk
    events = surge_events(log, inputs=inputs)
    found = {(s.level, s.unit, str(s.start)) for s, _ in events.items}
    assert found == {("cell", surge_cell["cell"], "2026-11-20"), ("bsc", surge_cell["bsc"], "2026-11-20"),
                     ("region", surge_cell["region"], "2026-11-20")}
    for surge, evidence in events.items:
        assert evidence.covered and evidence.fault_found
        assert evidence.findings[0]["cause"] == "cell_out_of_service" and evidence.findings[0]["cell"] == surge_cell["cell"]
        assert any(a["alarm"] == "Cell out of service" and a["cell"] == surge_cell["cell"] for a in evidence.alarms)
    cell_surge = next(s for s, _ in events.items if s.level == "cell")
    assert cell_surge.count >= 20 and cell_surge.expected < 1 and cell_surge.q_value < 1e-10


def test_no_surge_on_any_day_of_healthy_history(desk, cells):
    """Every day of November before the fault tested (against its own 28 days): nothing."""
    log, _, _ = desk
    frame = cases_frame(log, columns=ANALYSIS_COLUMNS)
    assert find_surges(frame, cells, end="2026-11-19", days=19) == []


def test_the_hotspot_is_at_the_dead_cell_s_site_and_the_only_one(desk, surge_cell):
    log, _, inputs = desk
    events = hotspot_events(log, days=7, inputs=inputs)
    assert len(events.items) == 1
    spot, evidence = events.items[0]
    offset = np.hypot(*to_metres(np.array([spot.lat]), np.array([spot.lon]), surge_cell["lat"], surge_cell["lon"])[0])
    assert offset < 600 and spot.cells[0] == surge_cell["cell"] and spot.complainers >= 18
    assert spot.first >= datetime(2026, 11, 20, 12) and evidence.fault_found
    assert evidence.findings[0]["cause"] == "cell_out_of_service"


def test_no_hotspot_in_the_healthy_weeks(desk, cells):
    log, _, _ = desk
    frame = cases_frame(log, columns=ANALYSIS_COLUMNS)
    for end in pd.date_range("2026-09-08", "2026-11-19 23:59", freq="7D"):
        assert find_hotspots(frame, cells, end=end, days=7) == [], end


def test_without_data_the_hotspot_and_surge_come_from_the_log_alone(desk, surge_cell):
    log, _, _ = desk
    spots = hotspot_events(log, days=7)
    surges = surge_events(log, levels=("cell",))
    assert [s.cells[0] for s, e in spots.items] == [surge_cell["cell"]] and all(e is None for _, e in spots.items)
    assert [s.unit for s, _ in surges.items] == [surge_cell["cell"]]


def test_the_report_s_ratios_come_from_the_files(desk):
    log, _, _ = desk
    report = report_of(log, "2026-11", subscribers=DESK / "subscribers.csv")
    subscribers = pd.read_csv(DESK / "subscribers.csv")
    cells = pd.read_csv(NETWORK / "cells.csv")
    by_region = report["by_region"].set_index("area")
    frame = cases_frame(log)
    november = frame[frame["received_at"].dt.to_period("M") == "2026-11"]
    region_of = november["main_cell"].map(cells.set_index("cell")["region"]).fillna(november["region"])
    for region, count in region_of.value_counts().items():
        subs = subscribers[(subscribers["地市"] == region) & (subscribers["月份"] == "2026-11")]["用户数"].iloc[0]
        assert by_region.loc[region, "complaints"] == count
        assert by_region.loc[region, "per_10k"] == pytest.approx(count / subs * 10_000)
    summary = report["summary"].iloc[0]
    assert summary["per_10k"] == pytest.approx(len(november) / subscribers[subscribers["月份"] == "2026-11"]["用户数"].sum() * 10_000)
    trend = report["ratio_trend"]
    assert set(trend["month"]) == {"2026-09", "2026-10", "2026-11"}  # the trend over the two months before
    assert summary["surges"] == 3 and summary["hotspots"] >= 1 and summary["repeat_msisdn"] > 0
    assert not report["repeat_subscribers"].empty
    assert report["repeat_subscribers"]["msisdn"].str.startswith("*******").all()
