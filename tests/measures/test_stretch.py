"""measures.stretch: which periods form which stretch of an object (runs, and the stretch since a change)."""

from __future__ import annotations

import numpy as np

from netdiag.measures.stretch import Timeline, change, expected_in, runs

T0 = np.datetime64("2026-12-06T00:00", "ns")
QUARTER = np.timedelta64(15, "m")


def _line(owners: list[int], quarters: int) -> Timeline:
    """Each owner's `quarters` periods of 15 minutes from T0, handed over shuffled (order must not matter)."""
    owner = np.repeat(np.array(owners), quarters)
    start = np.tile(T0 + np.arange(quarters) * QUARTER, len(owners))
    shuffle = np.random.default_rng(0).permutation(len(owner))
    return Timeline.of(owner[shuffle], start[shuffle], start[shuffle] + QUARTER)


def test_runs_bridge_short_lulls_and_drop_short_runs():
    line = _line([0, 1], 16)
    holds = np.zeros(32, dtype=bool)
    holds[2:6] = True  # object 0: one hour ...
    holds[7:9] = True  # ... a quarter's lull, half an hour more: one run when lulls up to 15 min are bridged
    holds[16 + 12] = True  # object 1: one quarter only
    groups = runs(line, holds, gap_hours=0.25, min_hours=0.5)
    assert groups.owner.tolist() == [0]
    assert groups.start[0] == T0 + 2 * QUARTER and groups.end[0] == T0 + 9 * QUARTER
    assert (groups.group[7:9] == 0).all() and groups.group[6] == 0  # the bridged lull belongs to the run
    assert (groups.group[16:] == -1).all()
    # without bridging, the two pieces are separate runs and the half hour is kept too
    apart = runs(line, holds, gap_hours=0.0, min_hours=0.5)
    assert apart.owner.tolist() == [0, 0] and apart.hours.tolist() == [1.0, 0.5]


def test_change_finds_the_hour_a_rate_rose_most_and_needs_room_on_both_sides():
    line = _line([0], 32)  # eight hours
    seizures = np.full(32, 100.0)
    drops = np.where(np.arange(32) >= 20, 8.0, 1.0)  # 1 % until 05:00, then 8 %
    groups = change(line, drops, seizures, rise=True, min_hours=2)
    assert groups.owner.tolist() == [0]
    assert groups.start[0] == T0 + 20 * QUARTER and groups.end[0] == T0 + 32 * QUARTER
    assert len(change(line, drops, seizures, rise=False, min_hours=2)) == 0  # it never fell
    # a rise in the last hour: the stretch still spans two hours (it starts at 06:00 at the latest)
    late = change(line, np.where(np.arange(32) >= 28, 8.0, 1.0), seizures, rise=True, min_hours=2)
    assert late.start[0] == T0 + 24 * QUARTER and late.hours.tolist() == [2.0]


def test_change_of_a_mean_level_ignores_unknown_periods():
    line = _line([0], 24)
    level = np.where(np.arange(24) >= 12, -90.0, -75.0)
    level[3] = np.nan
    groups = change(line, level, None, rise=False, min_hours=2)
    assert groups.start[0] == T0 + 12 * QUARTER


def test_expected_counts_follow_the_objects_share_of_traffic_outside_its_stretch():
    line = _line([0, 1], 8)
    holds = np.zeros(16, dtype=bool)
    holds[4:8] = True  # object 0 silent for its last hour
    groups = runs(line, holds, gap_hours=0.0, min_hours=1)
    traffic = np.tile([1, 1, 1, 1, 2, 2, 2, 2], 2).astype(float)  # the network got busier
    counts = np.r_[[10, 10, 10, 10, 0, 0, 0, 0], [5] * 8].astype(float)
    expected = expected_in(groups, line, counts, traffic, fallback_share=0.0)
    assert expected.tolist() == [80.0]  # 10 attempts per unit of traffic outside, 8 units inside


def test_change_gives_no_stretch_to_an_object_whose_hours_score_nothing():
    """An object whose levels are unknown has no stretch, whatever the objects beside it in the
    timeline have; nor has any when no level at all is known."""
    line = _line([0, 1, 2], 16)  # four hours each
    level = np.tile(np.r_[np.zeros(8), np.ones(8)], 3)  # each rises at 02:00 ...
    level[16:32] = np.nan  # ... but object 1, whose level is not known
    groups = change(line, level, None, rise=True, min_hours=1.0)
    assert groups.owner.tolist() == [0, 2]
    assert (groups.start == T0 + 8 * QUARTER).all()
    assert len(change(line, np.full(48, np.nan), None, rise=True, min_hours=1.0)) == 0
