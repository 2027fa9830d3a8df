"""Periods of the statistics tables: how long each row's period is, and where it ends."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..io.schema import TABLES


def period_ends(frame: pd.DataFrame) -> pd.Series:
    """start_time + period_min of every row of a statistics table (each distinct length converted once)."""
    period, lengths = pd.factorize(frame["period_min"].astype("float64"))
    length = np.append(pd.to_timedelta(lengths, unit="m").to_numpy(), np.timedelta64("NaT"))[period]
    return pd.Series(frame["start_time"].to_numpy() + length, index=frame.index)


def with_periods(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """period_min from the spacing of start_time; a table with one period per object covers a day.

    Judged on the table, not per object: in an hourly table a cell reported for one hour only is
    still an hourly cell.
    """
    if frame.empty or frame["period_min"].notna().all():
        return frame
    keys = [k for k in TABLES[name].row_identity if k != "start_time"]
    times = np.sort(frame["start_time"].dropna().unique())
    steps = np.diff(times) / np.timedelta64(1, "m") if len(times) > 1 else np.array([])
    one_per_object = not frame.duplicated(subset=keys).any()
    step = 1440.0 if one_per_object or not (steps > 0).any() else float(steps[steps > 0].min())
    return frame.assign(period_min=frame["period_min"].fillna(pd.Series(step, index=frame.index).astype("Int64")))
