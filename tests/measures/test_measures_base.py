"""The whole-number key helpers of measures.base against the pandas operations they stand for."""

from __future__ import annotations

import numpy as np
import pandas as pd

from netdiag.measures.base import first_present, left_join, row_ids, sorted_groups, sum_per_group, take_or, text_ids, trx_object


def test_text_ids_share_one_sorted_vocabulary():
    (a, b), vocabulary = text_ids([pd.Series(["b", None, "a"], dtype=object), pd.Series(["c", "a", np.nan], dtype="str")])
    assert list(vocabulary) == ["a", "b", "c"]
    assert a.tolist() == [1, -1, 0] and b.tolist() == [2, 0, -1]


def test_left_join_is_a_left_merge():
    left = np.array([3, 1, 2, 3, 9])
    right = np.array([3, 2, 3, 1, 7])
    row, match = left_join(left, right)
    merged = pd.DataFrame({"k": left, "l": range(5)}).merge(pd.DataFrame({"k": right, "r": range(5)}), on="k", how="left")
    assert row.tolist() == merged["l"].tolist()
    assert match.tolist() == merged["r"].fillna(-1).astype(int).tolist()
    assert [x.tolist() for x in left_join(left, np.array([3, 1]))] == [[0, 1, 2, 3, 4], [0, 1, -1, 0, -1]]
    assert [x.tolist() for x in left_join(left, np.zeros(0, dtype=np.int64))] == [[0, 1, 2, 3, 4], [-1] * 5]


def test_sum_per_group_is_groupby_sum_min_count_1():
    group = np.array([0, 1, 0, 2, 1, 0])
    for values in (np.array([1.0, np.nan, 2.0, np.nan, 5.0, 3.0]), np.array([0.1, 0.2, 0.7, np.nan, 1e16, 1e-3])):
        expected = pd.Series(values).groupby(group).sum(min_count=1).to_numpy()
        np.testing.assert_array_equal(sum_per_group(values, group, 3), expected)
    np.testing.assert_array_equal(sum_per_group(np.array([1.0]), np.array([0]), 2), [1.0, np.nan])  # a group without rows


def test_sorted_groups_and_row_ids():
    keys, group, order = sorted_groups(np.array([5, 3, 5, 1]))
    assert keys.tolist() == [1, 3, 5] and group.tolist() == [2, 1, 2, 0] and order.tolist() == [3, 1, 0, 2]
    assert row_ids(np.array([1.0, 1.0, np.nan, np.nan, 1.0]), np.array(["a", "b", "a", "a", "a"], dtype=object)).tolist() == [0, 1, 2, 2, 0]


def test_first_present_and_take_or():
    assert first_present(np.array([-1, 2, -1]), np.array([4, 5, -1]), np.array([7, 7, 7])).tolist() == [4, 2, 7]
    assert take_or(np.array([10.0, 20.0]), np.array([1, -1]), np.nan).tolist()[0] == 20.0


def test_trx_object_labels():
    got = trx_object(pd.Series(["A", "A", "B", None], dtype=object), pd.Series(["2", "BCCH", None, "1"], dtype=object))
    assert got.tolist()[:2] == ["A/TRX2", "A/BCCH"] and got.isna().tolist() == [False, False, True, True]
