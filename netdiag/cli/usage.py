"""How the command line speaks before a command runs: a bad option is one line (not a box of
validation wording), and `--help` names what an option takes in words (FILE, a flag takes nothing)
instead of Python types such as `<bool>` or `<list[Path]>`."""

from __future__ import annotations

import re
import sys

from typer._click import exceptions as click_errors
from typer.core import TyperArgument, TyperGroup, TyperOption
from typer.exceptions import Abort

# pydantic's and click's wording, reduced to what the user typed wrong
_NOISE = (
    (re.compile(r"^Value error, "), ""),
    (re.compile(r"^Input should be "), "must be "),
    (re.compile(r", unable to parse string as an? \w+$"), ""),
)


def one_line(error: click_errors.UsageError) -> str:
    """The error as one line: the option, what was wrong, where to look."""
    message = error.message if isinstance(error, click_errors.BadParameter) else error.format_message()
    for pattern, replacement in _NOISE:
        message = pattern.sub(replacement, message)
    message = message.rstrip(".")
    if isinstance(error, click_errors.BadParameter) and error.param is not None:
        name = "/".join(error.param.opts) or error.param.name
        message = f"{name}: {message}"
    command = error.ctx.command_path if error.ctx is not None else "netdiag"
    return f"netdiag: error: {message} (see: {command} --help)"


def tidy_help(command) -> None:
    """Metavars in words for every option of a command and its subcommands (flags show none)."""
    for param in getattr(command, "params", ()):
        if isinstance(param, TyperArgument) and param.type_descriptor.is_list:
            param.display_type_rich = _no_type  # its name says it (PATH...); the type column adds nothing
        if isinstance(param, TyperOption) and param.metavar is None:
            if param.is_flag:
                param.metavar = ""
            elif param.type_descriptor.is_list:
                param.metavar = "PATH" if param.type_descriptor.is_path or "Path" in param.bare_type() else "VALUE"
    if getattr(command, "_help_option", None) is None and getattr(command, "add_help_option", False):
        from typer._click.decorators import help_option

        help_option(["--help"])(command)
        command._help_option = command.params.pop()
        command._help_option.metavar = ""
    if getattr(command, "_help_option", None) is not None:
        # not given is False, not None: typer coerces a None through a pydantic adapter built on the
        # spot, a tenth of a second of every subcommand's start-up spent on the group's unused --help
        command._help_option.default = False
    for sub in getattr(command, "commands", {}).values():
        tidy_help(sub)


def _no_type(ctx) -> None:
    return None


class OneLineGroup(TyperGroup):
    """netdiag's top group: runs as click would, but prints a usage error as one line (exit 2)."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        tidy_help(self)
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as error:  # the help is printed already
            sys.exit(error.exit_code)
        except click_errors.UsageError as error:
            sys.stderr.write(one_line(error) + "\n")
            sys.exit(2)
        except click_errors.ClickException as error:
            sys.stderr.write(f"netdiag: error: {error.format_message()}\n")
            sys.exit(error.exit_code)
        except Abort:
            sys.stderr.write("netdiag: aborted\n")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)
