"""What every level of measures shares: the frame pair a rule runs on, and column declarations."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

import numpy as np
import pandas as pd

from ..dataset.model import Dataset
from .context import window_end_of

# Columns every level frame has; findings take their place and scope from them.
IDENTITY = {
    "object": "object id of the finding (formats.md)",
    "cell": "cell the object belongs to (empty above cell level)",
    "bsc": "BSC of the object",
    "lac": "location area of the object's cell (empty above cell level)",
}


class PeriodSource(Protocol):
    """A level's per-period measures, worked out when asked for."""

    def frame(self) -> pd.DataFrame:
        """Every per-period column."""

    def columns(self, names: Iterable[str]) -> pd.DataFrame:
        """`object` and those of `names` the level has, one row per object and period (as frame())."""

    # A source may also have `owner`: for each of its rows, the row of its object in `whole`.


class LazyPeriods:
    """A per-period frame worked out in full on first use: for levels whose rules seldom ask."""

    def __init__(self, make: Callable[[], pd.DataFrame]) -> None:
        self._make, self._frame = make, None

    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            self._frame = self._make()
        return self._frame

    def columns(self, names: Iterable[str]) -> pd.DataFrame:
        frame = self.frame()
        return frame[[c for c in dict.fromkeys(["object", *names]) if c in frame.columns]]


class LevelFrames:
    """A level's measures over the whole window, and per period where the level has periods.

    Per-period frames are large (a row per object and period) and only rules with persistence read
    them, a few columns each: a level may hand over a PeriodSource instead, from which the engine
    takes just the columns a rule names (period_columns); `periods` is then built on first use.
    """

    def __init__(self, whole: pd.DataFrame, periods: pd.DataFrame | None = None, source: PeriodSource | None = None) -> None:
        self.whole = whole
        self._periods = periods
        self._source = source if periods is None else None
        # A source that can also sum its periods over stretches (measures.stretch) keeps doing so.
        self._stretcher = source if hasattr(source, "stretches") else None
        # and one that can pool its periods into clock hours (measures.cell_hours) keeps doing so.
        self._pooler = source if hasattr(source, "hour_columns") else None

    @property
    def can_stretch(self) -> bool:
        return getattr(self, "_stretcher", None) is not None

    def stretches(self, **how) -> pd.DataFrame:
        """A whole-window-like row per stretch of an object (see the level's `stretches`)."""
        return self._stretcher.stretches(**how)

    @property
    def periods(self) -> pd.DataFrame | None:
        if self._periods is None and self._source is not None:
            self._periods, self._source = self._source.frame(), None
        return self._periods

    @periods.setter
    def periods(self, frame: pd.DataFrame | None) -> None:
        self._periods, self._source, self._pooler = frame, None, None

    @property
    def has_periods(self) -> bool:
        return self._periods is not None or self._source is not None

    @property
    def period_owner(self) -> np.ndarray | None:
        """For each per-period row, its object's row in `whole` (when the level's source knows it)."""
        return getattr(self._source, "owner", None)

    def period_columns(self, names: Iterable[str]) -> pd.DataFrame:
        """`object` and the named columns the level has, for every object and period."""
        if self._source is not None:
            return self._source.columns(names)
        periods = self.periods
        return periods[[c for c in dict.fromkeys(["object", *names]) if c in periods.columns]]

    def hour_columns(self, names: Iterable[str]) -> tuple[pd.DataFrame, np.ndarray] | None:
        """`object` and the named columns per object and clock hour, each hour's periods pooled, with
        each hour row's object row in `whole`; None where the level cannot pool its periods."""
        pooler = getattr(self, "_pooler", None)
        return None if pooler is None else pooler.hour_columns(names)

    def __getstate__(self) -> dict[str, object]:  # pickled (sent elsewhere) complete
        return {"whole": self.whole, "_periods": self.periods, "_source": None, "_stretcher": None, "_pooler": None}

    def __repr__(self) -> str:
        periods = "lazy" if self._source is not None else None if self._periods is None else len(self._periods)
        return f"LevelFrames(whole={len(self.whole)} rows, periods={periods})"


def sum_by(frame: pd.DataFrame, keys: list[str], columns: list[str]) -> pd.DataFrame:
    """Sum counters per key, keeping NaN where an object reported nothing for a counter."""
    present = [c for c in columns if c in frame]
    numeric = pd.DataFrame(
        {**{k: frame[k] for k in keys}, **{c: _float64(frame[c]) for c in present}}, index=frame.index, copy=False
    )
    # .copy(): one block for the (small) result, however many columns came in separately
    return numeric.groupby(keys, dropna=False, sort=False).sum(min_count=1).reset_index().copy()


def _float64(values: pd.Series) -> pd.Series:
    return values if values.dtype == np.float64 else values.astype("Float64").astype("float64")


# Keys as whole numbers: measures factorise text once and join, group and sort on ids (a merge or
# groupby on text hashes every row's text again each time).


def sum_per_group(values: np.ndarray, group: np.ndarray, groups: int) -> np.ndarray:
    """Per group id 0..groups-1: the sum of its values, NaN where it has none (a groupby's
    sum(min_count=1)). Whole numbers add up exactly in any order, so they are counted by position
    (no hashing); fractions keep pandas' compensated sum."""
    present = ~np.isnan(values)
    known = values[present]
    if np.isfinite(known).all() and (np.abs(known) < 2.0**53).all() and (known == np.round(known)).all():
        sums = np.bincount(group, weights=np.where(present, values, 0.0), minlength=groups).astype("float64")
        sums[np.bincount(group, weights=present, minlength=groups) == 0] = np.nan
        return sums
    summed = pd.Series(values).groupby(group, sort=True).sum(min_count=1)
    return summed.reindex(np.arange(groups)).to_numpy(dtype="float64")


