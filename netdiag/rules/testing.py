"""Rule fixture tests (promtool-style): each rule's `tests:` cases run through the real engine.

A case gives small inline tables, as CSV text (header first) or a list of mappings, with canonical
column names (netdiag.io.schema). Every table goes through the readers' own coercion, so a fixture
value that an export could not hold is an error naming `file:line` of the rule file. The case's
tables become a dataset (build_dataset), only the rule under test runs (with the case's parameters
as overrides), and the objects it reports must be exactly the objects of `expect:`, with the
severity and confidence where the case names them. `expect: []` is a case where the rule must stay
quiet.

A counter table (one with start_time) may leave start_time out: every row is then in one period
starting at FIXTURE_START.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from ..catalogue import load_catalogue
from ..dataset.complete import build_dataset
from ..errors import DataError, NetdiagError, RuleError
from ..io.values import coerce
from ..io.schema import TABLES
from ..measures.compute import compute
from .engine import evaluate, runnable_rules
from .loader import CompiledRule, RuleSet, load_rule_file, rule_files
from .model import RuleTest
from .profile import Profile, apply_profile, rule_sources
from ..yamlsource import load_yaml

FIXTURE_START = "2026-01-01 00:00"


@dataclass(frozen=True)
class CaseResult:
    """The outcome of one fixture case; `message` says what was expected and what came."""

    rule: str
    case: str
    passed: bool
    message: str
    location: str  # `file:line` of the case in its rule file

    def line(self) -> str:
        """One line for a report: `file:line: rule/case: message`."""
        return f"{self.location}: {self.rule}/{self.case}: {self.message}"


def run_rule_tests(ruleset: RuleSet | Iterable[CompiledRule], rule_ids: Iterable[str] | None = None) -> list[CaseResult]:
    """Every fixture case of every rule (or of the rules named), in rule and case order."""
    wanted = set(rule_ids) if rule_ids is not None else None
    return [
        run_case(rule, index)
        for rule in ruleset
        if wanted is None or rule.id in wanted
        for index in range(len(rule.rule.tests))
    ]


def run_case(rule: CompiledRule, index: int) -> CaseResult:
    """Run case `index` of a rule; never raises for a bad case, the result says what went wrong."""
    case = rule.rule.tests[index]

    def result(passed: bool, message: str) -> CaseResult:
        return CaseResult(rule.id, case.name, passed, message, case_location(rule, index))

    missing = [t for t in ("cells", *rule.rule.requires) if t not in case.tables]
    if missing:
        return result(False, f"the rule needs table {', '.join(missing)}; the case gives {', '.join(case.tables) or 'none'}")
    try:
        dataset = build_dataset(case_tables(rule, index))
        runnable, skipped = runnable_rules(dataset, RuleSet([rule]))
        findings = evaluate(runnable, compute(dataset, {rule.rule.level}), {rule.id: dict(case.parameters)}) if runnable else None
    except NetdiagError as error:
        return result(False, str(error))
    except Exception as error:  # a fixture that breaks a measure is still one failing case, not a crash
        return result(False, f"error: {type(error).__name__}: {error}")
    if skipped:
        empty = ", ".join(skipped[0]["missing"])
        return result(False, f"the rule was skipped: table {empty} has no rows in the case")
    return result(*compare(case, findings))


def compare(case: RuleTest, findings: pd.DataFrame) -> tuple[bool, str]:
    """(passed, message): the objects found must be exactly those expected, with severity and
    confidence where the case gives them."""
    got: dict[str, list[dict]] = {}
    for row in findings[["object", "severity", "confidence"]].to_dict("records"):
        got.setdefault(str(row["object"]), []).append(row)
    expected = [e.object for e in case.expect]
    problems = []
    missing = [o for o in dict.fromkeys(expected) if o not in got]
    unexpected = [o for o in got if o not in expected]
    if missing:
        problems.append("missing " + ", ".join(missing))
    if unexpected:
        problems.append("unexpected " + ", ".join(unexpected))
    for want in case.expect:
        for key in ("severity", "confidence"):
            value = getattr(want, key)
            found = [row[key] for row in got.get(want.object, [])]
            if value is not None and found and value not in found:
                problems.append(f"{want.object}: {key} expected {value}, got {'/'.join(map(str, found))}")
    if not problems:
        return True, f"got {_objects(list(got))}"
    return False, f"expected {_objects(expected)}, got {_objects(list(got))} ({'; '.join(problems)})"


def _objects(objects: list[str]) -> str:
    return "[" + ", ".join(sorted(dict.fromkeys(objects))) + "]" if objects else "[] (nothing)"


def case_location(rule: CompiledRule, index: int) -> str:
    """`file:line` of a case, from the loader's map of YAML lines."""
    line = _line(rule, ("tests", index))
    return f"{rule.path}:{line}" if line else f"{rule.path} (tests[{index}])"


def _line(rule: CompiledRule, loc: tuple) -> int | None:
    return rule.lines.get(loc)


def case_tables(rule: CompiledRule, index: int) -> dict[str, pd.DataFrame]:
    """The canonical frames of one case, coerced as the readers coerce an export."""
    case = rule.rule.tests[index]
    return {name: fixture_frame(rule, index, name, value) for name, value in case.tables.items()}


