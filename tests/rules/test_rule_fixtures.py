"""Every shipped rule's `tests:` cases, one pytest id per rule/case; and the cases really pin the rules.

The second half breaks every rule on purpose (the condition always true or always false, one
operand of an `and`/`or` dropped, a persistence bound relaxed, a stretch left out or shortened to
nothing): each broken rule must fail at least one of its own cases, so a case that passes whatever
the rule says is caught.
"""

from __future__ import annotations

import ast
import copy
import dataclasses

import pytest

from netdiag.dataset.complete import build_dataset
from netdiag.errors import RuleError
from netdiag.measures.compute import COLUMNS
from netdiag.diagnosis.diagnose import diagnose
from netdiag.rules.expr import compile_expr
from netdiag.rules.loader import CompiledRule, RuleSet, load_rules
from netdiag.rules.testing import case_tables, compare, run_case

try:
    RULES: list[CompiledRule] = list(load_rules())
    LOAD_ERROR = None
except RuleError as error:  # reported by one failing test instead of a collection error
    RULES, LOAD_ERROR = [], str(error)

CASES = [
    pytest.param(rule, index, id=f"{rule.id}/{case.name}")
    for rule in RULES
    for index, case in enumerate(rule.rule.tests)
]

# Every rule of the rule base: its cases are held to the mutation test below.
CORE_RULES = [rule.id for rule in RULES]


def test_the_rule_base_loads():
    assert LOAD_ERROR is None, LOAD_ERROR


@pytest.mark.parametrize(("rule", "index"), CASES)
def test_rule_case(rule: CompiledRule, index: int):
    result = run_case(rule, index)
    assert result.passed, result.line()


@pytest.mark.parametrize("rule_id", CORE_RULES)
def test_core_rule_has_positive_and_negative_cases(rule_id):
    rule = next(r for r in RULES if r.id == rule_id)
    assert any(case.expect for case in rule.rule.tests), "no case where the rule fires"
    assert any(not case.expect for case in rule.rule.tests), "no case where the rule stays quiet"


def _mutants(rule: CompiledRule) -> list[tuple[str, CompiledRule]]:
    """(what was broken, broken rule): the condition always true or always false, each operand of
    an `and`/`or` dropped in turn, each persistence bound (periods, share, hours) relaxed, the stretch left out or shortened."""
    spec = rule.rule

    def with_condition(text: str) -> CompiledRule:
        expr = compile_expr(text, columns=set(COLUMNS[spec.level]), params=set(spec.parameters))
        return dataclasses.replace(rule, condition=expr)

    out = [("always true", with_condition("True")), ("always false", with_condition("False"))]
    tree = ast.parse(spec.condition, mode="eval")
    ops = [node for node in ast.walk(tree) if isinstance(node, ast.BoolOp)]
    for k, op in enumerate(ops):
        for j, operand in enumerate(op.values):
            broken = copy.deepcopy(tree)
            target = [node for node in ast.walk(broken) if isinstance(node, ast.BoolOp)][k]
            del target.values[j]
            out.append((f"without `{ast.unparse(operand)}`", with_condition(ast.unparse(broken))))
    if spec.stretch is not None:  # judged over the whole window only; stretches however short
        out.append(("without its stretch", dataclasses.replace(rule, rule=spec.model_copy(update={"stretch": None}))))
        if spec.stretch.min_hours > 0:
            relaxed_spec = spec.model_copy(update={"stretch": spec.stretch.model_copy(update={"min_hours": 0.0})})
            out.append(("stretch min_hours: 0", dataclasses.replace(rule, rule=relaxed_spec)))
    if spec.persistence is not None:
        for key, relaxed in (("min_periods", 1), ("min_share", 0.0), ("min_hours", 0.0)):
            if getattr(spec.persistence, key) != relaxed:
                relaxed_spec = spec.model_copy(update={"persistence": spec.persistence.model_copy(update={key: relaxed})})
                out.append((f"persistence {key}: {relaxed}", dataclasses.replace(rule, rule=relaxed_spec)))
    return out


@pytest.mark.parametrize("rule_id", CORE_RULES)
def test_a_broken_rule_fails_one_of_its_cases(rule_id: str):
    rule = next(r for r in RULES if r.id == rule_id)
    mutants = {}
    for k, (what, broken) in enumerate(_mutants(rule)):
        renamed = dataclasses.replace(broken, rule=broken.rule.model_copy(update={"id": f"mutant{k}"}))
        mutants[renamed.id] = (what, renamed)
    caught: set[str] = set()
    # All mutants run side by side on each case, so the measures are computed once per case.
    for index, case in enumerate(rule.rule.tests):
        ds = build_dataset(case_tables(rule, index))
        overrides = {mutant_id: dict(case.parameters) for mutant_id in mutants}
        findings = diagnose(ds, RuleSet([m for _, m in mutants.values()]), overrides).findings
        for mutant_id in mutants:
            passed, _ = compare(case, findings[findings["rule"] == mutant_id])
            if not passed:
                caught.add(mutant_id)
    survivors = [what for mutant_id, (what, _) in mutants.items() if mutant_id not in caught]
    assert not survivors, f"every case still passes with the rule broken: {survivors}"