def text_ids(columns: list) -> tuple[list[np.ndarray], np.ndarray]:
    """The values of text columns as ids in one sorted vocabulary: (each column's ids, -1 where
    missing; the vocabulary). Ids sort as their text does: joins, groupings and sorts then work on
    whole numbers. Each column is hashed once as it is (objects or Arrow strings, never converted);
    only the distinct values are merged into the vocabulary."""
    codes, distinct = zip(*(pd.factorize(c) for c in columns)) if columns else ((), ())
    merged = np.concatenate([np.asarray(d, dtype=object) for d in distinct]) if columns else np.zeros(0, dtype=object)
    vocabulary_ids, vocabulary = pd.factorize(merged, sort=True)
    ends = np.cumsum([len(d) for d in distinct]).astype(np.int64)
    ids = [take_or(vocabulary_ids[end - len(d): end], code, -1) for code, d, end in zip(codes, distinct, ends)]
    return ids, np.asarray(vocabulary, dtype=object)


def first_present(*ids: np.ndarray) -> np.ndarray:
    """Elementwise the first id that is not missing (-1), as a chain of fillna would give."""
    out = np.array(ids[0], dtype=np.int64)
    for more in ids[1:]:
        np.copyto(out, more, where=out < 0)
    return out


def row_ids(*columns: np.ndarray) -> np.ndarray:
    """An id per distinct combination of the columns' values (missing is a value), in order of
    first appearance: a grouping by several columns, hashed as whole numbers."""
    ids = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        codes, distinct = pd.factorize(column, use_na_sentinel=False)
        ids = pd.factorize(ids * len(distinct) + codes)[0]
    return ids


def whole_number_text(values: np.ndarray) -> np.ndarray:
    """Whole numbers (float64) as text objects (`3`), pd.NA where missing: each distinct one written once."""
    code, distinct = pd.factorize(values)
    text = pd.Series(distinct).astype("Int64").astype("string").astype(object).to_numpy()
    return np.append(text, pd.NA)[code]


def left_join(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A left join on int64 keys, as DataFrame.merge(how="left") gives it: (the left row of each
    joined row, its right row or -1), left rows in order, one repeated per right match (in right order)."""
    if not len(right):
        return np.arange(len(left)), np.full(len(left), -1)
    order = np.argsort(right, kind="stable")
    ordered = right[order]
    first = np.searchsorted(ordered, left, side="left")
    count = np.searchsorted(ordered, left, side="right") - first
    if (count <= 1).all():  # each key at most once on the right (a lookup)
        return np.arange(len(left)), np.where(count == 1, order[np.minimum(first, len(order) - 1)], -1)
    times = np.maximum(count, 1)
    row = np.repeat(np.arange(len(left)), times)
    within = np.arange(len(row)) - np.repeat(np.cumsum(times) - times, times)
    return row, np.where(count[row] > 0, order[np.minimum(first[row] + within, len(order) - 1)], -1)


def take_or(values: np.ndarray, at: np.ndarray, missing: object) -> np.ndarray:
    """values[at], `missing` where `at` is -1."""
    return np.append(values, np.array([missing], dtype=values.dtype))[at]


def sorted_groups(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(the distinct keys, sorted; each row's group; the rows by group, in row order within one)."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    new = np.r_[True, ordered[1:] != ordered[:-1]] if len(keys) else np.zeros(0, dtype=bool)
    group = np.empty(len(keys), dtype=np.int64)
    group[order] = np.cumsum(new) - 1
    return ordered[new], group, order


def first_in_groups(order: np.ndarray, group: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the groups that have a wanted row, the first such row of each), rows `order`ed as
    sorted_groups gives them."""
    rows = order[wanted[order]]
    first = np.r_[True, group[rows][1:] != group[rows][:-1]] if len(rows) else np.zeros(0, dtype=bool)
    return group[rows][first], rows[first]


def flag(values: pd.Series) -> np.ndarray:
    """A nullable boolean column as 1.0/0.0, missing as 0."""
    return values.astype("boolean").fillna(False).astype("float64").to_numpy()


def trx_object(cells: pd.Series, trx: pd.Series) -> pd.Series:
    """`CELL/TRX2`: a numeric TRX id gets the TRX prefix, a named one is kept as it is (each distinct
    TRX id and cell written once); missing (pd.NA) where either is."""
    trx_code, trx_ids = pd.factorize(trx)
    trx_text = pd.Series(trx_ids, dtype=object).astype("string")
    label = trx_text.where(~trx_text.str.fullmatch(r"\d+").fillna(False), "TRX" + trx_text).astype(object).to_numpy()
    cell_code, cell_ids = pd.factorize(cells)
    head = (pd.Series(cell_ids, dtype=object).astype("string") + "/").astype(object).to_numpy()
    values = np.append(head, pd.NA)[cell_code] + np.append(label, pd.NA)[trx_code]
    return pd.Series(values, index=cells.index, dtype=object)


def active_alarms(ds: Dataset) -> pd.Series:
    """Alarms still open at the end of the statistics window (the network's, for a partial dataset)."""
    alarms = ds["alarms"]
    return alarms["cleared_at"].isna() | (alarms["cleared_at"] > window_end_of(ds))
