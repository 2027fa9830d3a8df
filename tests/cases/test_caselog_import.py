"""Tickets into the log: idempotent, upstream changes recorded, unknown cells flagged, bad tickets
refused one by one, the triage injected."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from caselog_support import NOW, cells, clock, log, tickets  # noqa: F401 (fixtures)
from netdiag.cases import CaseInput, TriageOutcome, get_case, import_tickets, list_cases, update_case
from netdiag.diagnosis.tickets import read_complaints
from netdiag.errors import UsageError

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "complaints.csv"


def history_rows(log) -> int:
    return log.conn.execute("SELECT count(*) FROM history").fetchone()[0]


def test_reimporting_the_same_tickets_changes_nothing(log, cells):
    frame = read_complaints(SAMPLE)
    first = import_tickets(log, frame, cells=cells)
    assert len(first.added) == len(frame) and not first.refused
    before = log.conn.execute("SELECT * FROM cases ORDER BY case_id").fetchall()
    rows = history_rows(log)
    again = import_tickets(log, frame, cells=cells, now=NOW + pd.Timedelta(days=1))
    assert (again.added, again.updated, len(again.unchanged)) == ([], [], len(frame))
    assert log.conn.execute("SELECT * FROM cases ORDER BY case_id").fetchall() == before  # not even updated_at
    assert history_rows(log) == rows


def test_a_ticket_changed_upstream_updates_its_case_with_history(log, clock):
    base = {"complaint_id": "T1", "received_at": "2026-11-20 10:00", "msisdn": "13900000001", "symptom": "经常掉话", "cell": "A1"}
    import_tickets(log, tickets(base))
    clock.advance(hours=3)
    summary = import_tickets(log, tickets({**base, "cell": "A2", "address": "中北路 1 号"}), user="sync")
    assert summary.updated == ["T1"]
    case = get_case(log, "T1")
    assert (case.cell, case.address) == ("A2", "中北路 1 号")
    changes = {(h.field, h.old, h.new, h.user, h.at) for h in case.history if h.field != "case"}
    assert ("cell", "A1", "A2", "sync", clock.now()) in changes
    assert ("address", None, "中北路 1 号", "sync", clock.now()) in changes
    assert case.updated_at == clock.now()


def test_the_desk_s_work_survives_a_reimport(log):
    base = {"complaint_id": "T1", "received_at": "2026-11-20 10:00", "symptom": "call_drop", "cell": "A1"}
    import_tickets(log, tickets(base))
    update_case(log, 1, status="acknowledged", owner="Li", klass="explained", note="called")
    import_tickets(log, tickets({**base, "address": "new"}))
    case = get_case(log, 1)
    assert (case.status, case.owner, case.klass, case.class_overridden) == ("acknowledged", "Li", "explained", True)
    assert case.address == "new"


def test_unknown_cell_is_stored_and_flagged(log, cells):
    summary = import_tickets(log, tickets(
        {"complaint_id": "T1", "received_at": "2026-11-20 10:00", "cell": "ZZ9"},
        {"complaint_id": "T2", "received_at": "2026-11-20 10:00", "lac": 4101, "ci": 99},
        {"complaint_id": "T3", "received_at": "2026-11-20 10:00", "lac": 4102, "ci": 2},
    ), cells=cells)
    assert len(summary.added) == 3
    assert dict(summary.flagged) == {"T1": ["unknown_cell"], "T2": ["unknown_cell"]}
    assert get_case(log, "T1").flags == ["unknown_cell"] and get_case(log, "T1").cell == "ZZ9"
    named = get_case(log, "T3")  # LAC+CI resolved to the cell, placed in its region
    assert (named.flags, named.cells, named.region, named.bsc) == ([], ["B2"], "Hanyang", "BSC2")
    # The ticket corrected upstream: the flag goes.
    import_tickets(log, tickets({"complaint_id": "T1", "received_at": "2026-11-20 10:00", "cell": "A3"}), cells=cells)
    fixed = get_case(log, "T1")
    assert (fixed.flags, fixed.region) == ([], "Wuchang")
    assert any(h.field == "flags" and h.old == '["unknown_cell"]' and h.new == "[]" for h in fixed.history)


def test_future_or_unreadable_dates_are_refused_per_ticket(log):
    summary = import_tickets(log, tickets(
        {"complaint_id": "OK1", "received_at": "2026-11-20 10:00"},
        {"complaint_id": "F1", "received_at": "2026-12-25 10:00"},
        {"complaint_id": "F2", "received_at": "2026-11-20 10:00", "occurred_at": "2027-01-01 00:00"},
        {"complaint_id": "U1", "received_at": "yesterday evening"},
        {"complaint_id": "U2", "received_at": "2026-13-40 10:00"},
        {"complaint_id": None, "received_at": "2026-11-20 10:00"},
        {"complaint_id": "OK2", "received_at": "20/11/2026 08:15", "occurred_at": "2026/11/19 22:00:00"},
        {"complaint_id": "OK1", "received_at": "2026-11-20 11:00"},
    ))
    assert summary.added == ["OK1", "OK2"]
    reasons = dict(summary.refused)
    assert set(reasons) == {"F1", "F2", "U1", "U2", "row 6", "OK1"}
    assert "received_at 2026-12-25 10:00 is in the future" in reasons["F1"]
    assert "occurred_at" in reasons["F2"] and "future" in reasons["F2"]
    assert "unreadable time 'yesterday evening'" in reasons["U1"]
    assert "received_at" in reasons["U2"]
    assert "no complaint_id" in reasons["row 6"]
    assert "repeated" in reasons["OK1"]
    ok2 = get_case(log, "OK2")  # a date ending with the year is day first
    assert (str(ok2.received_at), str(ok2.occurred_at)) == ("2026-11-20 08:15:00", "2026-11-19 22:00:00")


def test_a_ticket_read_complaints_could_not_read_is_refused_with_why(log, tmp_path):
    """Issue 15, item 10: read_complaints keeps such a ticket (its `error` says why): never a case
    with the value dropped."""
    path = tmp_path / "tickets.csv"
    path.write_text("complaint_id,received_at,occurred_at,symptom,cell\n"
                    "G1,2026-11-20 10:00,2026-11-20 09:00,经常掉话,A1\nB1,2026-11-20 10:00,next tuesday,经常掉话,A1\n", encoding="utf-8")
    summary = import_tickets(log, read_complaints(path))
    assert summary.added == ["G1"]
    assert summary.refused == [("B1", f"{path}:3: column occurred_at: cannot read 'next tuesday' as a time")]


def test_a_ticket_without_received_time_is_received_at_import_and_keeps_it(log, clock):
    import_tickets(log, tickets({"complaint_id": "T1", "symptom": "call_drop"}))
    assert get_case(log, "T1").received_at == NOW
    clock.advance(days=1)
    summary = import_tickets(log, tickets({"complaint_id": "T1", "symptom": "call_drop"}))
    assert summary.unchanged == ["T1"]


class CountingTriage:
    """A stand-in for netdiag's triage: a fault on cell A1, nothing anywhere else."""

    def __init__(self):
        self.seen: list[CaseInput] = []

    def __call__(self, ticket: CaseInput) -> TriageOutcome:
        self.seen.append(ticket)
        if ticket.cell == "A1":
            return TriageOutcome("fault_found", ticket.symptom or "call_drop",
                                 ({"cause": "trx_short_hold", "cell": "A1", "object": "A1/TRX2", "score": 0.91234, "rule": "r"},), ("A1",))
        if ticket.cell == "NOPE":
            raise UsageError("unknown cell 'NOPE'")
        return TriageOutcome("no_fault_found", ticket.symptom or "call_drop", ({"cause": "normal_occasional_failure", "cell": ticket.cell, "object": ticket.cell, "score": 0.3},), (ticket.cell,))


