"""Run compiled rules over the measure frames; the result is one frame of findings."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..dataset.model import Dataset
from ..errors import NetdiagError
from ..measures.base import LevelFrames
from ..measures.stats import ratio
from .explained import without_explained
from .loader import CompiledRule, RuleSet
from .model import SEVERITIES
from .template import placeholders, render

FINDING_COLUMNS = [
    "rule", "cause", "level", "object", "cell", "bsc", "lac", "severity", "score", "confidence",
    "generic", "symptoms", "evidence", "title_zh", "title_en", "remedy_zh", "remedy_en", "since", "until",
]
# since / until: the stretch a finding was judged over (measures.stretch); missing (NaT) when it was
# judged over the whole window.
SEVERITY_RANK = {name: i for i, name in enumerate(SEVERITIES)}


def confidence_of(score: np.ndarray) -> np.ndarray:
    return np.select([score >= 0.75, score >= 0.4], ["high", "medium"], "low")


def runnable_rules(ds: Dataset, rules: RuleSet) -> tuple[list[CompiledRule], list[dict[str, object]]]:
    """The rules whose tables the dataset has, and those skipped (with the tables they miss)."""
    runnable, skipped = [], []
    for rule in rules:
        missing = [t for t in rule.rule.requires if not ds.has(t)]
        if missing:
            skipped.append({"rule": rule.id, "cause": rule.rule.cause, "missing": missing})
        else:
            runnable.append(rule)
    return runnable, skipped


def evaluate(
    rules: list[CompiledRule], measures: Mapping[str, LevelFrames], overrides: Mapping[str, Mapping[str, object]] | None = None,
    failed: list[dict[str, object]] | None = None,
) -> pd.DataFrame:
    """Every rule over its level's measure frames: the findings, ranked, those explained by a more
    specific cause on the same cell left out.

    With `failed`, a rule that raises is that rule's failure, appended there (rule, cause, file,
    error) as a skipped rule is listed, and the other rules run; without it the error propagates."""
    results = [rule_result(rule, measures, overrides, catch=failed is not None) for rule in rules]
    return gathered_findings(rules, results, measures, overrides, failed)


RuleResult = pd.DataFrame | dict[str, object]  # a rule's findings, or its failure (see `failure`)


def rule_result(rule: CompiledRule, measures: Mapping[str, LevelFrames], overrides: Mapping[str, Mapping[str, object]] | None = None,
                catch: bool = True) -> RuleResult:
    """One rule's findings over its level's frames; with `catch`, what it raises as its failure."""
    try:
        return _run(rule, measures[rule.rule.level], _params(rule, overrides))
    except Exception as error:  # noqa: BLE001 - one rule's failure, whatever it is, is reported as its own
        if not catch:
            raise
        return failure(rule, error)


def gathered_findings(rules: list[CompiledRule], results: list[RuleResult], measures: Mapping[str, LevelFrames],
                      overrides: Mapping[str, Mapping[str, object]] | None = None,
                      failed: list[dict[str, object]] | None = None) -> pd.DataFrame:
    """The rules' results (in the rules' order) as `evaluate` returns them: failures appended to
    `failed`, findings ranked less those explained. `measures` needs only the levels that can be
    judged over stretches (an explaining finding's step is checked on their frames)."""
    parts = []
    for result in results:
        if isinstance(result, dict):
            if failed is not None:
                failed.append(result)
        elif not result.empty:
            parts.append(result)
    findings = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=FINDING_COLUMNS)
    return ranked(without_explained(findings, rules, measures, lambda rule: _params(rule, overrides)))


def _params(rule: CompiledRule, overrides: Mapping[str, Mapping[str, object]] | None) -> dict[str, object]:
    return {**rule.params, **(overrides or {}).get(rule.id, {})}


def failure(rule: CompiledRule, error: BaseException) -> dict[str, object]:
    """A rule that failed at run time, as the skipped rules are listed (with `error` for `missing`)."""
    message = str(error) if isinstance(error, (ValueError, NetdiagError)) and str(error) else f"{type(error).__name__}: {error}"
    return {"rule": rule.id, "cause": rule.rule.cause, "file": rule.path, "error": message}


