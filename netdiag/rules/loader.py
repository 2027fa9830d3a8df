"""Load and validate rule files. Every error names `file:line`.

A rule is valid when its YAML has exactly the keys of the model, its cause is a data cause of the
catalogue, and every name in its condition, score, evidence and title is a parameter or a measure
column of its level.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from ..catalogue import load_catalogue
from ..errors import RuleError, UsageError
from ..measures.compute import COLUMNS, PERSISTENCE_COLUMNS, STRETCH_CHANGES
from ..measures.levels import PERIOD_LEVELS
from .expr import Expr, ExprError, compile_expr
from .model import Parameter, Persistence, Rule, Stretch, Text
from .template import TemplateError, placeholders
from ..yamlsource import line_of, read_yaml_file

MAX_RULE_FILE_BYTES = 256 * 1024


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    path: str
    condition: Expr
    score: Expr
    symptoms: tuple[str, ...]
    remedy: Text
    params: Mapping[str, object] = field(default_factory=dict)
    lines: Mapping[tuple, int] = field(default_factory=dict, repr=False)  # YAML location -> line, for messages
    stretch_when: Expr | None = None  # the per-period condition of a stretch of runs
    shows: Expr | None = None  # where a window shows the state of a lasting fault the whole data found

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def columns(self) -> frozenset[str]:
        return self.condition.columns | self.score.columns | frozenset(self.rule.evidence)


@dataclass
class RuleSet:
    rules: list[CompiledRule]

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> CompiledRule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def require(self, rule_id: str) -> CompiledRule:
        """The rule with this id; an unknown id is a usage error naming the closest ones."""
        rule = self.get(rule_id)
        if rule is None:
            close = close_ids(rule_id, self.rules)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise UsageError(f"no rule {rule_id!r}{hint}")
        return rule

    def select(self, symptom: str | None = None, cause: str | None = None, level: str | None = None) -> list[CompiledRule]:
        """The rules that may explain a symptom, report a cause, run at a level (each optional)."""
        catalogue = load_catalogue()
        if symptom is not None and symptom not in catalogue.symptoms:
            raise UsageError(f"unknown symptom {symptom!r}; symptoms: {', '.join(catalogue.symptoms)}")
        if cause is not None and cause not in catalogue.causes:
            close = difflib.get_close_matches(cause, list(catalogue.causes), n=3)
            raise UsageError(f"unknown cause {cause!r}" + (f"; did you mean {', '.join(close)}?" if close else ""))
        return [
            rule for rule in self.rules
            if (symptom is None or symptom in rule.symptoms) and (cause is None or rule.rule.cause == cause)
            and (level is None or rule.rule.level == level)
        ]


def close_ids(rule_id: str, rules: Iterable[CompiledRule]) -> list[str]:
    """Rule ids that look like a mistyped one (by spelling, or containing it)."""
    ids = [r.id for r in rules]
    close = difflib.get_close_matches(rule_id, ids, n=3, cutoff=0.6)
    close += [i for i in ids if rule_id and rule_id in i and i not in close]
    return close[:3]


def default_rules_dir() -> Path:
    """The shipped rule base: inside the installed package, or `rules/` of a source checkout."""
    packaged = resources.files("netdiag").joinpath("_rules")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "rules"


def rule_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.yaml") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise RuleError(f"{path}: no such rule file or folder")
    return files


def load_rules(paths: Iterable[Path] | None = None) -> RuleSet:
    paths = list(paths) if paths is not None else [default_rules_dir()]
    compiled: list[CompiledRule] = []
    seen: dict[str, str] = {}
    for path in rule_files(paths):
        rule = load_rule_file(path)
        if rule.id in seen:
            raise RuleError(f"{path}:1: rule id {rule.id!r} is already defined in {seen[rule.id]}")
        seen[rule.id] = str(path)
        compiled.append(rule)
    return RuleSet(compiled)


def load_rule_file(path: Path) -> CompiledRule:
    name = str(path)
    data, lines = read_yaml_file(path, "rule file", MAX_RULE_FILE_BYTES)
    if not isinstance(data, dict):
        raise RuleError(f"{name}:1: a rule file holds one mapping (id, cause, level, condition, ...)")
    try:
        rule = Rule.model_validate(data)
    except ValidationError as exc:
        # An unknown key is usually a misspelt one, which also leaves a required key missing:
        # report the unknown key, where the fix is.
        errors = sorted(exc.errors(), key=lambda e: (e["type"] != "extra_forbidden", line_of(lines, e["loc"]) or 0))
        first = errors[0]
        loc = tuple(first["loc"])
        where = ".".join(str(p) for p in loc) or "rule"
        raise RuleError(f"{name}:{line_of(lines, loc) or 1}: {where}: {_pydantic_message(first)}") from None
    return compile_rule(rule, name, lines)


def _pydantic_message(error: Mapping) -> str:
    if error["type"] == "extra_forbidden":
        key = str(error["loc"][-1])
        close = difflib.get_close_matches(key, _known_keys(error["loc"]), n=1)
        return "unknown key" + (f"; did you mean {close[0]}?" if close else "")
    if error["type"] == "missing":
        return "required key is missing"
    return str(error["msg"])


def _known_keys(loc: Sequence) -> list[str]:
    model = {"parameters": Parameter, "persistence": Persistence, "stretch": Stretch, "title": Text, "remedy": Text,
             "description": Text}.get(
        str(loc[0]) if len(loc) > 1 else "", Rule
    )
    return list(model.model_fields)


def compile_rule(rule: Rule, path: str, lines: Mapping[tuple, int] | None = None) -> CompiledRule:
    lines = lines or {}

    def fail(loc: tuple, message: str) -> RuleError:
        return RuleError(f"{path}:{line_of(lines, loc) or 1}: {message}")

    catalogue = load_catalogue()
    cause = catalogue.causes.get(rule.cause)
    if cause is None:
        raise fail(("cause",), f"cause {rule.cause!r} is not in causes.yaml")
    if cause.detect != "data":
        raise fail(("cause",), f"cause {rule.cause!r} is a {cause.detect} cause; rules report data causes")
    symptoms = tuple(rule.symptoms) if rule.symptoms else cause.symptoms
    for i, symptom in enumerate(symptoms):
        if symptom not in cause.symptoms:
            raise fail(("symptoms", i), f"symptom {symptom!r} is not a symptom of cause {rule.cause}")

    if rule.persistence and rule.level not in PERIOD_LEVELS:
        raise fail(("persistence",), f"persistence needs statistics per period; level {rule.level} has none")
    if rule.persistence and rule.persistence.min_hours > 0 and "period_s" not in COLUMNS[rule.level]:
        raise fail(("persistence", "min_hours"), f"persistence in hours needs the periods' lengths; level {rule.level} has none (use min_periods)")
    if rule.stretch is not None:
        _check_stretch(rule, fail)
    columns = set(COLUMNS[rule.level])
    params = set(rule.parameters)
    clash = sorted(columns & params)
    if clash:
        raise fail(("parameters", clash[0]), f"parameter {clash[0]!r} has the name of a {rule.level} column")
    after = columns | (set(PERSISTENCE_COLUMNS) if rule.persistence else set())

    defaults = {name: p.default for name, p in rule.parameters.items()}  # (their kinds are checked)

    def expression(key: str, text: str, names: set[str]) -> Expr:
        try:
            return compile_expr(text, columns=names, params=defaults)
        except ExprError as exc:
            raise fail((key,), f"{key}: {exc.message}") from None

    condition = expression("condition", rule.condition, columns)
    score = expression("score", rule.score, after)
    when = None
    if rule.stretch is not None and rule.stretch.when is not None:
        try:
            when = compile_expr(rule.stretch.when, columns=columns, params=defaults)
        except ExprError as exc:
            raise fail(("stretch", "when"), f"stretch.when: {exc.message}") from None
    shows = expression("shows", rule.shows, columns) if rule.shows is not None else None
    for i, other in enumerate(rule.explained_by):
        if other not in catalogue.causes:
            raise fail(("explained_by", i), f"cause {other!r} is not in causes.yaml")
    for i, case in enumerate(rule.tests):
        for name in case.parameters:
            if name not in params:
                raise fail(("tests", i, "parameters", name), f"test sets {name!r}, not a parameter of this rule")
    for i, column in enumerate(rule.evidence):
        if column not in after:
            raise fail(("evidence", i), f"evidence column {column!r} is not a {rule.level} measure")
    for lang in ("zh", "en"):
        try:
            names = placeholders(getattr(rule.title, lang))
        except TemplateError as exc:
            raise fail(("title", lang), str(exc)) from None
        for placeholder in names:
            if placeholder not in after and placeholder not in params:
                raise fail(("title", lang), f"title names {placeholder!r}, not a {rule.level} measure or parameter")
    remedy = rule.remedy or Text(zh=cause.remedy["zh"], en=cause.remedy["en"])
    return CompiledRule(rule, path, condition, score, symptoms, remedy, defaults, lines, when, shows)


def _check_stretch(rule: Rule, fail) -> None:
    stretch = rule.stretch
    given = [k for k in ("when", "rise", "fall") if getattr(stretch, k) is not None]
    if len(given) != 1:
        raise fail(("stretch",), "a stretch follows exactly one of: when (runs of periods), rise or fall (a change)")
    if rule.level not in STRETCH_CHANGES:
        raise fail(("stretch",), f"stretches are judged at levels {', '.join(STRETCH_CHANGES)}; not at level {rule.level}")
    if rule.persistence is not None:
        raise fail(("stretch",), "a rule judges persistence or stretches, not both (a stretch's own periods_hit is its length)")
    column = stretch.rise or stretch.fall
    if column is not None and column not in STRETCH_CHANGES[rule.level]:
        raise fail(("stretch", given[0]), f"a stretch can follow the change of {', '.join(sorted(STRETCH_CHANGES[rule.level]))}; not {column!r}")
