"""Issue 16's scale figures, run by bench.py: a day of tickets, Dask with the store, the national size.

* tickets:  `netdiag triage --store STORE --days 30 --complaints T` and `netdiag triage DIR --complaints T`
            for 1,000 tickets over the network's day (tickets_bench.py), each within 60 s and 2 GB
* dask:     a scan of the store's last 3 days with each of 2 local Dask workers reading its own
            partitions (diagnose_store_distributed), the client's peak memory beside each worker's,
            against the same scan as one process (`netdiag scan --store`): time and findings
* national (BENCH_NATIONAL=1): a 100,000-cell network (the 20,000-cell network's day as five
            regions), 7 days of 96 quarter-hour periods, written into a store once (cached under
            .bench/), scanned partition by partition in one process and on 2 local Dask workers

    BENCH_NATIONAL=1 .venv/bin/python benchmarks/bench.py          # everything, the national size too
    BENCH_ONLY=scale .venv/bin/python benchmarks/bench.py          # the day of tickets and Dask alone
    BENCH_ONLY=national .venv/bin/python benchmarks/bench.py       # the national size alone
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tickets_bench import GOALS as TICKET_GOALS, write_tickets

DASK_DAYS, DASK_WORKERS = 3, 2
NATIONAL_REGIONS, NATIONAL_DAYS, QUARTERS = 5, 7, 4

# In a child process: the store scanned on a local Dask cluster, each worker reading its partitions;
# peak memory of the client process and of each worker process (their own, by getrusage).
DASK_STORE = """
import json, resource, sys, time
from pathlib import Path
from netdiag import load_rules
from netdiag.diagnosis.source import Inputs
from netdiag.distributed import dask_client
from netdiag.distributed.store import diagnose_store_distributed, diagnose_store_in_parts

def peak():
    import resource, sys
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)

store, days, workers = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
start, cpu = time.perf_counter(), time.process_time()
inputs, rules = Inputs(store=store, days=days), load_rules()
if workers:
    with dask_client(workers=workers) as client:
        found = diagnose_store_distributed(inputs, rules, client)
        worker_peaks = sorted(client.run(peak).values())
        worker_cpu = sum(client.run(time.process_time).values())
else:  # partition by partition in this process
    found, worker_peaks, worker_cpu = diagnose_store_in_parts(inputs, rules), [], 0.0
print(json.dumps({"seconds": time.perf_counter() - start, "client_cpu_s": time.process_time() - cpu,
                  "worker_cpu_s": worker_cpu, "findings": len(found.findings), "client_peak": peak(),
                  "worker_peaks": worker_peaks}))
