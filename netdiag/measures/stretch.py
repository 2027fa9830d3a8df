"""Stretches: the periods a time-bounded fault covers, found per object so it is judged over them.

A cell hung since yesterday evening, a jammer that ran through one afternoon, coverage lost at ten
this morning: summed over a two-day window, their counters look almost normal. A rule with a
`stretch` is judged over the whole window and over each object's stretch:

- `when` (runs): consecutive periods in which a per-period condition holds, short interruptions
  bridged; the periods between a run's first and last are its stretch;
- `rise` / `fall` (a change): the stretch from the hour at which a rate or a mean changed most (up or
  down) to the end of the window, with enough periods on both sides.

Levels hand their periods over as a Timeline; these functions only say which periods form which
stretch. Summing the counters over a stretch is the level's business.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

STRETCH_COLUMNS = {
    "stretch_start": "first moment of the stretch judged (the window's start for the whole window)",
    "stretch_end": "end of the stretch judged",
    "stretch_hours": "length of the stretch judged, hours",
    "expected_call_attempts": "call attempts the cell's usual share of the network's traffic leads one to expect in the stretch",
    "expected_tbf_attempts": "TBF attempts the cell's usual share of the network's traffic leads one to expect in the stretch",
}
HOUR = np.timedelta64(1, "h")


@dataclass
class Timeline:
    """A level's period rows in time order per object: `order` sorts them (by owner, then start)."""

    order: np.ndarray
    owner: np.ndarray  # per sorted row: its object's row in the whole-window frame
    start: np.ndarray  # datetime64[ns], per sorted row
    end: np.ndarray

    @classmethod
    def of(cls, owner: np.ndarray, start: np.ndarray, end: np.ndarray) -> "Timeline":
        order = np.lexsort((start, owner))
        return cls(order, owner[order], start[order], end[order])

    def __len__(self) -> int:
        return len(self.order)

    def new_object(self) -> np.ndarray:
        return np.r_[True, self.owner[1:] != self.owner[:-1]] if len(self) else np.zeros(0, dtype=bool)


@dataclass
class Groups:
    """Stretches: the group of each sorted row (-1: none), and per group its object and bounds."""

    group: np.ndarray
    owner: np.ndarray
    start: np.ndarray
    end: np.ndarray

    def __len__(self) -> int:
        return len(self.owner)

    @property
    def hours(self) -> np.ndarray:
        return (self.end - self.start) / HOUR


def runs(line: Timeline, holds: np.ndarray, gap_hours: float, min_hours: float) -> Groups:
    """Runs of periods in which `holds` (per sorted row) is true, per object; periods that do not hold
    are bridged when the run resumes within `gap_hours`. Runs shorter than `min_hours` are dropped."""
    rows = np.flatnonzero(holds)
    if not len(rows):
        return _empty()
    gap = np.timedelta64(int(gap_hours * 3600), "s")
    owner, start, end = line.owner[rows], line.start[rows], line.end[rows]
    fresh = np.r_[True, (owner[1:] != owner[:-1]) | (start[1:] - end[:-1] > gap)]
    run = np.cumsum(fresh) - 1
    first, last = rows[fresh], rows[np.r_[fresh[1:], True]]
    groups = Groups(np.full(len(line), -1), owner[fresh], line.start[first], line.end[last])
    keep = groups.hours >= min_hours - 1e-9
    renumber = np.cumsum(keep) - 1
    for k in np.flatnonzero(keep):  # every sorted row between a kept run's first and last period
        groups.group[first[k]:last[k] + 1] = renumber[k]
    return Groups(groups.group, groups.owner[keep], groups.start[keep], groups.end[keep])


