"""Start-up: a process builds only the command it was asked for (issue 16, item 1)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command

from netdiag.cli import app
from netdiag.cli.app import requested

ALL = {"triage", "rules", "data", "cases", "suspects", "import", "scan", "sample", "show"}


def names(typer_app) -> set[str]:
    return set(get_command(typer_app).commands)


@pytest.mark.parametrize("args", [[], ["--help"], ["bogus"], ["--debug"]])
def test_the_listing_keeps_every_command(args):
    assert names(requested(app, args)) == ALL


def test_a_command_is_built_alone():
    assert names(requested(app, ["triage", "DATA", "--cell", "S1", "--help"])) == {"triage"}
    assert names(requested(app, ["scan", "--help"])) == {"scan"}


def test_a_group_keeps_only_the_asked_subcommand():
    cases = get_command(requested(app, ["cases", "report", "--help"])).commands["cases"]
    assert set(cases.commands) == {"report"}
    whole = get_command(requested(app, ["cases", "--help"])).commands["cases"]
    assert {"import", "add", "list", "report"} <= set(whole.commands)


def test_version_needs_no_command():
    assert names(requested(app, ["--version"])) == set()


def test_the_app_itself_is_left_whole():
    requested(app, ["triage", "--help"])
    assert names(app) == ALL


def run(*args: str) -> subprocess.CompletedProcess:
    probe = ("import sys; sys.argv = ['netdiag', *sys.argv[1:]]; from netdiag.cli import app; "
             "from netdiag.cli.app import requested\n"
             "try:\n    requested(app, sys.argv[1:])()\nexcept SystemExit:\n    pass\n"
             "print('ADAPTERS', 'typer._adapters' in sys.modules, file=sys.stderr)")
    return subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("args", [["sample", "--help"], ["cases", "report", "--help"], ["data", "inspect", "--help"]])
def test_a_command_help_builds_no_type_adapter(args):
    """typer coerced the group's unused --help (None) through a pydantic adapter built on the spot."""
    done = run(*args)
    assert "Usage: netdiag" in done.stdout
    assert "ADAPTERS False" in done.stderr, done.stderr


def test_the_real_entry_point_answers_a_subcommand_help():
    netdiag = str(Path(sys.executable).with_name("netdiag"))
    done = subprocess.run([netdiag, "cases", "report", "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "netdiag cases report" in done.stdout
    wrong = subprocess.run([netdiag, "cases", "bogus"], capture_output=True, text=True, timeout=60)
    assert wrong.returncode == 2 and "No such command 'bogus'" in wrong.stderr