def test_the_injected_triage_sets_verdict_causes_and_class(log):
    triage = CountingTriage()
    import_tickets(log, tickets(
        {"complaint_id": "T1", "received_at": "2026-11-20 10:00", "symptom": "说着说着就断了", "cell": "A1"},
        {"complaint_id": "T2", "received_at": "2026-11-20 10:00", "symptom": "call_drop", "cell": "B1"},
        {"complaint_id": "T3", "received_at": "2026-11-20 10:00", "symptom": "call_drop", "cell": "NOPE"},
    ), triage=triage)
    t1, t2, t3 = (get_case(log, c) for c in ("T1", "T2", "T3"))
    assert (t1.verdict, t1.klass, t1.symptom, t1.text) == ("fault_found", "valid", "call_drop", "说着说着就断了")
    assert t1.causes == [{"cause": "trx_short_hold", "cell": "A1", "object": "A1/TRX2", "score": 0.9123}]
    assert (t2.verdict, t2.klass) == ("no_fault_found", "explained")
    assert (t3.verdict, t3.klass, t3.triage_note) == ("error", None, "unknown cell 'NOPE'")
    assert len(triage.seen) == 3
    import_tickets(log, tickets({"complaint_id": "T1", "received_at": "2026-11-20 10:00", "symptom": "说着说着就断了", "cell": "A1"}), triage=triage)
    assert len(triage.seen) == 3  # unchanged: not triaged again


def test_cases_imported_without_triage_are_triaged_when_one_is_given(log):
    rows = tickets({"complaint_id": "T1", "received_at": "2026-11-20 10:00", "symptom": "call_drop", "cell": "A1"})
    import_tickets(log, rows)
    assert get_case(log, "T1").verdict is None
    triage = CountingTriage()
    assert import_tickets(log, rows, triage=triage).updated == ["T1"]
    assert (get_case(log, "T1").verdict, get_case(log, "T1").klass) == ("fault_found", "valid")
    assert import_tickets(log, rows, triage=triage).unchanged == ["T1"] and len(triage.seen) == 1


