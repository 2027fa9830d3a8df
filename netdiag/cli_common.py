"""What the command modules share: language choice, common options, one-line errors and notes."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer


class Lang(str, Enum):
    zh = "zh"
    en = "en"


def default_lang() -> Lang:
    for variable in ("NETDIAG_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return Lang.zh if value.lower().startswith("zh") else Lang.en
    return Lang.en


def resolve_lang(lang: Lang | None) -> str:
    return (lang or default_lang()).value


RulesOpt = Annotated[Optional[list[Path]], typer.Option("--rules", help="Rule file or folder (repeatable); default: the shipped rule base.")]
LangOpt = Annotated[Optional[Lang], typer.Option("--lang", help="Language of causes, titles and remedies (default from the environment).")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]


def note(message: str) -> None:
    """Diagnostics go to stderr as plain lines (never wrapped, so scripts can grep them)."""
    typer.echo(message, err=True)


def fail(error: BaseException, debug: bool) -> None:
    """Bad input or usage: one line on stderr and exit code 2; --debug shows the traceback."""
    if debug:
        raise error
    note(f"netdiag: error: {error}")
    raise typer.Exit(2)
