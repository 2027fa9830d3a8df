"""The desk's steps on one case: the status machine, the times of each step, history, overrides."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from caselog_support import clock, log  # noqa: F401 (fixtures)
from netdiag.cases import AUTO, StatusError, TriageOutcome, add_case, classify, get_case, list_cases, update_case
from netdiag.errors import UsageError


def test_a_case_walks_its_steps_each_stamped_by_the_clock(log, clock):
    case_id = add_case(log, "T1", received_at="2026-11-21 08:00", msisdn="13900000001", symptom="call_drop", cell="A1")
    steps = ["acknowledged", "investigating", "responded", "closed", "reopened", "investigating", "responded", "closed"]
    times = {}
    for step in steps:
        clock.advance(hours=2)
        case = update_case(log, case_id, status=step, user="li")
        times[step] = clock.now()
        assert case.status == step
    case = get_case(log, case_id)
    assert case.acknowledged_at == datetime(2026, 11, 21, 11, 0)
    assert case.closed_at == times["closed"] and case.reopened_at == times["reopened"]  # the latest time of each step
    status_changes = [(h.old, h.new) for h in case.history if h.field == "status"]
    assert status_changes == list(zip(["received"] + steps[:-1], steps))
    assert all(h.user == "li" for h in case.history if h.field == "status")


@pytest.mark.parametrize("start, step", [
    ([], "investigating"),  # received -> investigating skips the acknowledgement
    ([], "closed"),
    (["acknowledged"], "responded"),
    (["acknowledged", "investigating", "responded", "closed"], "investigating"),  # a closed case is reopened first
    (["acknowledged"], "acknowledged"),
    ([], "done"),
])
def test_refused_steps_say_what_is_allowed(log, start, step):
    case_id = add_case(log, "T1", received_at="2026-11-21 08:00", text="掉话")
    for s in start:
        update_case(log, case_id, status=s)
    before = get_case(log, case_id)
    with pytest.raises(StatusError) as error:
        update_case(log, case_id, status=step, note="should not be written either")
    message = str(error.value)
    assert f"case {case_id}" in message and "\n" not in message
    after = get_case(log, case_id)
    assert (after.status, after.notes, len(after.history)) == (before.status, before.notes, len(before.history))


def test_a_step_before_the_step_it_follows_is_refused(log):
    case_id = add_case(log, "T1", received_at="2026-11-21 08:00")
    with pytest.raises(UsageError, match="before it was received"):
        update_case(log, case_id, status="acknowledged", now=datetime(2026, 11, 21, 7, 0))
    update_case(log, case_id, status="acknowledged", now=datetime(2026, 11, 21, 8, 30))
    with pytest.raises(UsageError, match=r"investigating at 2026-11-21 08:10 is before it was acknowledged \(2026-11-21 08:30\)"):
        update_case(log, case_id, status="investigating", now=datetime(2026, 11, 21, 8, 10))
    assert update_case(log, case_id, status="investigating", now=datetime(2026, 11, 21, 8, 30)).status == "investigating"


def test_every_change_is_in_the_history_with_who_and_when(log, clock):
    case_id = add_case(log, "T1", received_at="2026-11-21 08:00", text="上网很慢", user="desk2")
    clock.advance(hours=1)
    update_case(log, case_id, owner="wang", category="network", note="sent to the radio team", user="desk2")
    clock.advance(days=2)
    update_case(log, case_id, fix="TRX2 replaced", fix_date="2026-11-23", recheck="drops back to 0.4 %", user="wang")
    clock.advance(hours=5)
    update_case(log, case_id, followup="satisfied", note="subscriber happy", user="desk2")
    case = get_case(log, case_id)
    assert (case.owner, case.fix, case.fix_date, case.followup) == ("wang", "TRX2 replaced", date(2026, 11, 23), "satisfied")
    assert case.notes.splitlines() == ["2026-11-21 10:00 desk2: sent to the radio team", "2026-11-23 15:00 desk2: subscriber happy"]
    fields = [(h.field, h.user) for h in case.history]
    assert fields[0] == ("case", "desk2")
    assert ("owner", "desk2") in fields and ("fix", "wang") in fields and ("recheck_at", "wang") in fields
    assert ("category", "desk2") not in fields  # network already: no change, no row
    assert case.recheck_at == datetime(2026, 11, 23, 10, 0) and case.followup_at == clock.now()


def test_add_case_refuses_a_duplicate_and_a_future_date(log):
    add_case(log, "T1", received_at="2026-11-21 08:00")
    with pytest.raises(UsageError, match="already case 1"):
        add_case(log, "T1", received_at="2026-11-21 08:00")
    with pytest.raises(UsageError, match="in the future"):
        add_case(log, "T2", received_at="2026-11-22 08:00")
    with pytest.raises(UsageError, match="category"):
        add_case(log, "T3", category="weather")
    assert len(list_cases(log)) == 1


def test_get_case_by_number_or_complaint_id(log):
    add_case(log, "TS2026112001", received_at="2026-11-21 08:00")
    assert get_case(log, 1).complaint_id == get_case(log, "TS2026112001").complaint_id == "TS2026112001"
    with pytest.raises(UsageError, match="no case 7"):
        get_case(log, 7)


def test_classification_of_verdicts_and_causes():
    data = {"cause": "trx_short_hold"}
    assert classify("fault_found", [data]) == "valid"
    assert classify("no_fault_found", [{"cause": "normal_occasional_failure"}]) == "explained"
    assert classify("no_fault_found", ["subscriber_side"]) == "explained"
    assert classify("no_fault_found", ["website_side", "inter_network_path"]) == "explained"
    assert classify("fault_found", ["subscriber_side", "high_drop_cell"]) == "valid"  # a data cause among advice
    assert classify("no_fault_found", []) == "explained"
    for unjudged in ("no_evidence", "needs_symptom", "needs_location", "error"):
        assert classify(unjudged, [data]) is None
    assert classify(None, [{"cause": "my_own_rule_cause"}]) == "valid"  # unknown to causes.yaml: found in data
    assert classify(None, [{"cause": "my_own_rule_cause", "kind": "advice"}]) == "explained"


def test_the_desk_overrides_the_class_and_can_return_to_the_triage_s(log):
    triage = lambda ticket: TriageOutcome("no_fault_found", "call_drop", ({"cause": "normal_occasional_failure"},))  # noqa: E731
    case_id = add_case(log, "T1", received_at="2026-11-21 08:00", text="掉话", triage=triage)
    assert get_case(log, case_id).klass == "explained"
    case = update_case(log, case_id, klass="valid", note="the site test found a fault")
    assert (case.klass, case.class_overridden) == ("valid", True)
    assert {(h.field, h.old, h.new) for h in case.history} >= {("class", "explained", "valid"), ("class_overridden", "0", "1")}
    with pytest.raises(UsageError, match="class 'bogus'"):
        update_case(log, case_id, klass="bogus")
    case = update_case(log, case_id, klass=AUTO)
    assert (case.klass, case.class_overridden) == ("explained", False)


def test_overdue_is_judged_at_the_sla_limits(log, clock):
    add_case(log, "ON_TIME", received_at="2026-11-20 09:00")  # exactly 24 h ago: not yet late
    add_case(log, "LATE", received_at="2026-11-20 08:59")
    assert list(list_cases(log, overdue=True)["complaint_id"]) == ["LATE"]
    clock.advance(minutes=1)
    assert list(list_cases(log, overdue=True)["complaint_id"]) == ["LATE", "ON_TIME"]
    update_case(log, 1, status="acknowledged")
    assert list(list_cases(log, overdue=True)["complaint_id"]) == ["LATE"]
    clock.advance(hours=48)  # 72 h and a minute since received: open past the closing limit
    assert list(list_cases(log, overdue=True)["complaint_id"]) == ["LATE", "ON_TIME"]
