"""`make bench`: `netdiag scan` on a national-size network against the floor, reading its files with pyarrow.

A 20,000-cell network (200 BSCs, 24 hourly periods) and one of half the size are generated once and
cached under .bench/ (regenerated when the size, seed or generator source changes). Every
measurement is a fresh process, timed from start to exit:

* floor: a Python process that reads every export of the network with pyarrow.csv.read_csv, nothing else
* scan:  `netdiag scan DIR --format json > /dev/null` (exit code 1 means findings, not failure)

* import: `netdiag import DIR --store EMPTY`, one day's exports into a new history store
* triage: `netdiag triage --store STORE --days 30 --cell C --symptom S --format json`, one complaint
  (an injected fault's cell) against a 30-day store of the network, built once and cached: the
  network's day imported 30 times, each a day earlier
* pm xml: the network's day as 15-minute 3GPP measCollec files (one gzipped file per BSC and period,
  written once and cached: benchmarks/pm_day.py) read by `netdiag.load_dataset`, against the floor of
  streaming the same files with lxml iterparse and adding up every value (goal <= 2x); MB/s, rows/s
  and peak memory of both (BENCH_PM_RUNS runs, default BENCH_RUNS)

* desk import: `netdiag cases import samples/desk/tickets-2026-11.csv --data samples/network` into a
  new case log: the sample month's tickets, each triaged (those before the statistics' day get
  no_evidence at once; the day's are diagnosed, one diagnosis per complaint hour)
* desk report: `netdiag cases report --month 2026-11 --subscribers ... -o report.xlsx` over a case
  log of 100,000 cases (a year of tickets on 5,000 cells, benchmarks/cases_bench.py), built once and
  cached (goal: 5 s)

Printed and written to .bench/results.json: the median of BENCH_RUNS runs (default 3) of each, their
ratio, the scan's peak memory against the inputs' in-memory Arrow size, the scan at half the size
(how cost grows) and the store triage, each beside its goal. Only the standard library, pyarrow and
netdiag are used.

    BENCH_RUNS=5 BENCH_CELLS=20000 .venv/bin/python benchmarks/bench.py
    BENCH_ONLY=desk make bench          # the complaint desk's figures alone
    BENCH_ONLY=pmxml .venv/bin/python benchmarks/bench.py   # the PM XML day alone (make bench-pmxml)
"""

from __future__ import annotations

import compileall
import csv
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import startup  # noqa: E402  (a section of this bench, beside it)
import pm_day  # noqa: E402  (benchmarks/pm_day.py: the PM XML day and its floor)
import scale_bench  # noqa: E402  (beside this file)
import tree_memory  # noqa: E402  (beside this file: a process tree's combined memory)

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("BENCH_DIR", ROOT / ".bench"))
SEED, HOURS = 7, 24
# Goals of issue 6: scan / floor (issue 16: 4x, pandas being the engine), scan peak memory / Arrow
# size of the inputs, time(2n) / time(n); issue 17: the desk's monthly report.
GOALS = {"scan_vs_floor": 4.0, "memory_vs_arrow": 3.0, "growth": 2.2, "store_triage_s": 2.0, "desk_report_s": 5.0}
DESK_CASES = 100_000
STORE_DAYS = 30
# Not exports of the network: the generator's answer key and its description.
NOT_EXPORTS = {"truth.csv", "README.md"}

# The floor: read the same files with pyarrow and nothing else (all kept, as a scan keeps them).
FLOOR = """
import json, sys
import pyarrow.csv as pacsv
tables = [pacsv.read_csv(path) for path in sys.argv[1:]]
print(json.dumps({"arrow_bytes": sum(t.nbytes for t in tables), "rows": sum(t.num_rows for t in tables)}))
"""


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system: what the process itself cost, whatever else ran beside it
    peak_bytes: int
    returncode: int
    stdout: str
    stderr: str
    tree_peak_bytes: int = 0  # the largest sampled sum of PSS of the process and its children (tree=True)