def change(line: Timeline, numerator: np.ndarray, denominator: np.ndarray | None, rise: bool, min_hours: float) -> Groups:
    """Per object, the stretch from the hour at which a rate (numerator / denominator, counts) or a
    mean (numerator alone, NaN where unknown) changed most, in the direction asked, to the end of its
    periods; at least `min_hours` before and after. Objects with no such change have no stretch."""
    n = len(line)
    if not n:
        return _empty()
    x = np.nan_to_num(numerator, nan=0.0)
    w = np.nan_to_num(denominator, nan=0.0) if denominator is not None else np.isfinite(numerator).astype("float64")
    object_id = np.cumsum(line.new_object()) - 1
    first_row = np.flatnonzero(line.new_object())
    before_x = _cumsum_within(x, object_id, first_row)  # sums of the object's periods before each row
    before_w = _cumsum_within(w, object_id, first_row)
    total_x = np.bincount(object_id, weights=x)[object_id]
    total_w = np.bincount(object_id, weights=w)[object_id]
    after_x, after_w = total_x - before_x, total_w - before_w
    span_start = line.start[first_row][object_id]
    span_end = np.maximum.reduceat(line.end, first_row)[object_id]
    on_hour = (line.start - line.start.astype("datetime64[h]")) == np.timedelta64(0, "ns")
    room = ((line.start - span_start) / HOUR >= min_hours) & ((span_end - line.start) / HOUR >= min_hours)
    candidate = on_hour & room & (before_w > 0) & (after_w > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        if denominator is not None:
            score = _binomial_llr(before_x, before_w, after_x, after_w)
            direction = after_x / after_w - before_x / before_w
        else:
            direction = after_x / after_w - before_x / before_w
            score = np.abs(direction) * np.sqrt(before_w * after_w / (before_w + after_w))
    score = np.where(candidate & ((direction > 0) if rise else (direction < 0)), score, -np.inf)
    best = np.full(len(first_row), -1)
    # Per object its best row, the first of equally good ones (its rows are consecutive): the rows
    # at their object's highest score (fmax passes over NaN), the first of each object's kept.
    top = np.flatnonzero(score == np.fmax.reduceat(score, first_row)[object_id])
    best_rows = top[np.r_[True, object_id[top][1:] != object_id[top][:-1]]] if len(top) else top
    found = np.isfinite(score[best_rows])
    best[object_id[best_rows][found]] = best_rows[found]
    kept = np.flatnonzero(best >= 0)
    group = np.full(n, -1)
    renumber = np.full(len(first_row), -1)
    renumber[kept] = np.arange(len(kept))
    at = best[object_id]
    inside = (at >= 0) & (np.arange(n) >= at)
    group[inside] = renumber[object_id[inside]]
    return Groups(group, line.owner[best[kept]], line.start[best[kept]], span_end[best[kept]])


def _cumsum_within(values: np.ndarray, object_id: np.ndarray, first_row: np.ndarray) -> np.ndarray:
    running = np.cumsum(values) - values
    return running - running[first_row][object_id]


def sums_before(line: Timeline, values: np.ndarray) -> np.ndarray:
    """Per sorted row: the sum of its object's values in the rows before it."""
    new = line.new_object()
    return _cumsum_within(values, np.cumsum(new) - 1, np.flatnonzero(new))


def _binomial_llr(k0, n0, k1, n1) -> np.ndarray:
    def ll(k, n, p):
        p = np.clip(p, 1e-12, 1 - 1e-12)
        return k * np.log(p) + (n - k) * np.log(1 - p)

    pooled = (k0 + k1) / (n0 + n1)
    return ll(k0, n0, k0 / n0) + ll(k1, n1, k1 / n1) - ll(k0, n0, pooled) - ll(k1, n1, pooled)


def _empty() -> Groups:
    nat = np.array([], dtype="datetime64[ns]")
    return Groups(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), nat, nat)


def expected_in(groups: Groups, line: Timeline, counts: np.ndarray, traffic: np.ndarray, fallback_share: float) -> np.ndarray:
    """Per group: the counts its object's usual share of the network's traffic leads one to expect
    over the group's periods. The share is taken from the object's periods outside the group; an
    object with none outside gets `fallback_share` (a cautious share, the quiet end of its peers)."""
    counts, traffic = np.nan_to_num(counts), np.nan_to_num(traffic)
    inside = groups.group >= 0
    in_counts = np.bincount(groups.group[inside], weights=counts[inside], minlength=len(groups))
    in_traffic = np.bincount(groups.group[inside], weights=traffic[inside], minlength=len(groups))
    objects = int(line.owner.max()) + 1 if len(line) else 0
    all_counts = np.bincount(line.owner, weights=counts, minlength=objects)[groups.owner]
    all_traffic = np.bincount(line.owner, weights=traffic, minlength=objects)[groups.owner]
    out_counts, out_traffic = all_counts - in_counts, all_traffic - in_traffic
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(out_traffic > 0, out_counts / out_traffic, fallback_share)
    return share * in_traffic
