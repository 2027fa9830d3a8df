"""Fixtures and builders of the case-log tests. (Not a conftest.py: a second module named conftest
would shadow tests/conftest.py, whose helpers the other tests import by that name.)"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from netdiag.cases import FixedClock, open_log

NOW = datetime(2026, 11, 21, 9, 0)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def log(tmp_path, clock):
    with open_log(tmp_path / "cases.db", clock=clock, user="desk1") as opened:
        yield opened


@pytest.fixture
def cells() -> pd.DataFrame:
    """Six cells on two BSCs in two regions, about 1 km apart along a street."""
    return pd.DataFrame({
        "cell": ["A1", "A2", "A3", "B1", "B2", "B3"],
        "bsc": ["BSC1", "BSC1", "BSC1", "BSC2", "BSC2", "BSC2"],
        "region": ["Wuchang", "Wuchang", "Wuchang", "Hanyang", "Hanyang", None],
        "lac": [4101, 4101, 4101, 4102, 4102, 4102],
        "ci": [1, 2, 3, 1, 2, 3],
        "lat": [30.50, 30.51, 30.52, 30.60, 30.61, 30.62],
        "lon": [114.30, 114.30, 114.30, 114.20, 114.20, 114.20],
    })


def tickets(*rows: dict) -> pd.DataFrame:
    """A complaints frame (formats.md `complaints`), as read_complaints gives it, from partial rows."""
    base = {"complaint_id": None, "received_at": None, "occurred_at": None, "msisdn": None, "symptom": None,
            "cell": None, "lac": None, "ci": None, "lat": None, "lon": None, "address": None}
    return pd.DataFrame([{**base, **row} for row in rows])


def cases_frame(*rows: dict) -> pd.DataFrame:
    """An analysis frame (query.prepare) from partial stored rows; case ids numbered from 1."""
    from netdiag.cases.query import prepare

    return prepare(pd.DataFrame([{"case_id": i, "complaint_id": f"T{i}", **row} for i, row in enumerate(rows, start=1)]))
