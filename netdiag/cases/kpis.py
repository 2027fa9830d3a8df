"""Before and after a fix: the KPIs of a case's complaint on its cells, compared with significance.

Pure: statistics rows in (formats.md `cell_kpi`, `gprs_kpi`: one row per cell and period), a
Comparison out. Which KPIs: those of the case's symptom (SYMPTOM_KPIS) and of its data causes
(CAUSE_KPIS), the KPIs an engineer would quote to say whether the complaint's cause is gone.

Two kinds of KPI:
  * rates (failures over trials summed over the cells and periods: drops per seizure, failed
    handovers per attempt, periods out of service per period reported): is the after-rate
    significantly lower? The exact conditional test of two rates: under "no change", given the
    n = k_before + k_after failures, the after-share is Binomial(n, t_after / (t_before + t_after)),
    one-sided both ways (better, worse).
  * levels (a per-period mean over the cells: bad quality at good level %, downlink level, mean
    hold time): the Mann-Whitney U test of the periods after against those before, one-sided.
The p-values are Bonferroni-corrected over the KPIs tested (few, and each may decide the verdict).

A KPI is tested when both sides have data: at least MIN_TRIALS trials for a rate, MIN_PERIODS
periods for a level. The verdict (see `verdict`):
  not_enough_data  no KPI tested, and the causes could not be looked for after the fix
  not_resolved     a cause of the case is found again after the fix, a KPI got significantly worse,
                   or nothing improved significantly while no cause vanished
  resolved         a KPI improved significantly and none got worse, or the case's data causes are
                   no longer found and no KPI got worse
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

MIN_TRIALS = 30
MIN_PERIODS = 3
DEFAULT_ALPHA = 0.05
VERDICTS = ("resolved", "not_resolved", "not_enough_data")


@dataclass(frozen=True)
class Kpi:
    id: str
    table: str  # cell_kpi | gprs_kpi
    kind: str  # rate | level
    failures: tuple[str, ...] = ()  # rate: counters added up ...
    less: tuple[str, ...] = ()  # ... minus these
    trials: str = ""  # rate: the denominator counter ("" for periods reported)
    worse: str = "higher"  # level: which way is worse (higher | lower)


KPIS: dict[str, Kpi] = {k.id: k for k in (
    Kpi("drop_rate", "cell_kpi", "rate", ("tch_drops",), trials="tch_seizures"),
    Kpi("tch_fail_rate", "cell_kpi", "rate", ("tch_assign_fail", "tch_congestion"), trials="tch_attempts"),
    Kpi("tch_congestion_rate", "cell_kpi", "rate", ("tch_congestion",), trials="tch_attempts"),
    Kpi("sdcch_fail_rate", "cell_kpi", "rate", ("sdcch_assign_fail", "sdcch_congestion"), trials="sdcch_attempts"),
    Kpi("ho_fail_rate", "cell_kpi", "rate", ("ho_out_attempts",), ("ho_out_success",), trials="ho_out_attempts"),
    Kpi("down_share", "cell_kpi", "rate"),  # periods with the cell out of service, of the periods reported
    Kpi("bad_quality_pct", "cell_kpi", "level", worse="higher"),
    Kpi("rxlev_dl", "cell_kpi", "level", worse="lower"),
    Kpi("mean_hold_s", "cell_kpi", "level", worse="lower"),
    Kpi("tbf_fail_rate", "gprs_kpi", "rate", ("tbf_fail",), trials="tbf_attempts"),
    Kpi("tbf_congestion_rate", "gprs_kpi", "rate", ("tbf_congestion",), trials="tbf_attempts"),
    Kpi("low_cs_pct", "gprs_kpi", "level", worse="higher"),
)}

SYMPTOM_KPIS: dict[str, tuple[str, ...]] = {
    "no_coverage": ("down_share", "rxlev_dl", "drop_rate"),
    "call_drop": ("drop_rate", "ho_fail_rate"),
    "choppy_voice": ("bad_quality_pct", "ho_fail_rate", "drop_rate"),
    "call_setup": ("tch_fail_rate", "sdcch_fail_rate", "down_share"),
    "one_way_audio": ("mean_hold_s", "drop_rate"),
    "gprs_no_access": ("tbf_fail_rate", "tbf_congestion_rate"),
    "gprs_slow": ("tbf_congestion_rate", "low_cs_pct"),
}
# Causes with a KPI of their own, besides their symptom's.
CAUSE_KPIS: dict[str, tuple[str, ...]] = {
    "cell_out_of_service": ("down_share",), "single_trx_cell_trx_down": ("down_share",), "cell_hung": ("tch_fail_rate",),
    "coverage_degraded": ("rxlev_dl",), "bcch_on_low_power_trx": ("rxlev_dl",), "cell_congestion": ("tch_congestion_rate",),
    "target_cell_congestion": ("ho_fail_rate",), "clock_unsync": ("ho_fail_rate",), "ghost_neighbour": ("ho_fail_rate",),
    "cochannel_interference": ("bad_quality_pct",), "cell_hardware_latent_fault": ("bad_quality_pct",),
    "uplink_interference": ("bad_quality_pct", "drop_rate"), "high_drop_cell": ("drop_rate",),
    "trx_latent_fault": ("drop_rate",), "trx_short_hold": ("mean_hold_s",),
}


@dataclass
class KpiChange:
    kpi: str
    kind: str
    before: float | None  # the rate (0..1) or the mean level
    after: float | None
    before_n: float  # trials (rate) or periods (level)
    after_n: float
    p_better: float | None = None  # Bonferroni-corrected
    p_worse: float | None = None
    change: str = "no_data"  # improved | worse | unchanged | no_data

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Comparison:
    changes: list[KpiChange] = field(default_factory=list)
    alpha: float = DEFAULT_ALPHA

    @property
    def tested(self) -> list[KpiChange]:
        return [c for c in self.changes if c.change != "no_data"]


def kpis_for(symptom: str | None, causes: list[str]) -> list[str]:
    """The KPIs of a case: its symptom's, then its causes' own, each once."""
    ids = list(SYMPTOM_KPIS.get(symptom or "", ()))
    for cause in causes:
        ids += CAUSE_KPIS.get(cause, ())
    return list(dict.fromkeys(ids))


def compare(before: dict[str, pd.DataFrame], after: dict[str, pd.DataFrame], kpis: list[str],
            alpha: float = DEFAULT_ALPHA) -> Comparison:
    """Each KPI before against after. `before`/`after`: table name -> rows of the case's cells."""
    from scipy.special import bdtr, bdtrc

    changes = [_measure(KPIS[k], before.get(KPIS[k].table), after.get(KPIS[k].table)) for k in kpis]
    tested = [c for c in changes if _enough(c)]
    m = max(len(tested), 1)
    for change in changes:
        if change not in tested:
            change.change = "no_data"
            continue
        if change.kind == "rate":
            k_b, k_a = round(change.before * change.before_n), round(change.after * change.after_n)
            n, share = k_b + k_a, change.after_n / (change.before_n + change.after_n)
            better = float(bdtr(k_a, n, share)) if n else 1.0  # P(X <= k_a)
            worse = float(bdtrc(k_a - 1, n, share)) if n and k_a > 0 else 1.0  # P(X >= k_a)
        else:
            better, worse = _levels(change, before, after)
        change.p_better, change.p_worse = min(better * m, 1.0), min(worse * m, 1.0)
        change.change = "improved" if change.p_better <= alpha else "worse" if change.p_worse <= alpha else "unchanged"
    return Comparison(changes, alpha)


