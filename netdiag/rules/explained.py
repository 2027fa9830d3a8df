"""Findings that a more specific cause explains (a rule's `explained_by`), and the exception of a step.

A finding on a cell is left out when a cause its rule names in `explained_by` is found on the same
cell (or, for a cause judged per BSC, on the cell's BSC): the drops of a cell with a faulty TRX are
the TRX's, not a cell problem of their own.

A standing cause does not explain a step. When a finding was judged since the hour its symptom rose
(a `stretch`: quality fell at four this morning) and the explaining finding was judged over the
whole window (a co-channel reuse that stood all along), the explaining cause answers the step only
if its own rule held before that hour too. If it did not, its finding owes its evidence to the step
(the reuse's "bad quality" is the quality since four): that finding is left out and the step's kept.
Only a whole day before the step can say so: interference follows the load, and over a complaint's
half day the quality of a reuse rises with the morning's traffic as a step would.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from ..measures.base import LevelFrames
from .loader import CompiledRule

BEFORE_STEP = np.timedelta64(24, "h")  # a day and its load cycle, before a step, to tell it from a standing cause
# The parameters a rule runs with (its defaults and the caller's overrides).
Params = Callable[[CompiledRule], Mapping[str, object]]


def without_explained(findings: pd.DataFrame, rules: list[CompiledRule], measures: Mapping[str, LevelFrames] | None = None,
                      params: Params | None = None) -> pd.DataFrame:
    """The findings less those a more specific cause explains; with `measures`, an explaining finding
    over the whole window that did not hold before an explained finding's step is left out instead."""
    if findings.empty:
        return findings
    if measures is not None and params is not None:
        findings = findings[~_owed_to_a_step(findings, rules, measures, params)]
    keep = pd.Series(True, index=findings.index)
    for rule in rules:
        if not rule.rule.explained_by:
            continue
        explaining = findings[findings["cause"].isin(rule.rule.explained_by)]
        cells = set(explaining["cell"].dropna())
        bscs = set(explaining.loc[explaining["level"] == "bsc", "object"].dropna())
        mine = findings["rule"] == rule.id
        keep &= ~(mine & (findings["cell"].isin(cells) | ((findings["level"] != "bsc") & findings["bsc"].isin(bscs))))
    return findings[keep]


def _owed_to_a_step(findings: pd.DataFrame, rules: list[CompiledRule], measures: Mapping[str, LevelFrames], params: Params) -> pd.Series:
    """The whole-window findings that would explain a stepped finding of the same object but whose
    rule does not hold over that object's periods before the step."""
    owed = pd.Series(False, index=findings.index)
    if "since" not in findings:
        return owed
    stepped = findings[findings["since"].notna()]
    if stepped.empty:
        return owed
    by_id = {rule.id: rule for rule in rules}
    standing = findings["since"].isna()
    for rule in rules:  # the rules whose stepped findings may be explained away
        if not rule.rule.explained_by:
            continue
        steps = stepped[stepped["rule"] == rule.id]
        if steps.empty:
            continue
        since = steps.groupby("object")["since"].min()
        explaining = findings[standing & findings["cause"].isin(rule.rule.explained_by) & findings["object"].isin(since.index)]
        for rule_id, theirs in explaining.groupby("rule", sort=False):
            other = by_id.get(rule_id)
            frames = measures.get(other.rule.level) if other is not None else None
            if other is None or other.rule.persistence is not None or frames is None or not frames.can_stretch:
                continue  # judged another way: it keeps explaining
            held = _holds_before(other, frames, params(other), since[since.index.isin(theirs["object"])])
            owed |= findings.index.isin(theirs.index[~theirs["object"].map(held).fillna(True).astype(bool)])
    return owed


def _holds_before(rule: CompiledRule, frames: LevelFrames, params: Mapping[str, object], since: pd.Series) -> pd.Series:
    """Per object (the index of `since`), whether the rule fires over its periods before `since`; held
    too where those periods span less than a day (they cannot tell a step from the daily load)."""
    periods = frames.period_columns(["start_time"])
    limit = periods["object"].map(since)
    starts = pd.to_datetime(periods["start_time"])
    before = (starts.to_numpy() < limit.to_numpy(dtype="datetime64[ns]")) & limit.notna().to_numpy()
    first = starts[before].groupby(periods["object"][before]).min()
    rows = frames.stretches(holds=before, gap_hours=1e6, min_hours=0.0)
    held = pd.Series(False, index=since.index)
    short = (since - first.reindex(since.index)).isna() | (since - first.reindex(since.index) < pd.Timedelta(BEFORE_STEP))
    held[short.to_numpy()] = True
    if len(rows):
        fires = rule.condition.mask(rows, params).to_numpy(dtype=bool)
        held.loc[rows["object"][fires].to_numpy()] = True
    return held