def ranked(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings in report order: severity, then score, then rule and object (also for findings
    gathered from parts of the network)."""
    if findings.empty:
        return findings
    rank = findings["severity"].map(SEVERITY_RANK)
    return findings.assign(_rank=rank).sort_values(
        ["_rank", "score", "rule", "object"], ascending=[False, False, True, True], kind="stable"
    ).drop(columns="_rank").reset_index(drop=True)


def _run(rule: CompiledRule, frames: LevelFrames, params: Mapping[str, object]) -> pd.DataFrame:
    spec = rule.rule
    if spec.persistence is not None and frames.has_periods:
        whole = with_persistence(rule, frames, params)
        fired = (whole["periods_hit"] >= spec.persistence.min_periods) & (
            whole["persistence"] >= spec.persistence.min_share
        ) & (whole["hours_hit"] >= spec.persistence.min_hours - 1e-9)
    elif spec.persistence is not None:
        return pd.DataFrame(columns=FINDING_COLUMNS)  # no periods in this data: nothing persists
    else:
        whole = frames.whole
        fired = rule.condition.mask(whole, params)
    rows = whole[fired.to_numpy(dtype=bool)]
    if spec.stretch is not None and frames.can_stretch:
        rows = pd.concat([rows, _stretch_rows(rule, frames, params, set(rows["object"]))], ignore_index=True)
    if rows.empty:
        return pd.DataFrame(columns=FINDING_COLUMNS)
    stretched = rows["_stretch"].fillna(False).to_numpy(dtype=bool) if "_stretch" in rows else np.zeros(len(rows), dtype=bool)
    score = np.clip(rule.score(rows, params).to_numpy(dtype="float64"), 0.0, 1.0)
    score = np.where(np.isnan(score), 0.5, np.round(score, 3))
    records = _records(rows, list(dict.fromkeys([*spec.evidence, *_title_names(rule)])))
    evidence = [{name: record[name] for name in spec.evidence} for record in records]
    values = [{**params, **record} for record in records]
    return pd.DataFrame(
        {
            "rule": spec.id,
            "cause": spec.cause,
            "level": spec.level,
            "object": rows["object"].to_numpy(dtype=object),
            "cell": rows["cell"].to_numpy(dtype=object),
            "bsc": rows["bsc"].to_numpy(dtype=object),
            "lac": rows["lac"].to_numpy(dtype="float64"),
            "severity": spec.severity,
            "score": score,
            "confidence": confidence_of(score),
            "generic": spec.generic,
            "symptoms": [rule.symptoms] * len(rows),
            "evidence": evidence,
            "title_zh": [render(spec.title.zh, v) for v in values],
            "title_en": [render(spec.title.en, v) for v in values],
            "remedy_zh": rule.remedy.zh,
            "remedy_en": rule.remedy.en,
            "since": _when(rows, "stretch_start", stretched),
            "until": _when(rows, "stretch_end", stretched),
        }
    )


def _when(rows: pd.DataFrame, column: str, stretched: np.ndarray) -> np.ndarray:
    values = rows[column].to_numpy(dtype="datetime64[ns]") if column in rows else np.full(len(rows), np.datetime64("NaT"), dtype="datetime64[ns]")
    return np.where(stretched, values, np.datetime64("NaT"))


def firing_stretches(rule: CompiledRule, frames: LevelFrames) -> pd.DataFrame:
    """Per object, the longest stretch the rule fires on, whether the whole window fires on the object
    or not (stretch_start, stretch_end and the stretch's measures): when a fault the whole window
    found was there, where the whole window's own judgement says nothing of when."""
    if rule.rule.stretch is None or not frames.can_stretch:
        return pd.DataFrame(columns=["object", "stretch_start", "stretch_end"])
    return _stretch_rows(rule, frames, rule.params, set())


def _stretch_rows(rule: CompiledRule, frames: LevelFrames, params: Mapping[str, object], fired: set) -> pd.DataFrame:
    """The objects the whole window did not fire on but one of their stretches does: the longest such
    stretch of each (the latest of equally long ones)."""
    stretch = rule.rule.stretch
    # (only the stretches the condition fires on are worked out whole)
    wanted = (rule.condition.columns, lambda some: _hit(rule, some, params, fired))
    if stretch.when is not None:
        periods = frames.period_columns(rule.stretch_when.columns)
        holds = rule.stretch_when.mask(periods, params).to_numpy(dtype=bool)
        candidates = frames.stretches(holds=holds, gap_hours=stretch.gap_hours, min_hours=stretch.min_hours, wanted=wanted)
    else:
        column = stretch.rise or stretch.fall
        candidates = frames.stretches(change_of=(column, stretch.rise is not None), min_hours=stretch.min_hours, wanted=wanted)
    if candidates.empty:
        return candidates
    candidates = candidates[_hit(rule, candidates, params, fired)]
    if candidates.empty:
        return candidates
    best = candidates.sort_values(["object", "stretch_hours", "stretch_end"], ascending=[True, False, False], kind="stable")
    return best.drop_duplicates("object").assign(_stretch=True)


def _hit(rule: CompiledRule, stretches: pd.DataFrame, params: Mapping[str, object], fired: set) -> np.ndarray:
    """The stretches the rule's condition fires on, of objects the whole window did not fire on."""
    return rule.condition.mask(stretches, params).to_numpy(dtype=bool) & ~stretches["object"].isin(fired).to_numpy()


def spec_hours(rule: CompiledRule) -> float:
    return rule.rule.persistence.min_hours if rule.rule.persistence is not None else 0.0


def with_persistence(rule: CompiledRule, frames: LevelFrames, params: Mapping[str, object]) -> pd.DataFrame:
    """The whole-window rows with how often the rule's condition held: `periods_hit` of
    `periods_seen` periods, `hours_hit` hours. A rule asking for hours is judged per clock hour where
    the level can pool its periods (a busy hour's congestion is the hour's, not each quarter's): an
    hour held counts its periods and the time they cover."""
    timed = spec_hours(rule) > 0  # the periods' lengths are needed (levels with period_s only, see loader)
    names = [*rule.condition.columns, "period_s"] if timed else rule.condition.columns
    pooled = frames.hour_columns([*names, "periods"]) if timed else None
    if pooled is not None:  # a row per clock hour: it counts its periods
        periods, owner = pooled
        seen = periods["periods"].to_numpy(dtype="float64")
    else:
        periods = frames.period_columns(names)  # the columns it names, not every measure
        owner = frames.period_owner  # the whole-window row of each period row, when the level knows it
        seen = np.ones(len(periods))
    held = rule.condition.mask(periods, params).to_numpy(dtype="float64")
    hit = held * seen
    # hours of each row held (a clock hour's are its periods' summed); without the need for lengths a
    # period counts as an hour
    hours = held * np.nan_to_num(periods["period_s"].to_numpy(dtype="float64"), nan=3600.0) / 3600.0 if timed else hit
    if owner is not None:
        whole = frames.whole.assign(
            periods_hit=np.bincount(owner, weights=hit, minlength=len(frames.whole)),
            periods_seen=np.bincount(owner, weights=seen, minlength=len(frames.whole)),
            hours_hit=np.bincount(owner, weights=hours, minlength=len(frames.whole)),
        )
    else:
        counts = (
            pd.DataFrame({"object": periods["object"].to_numpy(), "hit": hit, "hours": hours, "seen": seen})
            .groupby("object", sort=False)
            .agg(periods_hit=("hit", "sum"), periods_seen=("seen", "sum"), hours_hit=("hours", "sum"))
            .reset_index()
        )
        whole = frames.whole.merge(counts, on="object", how="left")
        for column in ("periods_hit", "hours_hit"):
            whole[column] = whole[column].fillna(0.0)
        whole["periods_seen"] = whole["periods_seen"].fillna(0.0).astype("float64")
    whole["persistence"] = ratio(whole["periods_hit"], whole["periods_seen"])
    return whole


def _records(rows: pd.DataFrame, names: list[str]) -> list[dict[str, object]]:
    """Each finding's values of the named columns, cleaned (one conversion per column, not a frame
    of records)."""
    columns = [rows[name].to_numpy(dtype=object) for name in names]
    return [_clean(dict(zip(names, values))) for values in zip(*columns)] if names else [{} for _ in range(len(rows))]


def _title_names(rule: CompiledRule) -> list[str]:
    names = placeholders(rule.rule.title.zh) + placeholders(rule.rule.title.en)
    return [n for n in dict.fromkeys(names) if n not in rule.params]


def _clean(record: Mapping[str, object]) -> dict[str, object]:
    """Evidence values as plain JSON-able Python: rounded floats, None for missing."""
    out: dict[str, object] = {}
    for key, value in record.items():
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            out[key] = None
        elif isinstance(value, (np.floating, float)):
            value = float(value)
            if value.is_integer() and abs(value) < 1e15:
                out[key] = int(value)
            else:  # rates and p-values keep 4 significant digits, larger numbers 2 decimals
                out[key] = round(value, 2) if abs(value) >= 1 else float(f"{value:.4g}")
        elif isinstance(value, (np.integer, int)) and not isinstance(value, bool):
            out[key] = int(value)
        elif isinstance(value, pd.Timestamp):
            out[key] = value.isoformat(sep=" ")
        else:
            out[key] = value if isinstance(value, (str, bool)) else str(value)
    return out