def verdict(comparison: Comparison, causes_before: list[str], causes_after: list[str] | None) -> str:
    """resolved / not_resolved / not_enough_data (see the module's docstring).

    causes_before: the case's data causes; causes_after: those of them found again after the fix
    (None when they could not be looked for)."""
    tested = comparison.tested
    if causes_after:
        return "not_resolved"
    if any(c.change == "worse" for c in tested):
        return "not_resolved"
    if any(c.change == "improved" for c in tested):
        return "resolved"
    if causes_before and causes_after is not None:
        return "resolved"  # the causes are gone, and no KPI moved measurably either way
    return "not_resolved" if tested else "not_enough_data"


# ------------------------------------------------------------------------------------------ measures
def _measure(kpi: Kpi, before: pd.DataFrame | None, after: pd.DataFrame | None) -> KpiChange:
    if kpi.kind == "rate":
        (b, bn), (a, an) = _rate(kpi, before), _rate(kpi, after)
    else:
        values_b, values_a = _level_values(kpi, before), _level_values(kpi, after)
        b, bn = (float(values_b.mean()) if len(values_b) else None), float(len(values_b))
        a, an = (float(values_a.mean()) if len(values_a) else None), float(len(values_a))
    return KpiChange(kpi.id, kpi.kind, b, a, bn, an)


