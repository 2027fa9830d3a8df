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
from collections.abc import Callable
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


def limited(limit: int) -> Callable[[], None]:
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


# The command run as `python -m netdiag.cli`, its peak resident memory (KiB) written to a file as it
# ends (netdiag ends with os._exit, past atexit).
_MEASURED = (
    "import os, resource, runpy, sys\n"
    "def record():\n"
    "    with open(os.environ['NETDIAG_PEAK_FILE'], 'w') as out:\n"
    "        out.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
    "leave = os._exit\n"
    "os._exit = lambda code: (record(), leave(code))\n"
    "sys.argv = ['netdiag', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('netdiag.cli', run_name='__main__')\n"
    "finally:\n"
    "    record()\n"
)


def netdiag(args: list[str], cwd: Path, memory: int = MEMORY_LIMIT) -> tuple[subprocess.CompletedProcess, int | None]:
    """The command's outcome and its peak resident memory in MiB (None when it could not be taken)."""
    peak = cwd / ".peak"
    environment = {**os.environ, "NETDIAG_LANG": "en", "COLUMNS": "200", "NETDIAG_PEAK_FILE": str(peak)}
    environment.pop("NETDIAG_PROFILE", None)
    done = subprocess.run([sys.executable, "-c", _MEASURED, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=TIMEOUT_S, env=environment, preexec_fn=limited(memory))
    kib = peak.read_text() if peak.exists() else ""
    peak.unlink(missing_ok=True)
    return done, int(kib) // 1024 if kib.isdigit() else None


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
        done, peak = netdiag(step.args, root, step.memory or MEMORY_LIMIT)
        where = f"{name} step {number}: netdiag {' '.join(step.args)} (peak {peak} MiB)\n--- stderr\n{done.stderr[-3000:]}"
        print(f"{name} step {number}: exit {done.returncode}, peak {peak} MiB")  # (-s shows them: the report's table)
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
        for unwanted in step.never:
            assert not any(re.search(unwanted, line) for line in done.stderr.splitlines()), f"{where}\nunwanted: {unwanted}"
        if step.stdout is not None:
            step.stdout(done.stdout)
        assert fingerprint(watched) == before, f"{where}\nan input changed"
