"""`make bench-pictures`: size and render time of each HTML report, on the sample and on the 20,000-cell network.

For each report kind: the bytes written (goals: a complaint's report ≤ 1 MB, the scan's and the
suspects' ≤ 5 MB at 20,000 cells), the time to turn the result into HTML (render), and the whole
command as a fresh process (`netdiag triage|suspects|scan ... -o FILE.html`, reading the exports
included). The 20,000-cell network is the one `make bench` generates and caches in .bench/.
The monthly cases report is rendered from 300 complaints on the sample's cells (no exports needed).

    .venv/bin/python benchmarks/pictures.py            # BENCH_CELLS=20000 by default
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "render"))

import bench  # noqa: E402  (the cached network)

SAMPLE = ROOT / "samples" / "network"
GOALS = {"complaint": 1_000_000, "suspects": 5_000_000, "scan": 5_000_000, "cases": 5_000_000}


def spot_of(network: Path, cell: str) -> str:
    from netdiag.diagnosis.locate import spot_towards

    with (network / "cells.csv").open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["cell"] == cell)
    spot = spot_towards(float(row["lat"]), float(row["lon"]), float(row["azimuth"]), 300)
    return f"{spot.lat:.6f},{spot.lon:.6f}"


def timed(work):
    start = time.perf_counter()
    value = work()
    return value, time.perf_counter() - start


def library(network: Path, cell: str, symptom: str, moment: str) -> dict[str, dict[str, float]]:
    """Each kind's result computed, then rendered (timed apart), in this process."""
    from netdiag.diagnosis.pictures import complaint_view
    from netdiag.diagnosis.request import TriageRequest
    from netdiag.diagnosis.scan import scan
    from netdiag.diagnosis.source import Inputs
    from netdiag.diagnosis.suspects import drive_test_suspects
    from netdiag.render.html import complaint_page, scan_page, suspects_page

    inputs = Inputs(data=network)
    out = {}
    request = TriageRequest(symptom=symptom, at=spot_of(network, cell), time=moment)
    view, compute = timed(lambda: complaint_view(inputs, request, "zh"))
    complaint_page(view, "zh")  # templates compiled once per process
    page, render = timed(lambda: complaint_page(view, "zh", source=str(network)))
    out["complaint"] = {"bytes": len(page.encode()), "compute_s": compute, "render_s": render}
    found, compute = timed(lambda: drive_test_suspects(inputs, "zh"))
    page, render = timed(lambda: suspects_page(found, "zh", source=str(network)))
    out["suspects"] = {"bytes": len(page.encode()), "compute_s": compute, "render_s": render}
    diagnosis, compute = timed(lambda: scan(inputs))
    page, render = timed(lambda: scan_page(diagnosis, "zh", source=str(network)))
    out["scan"] = {"bytes": len(page.encode()), "compute_s": compute, "render_s": render}
    return out


def cases() -> dict[str, float]:
    import pages_support

    pages_support.cases_report()
    page, render = timed(lambda: pages_support.cases_html("zh"))
    return {"bytes": len(page.encode()), "compute_s": 0.0, "render_s": render}


def command(network: Path, cell: str, symptom: str, moment: str) -> dict[str, float]:
    """Each kind as a whole `netdiag` process writing its file."""
    exe = bench.netdiag_command()
    out = {}
    with tempfile.TemporaryDirectory(prefix="netdiag-pictures-") as tmp:
        runs = {
            "complaint": [exe, "triage", str(network), "--at", spot_of(network, cell), "--symptom", symptom, "--time", moment, "-o"],
            "suspects": [exe, "suspects", str(network), "-o"],
            "scan": [exe, "scan", str(network), "-o"],
        }
        for kind, argv in runs.items():
            target = Path(tmp) / f"{kind}.html"
            start = time.perf_counter()
            done = subprocess.run([*argv, str(target), "--lang", "zh"], capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            if done.returncode not in (0, 1) or not target.is_file():
                raise RuntimeError(f"{kind} failed (exit {done.returncode}): {done.stderr[-500:]}")
            out[kind] = elapsed
    return out


def fault_moment(network: Path, cell: str) -> str:
    """An evening hour inside the network's statistics (the generator's day)."""
    with (network / "cell_kpi.csv").open(encoding="utf-8") as handle:
        first = next(csv.DictReader(handle))["start_time"]
    return first[:10] + " 20:30"


def main() -> int:
    cells = int(os.environ.get("BENCH_CELLS", "20000"))
    networks = {"sample (600 cells)": SAMPLE, f"{cells:,} cells": bench.network(cells)}
    results: dict[str, object] = {}
    for name, network in networks.items():
        cell, symptom = bench.complaint_of(network)
        moment = fault_moment(network, cell)
        kinds = library(network, cell, symptom, moment)
        processes = command(network, cell, symptom, moment)
        for kind, figures in kinds.items():
            figures["command_s"] = processes[kind]
        results[name] = kinds
    results["cases report (300 complaints, 600 cells)"] = {"cases": cases()}
    print(f"{'network':<42} {'report':<10} {'size':>10} {'goal':>8} {'render':>9} {'result':>9} {'command':>9}")
    for name, kinds in results.items():
        for kind, f in kinds.items():
            ok = "ok" if f["bytes"] <= GOALS[kind] else "OVER"
            command_s = f"{f['command_s']:.2f} s" if "command_s" in f else "-"
            print(f"{name:<42} {kind:<10} {f['bytes'] / 1024:>7.0f} kB {GOALS[kind] / 1e6:>5.0f} MB {ok:<3}"
                  f"{f['render_s']:>6.2f} s {f['compute_s']:>7.2f} s {command_s:>9}")
    (bench.CACHE).mkdir(exist_ok=True)
    (bench.CACHE / "pictures.json").write_text(json.dumps(results, indent=2))
    print("render: the result turned into HTML; result: triage/suspects/scan in-process; command: the whole process writing the file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
