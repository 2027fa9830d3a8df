"""`netdiag rules ...`: list, explain, lint and test the rule base. No rule logic lives here.

Registered on the main app with `app.add_typer(rules_app, name="rules")`. PATH and --rules default
to the shipped rule base; a profile (--profile, else $NETDIAG_PROFILE) adds its rule folders, and
for `list` and `explain` also its parameter values and severities.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import NetdiagError
from ..measures.levels import LEVELS
from .common import DebugOpt, LangOpt, RulesOpt, fail, note, resolve_lang

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
    from ..render.console import print_rule_list, terminal
    from ..render.rules import rule_row
    from ..rules.profile import effective_rules, profile_at

    lang_code = resolve_lang(lang)
    try:
        selected = effective_rules(rules, profile_at(profile)).select(symptom, cause, level.value if level else None)
    except NetdiagError as error:
        fail(error, debug)
        return
    rows = [rule_row(rule, lang_code) for rule in selected]
    if output is ListFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    print_rule_list(terminal(), rows)


@rules_app.command("explain")
def explain_command(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="Rule id.", show_default=False)],
    rules: RulesOpt = None,
    profile: ProfileOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """What a rule checks and why: condition, parameters, evidence, remedy, an example case."""
    from ..render.rules import explain
    from ..rules.profile import effective_rules, profile_at

    lang_code = resolve_lang(lang)
    try:
        rule = effective_rules(rules, profile_at(profile)).require(rule_id)
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
    from ..rules.profile import profile_at
    from ..rules.testing import check_rule_base

    try:
        loaded, problems = check_rule_base(paths, profile_at(profile), coverage)
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
    from ..rules.loader import load_rules
    from ..rules.profile import profile_at, rule_sources
    from ..rules.testing import run_rule_tests

    try:
        ruleset = load_rules(rule_sources(paths, profile_at(profile)))
        if rule_id is not None:
            ruleset.require(rule_id)
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