"""


def ticket_figures(run_child, netdiag: str, network: Path, store: Path, cache: Path, runs: int) -> dict[str, object]:
    """The day of tickets against the 30-day store and from the one-day folder."""
    tickets = write_tickets(network, cache / "tickets-1000.csv")
    out = {}
    for name, source in (("store", ["--store", str(store), "--days", "30"]), ("folder", [str(network)])):
        done = []
        for _ in range(runs):
            run = run_child([netdiag, "triage", *source, "--complaints", str(tickets), "--format", "json"], keep_stdout=True)
            if run.returncode != 0:
                raise RuntimeError(f"batch triage ({name}) failed (exit {run.returncode}): {run.stderr.strip()[-500:]}")
            done.append(run)
        seconds = statistics.median(r.seconds for r in done)
        peak = statistics.median(r.peak_bytes for r in done) / 1e6
        out[name] = {
            "seconds": round(seconds, 2), "cpu_s": round(statistics.median(r.cpu_seconds for r in done), 2),
            "peak_mb": round(peak, 1), "tickets": len(json.loads(done[0].stdout)["complaints"]),
            "verdict": "PASS" if seconds <= TICKET_GOALS["tickets_s"] and peak <= TICKET_GOALS["tickets_peak_mb"] else "MISS",
        }
    return out


def dask_figures(run_child, netdiag: str, store: Path, days: int = DASK_DAYS, workers: int = DASK_WORKERS) -> dict[str, object]:
    """The store's last days scanned by workers reading their own partitions, beside one process."""
    run = run_child([sys.executable, "-c", DASK_STORE, str(store), str(days), str(workers)])
    if run.returncode != 0:
        raise RuntimeError(f"Dask store scan failed: {run.stderr.strip()[-800:]}")
    found = json.loads(run.stdout.strip().splitlines()[-1])
    local = run_child([netdiag, "scan", "--store", str(store), "--days", str(days), "--format", "json"])
    if local.returncode not in (0, 1):
        raise RuntimeError(f"netdiag scan --store failed: {local.stderr.strip()[-500:]}")
    return {
        "days": days, "workers": workers, "seconds": round(run.seconds, 2),  # the whole process, as the local one
        "client_cpu_s": round(found["client_cpu_s"], 2), "worker_cpu_s": round(found["worker_cpu_s"], 2),
        "client_peak_mb": round(found["client_peak"] / 1e6, 1),
        "worker_peaks_mb": [round(p / 1e6, 1) for p in found["worker_peaks"]], "findings": found["findings"],
        "local_seconds": round(local.seconds, 2), "local_cpu_s": round(local.cpu_seconds, 2),
        "local_peak_mb": round(local.peak_bytes / 1e6, 1),
        "local_findings": len(json.loads(local.stdout)["findings"]),
    }


def national_figures(run_child, network: Path, cache: Path) -> dict[str, object]:
    """The national store (built once) scanned partition by partition here, and on local Dask workers."""
    store = national_store(network, cache)
    days = int(os.environ.get("BENCH_NATIONAL_DAYS", NATIONAL_DAYS))  # the last days of the store scanned
    out = {"cells": _cells(store), "days": days, "periods_per_day": 24 * QUARTERS,
           "store_gb": round(sum(p.stat().st_size for p in store.rglob("*.parquet")) / 1e9, 2)}
    for name, workers in (("in_parts", 0), ("dask", DASK_WORKERS)):
        run = run_child([sys.executable, "-c", DASK_STORE, str(store), str(days), str(workers)])
        if run.returncode != 0:
            raise RuntimeError(f"national scan ({name}) failed: {run.stderr.strip()[-800:]}")
        found = json.loads(run.stdout.strip().splitlines()[-1])
        out[name] = {"seconds": round(run.seconds, 1), "cpu_s": round(_cpu(run, found), 1),
                     "client_peak_mb": round(found["client_peak"] / 1e6, 1),
                     "worker_peaks_mb": [round(p / 1e6, 1) for p in found["worker_peaks"]], "findings": found["findings"]}
    return out


def _cpu(run, found: dict[str, float]) -> float:
    """The process's CPU time, or with workers the client's and theirs (the process's own figure may
    or may not hold its reaped worker processes)."""
    return found["client_cpu_s"] + found["worker_cpu_s"] if found["worker_peaks"] else run.cpu_seconds


