"""`netdiag rules ...`: list, explain, lint and test the rule base. No rule logic lives here.

Registered on the main app with `app.add_typer(rules_app, name="rules")`. PATH and --rules default
to the shipped rule base; a profile (--profile, else $NETDIAG_PROFILE) adds its rule folders, and
for `list` and `explain` also its parameter values and severities.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from .catalogue import load_catalogue
from .cli_common import DebugOpt, LangOpt, RulesOpt, fail, note, resolve_lang
from .errors import NetdiagError, UsageError
from .measures import LEVELS
from .profile import Profile, apply_profile, find_profile, load_profile
from .rules.explain import close_ids, explain, rule_row
from .rules.loader import CompiledRule, RuleSet, default_rules_dir, load_rules
from .rules.testing import lint, run_rule_tests

rules_app = typer.Typer(
    help="List, explain, check and test the rule base.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class ListFormat(str, Enum):
    table = "table"
    json = "json"


Level = Enum("Level", {name: name for name in LEVELS}, type=str)  # type: ignore[misc]

PathsArg = Annotated[Optional[list[Path]], typer.Argument(metavar="PATH", help="Rule files or folders; default: the shipped rule base.", show_default=False)]
ProfileOpt = Annotated[Optional[Path], typer.Option("--profile", help="Operator profile (YAML); default: $NETDIAG_PROFILE.")]


def _profile(explicit: Path | None) -> Profile | None:
    found = find_profile(explicit, None)
    return load_profile(found) if found is not None else None


def _effective_rules(paths: list[Path] | None, profile: Profile | None) -> RuleSet:
    """The rule base as triage runs it: the profile's extra rules, parameters and severities applied."""
    ruleset = load_rules(paths or None)
    return apply_profile(ruleset, profile) if profile is not None else ruleset


def _source_paths(paths: list[Path] | None, profile: Profile | None) -> list[Path]:
    """Rule files as written (for check and test): the paths, plus the profile's rule folders."""
    return [*(paths or [default_rules_dir()]), *(profile.rule_paths if profile is not None else ())]


def _rule(ruleset: RuleSet, rule_id: str) -> CompiledRule:
    rule = ruleset.get(rule_id)
    if rule is None:
        close = close_ids(rule_id, ruleset)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UsageError(f"no rule {rule_id!r}{hint}")
    return rule


@rules_app.command("list")
def list_command(
    symptom: Annotated[Optional[str], typer.Option("--symptom", help="Only rules that may explain this symptom.")] = None,
    cause: Annotated[Optional[str], typer.Option("--cause", help="Only rules reporting this cause.")] = None,
    level: Annotated[Optional[Level], typer.Option("--level", help="Only rules of this level.")] = None,
    output: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.table,
    rules: RulesOpt = None,
    profile: ProfileOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """The rules: id, cause, level, severity, symptoms, title."""
    lang_code = resolve_lang(lang)
    try:
        catalogue = load_catalogue()
        if symptom is not None and symptom not in catalogue.symptoms:
            raise UsageError(f"unknown symptom {symptom!r}; symptoms: {', '.join(catalogue.symptoms)}")
        if cause is not None and cause not in catalogue.causes:
            close = difflib.get_close_matches(cause, list(catalogue.causes), n=3)
            raise UsageError(f"unknown cause {cause!r}" + (f"; did you mean {', '.join(close)}?" if close else ""))
        ruleset = _effective_rules(rules, _profile(profile))
    except NetdiagError as error:
        fail(error, debug)
        return
    rows = [
        rule_row(rule, lang_code)
        for rule in ruleset
        if (symptom is None or symptom in rule.symptoms)
        and (cause is None or rule.rule.cause == cause)
        and (level is None or rule.rule.level == level.value)
    ]
    if output is ListFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(show_lines=False)
    for column in ("id", "cause", "level", "severity"):
        table.add_column(column, no_wrap=True)
    for column in ("symptoms", "title"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(row["id"], row["cause"], row["level"], row["severity"], ", ".join(row["symptoms"]), row["title"])
    Console(width=None if sys.stdout.isatty() else 200).print(table)


@rules_app.command("explain")
def explain_command(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="Rule id.", show_default=False)],
    rules: RulesOpt = None,
    profile: ProfileOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """What a rule checks and why: condition, parameters, evidence, remedy, an example case."""
    lang_code = resolve_lang(lang)
    try:
        rule = _rule(_effective_rules(rules, _profile(profile)), rule_id)
    except NetdiagError as error:
        fail(error, debug)
        return
    typer.echo(explain(rule, lang_code), nl=False)


@rules_app.command("check")
def check_command(
    paths: PathsArg = None,
    coverage: Annotated[
        Optional[bool],
        typer.Option("--coverage/--no-coverage", help="Require a rule for every data cause (default: on for the shipped rule base only)."),
    ] = None,
    profile: ProfileOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Lint the rule base: one `file:line: message` per problem; exit 1 when there is any."""
    try:
        settings = _profile(profile)
        loaded, problems = lint(_source_paths(paths, settings), coverage=coverage if coverage is not None else not paths)
        if settings is not None:  # the profile must name rules and parameters that exist
            try:
                apply_profile(loaded, dataclasses.replace(settings, rule_paths=()))
            except NetdiagError as error:
                problems.append(str(error))
    except NetdiagError as error:
        fail(error, debug)
        return
    for problem in problems:
        typer.echo(problem)
    if problems:
        raise typer.Exit(1)
    note(f"{len(loaded)} rules checked, no problems")


@rules_app.command("test")
def test_command(
    paths: PathsArg = None,
    rule_id: Annotated[Optional[str], typer.Option("--rule", help="Run only this rule's cases.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print passing cases too.")] = False,
    profile: ProfileOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Run the rules' fixture cases; prints failing cases and `N passed, M failed`; exit 1 on failures."""
    try:
        ruleset = load_rules(_source_paths(paths, _profile(profile)))
        if rule_id is not None:
            _rule(ruleset, rule_id)
    except NetdiagError as error:
        fail(error, debug)
        return
    results = run_rule_tests(ruleset, None if rule_id is None else [rule_id])
    for result in results:
        if not result.passed:
            typer.echo(f"FAIL {result.line()}")
        elif verbose:
            typer.echo(f"ok   {result.line()}")
    failed = sum(not r.passed for r in results)
    typer.echo(f"{len(results) - failed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)