def test_a_changed_place_is_triaged_again_but_an_override_stands(log):
    triage = CountingTriage()
    base = {"complaint_id": "T1", "received_at": "2026-11-20 10:00", "symptom": "call_drop", "cell": "B1"}
    import_tickets(log, tickets(base, {**base, "complaint_id": "T2"}), triage=triage)
    update_case(log, 2, klass="valid")  # the desk disagrees with "explained"
    import_tickets(log, tickets({**base, "cell": "A1"}, {**base, "complaint_id": "T2", "cell": "B2"}), triage=triage)
    t1, t2 = get_case(log, "T1"), get_case(log, "T2")
    assert (t1.verdict, t1.klass, t1.cells) == ("fault_found", "valid", ["A1"])
    assert {(h.field, h.old, h.new) for h in t1.history} >= {("verdict", "no_fault_found", "fault_found"), ("class", "explained", "valid")}
    assert (t2.verdict, t2.klass, t2.class_overridden) == ("no_fault_found", "valid", True)
    import_tickets(log, tickets({**base, "cell": "A1", "address": "only the address"}), triage=triage)
    assert len(triage.seen) == 4  # an address alone does not call for a new triage


def test_list_cases_filters(log, cells, clock):
    triage = CountingTriage()
    rows = [
        {"complaint_id": "T1", "received_at": "2026-11-01 10:00", "msisdn": "139001", "symptom": "call_drop", "cell": "A1"},
        {"complaint_id": "T2", "received_at": "2026-11-10 10:00", "msisdn": "139001", "symptom": "call_drop", "cell": "B1"},
        {"complaint_id": "T3", "received_at": "2026-11-20 08:00", "msisdn": "139002", "symptom": "no_coverage", "cell": "A1"},
        {"complaint_id": "T4", "received_at": "2026-11-21 08:30", "msisdn": "139003", "symptom": "call_drop", "cell": "B2"},
    ]
    import_tickets(log, tickets(*rows), triage=triage, cells=cells)
    update_case(log, 1, status="acknowledged", now=pd.Timestamp("2026-11-01 12:00").to_pydatetime())
    ids = lambda frame: list(frame["complaint_id"])  # noqa: E731
    assert ids(list_cases(log, status="received")) == ["T2", "T3", "T4"]
    assert ids(list_cases(log, region="Hanyang")) == ["T2", "T4"]
    assert ids(list_cases(log, bsc="BSC1")) == ["T1", "T3"]
    assert ids(list_cases(log, symptom="no_coverage")) == ["T3"]
    assert ids(list_cases(log, cause="trx_short_hold")) == ["T1", "T3"]
    assert ids(list_cases(log, repeat=True)) == ["T2"]  # same subscriber 9 days later; A1 again only after 19 days
    # At 09:00 on the 21st: T1 acknowledged but open 20 days (> 72 h), T2 and T3 not acknowledged after 25 h and
    # more (> 24 h), T4 30 min old.
    assert ids(list_cases(log, overdue=True)) == ["T1", "T2", "T3"]
    assert ids(list_cases(log, overdue=False)) == ["T4"]


def test_ticket_fields_as_exports_write_them():
    from datetime import datetime

    from netdiag.cases.tickets import msisdn_of, parse_time

    assert parse_time("2026-11-20T14:00:00+08:00") == datetime(2026, 11, 20, 14, 0)  # wall time kept, offset dropped
    assert parse_time("05/11/2026 14:00") == datetime(2026, 11, 5, 14, 0)  # day first, even at 12 or less
    assert parse_time(pd.Timestamp("2026-11-20 14:00:30.5")) == datetime(2026, 11, 20, 14, 0, 30)
    assert parse_time(None) is None and parse_time(float("nan")) is None
    assert msisdn_of(13907100001.0) == msisdn_of(" 139-0710-0001 ") == "13907100001"


def test_a_case_without_evidence_is_triaged_again_when_data_comes(log, clock):
    row = {"complaint_id": "T1", "received_at": "2026-11-20 10:00", "symptom": "call_drop", "cell": "A1"}
    calls = []

    def no_data(ticket):
        calls.append(ticket.complaint_id)
        return TriageOutcome("no_evidence", "call_drop", note="the data does not cover 2026-11-20 10:00")

    def with_data(ticket):
        calls.append(ticket.complaint_id)
        return TriageOutcome("fault_found", "call_drop", ({"cause": "high_drop_cell", "cell": "A1", "object": "A1", "score": 0.8},), ("A1",))

    import_tickets(log, tickets(row), triage=no_data)
    again = import_tickets(log, tickets(row), triage=no_data)  # still no data: tried, nothing written
    assert again.unchanged == ["T1"] and calls == ["T1", "T1"]
    clock.advance(days=1)
    later = import_tickets(log, tickets(row), triage=with_data)
    case = get_case(log, "T1")
    assert later.updated == ["T1"] and (case.verdict, case.klass, case.causes[0]["cause"]) == ("fault_found", "valid", "high_drop_cell")
    assert any(h.field == "verdict" and h.old == "no_evidence" and h.new == "fault_found" for h in case.history)
    calls.clear()
    import_tickets(log, tickets(row), triage=with_data)  # judged now: not triaged again
    assert calls == []
