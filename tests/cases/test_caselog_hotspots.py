"""Hotspots: found where complaints cluster in space and time, none in a uniform background."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from caselog_support import cases_frame, cells  # noqa: F401 (fixture)
from netdiag.cases import find_hotspots
from netdiag.cases.geo import to_metres

START = pd.Timestamp("2026-11-01")
CENTRE = (30.55, 114.25)


def city() -> pd.DataFrame:
    """Sites every 0.03° (about 3 km) over the background's 30 x 30 km: the network's area."""
    lat, lon = np.meshgrid(np.arange(30.40, 30.671, 0.03), np.arange(114.10, 114.411, 0.03))
    return pd.DataFrame({"cell": [f"S{i}" for i in range(lat.size)], "lat": lat.ravel(), "lon": lon.ravel()})


def background(rng, n: int, days: float = 7) -> list[dict]:
    """Complaints at uniform random spots over about 30 x 30 km, at uniform random times."""
    return [{"received_at": START + pd.Timedelta(seconds=float(s)), "lat": lat, "lon": lon, "symptom": "call_drop"}
            for s, lat, lon in zip(rng.uniform(0, days * 86400, n), rng.uniform(30.40, 30.67, n), rng.uniform(114.10, 114.41, n))]


def burst(rng, n: int, days: float, radius_m: float = 200) -> list[dict]:
    """n complaints within radius_m of CENTRE over `days` days from the 5th."""
    angle, dist = rng.uniform(0, 2 * np.pi, n), radius_m * np.sqrt(rng.uniform(0, 1, n))
    lat = CENTRE[0] + np.degrees(dist * np.sin(angle) / 6_371_000)
    lon = CENTRE[1] + np.degrees(dist * np.cos(angle) / (6_371_000 * np.cos(np.radians(CENTRE[0]))))
    when = START + pd.Timedelta(days=4) + pd.to_timedelta(rng.uniform(0, days * 86400, n), unit="s")
    return [{"received_at": t, "lat": a, "lon": o, "symptom": "no_coverage", "cell": "S0042B"} for t, a, o in zip(when, lat, lon)]


def test_a_cluster_is_found_at_its_place_among_background(rng=np.random.default_rng(7)):
    frame = cases_frame(*background(rng, 300), *burst(rng, 9, days=2))
    spots = find_hotspots(frame, end=START + pd.Timedelta(days=7), days=7)
    assert len(spots) == 1
    spot = spots[0]
    offset = np.hypot(*to_metres(np.array([spot.lat]), np.array([spot.lon]), *CENTRE)[0])
    assert offset < 100
    assert 9 <= spot.count <= 10  # the burst, and perhaps one background complaint that fell inside
    assert spot.radius_m <= 700
    assert spot.cells == ["S0042B"] and spot.symptoms["no_coverage"] == 9
    assert set(range(301, 310)) <= set(spot.case_ids)
    assert spot.rank == 1 and spot.span_days <= 2.1


def test_complaints_named_by_cell_gather_at_the_cell(cells):
    rows = [{"received_at": START + pd.Timedelta(hours=h), "cell": "B2", "symptom": "call_drop"} for h in range(0, 60, 10)]
    rows += [{"received_at": START + pd.Timedelta(hours=3), "cell": "A1"}]
    spots = find_hotspots(cases_frame(*rows), cells, end=START + pd.Timedelta(days=3))
    assert [(s.cells, s.count, round(s.lat, 2), round(s.lon, 2), s.radius_m) for s in spots] == [(["B2"], 6, 30.61, 114.2, 0.0)]


@pytest.mark.parametrize("seed", range(5))
def test_no_hotspot_in_a_uniform_background(seed):
    rng = np.random.default_rng(seed)
    frame = cases_frame(*background(rng, 600))  # about 0.5 others in any 500 m disc: a few discs of 5 by chance
    assert find_hotspots(frame, end=START + pd.Timedelta(days=7)) == []
    assert find_hotspots(frame, city(), end=START + pd.Timedelta(days=7)) == []


def test_the_same_few_complaints_are_a_hotspot_in_a_network_but_not_alone():
    rng = np.random.default_rng(5)
    frame = cases_frame(*burst(rng, 6, days=1))
    assert len(find_hotspots(frame, city())) == 1
    assert find_hotspots(frame) == []  # without the network's area, six complaints in one place are their own background


def test_a_cluster_spread_over_months_is_no_hotspot_of_a_week():
    rng = np.random.default_rng(3)
    frame = cases_frame(*burst(rng, 9, days=90))
    assert find_hotspots(frame, city(), end=START + pd.Timedelta(days=94), days=7) == []
    assert len(find_hotspots(frame, city(), end=START + pd.Timedelta(days=94), days=90)) == 1


def test_ranked_by_count():
    rng = np.random.default_rng(11)
    small = burst(rng, 6, days=1)
    big = [{**row, "lat": row["lat"] + 0.05, "cell": "OTHER"} for row in burst(rng, 12, days=1)]
    spots = find_hotspots(cases_frame(*small, *big), city())
    assert [(s.rank, s.count, s.cells) for s in spots] == [(1, 12, ["OTHER"]), (2, 6, ["S0042B"])]
