"""A batch of tickets gives every ticket the row that triaging it alone gives, from a folder and from
the store, though it diagnoses each hour once on the union of that hour's scopes."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from netdiag import load_dataset, load_rules
from netdiag.diagnosis.batch import Triager, result_row, triage_tickets
from netdiag.diagnosis.locate import spot_towards
from netdiag.diagnosis.request import triage_complaint
from netdiag.diagnosis.source import Inputs
from netdiag.diagnosis.symptoms import lexicon_for
from netdiag.diagnosis.tickets import complaint_from_row, read_complaints
from netdiag.errors import NetdiagError
from netdiag.store import import_exports

DAY = "2026-11-20"
FIXED = ("complaint_id", "msisdn", "address", "text")


@pytest.fixture(scope="module")
def tickets(tmp_path_factory, sample_dir, sample_truth) -> pd.DataFrame:
    """Tickets over several hours: faults and healthy cells, by cell, LAC+CI and spot, ids and words,
    and the ones a batch must answer with a reason (unknown cell, no location, unclear words)."""
    cells = load_dataset(sample_dir)["cells"].set_index("cell")
    injected = sample_truth[(sample_truth["role"] == "injected") & sample_truth["cell"].notna()]
    rows = []
    words = {"call_drop": "经常掉话", "no_coverage": "家里没信号", "one_way_audio": "对方听不到我说话"}
    hours = ["03:10", "09:40", "09:55", "14:05", "19:30", "19:45", "21:20", "23:59"]
    for i, fault in enumerate(injected.head(16).itertuples()):
        cell = cells.loc[fault.cell]
        row = {"complaint_id": f"F{i:02d}", "received_at": f"{DAY} {hours[i % len(hours)]}", "msisdn": f"1380000{i:04d}",
               "symptom": words.get(fault.symptom, fault.symptom)}
        if i % 3 == 0:
            row["cell"] = fault.cell
        elif i % 3 == 1:
            row["lac"], row["ci"] = int(cell["lac"]), int(cell["ci"])
        else:
            spot = spot_towards(float(cell["lat"]), float(cell["lon"]), float(cell["azimuth"]), 300)
            row["lat"], row["lon"] = round(spot.lat, 6), round(spot.lon, 6)
        rows.append(row)
    healthy = [c for c in cells.index if c not in set(sample_truth["cell"].dropna())]
    for i, cell in enumerate(healthy[:8]):
        rows.append({"complaint_id": f"H{i:02d}", "received_at": f"{DAY} {hours[(i * 3) % len(hours)]}", "cell": cell,
                     "symptom": ["call_drop", "my calls keep dropping", "上网特别慢", "call_setup"][i % 4]})
    rows += [
        {"complaint_id": "X01", "received_at": f"{DAY} 19:35", "cell": "NO_SUCH_CELL", "symptom": "call_drop"},
        {"complaint_id": "X02", "received_at": f"{DAY} 19:35", "symptom": "call_drop"},
        {"complaint_id": "X03", "received_at": f"{DAY} 19:35", "cell": healthy[0], "symptom": "上网很慢,网页打不开"},
        {"complaint_id": "X04", "cell": healthy[1], "symptom": "call_drop"},  # no time: the whole data
        {"complaint_id": "X05", "received_at": "2026-12-03 10:00", "cell": healthy[2], "symptom": "call_drop"},  # no data then
        {"complaint_id": "X06", "received_at": f"{DAY} 19:35", "lac": 1, "ci": 2, "symptom": "call_drop"},
    ]
    path = tmp_path_factory.mktemp("tickets") / "tickets.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory, sample_dir):
    path = tmp_path_factory.mktemp("store") / "history"
    import_exports(sample_dir, path)
    return path


def comparable(row: dict) -> str:
    return json.dumps({k: v for k, v in row.items() if k not in FIXED}, default=str, sort_keys=True)


def alone(triage_one, tickets) -> list[tuple[str, str]]:
    """(row, or the error's text) of every ticket triaged alone."""
    lexicon = lexicon_for(None, ())
    out = []
    for row in read_complaints(tickets).to_dict("records"):
        try:
            complaint = complaint_from_row(row, lexicon, "en")
            out.append(("row", comparable(result_row(triage_one(complaint), "en"))))
        except NetdiagError as error:
            out.append(("error", str(error)))
    return out


def batch(inputs, tickets) -> list[dict]:
    return list(triage_tickets(inputs, tickets, "en").rows)


def same(batched: list[dict], expected: list[tuple[str, str]]) -> None:
    assert len(batched) == len(expected)
    for got, (kind, want) in zip(batched, expected):
        if kind == "row":
            assert comparable(got) == want, got["complaint_id"]
        else:  # the ticket's own reason, as triage alone states it
            assert got["verdict"] in ("error", "needs_symptom", "needs_location") and got["note"] == want, got["complaint_id"]


def test_a_batch_from_a_folder_gives_each_ticket_its_row_alone(sample_dir, tickets):
    triager = Triager(load_dataset(sample_dir), load_rules())  # triage_complaint's, without reading the folder each time
    batched = batch(Inputs(data=sample_dir), tickets)
    same(batched, alone(triager.triage, tickets))
    verdicts = {row["complaint_id"]: row["verdict"] for row in batched}
    assert verdicts["X01"] == "error" and verdicts["X02"] == "needs_location" and verdicts["X03"] == "needs_symptom"
    assert verdicts["X05"] == "no_evidence" and verdicts["X06"] == "error"  # X05: no statistics at its time (formats.md)
    note = next(row["note"] for row in batched if row["complaint_id"] == "X05")
    assert "cell_kpi" in note
    assert sum(row["verdict"] == "fault_found" for row in batched) >= 10


def test_a_batch_from_the_store_gives_each_ticket_its_row_alone(store, tickets):
    inputs = Inputs(store=store, days=1)
    batched = batch(inputs, tickets)

    def one(complaint):
        # A complaint's time sets the days read (as --time does); without one, --days does.
        return triage_complaint(inputs if complaint.time is None else Inputs(store=store), complaint)

    expected = alone(one, tickets)
    # A ticket at a time the store holds no day of (X05): alone and in the batch, its hour reads no
    # statistics and says no_evidence (formats.md), naming them (alone it was an error, refusing the time).
    gone = next(row for row in batched if row["complaint_id"] == "X05")
    assert gone["verdict"] == "no_evidence" and "cell_kpi" in gone["note"]
    same(batched, expected)
    assert sum(row["verdict"] == "fault_found" for row in batched) >= 10


def test_a_store_batch_reads_each_day_once_and_gives_the_same_rows_without_keeping_it(store, tickets, monkeypatch):
    from netdiag.store import reader

    reads = []
    scan = reader._scan
    monkeypatch.setattr(reader, "_scan", lambda files, name, *a, **k: reads.append(name) or scan(files, name, *a, **k))
    kept = batch(Inputs(store=store, days=1), tickets)
    kept_reads, reads[:] = reads.count("trx_kpi"), []
    monkeypatch.setattr("netdiag.store.complaint.KEEP_DAYS", 0)
    unkept = batch(Inputs(store=store, days=1), tickets)
    assert [comparable(r) for r in kept] == [comparable(r) for r in unkept]
    assert kept_reads == 1  # the store holds one day: decoded once for all the hours
    assert reads.count("trx_kpi") > 2  # without keeping it, each hour decodes the day again
