"""Diagnose a dataset: its measures computed, every runnable rule run over them, the findings kept
with the measures they came from (triage reads the serving cell's rates from them)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from ..dataset.model import Dataset
from ..measures.base import LevelFrames
from ..measures.compute import compute
from ..rules.engine import evaluate, firing_stretches, ranked, runnable_rules, with_persistence
from ..rules.loader import CompiledRule, RuleSet


@dataclass
class Diagnosis:
    """All findings of a rule base over one dataset, and the rules that could not run."""

    findings: pd.DataFrame
    skipped: list[dict[str, object]] = field(default_factory=list)  # with `missing` tables, or the `error` it met
    dataset: Dataset | None = None
    measures: dict[str, LevelFrames] = field(default_factory=dict)
    # Per rule id, the stretches it fires on over this data (firing_stretches), worked out when first asked.
    stretches: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False, compare=False)


def diagnose(
    ds: Dataset, rules: RuleSet, overrides: Mapping[str, Mapping[str, object]] | None = None
) -> Diagnosis:
    """Run every rule whose tables are present; rules missing a table are skipped and listed, a rule
    that fails is listed with its error (and the others run)."""
    runnable, skipped = runnable_rules(ds, rules)
    measures = compute(ds, {r.rule.level for r in runnable})
    failed: list[dict[str, object]] = []
    findings = evaluate(runnable, measures, overrides, failed)
    return Diagnosis(findings=findings, skipped=skipped + failed, dataset=ds, measures=measures)


def with_lasting_findings_at(window: Diagnosis, whole: Diagnosis, when: pd.Timestamp, rules: RuleSet) -> Diagnosis:
    """The diagnosis of the periods around a complaint's time, with the findings of the whole data
    of faults that last longer than those periods:
    - those judged over a stretch covering that time: a fault whose onset lies before the window
      (coverage lost yesterday morning, for a complaint this afternoon) is judged against the
      history before it, which the window alone no longer holds;
    - those of rules that ask a state to persist (`persistence:`), where the state shows in a period
      of the window: a cell congested at the busy hours of every day holds fewer busy hours in half
      a day than the rule asks of the whole data, and is congested at the time all the same;
    - those the whole data found over its whole length, of a rule with a `stretch:`, where the rule
      also fires on a stretch of the whole data covering that time: a level fallen at nine this
      morning is judged over the whole data's last third, and a complaint at nine tonight reads half
      a day holding one hour before the fall, too little to judge a change in;
    - those of rules that say what shows their state (`shows:`), where it holds in the window for the
      finding's object: a link that flapped twelve times this afternoon, one flap of it in a morning
      complaint's window, is fewer flaps than the rule asks, and flapping at the time all the same."""
    found = whole.findings
    if found.empty or "since" not in found:
        return window
    known = set(zip(window.findings["cause"], window.findings["object"])) if not window.findings.empty else set()
    new = ~pd.Series([k in known for k in zip(found["cause"], found["object"])], index=found.index, dtype=bool)
    covers = found["since"].notna() & (found["since"] <= when) & (found["until"] >= when)
    undated = found["since"].isna() & new
    lasting = _still_there(found[undated], window, whole, when, rules).reindex(found.index, fill_value=False)
    extra = found[(covers & new) | lasting]
    if extra.empty:
        return window
    parts = [f for f in (window.findings, extra) if not f.empty]
    return dataclasses.replace(window, findings=ranked(pd.concat(parts, ignore_index=True)))


def _still_there(found: pd.DataFrame, window: Diagnosis, whole: Diagnosis, when: pd.Timestamp, rules: RuleSet) -> pd.Series:
    """Which of these undated whole-data findings their rule sees still there at `when`, by any of
    the three ways of with_lasting_findings_at (persisting in the window, a firing stretch covering
    `when`, the rule's `shows:` in the window)."""
    out = pd.Series(False, index=found.index)
    for rule in rules:
        mine = found["rule"] == rule.id
        if not mine.any():
            continue
        held = _persisting_in(window, rule) | _stretch_covers(whole, rule, when) | _showing_in(window, rule)
        out |= mine & found["object"].isin(held)
    return out


def _persisting_in(window: Diagnosis, rule: CompiledRule) -> set:
    """The objects for which a rule with `persistence:` holds in at least one period of the window."""
    frames = window.measures.get(rule.rule.level)
    if rule.rule.persistence is None or frames is None or not frames.has_periods:
        return set()
    counted = with_persistence(rule, frames, rule.params)
    return set(counted.loc[counted["periods_hit"] >= 1, "object"])


def _stretch_covers(whole: Diagnosis, rule: CompiledRule, when: pd.Timestamp) -> set:
    """The objects for which a rule with a `stretch:` fires on a stretch of the whole data covering
    `when` (the rule's stretches worked out once per whole diagnosis)."""
    frames = whole.measures.get(rule.rule.level)
    if rule.rule.stretch is None or frames is None:
        return set()
    if rule.id not in whole.stretches:
        whole.stretches[rule.id] = firing_stretches(rule, frames)
    stretches = whole.stretches[rule.id]
    if stretches.empty:
        return set()
    return set(stretches.loc[(stretches["stretch_start"] <= when) & (stretches["stretch_end"] >= when), "object"])


def _showing_in(window: Diagnosis, rule: CompiledRule) -> set:
    """The objects for which a rule's `shows:` holds over the window's data."""
    frames = window.measures.get(rule.rule.level)
    if rule.shows is None or frames is None:
        return set()
    frame = frames.whole
    return set(frame.loc[rule.shows.mask(frame, rule.params).to_numpy(dtype=bool), "object"])