def run_child(argv: list[str], keep_stdout: bool = True, tree: bool = False) -> Run:
    """Run one fresh process to its end: wall time, peak resident memory (the largest single
    process's, from wait4), CPU time (its own and its reaped children's: wait4 counts both); with
    `tree`, also the combined memory of it and its children, sampled (tree_memory)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out if keep_stdout else subprocess.DEVNULL, stderr=err)
        sampler = tree_memory.TreeMemory(proc.pid) if tree and tree_memory.available() else None
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        tree_peak = sampler.stop() if sampler is not None else 0
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        text, errors = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return Run(seconds, usage.ru_utime + usage.ru_stime, peak, proc.returncode, text, errors, tree_peak)


def export_files(network: Path) -> list[Path]:
    return sorted(p for p in network.iterdir() if p.suffix == ".csv" and p.name not in NOT_EXPORTS)


def floor(network: Path) -> tuple[Run, dict[str, int]]:
    run = run_child([sys.executable, "-c", FLOOR, *map(str, export_files(network))])
    if run.returncode != 0:
        raise RuntimeError(f"floor failed on {network}: {run.stderr.strip()[-500:]}")
    return run, json.loads(run.stdout)


def netdiag_command() -> str:
    """The netdiag script next to this Python (the project's venv), else the one on PATH."""
    beside = Path(sys.executable).with_name("netdiag")
    return str(beside) if beside.exists() else (shutil.which("netdiag") or "netdiag")


def scan(network: Path, sampled: bool = False) -> Run:
    """One scan. Timed runs are not `sampled`: reading /proc/<pid>/smaps_rollup costs about 19 ms
    per process of 700 MB, so sampling both processes every 50 ms took a third of a core from a
    two-core machine and held the scan's memory map while it faulted pages (its wall time 1.13x,
    6 pairs at 20,000 cells). Its memory is measured in runs of its own, sampled."""
    run = run_child([netdiag_command(), "scan", str(network), "--format", "json"], keep_stdout=False, tree=sampled)
    if run.returncode not in (0, 1):  # 1: findings at or above --fail-on
        raise RuntimeError(f"netdiag scan failed on {network} (exit {run.returncode}): {run.stderr.strip()[-500:]}")
    return run


def import_day(network: Path) -> Run:
    """One day's exports into a new, empty store."""
    with tempfile.TemporaryDirectory(prefix="netdiag-bench-") as tmp:
        run = run_child([netdiag_command(), "import", str(network), "--store", str(Path(tmp) / "store")], keep_stdout=False)
    if run.returncode != 0:
        raise RuntimeError(f"netdiag import failed on {network} (exit {run.returncode}): {run.stderr.strip()[-500:]}")
    return run


def complaint_of(network: Path) -> tuple[str, str]:
    """The cell and symptom of the network's first injected cell-level fault (truth.csv)."""
    with (network / "truth.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["role"] == "injected" and row["level"] == "cell":
                return row["cell"], row["symptom"]
    raise RuntimeError(f"{network}/truth.csv names no injected cell fault")


def store_triage(store: Path, cell: str, symptom: str, days: int = STORE_DAYS) -> Run:
    argv = [netdiag_command(), "triage", "--store", str(store), "--days", str(days), "--cell", cell,
            "--symptom", symptom, "--format", "json"]
    run = run_child(argv, keep_stdout=True)
    if run.returncode != 0 or '"verdict"' not in run.stdout:
        raise RuntimeError(f"netdiag triage failed on {store} (exit {run.returncode}): {run.stderr.strip()[-500:]}")
    return run


def history(network: Path, cells: int, cache: Path = CACHE, days: int = STORE_DAYS) -> Path:
    """The cached store of `days` days of this network (built once: its day imported again and
    again, each time a day earlier), rebuilt when the network or the store's code changes."""
    folder = cache / f"store-{cells}-{days}d"
    stamp = cache / f"store-{cells}-{days}d.json"
    digest = hashlib.sha256()
    # The store's code and the day summaries' parts (a store whose summaries lack a part is refused).
    package = ROOT / "netdiag"
    for path in [*sorted((package / "store").rglob("*.py")), package / "measures" / "context.py", package / "dataset" / "context.py"]:
        digest.update(path.read_bytes())
    key = {**generator_key(cells), "days": days, "store": digest.hexdigest()[:16]}
    if folder.is_dir() and stamp.is_file() and json.loads(stamp.read_text()) == key:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    print(f"building a {days}-day store of the {cells:,}-cell network into {folder} (once) ...", file=sys.stderr, flush=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", BUILD_STORE, str(network), str(folder), str(days)], check=True)
    print(f"  built in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    stamp.write_text(json.dumps(key))
    return folder


# The day's tables shifted back 0..days-1 days, imported oldest first, as a month of nightly imports.
BUILD_STORE = """
import dataclasses, sys
from pathlib import Path
import pandas as pd
import netdiag
from netdiag.store import import_dataset
source, store, days = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
dataset = netdiag.load_dataset(source)
for back in range(days - 1, -1, -1):
    shift = pd.Timedelta(days=-back)
    tables = {name: frame.assign(**{c: frame[c] + shift for c in ("start_time", "raised_at", "cleared_at") if c in frame})
              for name, frame in dataset.tables.items()}
    import_dataset(dataclasses.replace(dataset, tables=tables, root=None), store)
"""


def desk_import(network: Path = ROOT / "samples" / "network", tickets: Path = ROOT / "samples" / "desk" / "tickets-2026-11.csv") -> Run:
    """The sample month's tickets into a new case log, each triaged against the sample network."""
    with tempfile.TemporaryDirectory(prefix="netdiag-bench-") as tmp:
        run = run_child([netdiag_command(), "cases", "import", str(tickets), "--data", str(network), "--db", str(Path(tmp) / "cases.db"),
                         "--format", "json", "--lang", "en"])
    if run.returncode != 0:
        raise RuntimeError(f"netdiag cases import failed (exit {run.returncode}): {run.stderr.strip()[-500:]}")
    return run


def desk_log(cache: Path = CACHE, cases: int = DESK_CASES) -> tuple[Path, Path]:
    """A case log of `cases` cases and its subscribers (benchmarks/cases_bench.py), built once and cached."""
    import importlib.util

    key = hashlib.sha256((ROOT / "benchmarks" / "cases_bench.py").read_bytes()).hexdigest()[:12]
    db = cache / f"desk-{cases}-{key}.db"
    subscribers = db.with_name(db.stem + "-subscribers.csv")
    if not (db.exists() and subscribers.exists()):
        cache.mkdir(parents=True, exist_ok=True)
        for stale in cache.glob(f"desk-{cases}-*"):
            stale.unlink()
        spec = importlib.util.spec_from_file_location("cases_bench", ROOT / "benchmarks" / "cases_bench.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"  building a case log of {cases:,} cases in {db} (once)", file=sys.stderr, flush=True)
        building = db.with_name(db.name + ".building")
        module.build(building, cases)
        building.with_name(building.stem + "-subscribers.csv").rename(subscribers)
        building.rename(db)
    return db, subscribers


def desk_report(db: Path, subscribers: Path, month: str = "2026-11") -> Run:
    """The month's report over the log as a whole process, written as XLSX."""
    with tempfile.TemporaryDirectory(prefix="netdiag-bench-") as tmp:
        run = run_child([netdiag_command(), "cases", "report", "--month", month, "--subscribers", str(subscribers), "--db", str(db),
                         "-o", str(Path(tmp) / "report.xlsx"), "--lang", "zh"], keep_stdout=False)
    if run.returncode != 0:
        raise RuntimeError(f"netdiag cases report failed (exit {run.returncode}): {run.stderr.strip()[-500:]}")
    return run


def generator_key(cells: int) -> dict[str, object]:
    """What a cached network depends on: its size, seed and hours, and the generator's source."""
    digest = hashlib.sha256()
    package = ROOT / "netdiag"
    for path in sorted([*(package / "sample").rglob("*.py"), package / "data" / "causes.yaml"]):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return {"cells": cells, "hours": HOURS, "seed": SEED, "generator": digest.hexdigest()[:16]}


def network(cells: int, cache: Path = CACHE) -> Path:
    """The cached network of this size, generated (once) when missing or out of date."""
    folder = cache / f"net-{cells}"
    stamp = cache / f"net-{cells}.json"
    key = generator_key(cells)
    if folder.is_dir() and stamp.is_file() and json.loads(stamp.read_text()) == key:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    print(f"generating a {cells:,}-cell network into {folder} (once) ...", file=sys.stderr, flush=True)
    start = time.perf_counter()
    code = (
        "import sys; from netdiag.sample import generate_network; "
        "generate_network(sys.argv[1], cells=int(sys.argv[2]), hours=int(sys.argv[3]), seed=int(sys.argv[4]))"
    )
    subprocess.run([sys.executable, "-c", code, str(folder), str(cells), str(HOURS), str(SEED)], check=True)
    print(f"  generated in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    stamp.write_text(json.dumps(key))
    return folder


def verdict(value: float, goal: float) -> str:
    return "PASS" if value <= goal else "MISS"


def summary(floor_runs: list[Run], scan_runs: list[Run], half_runs: list[Run], inputs: dict[str, object],
            import_runs: list[Run] = (), triage_runs: list[Run] = (), desk_import_runs: list[Run] = (),
            desk_report_runs: list[Run] = (), sampled_runs: list[Run] = ()) -> dict[str, object]:
    """Medians, ratios and verdicts of the measured runs: times from `scan_runs`, the processes'
    summed memory from `sampled_runs` (scans of their own, with the sampler; `scan_runs` if none)."""
    sampled_runs = sampled_runs or scan_runs
    floor_s = statistics.median(r.seconds for r in floor_runs)
    scan_s = statistics.median(r.seconds for r in scan_runs)
    half_s = statistics.median(r.seconds for r in half_runs)
    scan_peak = statistics.median(r.peak_bytes for r in (*scan_runs, *sampled_runs))
    # A scan that forks (scan --jobs): its processes together, sampled; judged on the larger figure.
    tree_peak = statistics.median(r.tree_peak_bytes for r in sampled_runs)
    arrow = int(inputs["arrow_bytes"])
    ratios = {"scan_vs_floor": scan_s / floor_s, "memory_vs_arrow": max(scan_peak, tree_peak) / arrow, "growth": scan_s / half_s}
    store = {}
    if triage_runs:
        ratios["store_triage_s"] = statistics.median(r.seconds for r in triage_runs)
        store = {
            "store_days": STORE_DAYS,
            "store_triage_cpu_s": round(statistics.median(r.cpu_seconds for r in triage_runs), 3),
            "store_triage_peak_mb": round(statistics.median(r.peak_bytes for r in triage_runs) / 1e6, 1),
        }
    if import_runs:
        store["import_day_s"] = round(statistics.median(r.seconds for r in import_runs), 3)
        store["import_day_cpu_s"] = round(statistics.median(r.cpu_seconds for r in import_runs), 3)
    desk = desk_figures(desk_import_runs, desk_report_runs)
    if "desk_report_s" in desk:
        ratios["desk_report_s"] = desk.pop("desk_report_s")
    store.update(desk)
    return {
        **inputs,
        "runs": len(scan_runs),
        "floor_s": round(floor_s, 3),
        "scan_s": round(scan_s, 3),
        "half_scan_s": round(half_s, 3),
        "floor_cpu_s": round(statistics.median(r.cpu_seconds for r in floor_runs), 3),
        "scan_cpu_s": round(statistics.median(r.cpu_seconds for r in scan_runs), 3),
        "half_scan_cpu_s": round(statistics.median(r.cpu_seconds for r in half_runs), 3),
        "floor_peak_mb": round(statistics.median(r.peak_bytes for r in floor_runs) / 1e6, 1),
        "scan_peak_mb": round(scan_peak / 1e6, 1),
        "scan_tree_peak_mb": round(tree_peak / 1e6, 1),
        "sampled_scan_s": round(statistics.median(r.seconds for r in sampled_runs), 3),
        # each run's scan against the floor run just before it (not judged: beside the ratio of medians,
        # it says how much of that ratio is the machine's speed drifting between runs)
        "scan_vs_floor_paired": round(statistics.median(s.seconds / f.seconds for f, s in zip(floor_runs, scan_runs)), 3),
        "arrow_mb": round(arrow / 1e6, 1),
        **{name: round(value, 3) for name, value in ratios.items()},
        **store,
        "goals": {name: GOALS[name] for name in ratios},
        "verdicts": {name: verdict(value, GOALS[name]) for name, value in ratios.items()},
        "all_runs_s": {
            "floor": [round(r.seconds, 3) for r in floor_runs],
            "scan": [round(r.seconds, 3) for r in scan_runs],
            "half_scan": [round(r.seconds, 3) for r in half_runs],
            **({"store_triage": [round(r.seconds, 3) for r in triage_runs]} if triage_runs else {}),
            **({"import_day": [round(r.seconds, 3) for r in import_runs]} if import_runs else {}),
            **({"desk_import": [round(r.seconds, 3) for r in desk_import_runs]} if desk_import_runs else {}),
            **({"desk_report": [round(r.seconds, 3) for r in desk_report_runs]} if desk_report_runs else {}),
        },
    }


def report(result: dict[str, object]) -> str:
    if "verdicts" not in result:  # BENCH_ONLY without core
        return "\n".join([f"netdiag bench: {result['cells']:,} cells", *scale_bench.report_lines(result.get("scale", {}))])
    v, g = result["verdicts"], result["goals"]
    cells, half = result["cells"], result["half_cells"]
    return "\n".join(
        [
            f"netdiag bench: {cells:,} cells, {HOURS} hourly periods, seed {SEED}; median of {result['runs']} runs",
            f"  inputs         {result['files']} files, {result['csv_mb']:.1f} MB CSV, {result['rows']:,} rows, "
            f"{result['arrow_mb']:.1f} MB as Arrow",
            f"  floor          {result['floor_s']:7.2f} s   peak {result['floor_peak_mb']:7.1f} MB   cpu {result['floor_cpu_s']:6.2f} s"
            "   (pyarrow.csv.read_csv of every file)",
            f"  scan           {result['scan_s']:7.2f} s   peak {result['scan_peak_mb']:7.1f} MB   cpu {result['scan_cpu_s']:6.2f} s"
            "   (netdiag scan --format json)",
            f"  scan processes together: peak {result.get('scan_tree_peak_mb', 0):7.1f} MB   (PSS of the scan and its forked "
            "worker summed, sampled every 50 ms; CPU above includes the worker's)",
            f"                 sampled scans of their own: {result.get('sampled_scan_s', 0):.2f} s (the sampler's reads of "
            "/proc take CPU and the scan's memory map: not timed)",
            f"  scan / floor   {result['scan_vs_floor']:7.2f} x   goal <= {g['scan_vs_floor']} x     {v['scan_vs_floor']}"
            f"   (run by run: median {result.get('scan_vs_floor_paired', 0):.2f} x)",
            f"  memory / Arrow {result['memory_vs_arrow']:7.2f} x   goal <= {g['memory_vs_arrow']} x     {v['memory_vs_arrow']}",
            f"  scan at {half:,} cells {result['half_scan_s']:.2f} s   cpu {result['half_scan_cpu_s']:.2f} s",
            f"  growth ({cells:,} / {half:,}) {result['growth']:.2f} x   goal <= {g['growth']} x     {v['growth']}",
            *_store_lines(result),
            *_desk_lines(result),
            *scale_bench.report_lines(result.get("scale", {})),
        ]
    )


def _store_lines(result: dict[str, object]) -> list[str]:
    lines = []
    if "import_day_s" in result:
        lines.append(f"  import one day {result['import_day_s']:7.2f} s   cpu {result['import_day_cpu_s']:6.2f} s"
                     "   (netdiag import into a new store)")
    if "store_triage_s" in result:
        lines.append(f"  store triage   {result['store_triage_s']:7.2f} s   peak {result['store_triage_peak_mb']:7.1f} MB   "
                     f"cpu {result['store_triage_cpu_s']:6.2f} s   goal < {result['goals']['store_triage_s']} s   "
                     f"{result['verdicts']['store_triage_s']}   (one complaint, --store of {result['store_days']} days)")
    return lines


def desk_figures(import_runs: list[Run], report_runs: list[Run]) -> dict[str, object]:
    """Medians of the desk's runs (desk_report_s unrounded: it is judged against its goal)."""
    out: dict[str, object] = {}
    if report_runs:
        out["desk_report_s"] = statistics.median(r.seconds for r in report_runs)
        out["desk_cases"] = DESK_CASES
        out["desk_report_cpu_s"] = round(statistics.median(r.cpu_seconds for r in report_runs), 3)
        out["desk_report_peak_mb"] = round(statistics.median(r.peak_bytes for r in report_runs) / 1e6, 1)
    if import_runs:
        out["desk_import_s"] = round(statistics.median(r.seconds for r in import_runs), 3)
        out["desk_import_cpu_s"] = round(statistics.median(r.cpu_seconds for r in import_runs), 3)
        counts = json.loads(import_runs[-1].stdout) if import_runs[-1].stdout.strip() else {}
        out["desk_tickets"] = counts.get("added", 0) + counts.get("updated", 0) + counts.get("unchanged", 0)
        out["desk_verdicts"] = counts.get("verdicts", {})
    return out


def _desk_lines(result: dict[str, object]) -> list[str]:
    lines = []
    if "desk_import_s" in result:
        verdicts = ", ".join(f"{k} {v}" for k, v in sorted(result.get("desk_verdicts", {}).items(), key=lambda kv: -kv[1]))
        lines.append(f"  desk import    {result['desk_import_s']:7.2f} s   cpu {result['desk_import_cpu_s']:6.2f} s   "
                     f"({result.get('desk_tickets', 0)} sample tickets of the month, triaged: {verdicts})")
    if "desk_report_s" in result:
        lines.append(f"  desk report    {result['desk_report_s']:7.2f} s   peak {result['desk_report_peak_mb']:7.1f} MB   "
                     f"cpu {result['desk_report_cpu_s']:6.2f} s   goal <= {result['goals']['desk_report_s']} s   "
                     f"{result['verdicts']['desk_report_s']}   (netdiag cases report over {result['desk_cases']:,} cases, XLSX)")
    return lines


def inputs_of(folder: Path, arrow: dict[str, int], cells: int, half: int) -> dict[str, object]:
    files = export_files(folder)
    return {
        "cells": cells,
        "half_cells": half,
        "files": len(files),
        "csv_mb": round(sum(p.stat().st_size for p in files) / 1e6, 1),
        "rows": arrow["rows"],
        "arrow_bytes": arrow["arrow_bytes"],
    }


def desk_only(runs: int) -> int:
    """BENCH_ONLY=desk: the complaint desk's two figures alone (no 20,000-cell networks)."""
    db, subscribers = desk_log()
    desk_report(db, subscribers)  # warm-up
    imports, reports = [], []
    for i in range(runs):
        imports.append(desk_import())
        reports.append(desk_report(db, subscribers))
        print(f"  run {i + 1}/{runs}: desk import {imports[-1].seconds:.2f} s, desk report {reports[-1].seconds:.2f} s; "
              f"load average {os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)
    result: dict[str, object] = desk_figures(imports, reports)
    result["desk_report_s"] = round(float(result["desk_report_s"]), 3)
    result["goals"] = {"desk_report_s": GOALS["desk_report_s"]}
    result["verdicts"] = {"desk_report_s": verdict(float(result["desk_report_s"]), GOALS["desk_report_s"])}
    result["all_runs_s"] = {"desk_import": [round(r.seconds, 3) for r in imports], "desk_report": [round(r.seconds, 3) for r in reports]}
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "results-desk.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"netdiag bench (desk only): median of {runs} runs")
    print("\n".join(_desk_lines(result)))
    print(f"  (written to {CACHE / 'results-desk.json'})")
    return 0


def pm_xml_only(cells: int, runs: int) -> int:
    """BENCH_ONLY=pmxml: the PM XML day alone; its result replaces pm_xml in .bench/results.json."""
    compileall.compile_dir(ROOT / "netdiag", quiet=1)
    measured = pm_day.measure(pm_day.day_folder(network(cells), cells, CACHE), runs)
    CACHE.mkdir(parents=True, exist_ok=True)
    results = CACHE / "results.json"
    result = json.loads(results.read_text()) if results.is_file() else {}
    result["pm_xml"] = measured | {"load_average": [round(x, 2) for x in os.getloadavg()]}
    results.write_text(json.dumps(result, indent=2) + "\n")
    print("\n".join(pm_day.report_lines(measured)))
    print(f"  (written to {results})")
    return 0


def main() -> int:
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    cells = int(os.environ.get("BENCH_CELLS", "20000"))
    only = {p.strip() for p in os.environ.get("BENCH_ONLY", "").split(",") if p.strip()}
    known = {*scale_bench.PARTS, "scale", "pmxml", "desk"}
    if only - known:
        print(f"BENCH_ONLY={','.join(sorted(only - known))}: unknown; known: {', '.join(sorted(known))} "
              "(BENCH_ONLY=pmxml runs the PM XML day alone, BENCH_ONLY=desk the complaint desk)", file=sys.stderr)
        return 2
    if only == {"desk"}:
        compileall.compile_dir(ROOT / "netdiag", quiet=1)
        return desk_only(runs)
    if only == {"pmxml"}:
        return pm_xml_only(cells, int(os.environ.get("BENCH_PM_RUNS", runs)))
    # Bytecode for netdiag, as `pip install` writes it: an editable install under
    # PYTHONDONTWRITEBYTECODE would otherwise compile every module in every timed process.
    compileall.compile_dir(ROOT / "netdiag", quiet=1)
    scale_parts = only - {"pmxml", "desk"}
    chosen = scale_bench.parts({**os.environ, "BENCH_ONLY": ",".join(sorted(scale_parts))}) if scale_parts or not only else set()
    if not only or "pmxml" in only:
        chosen.add("pmxml")
    full_net = network(cells)
    store = history(full_net, cells)
    result = core(full_net, store, cells, runs) if "core" in chosen else {"cells": cells}
    # Issue 16: a day of tickets, Dask workers reading the store, the national size (BENCH_NATIONAL=1).
    result["scale"] = scale_bench.scale_figures(run_child, netdiag_command(), full_net, store, CACHE, runs, chosen)
    if "pmxml" in chosen:  # issue 12: a day of 15-minute measCollec files against the iterparse floor
        result["pm_xml"] = pm_day.measure(pm_day.day_folder(full_net, cells, CACHE), int(os.environ.get("BENCH_PM_RUNS", runs)))
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]  # other work on the machine meanwhile
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "results.json").write_text(json.dumps(result, indent=2) + "\n")
    print(report(result))
    if "core" in chosen:
        print("\n".join(startup.report(result)))
    if "pm_xml" in result:
        print("\n".join(pm_day.report_lines(result["pm_xml"])))
    print(f"  load average {', '.join(map(str, result['load_average']))} (on {os.cpu_count()} cores: other work slows wall times)")
    print(f"  (written to {CACHE / 'results.json'})")
    return 0


def core(full_net: Path, store: Path, cells: int, runs: int) -> dict[str, object]:
    """Floor, scan, half-size scan, store triage and import, the desk's import and report, interleaved;
    then the command line's start-up."""
    half = cells // 2
    half_net = network(half)
    desk_db, desk_subscribers = desk_log()
    cell, symptom = complaint_of(full_net)
    _, arrow = floor(full_net)  # warm-up: files in the page cache for every timed run
    floor(half_net)
    store_triage(store, cell, symptom)
    desk_report(desk_db, desk_subscribers)
    floor_runs, scan_runs, sampled_runs, half_runs, import_runs, triage_runs = [], [], [], [], [], []
    desk_import_runs, desk_report_runs = [], []
    for i in range(runs):  # interleaved, so that load from elsewhere on the machine hits all alike
        floor_runs.append(floor(full_net)[0])
        scan_runs.append(scan(full_net))
        sampled_runs.append(scan(full_net, sampled=True))
        half_runs.append(scan(half_net))
        triage_runs.append(store_triage(store, cell, symptom))
        import_runs.append(import_day(full_net))
        desk_import_runs.append(desk_import())
        desk_report_runs.append(desk_report(desk_db, desk_subscribers))
        print(f"  run {i + 1}/{runs}: floor {floor_runs[-1].seconds:.2f} s, scan {scan_runs[-1].seconds:.2f} s, "
              f"half-size scan {half_runs[-1].seconds:.2f} s, store triage {triage_runs[-1].seconds:.2f} s, "
              f"import {import_runs[-1].seconds:.2f} s, desk import {desk_import_runs[-1].seconds:.2f} s, "
              f"desk report {desk_report_runs[-1].seconds:.2f} s; load average {os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)
    result = summary(floor_runs, scan_runs, half_runs, inputs_of(full_net, arrow, cells, half), import_runs, triage_runs,
                     desk_import_runs, desk_report_runs, sampled_runs)
    result["complaint"] = {"cell": cell, "symptom": symptom}
    sections = [startup]  # each: measure() -> figures, report(figures) -> lines
    for section in sections:
        result.update(section.measure())
    return result


if __name__ == "__main__":
    sys.exit(main())
