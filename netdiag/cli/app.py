"""The command line: parses arguments, calls the library, renders. No diagnosis logic lives here.

Only typer is imported to build the app: each command imports the library in its own body, so
`netdiag --help` answers at once.
"""

from __future__ import annotations

import copy
import os
import sys
from typing import Annotated

import typer

from .cases import cases_app
from .data import data_app
from .rules import rules_app
from .sample import sample_command
from .scan import scan_command
from .show import show_command
from .store import import_command
from .suspects import suspects_command
from .triage import triage_command
from .usage import OneLineGroup

app = typer.Typer(
    cls=OneLineGroup,
    help="Tell a GSM/GPRS radio engineer why a subscriber complains.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"netdiag {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Tell a GSM/GPRS radio engineer why a subscriber complains."""


app.command("triage")(triage_command)
app.add_typer(rules_app, name="rules")
app.add_typer(data_app, name="data")
app.add_typer(cases_app, name="cases")
app.command("suspects")(suspects_command)
app.command("import")(import_command)
app.command("scan")(scan_command)
app.command("sample")(sample_command)
app.command("show")(show_command)


def requested(typer_app: typer.Typer, args: list[str]) -> typer.Typer:
    """The app with only the command the arguments ask for, so that a process builds one command's
    parameters, not all twenty (typer builds each option's type adapter before parsing: two thirds of
    `netdiag triage --help`'s start-up). The listing of every command (`netdiag`, `netdiag --help`,
    a name that is no command) keeps them all; `--version` before any command needs none."""
    words = [arg for arg in args if not arg.startswith("-")]
    if not words:
        if "--version" in args and "--help" not in args:
            return _keeping(typer_app)
        return typer_app
    name = words[0]
    for info in typer_app.registered_commands:
        if _command_name(info) == name:
            return _keeping(typer_app, commands=[info])
    for info in typer_app.registered_groups:
        if info.name == name:
            group = copy.copy(info)
            group.typer_instance = requested(info.typer_instance, args[args.index(name) + 1:])
            return _keeping(typer_app, groups=[group])
    return typer_app


def _command_name(info) -> str:
    from typer.main import get_command_name

    return info.name or get_command_name(info.callback.__name__)


def _keeping(typer_app: typer.Typer, commands: list = (), groups: list = ()) -> typer.Typer:
    """A shallow copy of the app with only these commands and groups (none: no command at all)."""
    kept = copy.copy(typer_app)
    kept.registered_commands, kept.registered_groups = list(commands), list(groups)
    return kept


def main() -> None:
    try:
        requested(app, sys.argv[1:])()
    except SystemExit as done:  # how a finished command ends (typer's standalone mode)
        _leave(done.code)
    except KeyboardInterrupt:
        sys.stderr.write("netdiag: interrupted\n")
        sys.exit(130)
    except Exception as error:  # a bug, not bad input: still one line unless --debug
        if "--debug" in sys.argv:
            raise
        sys.stderr.write(f"netdiag: internal error: {type(error).__name__}: {error} (run with --debug for details)\n")
        sys.exit(2)


def _leave(code: int | str | None) -> None:
    """End the process once its output is flushed, without the interpreter's teardown: freeing a
    diagnosis object by object and joining Arrow's thread pools take a fifth of a second, as long as
    a complaint's whole triage from the store takes to diagnose. Nothing needs the teardown: files
    are written and closed (atomically), a Dask cluster is closed by its own `with`."""
    if isinstance(code, str):  # sys.exit("message"): printed, exit status 1
        sys.stderr.write(code + "\n")
        code = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (| head): what it did not read is not an error
        pass
    sys.stderr.flush()
    os._exit(code or 0)