def fixture_frame(rule: CompiledRule, index: int, table: str, value: str | list[dict[str, object]]) -> pd.DataFrame:
    spec = TABLES[table]
    key_line = _line(rule, ("tests", index, "tables", table))
    where = f"tests[{index}] ({rule.rule.tests[index].name}) table {table}"
    if isinstance(value, str):
        # A CSV block (`table: |`) starts on the line after its key: the header, then the rows.
        base = (key_line or 0) + 1
        numbered = [(base + i, text) for i, text in enumerate(value.splitlines()) if text.strip()]
        if not numbered:
            raise DataError(f"{rule.path}:{key_line or 1}: {where}: an empty table (give at least a header)")
        parsed = [(line, next(csv.reader([text], skipinitialspace=True))) for line, text in numbered]
        header_line, headers = parsed[0][0], [h.strip() for h in parsed[0][1]]
        for line, row in parsed[1:]:
            if len(row) != len(headers):
                raise DataError(f"{rule.path}:{line}: {where}: {len(row)} values for {len(headers)} columns")
        rows = [row for _, row in parsed[1:]]
        row_lines = [line for line, _ in parsed[1:]]
    else:
        headers = list(dict.fromkeys(str(k) for row in value for k in row))
        rows = [[_text(row.get(h)) for h in headers] for row in value]
        header_line = key_line
        row_lines = [_line(rule, ("tests", index, "tables", table, i)) or key_line or 1 for i in range(len(value))]
    for position, header in enumerate(headers):
        if header in headers[:position]:
            raise DataError(f"{rule.path}:{header_line or 1}: {where}: column {header!r} given twice")
        if header not in spec.column_map:
            close = difflib.get_close_matches(header, spec.column_names, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise DataError(f"{rule.path}:{header_line or 1}: {where}: unknown column {header!r}{hint}")
    frame = pd.DataFrame(rows, columns=headers, dtype=object).fillna("").astype(str)
    if "start_time" in spec.column_map and "start_time" not in frame.columns:
        frame.insert(0, "start_time", FIXTURE_START)
    absent = [k for k in spec.keys if k not in frame.columns]
    if absent:
        raise DataError(f"{rule.path}:{header_line or 1}: {where}: needs key column {', '.join(absent)}")
    try:
        return coerce(frame, spec, str(rule.path), first_data_line=row_lines[0] if row_lines else 1)
    except DataError:
        # Rows need not sit on consecutive lines (a list of mappings, blank lines): find the row.
        for position, line in enumerate(row_lines):
            coerce(frame.iloc[[position]], spec, str(rule.path), first_data_line=line)
        raise


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def has_positive_and_negative(rule: CompiledRule) -> tuple[bool, bool]:
    """Whether the rule has a case that expects a finding, and one that expects none."""
    tests = rule.rule.tests
    return any(t.expect for t in tests), any(not t.expect for t in tests)


def lint(paths: Iterable[Path], coverage: bool = True) -> tuple[list[CompiledRule], list[str]]:
    """The rules that load, and one `file:line: message` per problem of the rule base.

    Every file must load; ids must be unique; every rule needs a case that expects a finding and
    one that expects none; with coverage, every data cause of causes.yaml needs a rule.
    A path that does not exist raises RuleError (a usage error, not a finding).
    """
    problems: list[str] = []
    rules: list[CompiledRule] = []
    seen: dict[str, str] = {}
    for path in rule_files(paths):
        try:
            rule = load_rule_file(path)
        except RuleError as error:
            problems.append(str(error))
            continue
        if rule.id in seen:
            problems.append(f"{rule.path}:{_line(rule, ('id',)) or 1}: rule id {rule.id!r} is already defined in {seen[rule.id]}")
            continue
        seen[rule.id] = str(rule.path)
        rules.append(rule)
    for rule in rules:
        positive, negative = has_positive_and_negative(rule)
        where = f"{rule.path}:{_line(rule, ('tests',)) or _line(rule, ('id',)) or 1}"
        if not positive:
            problems.append(f"{where}: rule {rule.id} has no positive test case (one whose expect: lists a finding)")
        if not negative:
            problems.append(f"{where}: rule {rule.id} has no negative test case (expect: [])")
    if coverage:
        problems += uncovered_causes({r.rule.cause for r in rules})
    return rules, problems


def uncovered_causes(covered: set[str]) -> list[str]:
    """`causes.yaml:line: ...` for every `detect: data` cause that no rule reports."""
    source = resources.files("netdiag.data").joinpath("causes.yaml")
    _, lines = load_yaml(source.read_text(encoding="utf-8"), str(source))
    catalogue = load_catalogue()
    return [
        f"{source}:{lines.get(('causes', i, 'id'), 1)}: data cause {cause.id!r} has no rule"
        for i, cause in enumerate(catalogue.causes.values())
        if cause.detect == "data" and cause.id not in covered
    ]


def check_rule_base(
    paths: Sequence[Path] | None, profile: Profile | None, coverage: bool | None = None
) -> tuple[list[CompiledRule], list[str]]:
    """`rules check`: lint the rule files (and the profile's rule folders), and the profile must name
    rules and parameters that exist. Coverage of every data cause is asked of the shipped rule base
    (no paths) unless said otherwise."""
    loaded, problems = lint(rule_sources(paths, profile), coverage=coverage if coverage is not None else not paths)
    if profile is not None:
        try:
            apply_profile(loaded, dataclasses.replace(profile, rule_paths=()))
        except NetdiagError as error:
            problems.append(str(error))
    return loaded, problems
