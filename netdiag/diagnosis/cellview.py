"""One cell's drill-down (`netdiag show DATA --cell X`): everything netdiag knows of it, in one place.

    view = cell_view(Inputs(data=Path("exports/")), "S0042B", time="2026-11-20 19:30")

Its configuration, its TRXs with their counters over the window, the alarms on it, its TRXs and its
site, its neighbour relations with their handovers, its measures per period beside the network's,
its rates over the window against the network baseline, and the findings on it (its TRXs and
relations included). From a history store only the cell's scope is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..dataset.topology import Scope, scope_of
from ..dataset.window import DEFAULT_HOURS, parse_time, window_bounds
from ..rules.engine import SEVERITY_RANK
from ..measures.series import DRILLDOWN_SERIES, available, cell_series, network_series, period_minutes
from .batch import Triager
from .pictures import neighbour_relations, shown_window
from .source import Inputs, Notes, diagnosis_notes, ignore
from .triage import _baseline as cell_baseline  # the serving cell's rates beside the network's, as triage reports them

ALARM_COLUMNS = ["raised_at", "cleared_at", "object", "trx", "alarm", "alarm_class", "severity", "probable_cause"]
TRX_COLUMNS = ["trx", "arfcn", "is_bcch", "trx_type", "power_w", "tch_seizures", "mean_hold", "tch_assign_attempts",
               "assign_fail_rate", "tch_drops", "drop_rate"]
FINDING_COLUMNS = ["severity", "score", "confidence", "cause", "object", "level", "title_zh", "title_en", "remedy_zh", "remedy_en", "evidence"]


@dataclass
class CellView:
    cell: str
    scope: Scope
    config: dict[str, object]  # the cells row, missing values left out
    window: tuple[pd.Timestamp, pd.Timestamp] | None
    period_min: float | None
    trx: pd.DataFrame  # TRX_COLUMNS
    alarms: pd.DataFrame  # ALARM_COLUMNS, open at some time in the window
    neighbours: pd.DataFrame  # diagnosis.pictures.RELATION_COLUMNS, every relation
    measures: list[str]
    series: pd.DataFrame  # measure, cell, start_time, value
    network: pd.DataFrame  # the network's, per period (empty when only the scope was read)
    rates: dict[str, dict[str, float | None]]  # tested rate -> {cell, network, its counters} over the window
    findings: pd.DataFrame  # FINDING_COLUMNS, worst first
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready (frames as lists of records; times as ISO text)."""
        return {
            "cell": self.cell, "scope": self.scope.as_dict(), "config": self.config,
            "window": [t.isoformat(sep=" ") for t in self.window] if self.window else None, "period_min": self.period_min,
            "trx": self.trx, "alarms": self.alarms, "neighbours": self.neighbours, "measures": self.measures,
            "series": self.series, "network": self.network, "rates": self.rates,
            "findings": self.findings, "notes": self.notes,
        }


def cell_view(inputs: Inputs, cell: str, time: pd.Timestamp | str | None = None, window_hours: float = DEFAULT_HOURS,
              on_note: Notes = ignore) -> CellView:
    """`netdiag show`: the cell's drill-down over the window before `time` (all the data without it)."""
    when = parse_time(time) if isinstance(time, str) else time
    if inputs.store is None:
        dataset, ruleset = inputs.open(on_note)
    else:
        dataset, ruleset = inputs.open(on_note, cells=[cell], between=window_bounds(when, window_hours) if when is not None else None)
    scope = scope_of(dataset, cell)  # an unknown cell is a usage error with suggestions
    triager = Triager(dataset, ruleset, window_hours, on_diagnosis=lambda d: [on_note(line) for line in diagnosis_notes(d)])
    diagnosis = triager.diagnosis_at(when)
    window = shown_window(dataset, when, window_hours)
    measures = available(dataset, DRILLDOWN_SERIES)
    findings = diagnosis.findings
    mine = findings[findings["cell"] == cell] if not findings.empty else findings
    faulty = set(mine.loc[mine["level"] == "adjacency", "object"]) if not mine.empty else set()
    return CellView(
        cell=cell, scope=scope, config=_config(dataset, cell), window=window, period_min=period_minutes(dataset, measures),
        trx=_trx(dataset, cell, window), alarms=_alarms(dataset, scope, window),
        neighbours=neighbour_relations(dataset, [cell], window, faulty, most=None), measures=measures,
        series=cell_series(dataset, [cell], measures, window), network=network_series(dataset, measures, window),
        rates=cell_baseline(diagnosis, cell), findings=_findings(mine),
        notes=["network_whole_window"] if dataset.context is not None else [],
    )


