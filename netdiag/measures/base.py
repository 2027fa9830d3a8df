"""What every level of measures shares: the frame pair a rule runs on, and column declarations."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..dataset import Dataset
from .context import window_end_of

# Columns every level frame has; findings take their place and scope from them.
IDENTITY = {
    "object": "object id of the finding (formats.md)",
    "cell": "cell the object belongs to (empty above cell level)",
    "bsc": "BSC of the object",
    "lac": "location area of the object's cell (empty above cell level)",
}


@dataclass
class LevelFrames:
    """A level's measures over the whole window, and per period where the level has periods."""

    whole: pd.DataFrame
    periods: pd.DataFrame | None = None


def sum_by(frame: pd.DataFrame, keys: list[str], columns: list[str]) -> pd.DataFrame:
    """Sum counters per key, keeping NaN where an object reported nothing for a counter."""
    present = [c for c in columns if c in frame]
    numeric = frame[keys].join(frame[present].apply(lambda s: s.astype("Float64").astype("float64")))
    return numeric.groupby(keys, dropna=False, sort=False).sum(min_count=1).reset_index()


def flag(values: pd.Series) -> np.ndarray:
    """A nullable boolean column as 1.0/0.0, missing as 0."""
    return values.astype("boolean").fillna(False).astype("float64").to_numpy()


def trx_object(cells: pd.Series, trx: pd.Series) -> pd.Series:
    """`CELL/TRX2`: a numeric TRX id gets the TRX prefix, a named one is kept as it is."""
    trx = trx.astype("string")
    label = trx.where(~trx.str.fullmatch(r"\d+").fillna(False), "TRX" + trx)
    return (cells.astype("string") + "/" + label).astype(object)


def active_alarms(ds: Dataset) -> pd.Series:
    """Alarms still open at the end of the statistics window (the network's, for a partial dataset)."""
    alarms = ds["alarms"]
    return alarms["cleared_at"].isna() | (alarms["cleared_at"] > window_end_of(ds))
