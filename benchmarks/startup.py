"""Start-up of the command line against the CLI framework alone (issue 16, goal ≤ 1.5×).

Each figure is the median of BENCH_STARTUP_RUNS fresh processes (default 7), run alternately with
its reference so that a busy machine slows both alike; CPU time (user + system) is printed beside
wall time. The reference is a minimal typer app with netdiag's help style (rich panels, the same
app settings) printing its own `--help`; netdiag's `--version` is held against the same app's
`--version`.

    .venv/bin/python benchmarks/startup.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL = 1.5
COMMANDS = [["--help"], ["--version"], ["triage", "--help"], ["scan", "--help"], ["suspects", "--help"],
            ["import", "--help"], ["data", "inspect", "--help"], ["rules", "list", "--help"], ["sample", "--help"],
            ["cases", "report", "--help"]]

MINIMAL_APP = '''
from typing import Annotated, Optional
import typer

app = typer.Typer(help="A minimal app.", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


def version(value: bool) -> None:
    if value:
        typer.echo("minimal 1.0")
        raise typer.Exit()


@app.callback()
def options(version: Annotated[bool, typer.Option("--version", callback=version, is_eager=True)] = False) -> None:
    """A minimal app."""


@app.command("one")
def one(name: Annotated[Optional[str], typer.Option("--name", help="A name.")] = None) -> None:
    """One command."""


@app.command("two")
def two() -> None:
    """Another command."""


app()
'''


def timed(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(argv)} failed")
    return wall, usage.ru_utime + usage.ru_stime


def netdiag_command() -> str:
    beside = Path(sys.executable).with_name("netdiag")
    return str(beside) if beside.exists() else "netdiag"


def measure(runs: int | None = None) -> dict[str, object]:
    runs = runs or int(os.environ.get("BENCH_STARTUP_RUNS", "7"))
    with tempfile.TemporaryDirectory(prefix="netdiag-startup-") as tmp:
        app = Path(tmp) / "minimal_app.py"
        app.write_text(MINIMAL_APP, encoding="utf-8")
        out = {}
        for args in COMMANDS:
            reference = [sys.executable, str(app), "--version" if args == ["--version"] else "--help"]
            ours, theirs = [], []
            for _ in range(runs):
                ours.append(timed([netdiag_command(), *args]))
                theirs.append(timed(reference))
            wall, cpu = statistics.median(w for w, _ in ours), statistics.median(c for _, c in ours)
            ref_wall, ref_cpu = statistics.median(w for w, _ in theirs), statistics.median(c for _, c in theirs)
            out[" ".join(args)] = {"s": round(wall, 3), "cpu_s": round(cpu, 3), "reference_s": round(ref_wall, 3),
                                   "reference_cpu_s": round(ref_cpu, 3), "ratio": round(wall / ref_wall, 2)}
    return {"startup": out, "startup_goal": GOAL}


def report(result: dict[str, object]) -> list[str]:
    lines = [f"  start-up (median of fresh processes; reference: a minimal typer app's own --help/--version; goal <= {GOAL} x)"]
    for command, figures in result["startup"].items():
        verdict = "PASS" if figures["ratio"] <= GOAL else "MISS"
        lines.append(f"    netdiag {command:22s} {figures['s']:5.2f} s (cpu {figures['cpu_s']:4.2f})  reference "
                     f"{figures['reference_s']:5.2f} s (cpu {figures['reference_cpu_s']:4.2f})  {figures['ratio']:4.2f} x  {verdict}")
    return lines


if __name__ == "__main__":
    print("\n".join(report(measure())))
