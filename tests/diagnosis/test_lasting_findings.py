"""A complaint with a time is judged over the hours before it, with the whole data's findings of
faults that last longer than those hours: stretches that cover the time, and states that must
persist (`persistence:` in a rule) where they show in the hours around it."""

from __future__ import annotations

import pandas as pd

from netdiag import build_dataset, load_rules
from netdiag.diagnosis.batch import Triager
from netdiag.diagnosis.triage import Complaint
from netdiag.io.schema import TABLES
from netdiag.io.values import coerce

BUSY = (10, 11, 12, 18, 19, 20)  # the network's busy hours, both days
CONGESTED = {("2026-11-20", 10), ("2026-11-20", 11), ("2026-11-21", 19), ("2026-11-21", 20)}


def _table(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    return coerce(frame.astype(str), TABLES[name], name, 2)


def _congested_two_busy_hours_a_day() -> Triager:
    rows = []
    for day in ("2026-11-20", "2026-11-21"):
        for hour in range(24):
            busy = hour in BUSY
            attempts = 400 if busy else 60
            blocked = 60 if (day, hour) in CONGESTED else 0
            rows.append({"start_time": f"{day} {hour:02d}:00", "cell": "A", "tch_attempts": attempts, "tch_congestion": blocked,
                         "tch_traffic_erl": 12 if busy else 2})
            rows.append({"start_time": f"{day} {hour:02d}:00", "cell": "B", "tch_attempts": attempts, "tch_congestion": 0,
                         "tch_traffic_erl": 30 if busy else 5})
    cells = pd.DataFrame({"cell": ["A", "B"], "bsc": ["X", "X"]})
    dataset = build_dataset({"cells": _table("cells", cells), "cell_kpi": _table("cell_kpi", pd.DataFrame(rows))})
    return Triager(dataset, load_rules())


def _causes(triager: Triager, when: str) -> set[str]:
    return set(triager.triage(Complaint(symptom="call_setup", cell="A", time=pd.Timestamp(when))).causes["cause"])


def test_a_persistent_state_counts_at_a_time_where_it_shows_in_the_hours_before():
    triager = _congested_two_busy_hours_a_day()
    assert "cell_congestion" in set(triager.diagnosis_at(None).findings["cause"])  # four busy hours over the two days
    assert "cell_congestion" not in set(triager.diagnosis_at(pd.Timestamp("2026-11-21 20:30")).findings["cause"])  # two in the window
    assert "cell_congestion" in _causes(triager, "2026-11-21 20:30")


def test_a_persistent_state_does_not_count_at_a_time_when_the_hours_before_show_none_of_it():
    triager = _congested_two_busy_hours_a_day()
    assert "cell_congestion" not in _causes(triager, "2026-11-21 16:00")


def _coverage_lost_at_nine_on_the_second_day() -> Triager:
    rows = []
    for day in ("2026-11-20", "2026-11-21"):
        for hour in range(24):
            fallen = day == "2026-11-21" and hour >= 9
            for cell, level in (("A", -85.0 if fallen else -75.0), ("B", -74.0)):
                rows.append({"start_time": f"{day} {hour:02d}:00", "cell": cell, "rxlev_dl_avg": level, "tch_traffic_erl": 5})
    cells = pd.DataFrame({"cell": ["A", "B"], "bsc": ["X", "X"]})
    dataset = build_dataset({"cells": _table("cells", cells), "cell_kpi": _table("cell_kpi", pd.DataFrame(rows))})
    return Triager(dataset, load_rules())


def _complaint_causes(triager: Triager, symptom: str, cell: str, when: str) -> set[str]:
    return set(triager.triage(Complaint(symptom=symptom, cell=cell, time=pd.Timestamp(when))).causes["cause"])


def test_a_fall_the_whole_data_found_counts_after_it_though_the_window_holds_too_little_before_it():
    # The whole data judges the fall over its last third (no stretch of its own); the evening's window
    # holds one hour before the fall, too little to judge a change: the whole data's stretch since
    # nine covers the complaint.
    triager = _coverage_lost_at_nine_on_the_second_day()
    assert "coverage_degraded" in set(triager.diagnosis_at(None).findings["cause"])
    assert "coverage_degraded" not in set(triager.diagnosis_at(pd.Timestamp("2026-11-21 20:45")).findings["cause"])
    assert "coverage_degraded" in _complaint_causes(triager, "no_coverage", "A", "2026-11-21 20:45")


def test_a_fall_the_whole_data_found_does_not_count_before_it():
    triager = _coverage_lost_at_nine_on_the_second_day()
    assert "coverage_degraded" not in _complaint_causes(triager, "no_coverage", "A", "2026-11-21 07:00")
