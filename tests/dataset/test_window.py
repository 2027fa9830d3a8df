"""--time: the periods around when it happened decide, not the whole export."""

from __future__ import annotations

import pandas as pd
import pytest

from netdiag.diagnosis.batch import Triager
from netdiag.diagnosis.triage import Complaint
from netdiag.errors import UsageError
from netdiag.rules.loader import load_rules
from netdiag.dataset.window import around, parse_time, time_range

DAY = "2026-11-20"


@pytest.fixture(scope="module")
def dataset(sample_diagnosis):
    return sample_diagnosis.dataset


@pytest.fixture(scope="module")
def triager(dataset):
    return Triager(dataset, load_rules())


def test_around_keeps_the_periods_that_overlap_the_window(dataset):
    narrowed = around(dataset, pd.Timestamp(f"{DAY} 14:30"), hours=2)
    starts = narrowed["cell_kpi"]["start_time"]
    assert starts.min() == pd.Timestamp(f"{DAY} 12:00") and starts.max() == pd.Timestamp(f"{DAY} 15:00")  # 14:00 is the hour, 15:00 the one after
    assert len(narrowed["cells"]) == len(dataset["cells"])  # configuration is kept whole
    assert len(dataset["cell_kpi"]) > len(narrowed["cell_kpi"])  # the caller's dataset is untouched
    daily = narrowed["adjacency_ho"]
    assert not daily.empty  # the daily 180 report covers the window


def test_an_alarm_cleared_after_the_complaint_was_open_at_it(dataset):
    alarms = dataset["alarms"]
    cleared = alarms[alarms["cleared_at"].notna()].iloc[0]
    when = cleared["raised_at"] + (cleared["cleared_at"] - cleared["raised_at"]) / 2
    narrowed = around(dataset, when, hours=1)["alarms"]
    same = narrowed[(narrowed["raised_at"] == cleared["raised_at"]) & (narrowed["object"] == cleared["object"])]
    assert len(same) == 1 and pd.isna(same["cleared_at"].iloc[0])


def test_a_time_outside_the_data_keeps_no_statistics_and_says_what_the_data_covers(dataset):
    """formats.md: no statistics in the window is a `no_evidence` verdict, not a refused run."""
    narrowed = around(dataset, pd.Timestamp("2027-01-01 10:00"))
    assert narrowed["cell_kpi"].empty and narrowed.covers == time_range(dataset)
    assert not narrowed["cells"].empty  # the configuration stays whole
    assert around(dataset, time_range(dataset)[0] + pd.Timedelta(hours=3)).covers is None


@pytest.mark.parametrize("text", [f"{DAY} 14:30", f"{DAY}T14:30", "20/11/2026 14:30", f"{DAY} 14:30:00"])
def test_parse_time(text):
    assert parse_time(text) == pd.Timestamp(f"{DAY} 14:30")


def test_parse_time_refuses_nonsense():
    with pytest.raises(UsageError, match="--time"):
        parse_time("yesterday-ish")


def test_a_cell_that_went_down_at_noon_is_down_in_the_evening_not_in_the_morning(sample_truth, triager):
    fault = sample_truth.set_index("cause").loc["cell_out_of_service"]  # down from 12:00 (truth.csv)
    evening = triager.triage(Complaint(symptom="no_coverage", cell=fault["cell"], time=pd.Timestamp(f"{DAY} 18:00")))
    assert evening.causes.iloc[0]["cause"] == "cell_out_of_service"
    morning = triager.triage(Complaint(symptom="no_coverage", cell=fault["cell"], time=pd.Timestamp(f"{DAY} 07:00")))
    assert "cell_out_of_service" not in set(morning.causes["cause"])


def test_a_cell_silent_since_six_is_hung_later_not_at_four(sample_truth, triager):
    fault = sample_truth.set_index("cause").loc["cell_hung"]  # silent from 06:00 (truth.csv)
    later = triager.triage(Complaint(symptom="call_setup", cell=fault["cell"], time=pd.Timestamp(f"{DAY} 15:00")))
    assert later.causes.iloc[0]["cause"] == "cell_hung"
    early = triager.triage(Complaint(symptom="call_setup", cell=fault["cell"], time=pd.Timestamp(f"{DAY} 04:00")))
    assert "cell_hung" not in set(early.causes["cause"])


def test_complaints_in_the_same_hour_share_one_diagnosis(triager, sample_truth):
    cell = sample_truth["cell"].dropna().iloc[0]

    def hours() -> int:  # (the whole data's diagnosis, key None, is made once by whichever test comes first)
        return sum(key is not None for key in triager._diagnoses)

    before = hours()
    for minute in (5, 25, 55):
        triager.triage(Complaint(symptom="call_drop", cell=cell, time=pd.Timestamp(f"{DAY} 09:{minute:02d}")))
    assert hours() == before + 1
