"""The pictures' data: a complaint's view, a cell's drill-down, sectors and the findings' overview."""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd
import pytest

from conftest import SAMPLE
from netdiag.diagnosis.cellview import cell_view
from netdiag.diagnosis.locate import spot_towards
from netdiag.diagnosis.overview import scan_overview, suspects_overview
from netdiag.diagnosis.pictures import complaint_view
from netdiag.diagnosis.request import TriageRequest
from netdiag.diagnosis.sectors import sector_table, wedge_ring
from netdiag.diagnosis.source import Inputs
from netdiag.diagnosis.suspects import drive_test_suspects

INPUTS = Inputs(data=SAMPLE)


@lru_cache(maxsize=None)
def flapping_view():
    """A dropped-call complaint 300 m in front of the cell whose site's PCM link flaps (truth fault 12)."""
    cells = pd.read_csv(SAMPLE / "cells.csv").set_index("cell")
    c = cells.loc["S0196C"]
    spot = spot_towards(c["lat"], c["lon"], c["azimuth"], 300)
    return complaint_view(INPUTS, TriageRequest(symptom="掉话", at=f"{spot.lat},{spot.lon}", time="2026-11-20 21:30"), "zh")


def test_the_view_holds_the_triage_and_the_hours_around_it():
    view = flapping_view()
    assert view.result.verdict == "fault_found" and view.result.causes.iloc[0]["cause"] == "transmission_flapping"
    assert view.window == (pd.Timestamp("2026-11-20 09:00"), pd.Timestamp("2026-11-20 23:00"))
    assert view.measures[0] == "drop_rate" and "ho_out_fail_rate" in view.measures
    # 14 hourly periods in the window (the sample ends at midnight), each for every candidate and the network
    assert len(view.periods) == 14 and view.period_min == 60
    candidates = list(view.result.candidates["cell"])
    assert set(view.series["cell"]) == set(candidates)
    drops = view.network[view.network["measure"] == "drop_rate"]
    assert len(drops) == 14 and drops["cell"].isna().all()


def test_the_view_has_the_sites_flapping_alarms_with_their_times():
    view = flapping_view()
    alarms = view.alarms
    assert len(alarms) >= 5 and set(alarms["alarm_class"]) == {"transmission"}
    assert set(alarms["concerns"]) == {"site"}
    assert alarms["cleared_at"].notna().all()  # each flap cleared after minutes: times as exported, not as at the complaint
    assert (alarms["raised_at"] < view.window[1]).all() and (alarms["cleared_at"] >= view.window[0]).all()


def test_the_view_draws_candidates_their_neighbours_and_the_faulty_cells():
    view = flapping_view()
    sectors = view.sectors
    candidates = list(view.result.candidates["cell"])
    assert list(sectors.loc[sectors["role"] == "candidate", "cell"]) == candidates
    assert sectors.loc[sectors["role"] == "candidate", "rank"].tolist() == list(range(1, len(candidates) + 1))
    # the serving cell's own finding answers; its co-sited neighbours' (the same PCM) show no effect on
    # it and are no answer of their own (issue 14: a neighbour's fault needs its effect on the serving cell)
    assert "S0196C" in view.faulty_cells
    assert sectors.loc[sectors["cell"] == "S0196C", "faulty"].all()
    neighbours = set(view.relations["neighbour"])
    assert neighbours <= set(sectors["cell"])
    assert (view.relations["ho_attempts"] > 0).all() and view.relations["ho_fail_rate"].between(0, 1).all()


def test_a_complaint_without_time_shows_all_the_data():
    view = complaint_view(INPUTS, TriageRequest(symptom="gprs_no_access", cell="S0134B"), "en")
    assert view.window == (pd.Timestamp("2026-11-20 00:00"), pd.Timestamp("2026-11-21 00:00"))
    assert view.measures[0] == "tbf_fail_rate" and len(view.periods) == 24
    hung = view.series[(view.series["measure"] == "tbf_fail_rate") & (view.series["start_time"] >= "2026-11-20 06:00")]
    assert (hung["value"] == 1.0).all()  # gprs hung from 06:00: every TBF request fails


