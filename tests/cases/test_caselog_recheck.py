"""The re-check after a fix: KPIs before against after with significance, causes looked for again,
resolved / not resolved / not enough data, the verdict written to the case with its history."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from netdiag.cases import FixedClock, add_case, get_case, open_log, recheck_case, update_case
from netdiag.cases.kpis import Comparison, KpiChange, compare, kpis_for, verdict
from netdiag.diagnosis.source import Inputs
from netdiag.errors import UsageError
from netdiag.sample import generate_network
from netdiag.store import import_exports

NOW = datetime(2026, 12, 1, 9, 0)


# ------------------------------------------------------------------------------------------ the tests of kpis
def rows(drops: list[int], seizures: int = 1000, start: str = "2026-11-01", cell: str = "A") -> pd.DataFrame:
    times = pd.date_range(start, periods=len(drops), freq="h")
    return pd.DataFrame({"start_time": times, "cell": cell, "period_min": 60, "tch_drops": drops, "tch_seizures": seizures,
                         "tch_traffic_erl": 10.0, "ho_out_attempts": 100, "ho_out_success": 97,
                         "unavailable_s": 0.0, "tch_available": 7.0, "bad_quality_good_level_pct": 2.0})


def test_a_drop_rate_that_fell_is_improved_and_one_that_rose_is_worse():
    before, after = {"cell_kpi": rows([30] * 24)}, {"cell_kpi": rows([5] * 24, start="2026-11-05")}
    result = compare(before, after, ["drop_rate"])
    change = result.changes[0]
    assert (change.before, change.after, change.change) == (pytest.approx(0.03), pytest.approx(0.005), "improved")
    assert change.p_better < 1e-10 and change.p_worse == pytest.approx(1.0)
    assert compare(after, before, ["drop_rate"]).changes[0].change == "worse"


def test_a_small_wobble_is_no_significant_change_and_bonferroni_counts_the_kpis():
    before, after = {"cell_kpi": rows([10] * 24)}, {"cell_kpi": rows([9] * 24, start="2026-11-05")}
    one = compare(before, after, ["drop_rate"]).changes[0]
    three = compare(before, after, ["drop_rate", "ho_fail_rate", "down_share"]).changes
    assert one.change == "unchanged" and [c.change for c in three] == ["unchanged", "unchanged", "no_data"]  # 24 periods < 30
    assert three[0].p_better == pytest.approx(min(one.p_better * 2, 1.0))  # Bonferroni over the two KPIs tested


def test_too_few_samples_is_no_data():
    before, after = {"cell_kpi": rows([1], seizures=10)}, {"cell_kpi": rows([0], seizures=10, start="2026-11-05")}
    assert [c.change for c in compare(before, after, ["drop_rate", "bad_quality_pct"]).changes] == ["no_data", "no_data"]
    assert [c.change for c in compare({}, after, ["drop_rate"]).changes] == ["no_data"]


def test_levels_are_compared_period_by_period():
    before = rows([10] * 24).assign(bad_quality_good_level_pct=np.linspace(14, 16, 24))
    after = rows([10] * 24, start="2026-11-05").assign(bad_quality_good_level_pct=np.linspace(2, 3, 24))
    change = compare({"cell_kpi": before}, {"cell_kpi": after}, ["bad_quality_pct"]).changes[0]
    assert change.change == "improved" and change.before == pytest.approx(15) and change.before_n == 24


def test_the_verdict():
    improved = Comparison([KpiChange("drop_rate", "rate", 0.03, 0.005, 1e4, 1e4, 1e-9, 1.0, "improved")])
    unchanged = Comparison([KpiChange("drop_rate", "rate", 0.01, 0.01, 1e4, 1e4, 0.5, 0.5, "unchanged")])
    worse = Comparison([KpiChange("drop_rate", "rate", 0.01, 0.03, 1e4, 1e4, 1.0, 1e-9, "worse")])
    nothing = Comparison([KpiChange("drop_rate", "rate", None, None, 0, 0)])
    assert verdict(improved, ["high_drop_cell"], []) == "resolved"
    assert verdict(improved, ["high_drop_cell"], ["high_drop_cell"]) == "not_resolved"  # the cause is still there
    assert verdict(worse, [], None) == "not_resolved"
    assert verdict(unchanged, [], None) == "not_resolved"
    assert verdict(unchanged, ["vswr_alarm"], []) == "resolved"  # the alarm cause is gone, the KPIs never moved
    assert verdict(nothing, ["vswr_alarm"], None) == "not_enough_data"


def test_the_kpis_of_a_case_are_its_symptom_s_and_its_causes_own():
    assert kpis_for("call_drop", ["high_drop_cell"]) == ["drop_rate", "ho_fail_rate"]
    assert kpis_for("no_coverage", ["cell_out_of_service"]) == ["down_share", "rxlev_dl", "drop_rate"]
    assert kpis_for("call_setup", ["cell_congestion"])[-1] == "tch_congestion_rate"


# ------------------------------------------------------------------------------------------ from a store
@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """Three days with a cell dropping 4-6 % of its calls (13-15 Nov), three healthy days after (17-19 Nov):
    the same network (the generator's network does not depend on its faults)."""
    root = tmp_path_factory.mktemp("recheck")
    truth = generate_network(root / "before", cells=60, hours=72, seed=3, start="2026-11-13 00:00", faults=["high_drop_cell"])
    generate_network(root / "after", cells=60, hours=72, seed=3, start="2026-11-17 00:00", faults=[])
    for part in ("before", "after"):
        import_exports(root / part, root / "store")
    return root / "store", truth["cell"].iloc[0]


@pytest.fixture
def log(tmp_path, store):
    path, cell = store
    with open_log(tmp_path / "cases.db", clock=FixedClock(NOW), user="desk") as opened:
        add_case(opened, "T1", received_at="2026-11-15 20:00", occurred_at="2026-11-15 19:00", text="经常掉话", cell=cell,
                 triage=None)
        yield opened


def with_triage(log, store):
    """The case as a triage on its day would have left it: a high drop rate on its cell."""
    _, cell = store
    log.conn.execute("UPDATE cases SET symptom = 'call_drop', verdict = 'fault_found', class = 'valid', causes = ? WHERE case_id = 1",
                     (f'[{{"cause": "high_drop_cell", "cell": "{cell}", "object": "{cell}", "score": 0.9, "kind": "data"}}]',))


def test_a_fix_that_worked_is_resolved_and_written_to_the_case(log, store):
    with_triage(log, store)
    update_case(log, 1, fix="TRX2 replaced", fix_date="2026-11-16", user="li")
    result = recheck_case(log, 1, Inputs(store=store[0]), days=3)
    assert result.verdict == "resolved" and result.saved
    assert (result.before_days, result.after_days) == (3, 3)
    drop = next(c for c in result.changes if c.kpi == "drop_rate")
    assert drop.change == "improved" and drop.before > 0.03 and drop.after < 0.01
    assert result.causes_before == ["high_drop_cell"] and result.causes_after == []
    case = get_case(log, 1)
    assert case.recheck == "resolved" and case.recheck_at == NOW
    assert any(h.field == "recheck" and h.new == "resolved" for h in case.history)


def test_a_fix_dated_before_the_fault_days_is_not_resolved(log, store):
    """Fixed on the 13th: "after" is the faulty 14-15th against nothing before: the cause is found again."""
    with_triage(log, store)
    update_case(log, 1, fix="reset", fix_date="2026-11-13")
    result = recheck_case(log, 1, Inputs(store=store[0]), days=2)
    assert result.verdict == "not_resolved" and result.causes_after == ["high_drop_cell"]


def test_no_statistics_after_the_fix_is_not_enough_data_and_nothing_is_written(log, store):
    with_triage(log, store)
    update_case(log, 1, fix="antenna realigned", fix_date="2026-11-25")
    result = recheck_case(log, 1, Inputs(store=store[0]), days=3)
    assert result.verdict == "not_enough_data" and not result.saved and result.causes_after is None
    assert get_case(log, 1).recheck is None


def test_a_case_without_a_fix_date_is_refused_in_one_line(log, store):
    with pytest.raises(UsageError, match="has no fix date"):
        recheck_case(log, 1, Inputs(store=store[0]))
