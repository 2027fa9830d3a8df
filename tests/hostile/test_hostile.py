"""Every case of the hostile corpus through the real command line, in a subprocess under a memory
limit: the exit code, one `netdiag: error:` line and never a traceback or an internal error, the
notes and output it must give, and every input file as it was (issue 15)."""

from __future__ import annotations

import hashlib
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from hostile_cases import CASES, Case, make_base

# Address space a command may take: far above what these small inputs need (about 1 GiB), far below
# what a memory bomb would take.
MEMORY_LIMIT = 3 * 1024**3
TIMEOUT_S = 300


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return make_base(tmp_path_factory.mktemp("hostile") / "base")


def fingerprint(paths: list[Path]) -> dict[str, str]:
    """Every file under the paths (links not followed), by its bytes."""
    out = {}
    for top in paths:
        files = [top] if top.is_file() or top.is_symlink() else sorted(p for p in top.rglob("*") if p.is_file() or p.is_symlink())
        for path in files:
            out[str(path)] = os.readlink(path) if path.is_symlink() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def netdiag(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "NETDIAG_LANG": "en", "COLUMNS": "200"}
    environment.pop("NETDIAG_PROFILE", None)
    return subprocess.run([sys.executable, "-m", "netdiag.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=TIMEOUT_S, env=environment, preexec_fn=limited)


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_case(name, base, tmp_path):
    hostile: Case = CASES[name]
    if not hostile.needs():
        pytest.skip(f"{name} cannot be staged on this machine")
    root = tmp_path / name
    root.mkdir()
    inputs, steps = hostile.build(root, base)
    for number, step in enumerate(steps, start=1):
        watched = step.untouched if step.untouched is not None else inputs
        before = fingerprint(watched)
        done = netdiag(step.args, root)
        where = f"{name} step {number}: netdiag {' '.join(step.args)}\n--- stderr\n{done.stderr[-3000:]}"
        assert done.returncode == step.exit, where
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr, where
        errors = [line for line in done.stderr.splitlines() if line.startswith("netdiag: error: ")]
        if step.error is None:
            assert not errors, where
        else:
            assert len(errors) == 1 and re.match(rf"netdiag: error: {step.error}", errors[0]), where
            others = [line for line in done.stderr.splitlines() if line and line not in errors]
            assert all(line.startswith("note: ") for line in others), where  # one error line, the rest notes
        for note in step.notes:
            assert any(re.search(note, line) for line in done.stderr.splitlines()), f"{where}\nwanted: {note}"
        if step.stdout is not None:
            step.stdout(done.stdout)
        assert fingerprint(watched) == before, f"{where}\nan input changed"
