"""Locating a complaint: the cells that serve a spot, and triage of a spot near an injected fault."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from netdiag.diagnosis.triage import Complaint, triage
from netdiag.errors import UsageError
from netdiag.diagnosis.locate import CellLocator, Spot, parse_spot


def ahead(cells: pd.DataFrame, cell: str, metres: float, turn: float = 0.0) -> Spot:
    """A spot `metres` from the cell's site along its azimuth (+ turn degrees)."""
    row = cells.set_index("cell").loc[cell]
    azimuth = np.radians(float(row["azimuth"]) + turn)
    lat, lon = float(row["lat"]), float(row["lon"])
    return Spot(lat + metres * np.cos(azimuth) / 111_195, lon + metres * np.sin(azimuth) / (111_195 * np.cos(np.radians(lat))))


@pytest.fixture(scope="module")
def cells(sample_diagnosis):
    return sample_diagnosis.dataset["cells"]


@pytest.fixture(scope="module")
def locator(cells):
    return CellLocator(cells)


def test_a_spot_in_front_of_a_sector_is_served_by_it_first(cells, locator):
    for cell in cells["cell"].iloc[::37]:
        found = locator.serving(ahead(cells, cell, 300))
        assert found["cell"].iloc[0] == cell
        assert found["weight"].iloc[0] == 1.0
        assert found["points_at"].iloc[0]
        assert abs(found["distance_m"].iloc[0] - 300) < 5


def test_the_sector_facing_the_spot_wins_over_its_co_sited_siblings(cells, locator):
    site = cells[cells["site"] == cells["site"].iloc[0]]
    for cell in site["cell"]:
        found = locator.serving(ahead(cells, cell, 500))
        siblings = found[found["site"] == site["site"].iloc[0]]
        assert siblings["cell"].iloc[0] == cell
        behind = siblings[siblings["cell"] != cell]
        assert (behind["off_axis_deg"] > 60).all()
        assert (behind["weight"] < 1).all()


def test_candidates_are_few_and_ranked_by_predicted_level(cells, locator):
    found = locator.serving(ahead(cells, "S0001B", 1500))
    assert 1 <= len(found) <= 3
    assert found["margin_db"].is_monotonic_increasing
    assert (found["margin_db"] <= 10).all()


def test_a_spot_far_beyond_every_cell_is_a_coverage_gap(cells, locator):
    spot = ahead(cells, "S0001A", 25_000, turn=180)  # well outside the network
    found = locator.serving(spot)
    gap = locator.beyond_coverage(spot, found)
    assert gap is not None and gap["distance_m"] > gap["expected_radius_m"]
    near = ahead(cells, "S0001A", 200)
    assert locator.beyond_coverage(near, locator.serving(near)) is None


def test_cell_by_lac_and_ci(cells, locator):
    row = cells.iloc[5]
    assert locator.by_cgi(int(row["lac"]), int(row["ci"])) == row["cell"]
    with pytest.raises(UsageError, match="no cell has LAC"):
        locator.by_cgi(1, 2)


@pytest.mark.parametrize("text", ["30.5,114.2", "30.5, 114.2", "30.5 114.2", "30.5;114.2"])
def test_parse_spot(text):
    assert parse_spot(text) == Spot(30.5, 114.2)


@pytest.mark.parametrize("text", ["30.5", "north,east", "95,114", "30,200"])
def test_parse_spot_refuses_what_is_not_a_spot(text):
    with pytest.raises(UsageError, match="--at"):
        parse_spot(text)


def test_a_spot_near_every_injected_fault_finds_it_on_its_cell(sample_diagnosis, sample_truth, cells, locator):
    """300 m in front of the faulty cell: the injected cause ranks first, on that cell."""
    injected = sample_truth[(sample_truth["role"] == "injected") & sample_truth["cell"].notna()]
    assert len(injected) >= 30
    for fault in injected.itertuples():
        result = triage(sample_diagnosis, Complaint(symptom=fault.symptom, spot=ahead(cells, fault.cell, 300)), locator)
        best = result.causes.iloc[0]
        assert best["cause"] == fault.cause, (fault.cause, fault.cell, result.causes[["cause", "cell"]].head(3))
        assert result.candidates["cell"].iloc[0] == fault.cell
        if fault.level in ("cell", "trx"):
            assert best["cell"] == fault.cell and best["via"] == fault.cell


