"""One object reported at two granularities over the same time (15-minute and hourly files of one
day side by side) counts once: its finer rows are kept, and its coarser rows that overlap them are
left out and flagged, so that traffic and failures are not counted twice.

A coarse row is left out when a finer row of the same object (the table's row identity without its
time) starts before the coarse period ends and ends after it starts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..io.schema import TABLES
from .periods import period_ends


def finest_periods(name: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, object] | None]:
    """The frame without the coarser rows that overlap finer ones of their object, and its flag."""
    if frame.empty or frame["period_min"].nunique(dropna=True) < 2:
        return frame, None
    objects = [k for k in TABLES[name].row_identity if k != "start_time" and k in frame.columns]
    code = frame.groupby(objects, sort=False, dropna=False).ngroup().to_numpy() if objects else np.zeros(len(frame), int)
    period = frame["period_min"].astype("float64").to_numpy()
    start = frame["start_time"].to_numpy()
    end = period_ends(frame).to_numpy()
    left_out = np.zeros(len(frame), dtype=bool)
    lengths = np.unique(period[~np.isnan(period)])
    for coarse in lengths[1:]:
        finer = np.flatnonzero(period < coarse)
        here = np.flatnonzero(period == coarse)
        fine = pd.DataFrame({"code": code[finer], "time": start[finer], "fine_end": end[finer]}).sort_values("time")
        wide = pd.DataFrame({"code": code[here], "time": end[here], "start": start[here], "row": here}).sort_values("time")
        # the finer row of the same object starting last before the coarse period ends
        found = pd.merge_asof(wide, fine, on="time", by="code", direction="backward", allow_exact_matches=False)
        overlaps = (found["fine_end"] > found["start"]).to_numpy(dtype=bool)
        left_out[found["row"].to_numpy()[overlaps]] = True
    if not left_out.any():
        return frame, None
    first = frame.iloc[int(np.argmax(left_out))]
    flag = {
        "table": name, "check": "two granularities", "rows": int(left_out.sum()),
        "example": " ".join(str(first[k]) for k in (*objects, "start_time") if pd.notna(first[k])) + f" ({first['period_min']} min)",
        "kept": f"the finer rows ({lengths[0]:g} min)", "left_out": "the coarser rows over the same time",
    }
    return frame[~left_out].reset_index(drop=True), flag
