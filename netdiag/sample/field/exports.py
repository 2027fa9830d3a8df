"""The field suite's tables written as exports: canonical CSV, or a messier presentation an engineer
also gets (Chinese headers, BSIC as two digits, BARRED/UNBARRED, day-first times, `;` as separator,
alarms that name only their object path, a 180 report that names a ghost target by BCCH and BSIC).
All of them are forms formats.md says netdiag reads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..writer import write_csv

FILES = {
    "cells": "GCELL_cfg.csv", "trx": "TRX_cfg.csv", "neighbours": "NCELL_cfg.csv", "alarms": "alarm_log.csv",
    "cell_kpi": "PRS_GCELL_15min.csv", "trx_kpi": "PRS_TRX_15min.csv", "a_circuits": "018_report.csv",
    "a_circuit_state": "cic_state.csv", "sccp": "025_report.csv", "adjacency_ho": "180_report.csv",
    "gprs_kpi": "PRS_GPRS_15min.csv", "gpu_kpi": "GPU_load.csv",
}  # fmt: skip
ROUND = {"tch_traffic_erl": 3, "tch_available": 2, "rxlev_dl_avg": 1, "bad_quality_good_level_pct": 2, "pdch_used_avg": 2,
         "pdch_max": 0, "dl_kbytes": 1, "low_cs_share_pct": 1, "unavailable_s": 0, "lat": 6, "lon": 6, **{f"idle_tch_band{b}": 2 for b in range(1, 6)}}
CELLS_ZH = {"cell": "小区名称", "bsc": "BSC名称", "msc": "所属MSC", "site": "基站名称", "lac": "位置区", "ci": "小区识别码",
            "bcch": "BCCH频点", "lat": "纬度", "lon": "经度", "azimuth": "方位角", "trx_count": "载频数", "max_ta": "最大TA",
            "max_pdch": "最大PDCH数", "repeater": "直放站"}
ALARMS_ZH = {"raised_at": "发生时间", "cleared_at": "清除时间", "object": "告警对象", "alarm": "告警名称", "severity": "告警级别"}
SEVERITY_ZH = {"critical": "紧急", "major": "重要", "minor": "次要", "warning": "提示"}


def write_exports(folder: Path, tables: dict[str, pd.DataFrame], messy: bool, ghost_rows: list[tuple[str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame = _rounded(frame)
        if messy:
            frame = _messy(name, frame, tables["cells"], ghost_rows)
        path = folder / FILES[name]
        if messy and name in ("cells", "alarms"):
            frame.to_csv(path, index=False, sep=";", encoding="gb18030", lineterminator="\n")
        else:
            write_csv(frame, path)


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for col in frame.columns:
        values = frame[col]
        if pd.api.types.is_datetime64_any_dtype(values):
            values = values.dt.strftime("%Y-%m-%d %H:%M:%S" if col in ("raised_at", "cleared_at") else "%Y-%m-%d %H:%M")
        elif pd.api.types.is_float_dtype(values):
            values = values.round(ROUND.get(col, 0))
            if ROUND.get(col, 0) == 0:
                values = values.astype("Int64")
        out[col] = values
    return pd.DataFrame(out)


def _messy(name: str, frame: pd.DataFrame, cells: pd.DataFrame, ghost_rows: list[tuple[str, str]]) -> pd.DataFrame:
    if name == "cells":
        bsic = frame["ncc"].astype(int).astype(str) + frame["bcc"].astype(int).astype(str)
        frame = frame.drop(columns=["ncc", "bcc"]).assign(BSIC=bsic.to_numpy())
        frame["paging_barred"] = np.where(frame["paging_barred"].astype(int) == 1, "BARRED", "UNBARRED")
        return frame.rename(columns=CELLS_ZH)
    if name == "alarms":
        frame = frame.drop(columns=["bsc", "site", "cell", "trx", "probable_cause"])
        frame["severity"] = frame["severity"].map(SEVERITY_ZH)
        return frame.rename(columns=ALARMS_ZH)
    if name == "cell_kpi":
        when = pd.to_datetime(frame["start_time"])
        return frame.assign(start_time=when.dt.strftime("%d/%m/%Y %H:%M"))
    if name == "adjacency_ho" and ghost_rows:
        frame = frame.assign(nb_bcch=pd.array([pd.NA] * len(frame), dtype="Int64"), nb_bsic=pd.array([pd.NA] * len(frame), dtype="string"))
        where = cells.set_index("cell")
        for source, target in ghost_rows:
            hit = (frame["cell"] == source) & (frame["neighbour"] == target)
            frame.loc[hit, "nb_bcch"] = int(where.at[target, "bcch"])
            frame.loc[hit, "nb_bsic"] = f"{int(where.at[target, 'ncc'])}{int(where.at[target, 'bcc'])}"
            frame.loc[hit, "neighbour"] = ""
        return frame
    return frame