def test_spot_triage_names_the_cell_of_each_cause(sample_diagnosis, sample_truth, cells, locator):
    """Between two sectors, causes from both candidates come back, each on its own cell."""
    fault = sample_truth[(sample_truth["cause"] == "trx_latent_fault")].iloc[0]
    spot = ahead(cells, fault["cell"], 1200)
    result = triage(sample_diagnosis, Complaint(symptom="call_drop", spot=spot), locator)
    data = result.causes[result.causes["kind"] == "data"]
    assert set(data["via"]) <= set(result.candidates["cell"])
    assert (data.loc[data["cause"] == "trx_latent_fault", "cell"] == fault["cell"]).all()


def test_a_healthy_spot_gets_no_fault_found(sample_diagnosis, sample_truth, cells, locator):
    from netdiag.sample import affected_cells

    ds = sample_diagnosis.dataset
    named = set().union(*affected_cells(sample_truth, cells, ds["neighbours"]).values())
    healthy = [c for c in cells["cell"] if c not in named]
    checked = 0
    for cell in healthy[::10]:
        spot = ahead(cells, cell, 150)
        candidates = locator.serving(spot)
        if set(candidates["cell"]) & named:
            continue  # a faulty neighbour may serve the spot too
        result = triage(sample_diagnosis, Complaint(symptom="call_drop", spot=spot), locator)
        assert result.verdict == "no_fault_found", (cell, result.causes.head(3))
        checked += 1
    assert checked >= 5


def test_no_coverage_far_from_the_network_reports_a_coverage_gap(sample_diagnosis, cells, locator):
    spot = ahead(cells, "S0001A", 20_000, turn=180)
    result = triage(sample_diagnosis, Complaint(symptom="no_coverage", spot=spot), locator)
    assert result.verdict == "fault_found"
    best = result.causes.iloc[0]
    assert best["cause"] == "coverage_gap" and best["kind"] == "location"
    assert best["evidence"]["distance_m"] > best["evidence"]["expected_radius_m"]
    # a call-drop complaint there is not explained by the location alone
    other = triage(sample_diagnosis, Complaint(symptom="call_drop", spot=spot), locator)
    assert "coverage_gap" not in set(other.causes["cause"])


# ---------------------------------------------------------------- out of area (issue 15, item 11)

@pytest.mark.parametrize("where", ["zero", "far"])
def test_a_spot_no_cell_reaches_is_out_of_area_with_the_nearest_cell(sample_diagnosis, cells, locator, where):
    east = cells.loc[cells["lon"].astype(float).idxmax()]
    spot = Spot(0.0, 0.0) if where == "zero" else Spot(float(east["lat"]), float(east["lon"]) + 90_000 / (111_195 * np.cos(np.radians(float(east["lat"])))))
    outside = locator.out_of_area(spot)
    assert outside is not None and outside["reach_m"] == 34870
    assert outside["distance_m"] > 80_000
    if where == "far":
        assert outside["nearest_cell"] == east["cell"] and abs(outside["distance_m"] - 90_000) < 500
    for symptom in ("no_coverage", "call_drop"):
        result = triage(sample_diagnosis, Complaint(symptom=symptom, spot=spot))
        assert result.verdict == "no_evidence"  # neither "coverage gap, high" nor "normal"
        assert result.causes.empty
        assert result.missing == [{"what": "coverage", **outside}]


def test_a_spot_at_the_edge_is_still_a_coverage_gap_not_out_of_area(sample_diagnosis, cells, locator):
    east = cells.loc[cells["lon"].astype(float).idxmax()]
    spot = Spot(float(east["lat"]), float(east["lon"]) + 10_000 / (111_195 * np.cos(np.radians(float(east["lat"])))))
    assert locator.out_of_area(spot) is None
    result = triage(sample_diagnosis, Complaint(symptom="no_coverage", spot=spot))
    assert result.verdict == "fault_found" and result.causes["cause"].iloc[0] == "coverage_gap"


def test_swapped_coordinates_are_named(locator, cells):
    with pytest.raises(UsageError, match=r"latitude must be within ±90 .*\(latitude and longitude swapped\?\)"):
        parse_spot("114.27,30.58")
    # Where both orders are on the globe, the one outside the network is told it may be swapped.
    from netdiag.diagnosis.locate import CellLocator as Locator

    northern = cells.assign(lat=cells["lat"].astype(float) + 20.0, lon=cells["lon"].astype(float) - 64.0)  # near 50 N, 50 E
    row = northern.iloc[0]
    outside = Locator(northern).out_of_area(Spot(float(row["lon"]), float(row["lat"])))
    assert outside is not None and outside["swapped_inside"] is True


def test_out_of_area_from_the_command_line_and_in_chinese(sample_dir):
    from typer.testing import CliRunner

    from netdiag.cli.app import app

    result = CliRunner().invoke(app, ["triage", str(sample_dir), "--at", "0,0", "--symptom", "no_coverage", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "无数据可依" in result.stdout and "不在网络覆盖范围内" in result.stdout
