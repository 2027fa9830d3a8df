"""The case log's triage wired to netdiag's, from a data folder and from a store: each ticket checked
before anything is diagnosed, no_evidence where the data does not cover its time."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from netdiag.cases import CaseInput, desk_triage
from netdiag.diagnosis.source import Inputs
from netdiag.render.labels import CASE_NOTES
from netdiag.store import import_exports

ROOT = Path(__file__).resolve().parents[2]
NETWORK = ROOT / "samples" / "network"


def ticket(**fields) -> CaseInput:
    base = {"complaint_id": "T1", "received_at": datetime(2026, 11, 20, 21, 0)}
    return CaseInput(**{**base, **fields})


@pytest.fixture(scope="module")
def folder():
    return desk_triage(Inputs(data=NETWORK), lang="en", texts=CASE_NOTES["en"])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "store"
    import_exports(NETWORK, path)
    return desk_triage(Inputs(store=path), lang="zh", texts=CASE_NOTES["zh"])


def test_a_ticket_at_a_faulty_cell_in_the_data_s_time_is_a_fault(folder):
    out = folder(ticket(cell="S0009B", text="家里没信号", occurred_at=datetime(2026, 11, 20, 15, 0)))
    assert (out.verdict, out.symptom, out.cells) == ("fault_found", "no_coverage", ("S0009B",))
    assert out.causes[0]["cause"] == "cell_out_of_service" and out.causes[0]["kind"] == "data"


def test_before_the_fault_the_same_cell_has_no_fault(folder):
    out = folder(ticket(cell="S0009B", symptom="no_coverage", occurred_at=datetime(2026, 11, 20, 8, 0)))
    assert out.verdict == "no_fault_found"
    assert all(c["kind"] != "data" for c in out.causes)


def test_outside_the_statistics_there_is_no_evidence_not_no_fault(folder):
    out = folder(ticket(cell="S0009B", text="家里没信号", occurred_at=datetime(2026, 11, 19, 15, 0)))
    assert (out.verdict, out.symptom, out.causes) == ("no_evidence", "no_coverage", ())
    assert "2026-11-19 15:00" in out.note and "2026-11-20 00:00" in out.note


def test_what_a_ticket_lacks_is_said_before_any_diagnosis(folder):
    assert folder(ticket(cell="S0009B")).verdict == "needs_symptom"
    unclear = folder(ticket(cell="S0009B", text="掉话还有杂音"))
    assert unclear.verdict == "needs_symptom" and "call_drop" in unclear.note
    assert folder(ticket(text="经常掉话")).verdict == "needs_location"
    unknown = folder(ticket(cell="S9999X", text="经常掉话"))
    assert (unknown.verdict, unknown.flags, unknown.symptom) == ("error", ("unknown_cell",), "call_drop")
    assert folder(ticket(lac=4101, ci=1, text="经常掉话")).flags == ("unknown_cell",)


def test_lac_ci_and_spots_are_placed(folder, surge_spot=(30.486455, 114.29337)):
    by_cgi = folder(ticket(lac=4109, ci=20034, text="经常掉话", occurred_at=datetime(2026, 11, 20, 20, 0)))
    assert by_cgi.cells == ("S0009B",)
    by_spot = folder(ticket(lat=surge_spot[0], lon=surge_spot[1], text="手机显示无服务", occurred_at=datetime(2026, 11, 20, 18, 0)))
    assert "S0009B" in by_spot.cells and by_spot.causes[0]["cause"] == "cell_out_of_service"


def test_from_a_store_only_the_days_it_holds_are_triaged(store):
    inside = store(ticket(cell="S0009B", text="家里没信号", occurred_at=datetime(2026, 11, 20, 15, 0)))
    assert inside.verdict == "fault_found" and inside.causes[0]["cause"] == "cell_out_of_service"
    outside = store(ticket(cell="S0009B", text="家里没信号", occurred_at=datetime(2026, 11, 18, 15, 0)))
    assert outside.verdict == "no_evidence" and "数据未覆盖" in outside.note
    assert store.cells["cell"].nunique() == 600 and "region" in store.cells


def test_a_store_s_scoped_reads_conclude_as_the_whole_folder_does(folder, store):
    tickets = [
        ticket(cell="S0156B", text="对方听不到我说话", occurred_at=datetime(2026, 11, 20, 18, 30)),
        ticket(lat=30.611402, lon=114.165429, text="说着说着就断了", occurred_at=datetime(2026, 11, 20, 20, 15)),
        ticket(cell="S0015C", text="经常掉话", occurred_at=datetime(2026, 11, 20, 19, 0)),
    ]
    for one in tickets:
        whole, scoped = folder(one), store(one)
        assert (whole.verdict, whole.cells) == (scoped.verdict, scoped.cells)
        assert [c["cause"] for c in whole.causes][:2] == [c["cause"] for c in scoped.causes][:2]
