"""Measures on small hand-made tables: Ater groups, ghost pairs, persistence inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from netdiag import build_dataset
from netdiag.measures.compute import compute
from netdiag.io.values import coerce
from netdiag.io.schema import TABLES

CELLS = pd.DataFrame(
    {
        "cell": ["A", "B", "C", "D"], "bsc": ["X"] * 4, "lac": [1, 1, 1, 1],
        "bcch": [10, 11, 12, 11], "ncc": [1, 2, 3, 2], "bcc": [1, 2, 3, 2],
        "lat": [30.0, 30.01, 30.02, 31.5], "lon": [114.0, 114.0, 114.0, 114.0],
    }
)


def table(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    return coerce(frame.astype(str), TABLES[name], name, 2)


def circuits_018(holds: dict[int, float], ater: bool) -> pd.DataFrame:
    rows = []
    for ts in [*range(1, 16), *range(17, 32)]:
        hold = holds.get(ts, 90.0)
        rows.append({"start_time": "2026-11-20 00:00", "bsc": "X", "pcm": 1, "ts": ts, "seizures": 40, "hold_s": 40 * hold,
                     **({"ater_highway": 7, "ater_ts": (ts - 1) // 4} if ater else {})})
    return pd.DataFrame(rows)


def test_default_ater_groups_follow_the_traffic_timeslots():
    ds = build_dataset({"cells": table("cells", CELLS), "a_circuits": table("a_circuits", circuits_018({13: 12, 14: 12, 15: 12, 17: 12}, ater=False))})
    groups = compute(ds, ["circuit_group"])["circuit_group"].whole.set_index("object")
    assert "X/PCM1/TS13-15+17" in groups.index and "X/PCM1/TS30-31" in groups.index
    assert groups.loc["X/PCM1/TS13-15+17", "max_hold"] == 12
    assert groups.loc["X/PCM1/TS13-15+17", "circuits"] == 4
    assert groups.loc["X/PCM1/TS1-4", "max_hold"] == 90


def test_ater_columns_decide_the_grouping_when_given():
    ds = build_dataset({"cells": table("cells", CELLS), "a_circuits": table("a_circuits", circuits_018({5: 3.0}, ater=True))})
    frames = compute(ds, ["circuit", "circuit_group"])
    circuit = frames["circuit"].whole.set_index("object").loc["X/PCM1/TS5"]
    assert circuit["mean_hold"] == 3.0 and circuit["group"] == "X/PCM1/TS5-8"
    assert circuit["group_max_hold"] == 90 and circuit["group_min_hold"] == 3.0


def test_circuits_of_both_tables_sorted_by_bsc_pcm_and_ts():
    report = pd.DataFrame({"start_time": ["2026-11-20 00:00"] * 4 + ["2026-11-20 01:00"], "bsc": ["X", "X", "W", "X", "X"],
                           "pcm": [2, 1, 1, 1, 1], "ts": [1, 17, 3, 2, 17], "seizures": [5, 4, 0, 3, 6], "hold_s": [50, 40, 0, 30, 60]})
    state = pd.DataFrame({"bsc": ["X", "X", "W", "V"], "pcm": [1, 2, 1, 1], "ts": [17, 1, 3, 9],
                          "bsc_state": ["Idle ", "busy", "blocked", "idle"], "msc_state": ["idle", "faulty", "idle", "idle"]})
    ds = build_dataset({"cells": table("cells", CELLS), "a_circuits": table("a_circuits", report),
                        "a_circuit_state": table("a_circuit_state", state)})
    frames = compute(ds, ["circuit", "circuit_group"])
    circuits = frames["circuit"].whole
    assert circuits["object"].tolist() == ["V/PCM1/TS9", "W/PCM1/TS3", "X/PCM1/TS2", "X/PCM1/TS17", "X/PCM2/TS1"]
    assert circuits["seizures"].fillna(-1).tolist() == [-1, 0, 3, 10, 5] and circuits["hold_s"].iloc[3] == 100
    assert circuits["bsc_state"].fillna("?").tolist() == ["idle", "blocked", "?", "idle", "busy"]
    assert circuits["state_mismatch"].tolist() == [0, 1, 0, 0, 1]
    assert circuits["group"].fillna("-").tolist() == ["-", "-", "X/PCM1/TS2", "X/PCM1/TS17", "X/PCM2/TS1"]  # only with traffic
    assert frames["circuit_group"].whole["object"].tolist() == ["X/PCM1/TS2", "X/PCM1/TS17", "X/PCM2/TS1"]


def test_ghost_pairs_by_bcch_and_bsic():
    neighbours = pd.DataFrame({"cell": ["A", "A", "A"], "neighbour": ["B", "C", "EXT1"],
                               "nb_bcch": ["", "", "11"], "nb_ncc": ["", "", "2"], "nb_bcc": ["", "", "2"]})
    ho = pd.DataFrame({"start_time": ["2026-11-20 00:00"] * 2, "cell": ["A", "A"], "neighbour": ["B", "C"],
                       "ho_attempts": [100, 100], "ho_success": [70, 98]})
    ds = build_dataset({"cells": table("cells", CELLS), "neighbours": table("neighbours", neighbours),
                        "adjacency_ho": table("adjacency_ho", ho)})
    adj = compute(ds, ["adjacency"])["adjacency"].whole.set_index("object")
    ghost = adj.loc["A->BCCH 11/BSIC 22"]
    assert ghost["neighbours_with_code"] == 2 and ghost["code_neighbours"] == "B, EXT1"
    assert abs(ghost["ho_fail_rate"] - 0.3) < 1e-9
    # D shares B's code but is 165 km away and not a neighbour of A
    assert ghost["nearest_same_code_cell"] == "D" and ghost["nearest_same_code_km"] > 100
    plain = adj.loc["A->C"]
    assert plain["neighbours_with_code"] == 1 and abs(plain["ho_fail_rate"] - 0.02) < 1e-9


def test_adjacency_rows_by_cell_and_target_from_the_list_and_the_report():
    # A lists B and EXT9 (not configured, no code); B lists A and D. The report also gives targets
    # by BCCH + BSIC only, and C hands over to A without listing it.
    neighbours = pd.DataFrame({"cell": ["A", "A", "B", "B"], "neighbour": ["B", "EXT9", "A", "D"]})
    ho = pd.DataFrame({"start_time": ["2026-11-20 00:00"] * 5 + ["2026-11-20 01:00"],
                       "cell": ["A", "A", "A", "B", "C", "A"], "neighbour": ["B", "EXT9", "", "", "A", "B"],
                       "nb_bcch": ["", "", "12", "40", "", ""], "nb_bsic": ["", "", "33", "12", "", ""],
                       "ho_attempts": [10, 5, 7, 3, 4, 20], "ho_success": [9, 5, 1, 3, 4, 18]})
    ds = build_dataset({"cells": table("cells", CELLS), "neighbours": table("neighbours", neighbours),
                        "adjacency_ho": table("adjacency_ho", ho)})
    adj = compute(ds, ["adjacency"])["adjacency"].whole
    assert adj["object"].tolist() == ["A->B", "A->BCCH 12/BSIC 33", "A->EXT9", "B->A", "B->D", "B->BCCH 40/BSIC 12", "C->A"]
    assert adj["neighbours_with_code"].tolist() == [1, 0, 1, 1, 1, 0, 0]
    assert adj["ho_attempts"].fillna(-1).tolist() == [30, 7, 5, -1, -1, 3, 4]
    assert adj["neighbour"].where(adj["neighbour"].notna(), None).tolist() == ["B", None, "EXT9", "A", "D", None, "A"]
    # C does not list A, so A itself is the nearest cell with A's code that is not C's neighbour;
    # C's code is 12/33 (2.2 km from A).
    assert adj["nearest_same_code_cell"].tolist()[:2] == ["D", "C"] and adj["nearest_same_code_cell"].iloc[6] == "A"
    assert adj["nb_bcch"].fillna(-1).tolist() == [11, 12, -1, 10, 11, 40, 10]


def test_an_unconfigured_neighbour_leaves_no_other_cell_out_of_the_same_code_search():
    # B lists GHOST, which the configuration lacks; A's nearest non-neighbour with B's code is D
    # (the last configured cell, which a lost -1 once mistook for a neighbour of A).
    neighbours = pd.DataFrame({"cell": ["A", "B"], "neighbour": ["B", "GHOST"]})
    ho = pd.DataFrame({"start_time": ["2026-11-20 00:00"], "cell": ["A"], "neighbour": ["B"], "ho_attempts": [10], "ho_success": [9]})
    ds = build_dataset({"cells": table("cells", CELLS), "neighbours": table("neighbours", neighbours),
                        "adjacency_ho": table("adjacency_ho", ho)})
    row = compute(ds, ["adjacency"])["adjacency"].whole.set_index("object").loc["A->B"]
    assert row["nearest_same_code_cell"] == "D" and 160 < row["nearest_same_code_km"] < 170


def test_a_pair_listed_twice_counts_its_handovers_once():
    neighbours = pd.DataFrame({"cell": ["A", "A"], "neighbour": ["B", "B"]})
    ho = pd.DataFrame({"start_time": ["2026-11-20 00:00"], "cell": ["A"], "neighbour": ["B"], "ho_attempts": [10], "ho_success": [9]})
    ds = build_dataset({"cells": table("cells", CELLS), "neighbours": table("neighbours", neighbours),
                        "adjacency_ho": table("adjacency_ho", ho)})
    row = compute(ds, ["adjacency"])["adjacency"].whole.set_index("object").loc["A->BCCH 11/BSIC 22"]
    assert row["neighbours_with_code"] == 2 and row["ho_attempts"] == 10 and row["code_neighbours"] == "B, B"


def test_period_columns_are_the_periods_frame_s(sample_diagnosis):
    # A rule with persistence reads only the columns it names; they are those of the full frame.
    for level in ("cell", "trx", "bsc"):
        frames = compute(sample_diagnosis.dataset, [level])[level]
        names = [c for c in frames.periods.columns if c != "object"][::-1]
        columns = compute(sample_diagnosis.dataset, [level])[level].period_columns([*names, "no_such_column"])
        assert list(columns.columns) == ["object", *names]
        pd.testing.assert_frame_equal(columns, frames.periods[["object", *names]], check_exact=True)


def test_cell_periods_do_not_depend_on_how_the_gprs_rows_are_ordered():
    times = ["2026-11-20 00:00", "2026-11-20 01:00", "2026-11-20 02:00"]
    kpi = pd.DataFrame({"start_time": [t for t in times for _ in "ABCZ"], "cell": list("ABCZ") * 3,
                        "tch_attempts": range(12), "tch_congestion": [0, 1] * 6, "rxlev_dl_avg": [-80 - i for i in range(12)]})
    gprs = pd.DataFrame({"start_time": kpi["start_time"], "cell": kpi["cell"], "tbf_attempts": range(100, 112),
                         "pdch_used_avg": [1.5] * 12, "pdch_max": [4] * 12})

    def periods(gprs_rows: pd.DataFrame) -> pd.DataFrame:
        ds = build_dataset({"cells": table("cells", CELLS), "cell_kpi": table("cell_kpi", kpi),
                            "gprs_kpi": table("gprs_kpi", gprs_rows.reset_index(drop=True))})
        return compute(ds, ["cell"])["cell"].periods

    aligned = periods(gprs)
    assert list(aligned["cell"]) == [c for c in "ABC" for _ in times]  # configured cells, each by time; Z is not
    assert aligned["tbf_attempts"].tolist() == [100, 104, 108, 101, 105, 109, 102, 106, 110]
    shuffled = periods(gprs.iloc[[5, 0, 11, 3, 8, 1, 7, 10, 2, 4, 6]])  # and one row missing: B at 02:00 has no GPRS
    expected = aligned.assign(tbf_attempts=aligned["tbf_attempts"].where(aligned.index != 5))
    pd.testing.assert_frame_equal(shuffled.drop(columns=["pdch_used_avg", "pdch_max", "pdch_usage"]),
                                  expected.drop(columns=["pdch_used_avg", "pdch_max", "pdch_usage"]))


def test_binomial_p_is_scipy_s_binomial_survival_function():
    from scipy import stats as scipy_stats

    from netdiag.measures.stats import binomial_p

    events = np.array([0, 1, 3, 10, 10, 5, 7, np.nan, 2])
    trials = np.array([10, 10, 10, 10, 0, 1e6, 9.5, 10, 4])
    baseline = np.array([0.1, 0.1, 0.01, 0.5, 0.2, 1e-6, 0.3, 0.1, 2.0])
    got = binomial_p(events, trials, baseline)
    ok = (trials > 0) & np.isfinite(events)
    k = np.minimum(events, trials)
    expected = np.where(ok, scipy_stats.binom.sf(k - 1, trials, np.minimum(baseline, 1.0)), np.nan)
    np.testing.assert_array_equal(got, expected)


def test_persistence_counted_by_position_as_by_object(sample_diagnosis):
    from netdiag.rules.engine import with_persistence
    from netdiag.rules.loader import load_rules

    lazy = compute(sample_diagnosis.dataset, ["cell"])["cell"]
    full = compute(sample_diagnosis.dataset, ["cell"])["cell"]
    assert lazy.period_owner is not None and full.periods is not None and full.period_owner is None
    for rule in (r for r in load_rules() if r.rule.persistence and r.rule.level == "cell"):
        by_position, by_object = with_persistence(rule, lazy, rule.params), with_persistence(rule, full, rule.params)
        pd.testing.assert_frame_equal(by_position, by_object, check_exact=True)
        assert by_position["periods_seen"].max() == 24


def test_trx_sums_of_no_rows_and_of_missing_counters():
    from netdiag.measures.trx import summed_per_trx

    assert summed_per_trx(np.array([]), np.array([], dtype=np.int64), 0, whole=True).dtype == np.float64
    sums = summed_per_trx(np.array([1.0, np.nan, 2.0, np.nan]), np.array([0, 1, 0, 2]), 4, whole=True)
    np.testing.assert_array_equal(sums, [3.0, np.nan, np.nan, np.nan])


def test_a_period_reported_twice_with_a_missing_key_is_flagged_not_a_crash():
    # A 180 row that names its target by BCCH/BSIC only, exported twice: flagged once, counted once.
    ho = pd.DataFrame({"start_time": ["2026-11-20 00:00"] * 2, "cell": ["A", "A"], "neighbour": ["", ""], "nb_bcch": ["12", "12"],
                       "nb_bsic": ["33", "33"], "ho_attempts": [10, 10], "ho_success": [9, 9]})
    ds = build_dataset({"cells": table("cells", CELLS), "adjacency_ho": table("adjacency_ho", ho)})
    flag = next(f for f in ds.flags if f["check"] == "duplicate period")
    assert flag["table"] == "adjacency_ho" and flag["rows"] == 1 and " A - " in f" {flag['example']} "
    assert len(ds["adjacency_ho"]) == 1


def test_a_same_code_cell_is_measured_in_site_spacings_and_a_relation_against_the_cells_other_relations():
    # Sites 1.1 km apart (A, B, C); D has B's code 165 km away: 150 of A's site spacings. A hands
    # over to B (10 of 40 fail) and to C (2 of 100); B only to A (1 of 5).
    neighbours = pd.DataFrame({"cell": ["A", "A", "B"], "neighbour": ["B", "C", "A"]})
    ho = pd.DataFrame({"start_time": ["2026-11-20 00:00"] * 3, "cell": ["A", "A", "B"], "neighbour": ["B", "C", "A"],
                       "ho_attempts": [40, 100, 5], "ho_success": [30, 98, 4]})
    ds = build_dataset({"cells": table("cells", CELLS), "neighbours": table("neighbours", neighbours),
                        "adjacency_ho": table("adjacency_ho", ho)})
    adj = compute(ds, ["adjacency"])["adjacency"].whole.set_index("object")
    ab = adj.loc["A->B"]
    assert 1.1 < ab["site_spacing_km"] < 1.12 and 140 < ab["same_code_spacings"] < 160
    assert 1.1 < ab["neighbour_km"] < 1.12 and ab["ho_failures"] == 10
    assert abs(ab["ho_baseline_fail_rate"] - 0.02) < 1e-9  # A's other relation, 100 attempts
    # B's other relations carry nothing: the network's others (A's 140 attempts, 12 failed)
    assert abs(adj.loc["B->A", "ho_baseline_fail_rate"] - 12 / 140) < 1e-9
    # no other cell has C's code: no spacing worked out
    assert np.isnan(adj.loc["A->C", "site_spacing_km"]) and np.isnan(adj.loc["A->C", "same_code_spacings"])