def _rate(kpi: Kpi, rows: pd.DataFrame | None) -> tuple[float | None, float]:
    if rows is None or rows.empty:
        return None, 0.0
    if kpi.id == "down_share":
        down = _num(rows, "unavailable_s").fillna(0).gt(0) | _num(rows, "tch_available").eq(0)
        return float(down.mean()), float(len(rows))
    needed = list(dict.fromkeys([*kpi.failures, *kpi.less, kpi.trials]))
    if any(c not in rows for c in needed):
        return None, 0.0
    complete = rows[needed].apply(pd.to_numeric, errors="coerce").dropna()
    trials = float(complete[kpi.trials].sum())
    failures = float(complete[list(kpi.failures)].sum().sum() - complete[list(kpi.less)].sum().sum())
    if trials <= 0:
        return None, 0.0
    return max(failures, 0.0) / trials, trials


def _level_values(kpi: Kpi, rows: pd.DataFrame | None) -> pd.Series:
    """The KPI per period (averaged over the cells reporting it)."""
    if rows is None or rows.empty:
        return pd.Series(dtype=float)
    if kpi.id == "mean_hold_s":
        if not {"tch_traffic_erl", "tch_seizures", "period_min"} <= set(rows):
            return pd.Series(dtype=float)
        seizures = _num(rows, "tch_seizures")
        value = _num(rows, "tch_traffic_erl") * _num(rows, "period_min") * 60 / seizures.where(seizures > 0)
    else:
        column = {"bad_quality_pct": "bad_quality_good_level_pct", "rxlev_dl": "rxlev_dl_avg", "low_cs_pct": "low_cs_share_pct"}[kpi.id]
        if column not in rows:
            return pd.Series(dtype=float)
        value = _num(rows, column)
    per_period = value.groupby(rows["start_time"]).mean().dropna()
    return per_period.astype(float)


def _levels(change: KpiChange, before: dict[str, pd.DataFrame], after: dict[str, pd.DataFrame]) -> tuple[float, float]:
    from scipy.stats import mannwhitneyu

    kpi = KPIS[change.kpi]
    values_b, values_a = _level_values(kpi, before.get(kpi.table)), _level_values(kpi, after.get(kpi.table))
    higher = mannwhitneyu(values_a, values_b, alternative="greater").pvalue  # after above before
    lower = mannwhitneyu(values_a, values_b, alternative="less").pvalue
    return (float(lower), float(higher)) if kpi.worse == "higher" else (float(higher), float(lower))


def _enough(change: KpiChange) -> bool:
    if change.before is None or change.after is None:
        return False
    least = MIN_TRIALS if change.kind == "rate" else MIN_PERIODS
    return change.before_n >= least and change.after_n >= least


def _num(rows: pd.DataFrame, column: str) -> pd.Series:
    if column not in rows:
        return pd.Series(np.nan, index=rows.index)
    return pd.to_numeric(rows[column], errors="coerce").astype(float)