def national_store(network: Path, cache: Path) -> Path:
    folder = cache / f"national-{NATIONAL_REGIONS}x-{NATIONAL_DAYS}d"
    stamp = folder.with_suffix(".json")
    key = {"network": json.loads((network.parent / f"{network.name}.json").read_text()), "regions": NATIONAL_REGIONS,
           "days": NATIONAL_DAYS, "quarters": QUARTERS, "builder": _source_digest()}
    if folder.is_dir() and stamp.is_file() and json.loads(stamp.read_text()) == key:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    print(f"building the national store into {folder} (once; several minutes) ...", file=sys.stderr, flush=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, str(Path(__file__).with_name("national_store.py")), str(network), str(folder),
                    str(NATIONAL_REGIONS), str(NATIONAL_DAYS)], check=True)
    print(f"  built in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    stamp.write_text(json.dumps(key))
    return folder


def _source_digest() -> str:
    import hashlib

    # The builder, and the day summaries' parts it stores (a store whose summaries lack a part is refused).
    package = Path(__file__).resolve().parent.parent / "netdiag"
    digest = hashlib.sha256(Path(__file__).with_name("national_store.py").read_bytes())
    for path in (package / "measures" / "context.py", package / "dataset" / "context.py"):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cells(store: Path) -> int:
    manifest = json.loads((store / "manifest.json").read_text())
    cells = manifest["partitions"]["cells"]
    return int(cells[max(cells)]["rows"])


def report_lines(figures: dict[str, object]) -> list[str]:
    lines = []
    tickets = figures.get("tickets")
    if tickets:
        for name, label in (("store", "--store, 30 days"), ("folder", "one day's folder")):
            t = tickets[name]
            lines.append(f"  day of tickets {t['seconds']:7.2f} s   peak {t['peak_mb']:7.1f} MB   cpu {t['cpu_s']:6.2f} s   "
                         f"goal <= {TICKET_GOALS['tickets_s']:.0f} s, <= {TICKET_GOALS['tickets_peak_mb']:.0f} MB   {t['verdict']}"
                         f"   ({t['tickets']} tickets, {label})")
    dask = figures.get("dask")
    if dask:
        lines.append(f"  dask + store   {dask['seconds']:7.2f} s   client peak {dask['client_peak_mb']:.1f} MB, workers "
                     f"{', '.join(f'{p:.1f}' for p in dask['worker_peaks_mb'])} MB   cpu client {dask['client_cpu_s']:.2f} s, "
                     f"workers {dask['worker_cpu_s']:.2f} s   ({dask['workers']} workers, last {dask['days']} days, "
                     f"{dask['findings']} findings)")
        lines.append(f"  one process    {dask['local_seconds']:7.2f} s   peak {dask['local_peak_mb']:7.1f} MB   cpu "
                     f"{dask['local_cpu_s']:6.2f} s   (netdiag scan --store, the same days: {dask['local_findings']} findings)")
    national = figures.get("national")
    if national:
        for name, label in (("in_parts", "partition by partition, one process"), ("dask", f"{DASK_WORKERS} Dask workers")):
            n = national[name]
            lines.append(f"  national       {n['seconds']:7.1f} s   peak {max([n['client_peak_mb'], *n['worker_peaks_mb']]):7.1f} MB   "
                         f"cpu {n['cpu_s']:6.1f} s   ({national['cells']:,} cells x {national['days']} days x "
                         f"{national['periods_per_day']} periods, {national['store_gb']} GB store; {label}; {n['findings']} findings)")
    return lines


# The bench's parts: core (floor, scan, half-size scan, import, store triage) and issue 16's.
PARTS = ("core", "tickets", "dask", "national")


def parts(environ=os.environ) -> set[str]:
    """What this run measures: BENCH_ONLY (a comma list of PARTS, "scale" for tickets and dask), else all
    but the national size; BENCH_NATIONAL=1 adds the national size (long: a 100,000-cell store)."""
    named = {p.strip() for p in environ.get("BENCH_ONLY", "").split(",") if p.strip()}
    if "scale" in named:
        named = (named - {"scale"}) | {"tickets", "dask"}
    unknown = named - set(PARTS)
    if unknown:
        raise SystemExit(f"BENCH_ONLY: unknown part(s) {', '.join(sorted(unknown))}; known: {', '.join(PARTS)}, scale")
    chosen = named or {"core", "tickets", "dask"}
    if environ.get("BENCH_NATIONAL") == "1":
        chosen.add("national")
    return chosen


def scale_figures(run_child, netdiag: str, network: Path, store: Path, cache: Path, runs: int,
                  chosen: set[str]) -> dict[str, object]:
    figures = {}
    if "tickets" in chosen:
        figures["tickets"] = ticket_figures(run_child, netdiag, network, store, cache, runs)
    if "dask" in chosen:
        figures["dask"] = dask_figures(run_child, netdiag, store)
    if "national" in chosen:
        figures["national"] = national_figures(run_child, network, cache)
    return figures
