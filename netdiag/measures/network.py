"""Measures above cell level: BSC (SCCP, GPU) and location area."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..dataset.model import Dataset
from .base import LevelFrames, sum_by
from .context import sccp_baseline
from .stats import as_float, binomial_p, ratio

SCCP = ["cr_sent", "cc_received", "cref_received"]

BSC_COLUMNS = {
    "cells": "cells configured on the BSC",
    "periods": "periods with SCCP statistics",
    **{c: f"{c} summed over the window (025 report)" for c in SCCP},
    "sccp_lost": "connection requests without a confirm (cr_sent - cc_received)",
    "sccp_loss": "1 - cc_received / cr_sent (refusals count as loss)",
    "sccp_loss_baseline": "network baseline of sccp_loss (pooled over BSCs)",
    "sccp_loss_p": "binomial P(at least this many lost | baseline)",
    "gpu_load_max": "highest GPU load of the BSC in the window, %",
    "gpu_load_avg": "mean GPU load of the BSC, %",
    "gpu_congestion_s": "seconds of GPU congestion summed over the BSC's GPUs",
}

LAC_COLUMNS = {
    "cells": "cells in the location area",
    "msc_count": "distinct MSCs serving cells of the location area",
    "mscs": "MSCs of the location area with their cell counts, main MSC first",
    "minority_cells": "cells of the location area on other than its main MSC",
    "bsc_count": "BSCs with cells in the location area",
}


def bsc_measures(ds: Dataset) -> LevelFrames:
    cells = ds["cells"]
    frame = cells.groupby("bsc", dropna=True).size().rename("cells").astype("float64").reset_index()
    periods = None
    if ds.has("sccp"):
        sccp = ds["sccp"]
        rows = sccp[["bsc", "start_time"]].assign(**{c: as_float(sccp[c]) for c in SCCP})
        whole = sum_by(rows, ["bsc"], SCCP).assign(
            periods=rows.groupby("bsc", sort=False).size().to_numpy(dtype="float64")
        )
        baseline = sccp_baseline(ds)
        frame = frame.merge(_sccp_rates(whole, baseline), on="bsc", how="outer")
        periods = _sccp_rates(rows.assign(periods=1.0), baseline)
    if ds.has("gpu_kpi"):
        gpu = ds["gpu_kpi"]
        rows = pd.DataFrame({"bsc": gpu["bsc"], "start_time": gpu["start_time"],
                             "load": as_float(gpu["load_pct"]), "congestion": as_float(gpu["congestion_s"])})
        frame = frame.merge(_gpu(rows, ["bsc"]), on="bsc", how="outer")
        per_period = _gpu(rows, ["bsc", "start_time"])
        periods = per_period if periods is None else periods.merge(per_period, on=["bsc", "start_time"], how="outer")
    frame = _identity(frame.reindex(columns=["bsc", *BSC_COLUMNS]))
    if periods is not None:
        periods = periods.drop(columns=["cells"], errors="ignore").merge(frame[["bsc", "cells"]], on="bsc", how="left")
        periods = _identity(periods.reindex(columns=["bsc", "start_time", *BSC_COLUMNS]))
    return LevelFrames(frame, periods)


def _gpu(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return rows.groupby(keys).agg(
        gpu_load_max=("load", "max"), gpu_load_avg=("load", "mean"), gpu_congestion_s=("congestion", "sum")
    ).reset_index()


def _sccp_rates(frame: pd.DataFrame, baseline: float) -> pd.DataFrame:
    lost = frame["cr_sent"] - frame["cc_received"]
    return frame.assign(
        sccp_lost=lost,
        sccp_loss=ratio(lost, frame["cr_sent"]),
        sccp_loss_baseline=baseline,
        sccp_loss_p=binomial_p(lost, frame["cr_sent"], baseline),
    )


def _identity(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(object=frame["bsc"].astype(object), cell=None, lac=np.nan)


def lac_measures(ds: Dataset) -> LevelFrames:
    cells = ds["cells"][["cell", "lac", "msc", "bsc"]].dropna(subset=["lac"])
    per_msc = (
        cells.groupby(["lac", "msc"], dropna=False).size().rename("n").reset_index()
        .sort_values(["lac", "n"], ascending=[True, False], kind="stable")
    )
    per_msc["label"] = per_msc["msc"].astype("string").fillna("?") + " (" + per_msc["n"].astype("string") + " cells)"
    main = per_msc.groupby("lac").agg(main_cells=("n", "first"), mscs=("label", ", ".join), msc_count=("msc", "nunique"))
    totals = cells.groupby("lac").agg(cells=("cell", "size"), bsc_count=("bsc", "nunique"))
    frame = totals.join(main).reset_index()
    frame = frame.assign(
        object="LAC " + frame["lac"].astype("Int64").astype("string"),
        cell=None,
        bsc=None,
        lac=as_float(frame["lac"]),
        cells=as_float(frame["cells"]),
        msc_count=as_float(frame["msc_count"]),
        bsc_count=as_float(frame["bsc_count"]),
        minority_cells=as_float(frame["cells"]) - as_float(frame["main_cells"]),
    )
    frame["object"] = frame["object"].astype(object)
    return LevelFrames(frame[["object", "cell", "bsc", "lac", *LAC_COLUMNS]])