def _config(ds, cell: str) -> dict[str, object]:
    row = ds["cells"][ds["cells"]["cell"] == cell].iloc[0]
    out = {}
    for key, value in row.items():
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            continue
        out[key] = value.item() if hasattr(value, "item") else value
    return out


def _trx(ds, cell: str, window) -> pd.DataFrame:
    """The cell's TRXs: configuration and counters summed over the window."""
    frames = []
    if ds.has("trx"):
        config = ds["trx"][ds["trx"]["cell"] == cell].drop(columns=["cell"]).copy()
        config["trx"] = config["trx"].astype(str)
        frames.append(config)
    if ds.has("trx_kpi"):
        kpi = ds["trx_kpi"][ds["trx_kpi"]["cell"] == cell]
        if window is not None:
            kpi = kpi[(kpi["start_time"] >= window[0]) & (kpi["start_time"] < window[1])]
        counters = ["tch_seizures", "tch_hold_s", "tch_assign_attempts", "tch_assign_fail", "tch_drops"]
        sums = kpi.assign(trx=kpi["trx"].astype(str)).groupby("trx")[counters].sum(min_count=1).reset_index()
        frames.append(sums)
    if not frames:
        return pd.DataFrame(columns=TRX_COLUMNS)
    out = frames[0] if len(frames) == 1 else frames[0].merge(frames[1], on="trx", how="outer")
    out = out.reindex(columns=list(dict.fromkeys([*TRX_COLUMNS, "tch_hold_s", "tch_assign_fail"])))
    seizures = out["tch_seizures"].astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out["mean_hold"] = np.where(seizures > 0, out["tch_hold_s"].astype("float64") / seizures, np.nan)
        attempts = out["tch_assign_attempts"].astype("float64")
        out["assign_fail_rate"] = np.where(attempts > 0, out["tch_assign_fail"].astype("float64") / attempts, np.nan)
        out["drop_rate"] = np.where(seizures > 0, out["tch_drops"].astype("float64") / seizures, np.nan)
    order = pd.to_numeric(out["trx"], errors="coerce")
    return out.assign(_o=order).sort_values(["_o", "trx"], kind="stable")[TRX_COLUMNS].reset_index(drop=True)


def _alarms(ds, scope: Scope, window) -> pd.DataFrame:
    """Alarms on the cell (its TRXs and antennas) and on its site as a whole, open in the window."""
    if not ds.has("alarms"):
        return pd.DataFrame(columns=ALARM_COLUMNS)
    alarms = ds["alarms"]
    if window is not None:
        keep = (alarms["raised_at"] < window[1]) & (alarms["cleared_at"].isna() | (alarms["cleared_at"] >= window[0]))
        alarms = alarms[keep.to_numpy(dtype=bool)]
    mine = (alarms["cell"] == scope.cell) | (alarms["cell"].isna() & (alarms["site"] == scope.site))
    return alarms[mine.fillna(False).to_numpy(dtype=bool)].reindex(columns=ALARM_COLUMNS).sort_values("raised_at").reset_index(drop=True)


def _findings(findings: pd.DataFrame) -> pd.DataFrame:
    if findings.empty:
        return pd.DataFrame(columns=FINDING_COLUMNS)
    ranked = findings.assign(_r=findings["severity"].map(SEVERITY_RANK)).sort_values(["_r", "score"], ascending=False, kind="stable")
    return ranked.reindex(columns=FINDING_COLUMNS).reset_index(drop=True)