def test_sectors_reach_and_beam():
    cells = pd.read_csv(SAMPLE / "cells.csv")
    table = sector_table(cells, ["S0001A", "S0001B"])
    assert list(table["cell"]) == ["S0001A", "S0001B"]
    assert (table["beam_deg"] == 65).all() and table["reach_m"].between(300, 5000).all()
    omni = sector_table(cells.assign(azimuth=float("nan")), ["S0001A"])
    assert omni["beam_deg"].iloc[0] == 360


def _signed_area(ring):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2


def test_a_wedge_ring_is_closed_counter_clockwise_and_reaches_its_radius():
    ring = wedge_ring(30.0, 114.0, 90.0, 65.0, 1000.0)
    assert ring[0] == ring[-1] == (114.0, 30.0)
    assert _signed_area(ring) > 0  # counter-clockwise (RFC 7946 exterior)
    metre = math.radians(1) * 6_371_000
    arc = [((x - 114.0) * metre * math.cos(math.radians(30)), (y - 30.0) * metre) for x, y in ring[1:-1]]
    assert all(math.hypot(e, n) == pytest.approx(1000, rel=0.01) for e, n in arc)
    bearings = [math.degrees(math.atan2(e, n)) for e, n in arc]
    assert bearings[0] == pytest.approx(122.5, abs=0.1) and bearings[-1] == pytest.approx(57.5, abs=0.1)
    disc = wedge_ring(30.0, 114.0, None, 360.0, 500.0)
    assert disc[0] == disc[-1] and _signed_area(disc) > 0 and len(disc) == 73


def test_the_overviews_count_findings_by_cause_and_bsc(sample_diagnosis):
    overview = scan_overview(sample_diagnosis)
    findings = sample_diagnosis.findings
    assert overview.by_cause["findings"].sum() == len(findings)
    assert overview.by_bsc["findings"].sum() == len(findings)
    assert sum(overview.by_severity.values()) == len(findings)
    cells = findings.loc[findings["level"].isin(["cell", "trx", "adjacency"]) & findings["cell"].notna(), "cell"]
    assert set(overview.cells["cell"]) == set(cells)  # every sample cell has coordinates
    assert overview.above_cell == len(findings) - len(cells)
    assert len(overview.network) == 600
    worst = overview.cells.set_index("cell")["severity"]
    assert worst["S0009B"] == "critical"  # the cell out of service


def test_the_suspects_overview_draws_each_suspect_once():
    found = drive_test_suspects(INPUTS, "en")
    overview = suspects_overview(found)
    assert sorted(overview.cells["cell"]) == sorted(found.suspects["cell"])
    assert list(found.sectors()["cell"]) == list(found.suspects["cell"])


def test_a_cells_drill_down():
    view = cell_view(INPUTS, "S0156B", "2026-11-20 20:00")
    assert view.config["bsc"] == "BSC08" and view.config["azimuth"] == 107
    assert list(view.trx["trx"]) == ["1", "2", "3", "4"]
    short = view.trx.set_index("trx").loc["3"]
    assert short["mean_hold"] < 10 and view.trx.set_index("trx").loc["1", "mean_hold"] > 60  # the faulty TRX3 (truth fault 9)
    assert view.findings.iloc[0]["cause"] == "trx_short_hold" and view.findings.iloc[0]["object"] == "S0156B/TRX3"
    assert len(pd.to_datetime(view.series["start_time"]).unique()) == 14
    assert view.rates["drop_rate"]["network"] == pytest.approx(0.0058, abs=0.001)
    assert set(view.neighbours["cell"]) == {"S0156B"} and len(view.neighbours) == len(view.scope.neighbours)
