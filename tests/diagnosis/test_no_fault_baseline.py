"""A no-fault verdict carries the baseline that fits the complaint: the cell's GPRS measures against the
network's for a GPRS symptom, its voice rates for the others."""

from __future__ import annotations

import pytest
from conftest import healthy_cell

from netdiag.diagnosis.triage import Complaint, triage

GPRS = {"tbf_fail_rate", "tbf_congestion_rate", "pdch_usage", "dl_throughput_kbps", "low_cs_share_pct"}
VOICE = {"drop_rate", "tch_congestion_rate", "tch_assign_fail_rate", "sdcch_assign_fail_rate", "sdcch_congestion_rate"}


@pytest.mark.parametrize("symptom", ["gprs_slow", "gprs_no_access"])
def test_a_gprs_complaint_gets_the_cells_gprs_measures_against_the_network(sample_diagnosis, symptom):
    cell = healthy_cell(sample_diagnosis, symptom)
    baseline = triage(sample_diagnosis, Complaint(cell=cell, symptom=symptom)).baseline
    assert set(baseline) == GPRS
    tbf = baseline["tbf_fail_rate"]
    gprs = sample_diagnosis.dataset["gprs_kpi"]
    mine = gprs[gprs["cell"] == cell]
    assert tbf["tbf_attempts"] == int(mine["tbf_attempts"].sum()) and tbf["tbf_fail"] == int(mine["tbf_fail"].sum())
    assert tbf["cell"] == pytest.approx(tbf["tbf_fail"] / tbf["tbf_attempts"], abs=1e-5)
    network = gprs[gprs["cell"].isin(sample_diagnosis.dataset["cells"]["cell"])]
    assert tbf["network"] == pytest.approx(network["tbf_fail"].sum() / network["tbf_attempts"].sum(), abs=1e-5)
    assert 0 < baseline["dl_throughput_kbps"]["network"] and 0 <= baseline["pdch_usage"]["cell"] <= 1


def test_a_voice_complaint_keeps_the_voice_rates(sample_diagnosis):
    cell = healthy_cell(sample_diagnosis, "call_drop")
    assert set(triage(sample_diagnosis, Complaint(cell=cell, symptom="call_drop")).baseline) == VOICE
