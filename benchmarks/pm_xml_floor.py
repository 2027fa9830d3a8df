"""The 3GPP PM XML reader against its floor, on a realistic day of measCollec files.

Workload (written once with netdiag's own writer, cached under .bench/pm_xml/): a network of 2,000
cells, one gzipped 32.435 file per BSC of 100 cells and per 15-minute period, 96 periods (a day), 40
counters per cell in 3 measInfo blocks, a few absent and suspect values.

* floor:  stream the same files with lxml iterparse and add up every measResults/r value, nothing else
  (each element cleared as read, as any streaming reader must)
* reader: netdiag.io.pm_xml.read_pm_xml over the files: the one merged table

Each is timed in a fresh process (wall and CPU seconds, peak RSS from resource.getrusage), BENCH_RUNS
times (default 5), floor and reader by turns; the best run and the median are printed (on a shared
machine the best is the one least disturbed). Printed: seconds, rows/s, MB/s (uncompressed XML and
gzip on disk), peak memory, and reader/floor (goal: at most 2).

    .venv/bin/python benchmarks/pm_xml_floor.py [--cells 2000] [--periods 96] [--form list|indexed]
    .venv/bin/python benchmarks/pm_xml_floor.py --folder DIR  # the same over a folder of real files
    .venv/bin/python benchmarks/pm_xml_floor.py --profile     # cProfile of the reader, top functions
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("BENCH_DIR", ROOT / ".bench")) / "pm_xml"
GOAL = 2.0  # reader time / floor time

# Three measInfo blocks as a GSM BSC sends them: 40 counters, TS 52.402 names and vendor ones.
MEAS_INFOS = {
    "TCH": [
        "attTCHSeizures",
        "succTCHSeizures",
        "attTCHSeizuresMeetingTCHBlockedState",
        "nbrOfLostRadioLinksTCH",
        "attTCHAssignProcs",
        "succTCHAssignProcs",
        "unsuccTCHAssignProcsRadioFail",
        "meanNbrOfBusyTCHs",
        "maxNbrOfBusyTCHs",
        "meanNbrOfAvailableTCHs",
        "tchTrafficErl",
        "tchHoldTime",
        "attInternalHOs",
        "succInternalHOs",
        "attIncomingHOs",
        "succIncomingHOs",
    ],
    "SDCCH_CCCH": [
        "attSDCCHSeizures",
        "succSDCCHSeizures",
        "attSDCCHSeizuresMeetingSDCCHBlockedState",
        "nbrOfLostRadioLinksSDCCH",
        "attImmediateAssignProcs",
        "succImmediateAssignProcs",
        "nbrOfPagesDiscardedFromPCHQueue",
        "nbrOfPagingSent",
        "nbrOfAGCHDiscarded",
        "nbrOfLocationUpdates",
        "meanNbrOfBusySDCCHs",
        "meanNbrOfAvailableSDCCHs",
    ],
    "RADIO": [
        "idleTCHBand1",
        "idleTCHBand2",
        "idleTCHBand3",
        "idleTCHBand4",
        "idleTCHBand5",
        "meanRxLevDL",
        "nbrOfMRsRxQual67",
        "nbrOfMRs",
        "unavailableTime",
        "1278072498",
        "CM33",
        "TFNDROP",
    ],
}
# Counters of this suffix are means (written with decimals); the rest are event counts.
MEANS = ("Erl", "TCHs", "SDCCHs", "DL", "Band1", "Band2", "Band3", "Band4", "Band5")


def generate(folder: Path, cells: int, periods: int, form: str, seed: int = 7) -> list[Path]:
    """Write the workload with netdiag's writer (skipped when the folder already holds it)."""
    from netdiag.io.pm_xml import write_meas_collec

    stamp = folder / "workload.json"
    spec = {"cells": cells, "periods": periods, "form": form, "seed": seed, "counters": MEAS_INFOS}
    if stamp.exists() and json.loads(stamp.read_text()) == spec:
        return pm_files(folder)
    if folder.exists():  # a workload of other parameters, made here before: only this script writes here
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    names = [c for group in MEAS_INFOS.values() for c in group]
    means = np.array([n.endswith(MEANS) for n in names])
    day = pd.Timestamp("2026-11-20")
    for bsc in range(cells // 100):
        ldns = [f"SubNetwork=1,ManagedElement=BSC{bsc:02d},BtsSiteMgr={i // 3},GsmCell=C{bsc:02d}{i:03d}" for i in range(100)]
        scale = rng.gamma(2.0, 40.0, size=(100, len(names)))
        for period in range(periods):
            values = rng.poisson(scale).astype(np.float64)
            values[:, means] = np.round(scale[:, means] * rng.uniform(0.5, 1.5, size=(100, int(means.sum()))), 3)
            values[rng.random(values.shape) < 0.001] = np.nan  # NIL
            frame = pd.DataFrame(values, columns=names)
            frame.insert(0, "object", ldns)
            frame.insert(1, "start_time", day + pd.Timedelta(minutes=15 * period))
            frame.insert(2, "period_min", 15)
            frame["suspect"] = rng.random(100) < 0.002
            start = day + pd.Timedelta(minutes=15 * period)
            path = folder / f"A{start:%Y%m%d.%H%M}+0800-BSC{bsc:02d}.xml"
            write_meas_collec(frame, path, counters=MEAS_INFOS, sender=f"SubNetwork=1,ManagedElement=BSC{bsc:02d}", form=form)
    stamp.write_text(json.dumps(spec))
    return sorted(folder.glob("*.xml.gz"))


def pm_files(folder: Path) -> list[Path]:
    """The PM XML files of a folder (.xml and .xml.gz), in name order."""
    return sorted(p for p in folder.iterdir() if p.name.endswith((".xml", ".xml.gz")))


def _open(path: Path):
    """A file's XML bytes, through gzip when it is gzip."""
    with open(path, "rb") as probe:
        packed = probe.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if packed else open(path, "rb")  # noqa: SIM115 - the caller closes


def floor(paths: list[Path]) -> tuple[float, int, int]:
    """Stream every file with lxml iterparse and add up every measResults / r value: nothing else."""
    from lxml import etree

    total, count = 0.0, 0
    for path in paths:
        with _open(path) as stream:
            for _event, element in etree.iterparse(stream, events=("end",), tag=("{*}measResults", "{*}r")):
                tokens = (element.text or "").split() if element.tag.endswith("measResults") else [element.text or ""]
                for token in tokens:
                    try:
                        total += float(token)
                        count += 1
                    except ValueError:
                        pass
                element.clear()
    return total, count, 0


def reader(paths: list[Path]) -> tuple[float, int, int]:
    """netdiag's reader: all files as the one merged table (its sum, values and rows, for a check)."""
    from netdiag.io.pm_xml import read_pm_xml

    frame = read_pm_xml(paths)
    values = frame.iloc[:, 6:].to_numpy()
    return float(np.nansum(values)), int(np.count_nonzero(~np.isnan(values))), len(frame)


def dataset(folder: Path) -> tuple[float, int, int]:
    """netdiag as a run reads a data folder (cells.csv and PM XML files): netdiag.load_dataset, every
    file into the canonical statistics tables through the counter dictionary, completed and checked."""
    import netdiag

    kpi = netdiag.load_dataset(folder)["cell_kpi"]
    counters = kpi.select_dtypes("number").drop(columns="period_min").to_numpy(dtype="float64", na_value=np.nan)
    return float(np.nansum(counters)), int(np.count_nonzero(~np.isnan(counters))), len(kpi)


def _child(kind: str, folder: Path) -> None:
    """One timed run in this process; prints JSON."""
    paths = pm_files(folder)
    import lxml.etree  # noqa: F401 - imports are not what is timed

    import netdiag.io.pm_xml  # noqa: F401

    cpu0, wall0 = time.process_time(), time.perf_counter()
    if kind == "dataset":
        total, count, rows = dataset(folder)
    else:
        total, count, rows = (floor if kind == "floor" else reader)(paths)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": wall, "cpu": cpu, "peak_mib": peak_kib / 1024, "sum": total, "values": count, "rows": rows}))


def _run(kind: str, folder: Path) -> dict:
    """One run of `kind` in a fresh process."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--folder", str(folder)], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _measure(folder: Path, runs: int) -> dict[str, dict]:
    """Floor and reader run by turns (so a busy moment of a shared machine hits both alike).

    Each kind's best run (least wall time) and the median wall and CPU seconds of all its runs.
    """
    results: dict[str, list[dict]] = {"floor": [], "reader": []}
    for _ in range(runs):
        for kind in results:
            results[kind].append(_run(kind, folder))
    summary = {}
    for kind, runs_of_kind in results.items():
        best = min(runs_of_kind, key=lambda r: r["seconds"])
        summary[kind] = best | {
            "median_seconds": statistics.median(r["seconds"] for r in runs_of_kind),
            "median_cpu": statistics.median(r["cpu"] for r in runs_of_kind),
            "all_seconds": [round(r["seconds"], 2) for r in runs_of_kind],
        }
    return summary


def _sizes(paths: list[Path]) -> tuple[int, int]:
    """Bytes on disk and XML bytes (uncompressed)."""
    on_disk = sum(p.stat().st_size for p in paths)
    xml = 0
    for path in paths:
        with _open(path) as stream:
            while chunk := stream.read(1 << 20):
                xml += len(chunk)
    return on_disk, xml


def _profile(folder: Path) -> None:
    import cProfile
    import pstats

    paths = pm_files(folder)
    profiler = cProfile.Profile()
    profiler.enable()
    reader(paths)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(18)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=2000)
    parser.add_argument("--periods", type=int, default=96)
    parser.add_argument("--form", choices=("list", "indexed"), default="list")
    parser.add_argument("--folder", type=Path, help="time over this folder's PM XML files instead (nothing written there)")
    parser.add_argument("--child", choices=("floor", "reader", "dataset"), help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true", help="cProfile of the reader, top functions")
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.folder)
        return
    started = time.perf_counter()
    if args.folder:
        folder, name, paths = args.folder, args.folder.name, pm_files(args.folder)
    else:
        name = f"{args.form}-{args.cells}x{args.periods}"
        folder = CACHE / name
        paths = generate(folder, args.cells, args.periods, args.form)
    print(f"workload: {len(paths)} files in {folder} ({time.perf_counter() - started:.1f} s to make or find)")
    if args.profile:
        _profile(folder)
        return
    result = _benchmark(folder, paths, int(os.environ.get("BENCH_RUNS", "5")))
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / f"results-{name}.json").write_text(json.dumps(result, indent=2))


def _benchmark(folder: Path, paths: list[Path], runs: int) -> dict:
    """Time floor and reader, print one line each and their ratio; the numbers as a dict."""
    on_disk, xml = _sizes(paths)
    result: dict = {"files": len(paths), "gzip_mb": on_disk / 1e6, "xml_mb": xml / 1e6}
    measured = _measure(folder, runs)
    rows = measured["reader"]["rows"]
    for kind, m in measured.items():
        result[kind] = m
        print(
            f"{kind:6s}: best {m['seconds']:5.2f} s (cpu {m['cpu']:.2f} s), median {m['median_seconds']:.2f} s "
            f"(cpu {m['median_cpu']:.2f} s), runs {m['all_seconds']}: {rows / m['seconds']:,.0f} rows/s, "
            f"{xml / 1e6 / m['seconds']:.1f} MB/s XML ({on_disk / 1e6 / m['seconds']:.1f} MB/s on disk), "
            f"peak {m['peak_mib']:.0f} MiB, {m['values']:,} values"
        )
    floor_, reader_ = measured["floor"], measured["reader"]
    result["reader_vs_floor"] = ratios = {
        "best": reader_["seconds"] / floor_["seconds"],
        "best_cpu": reader_["cpu"] / floor_["cpu"],
        "median": reader_["median_seconds"] / floor_["median_seconds"],
    }
    print(
        f"reader / floor = {ratios['best']:.2f} best, {ratios['best_cpu']:.2f} best cpu, {ratios['median']:.2f} median "
        f"(goal <= {GOAL}); {rows:,} rows; XML {xml / 1e6:.0f} MB, {on_disk / 1e6:.0f} MB on disk"
    )
    print(
        f"values: floor {floor_['values']:,} (every number written), reader {reader_['values']:,} "
        "(in its table: suspect rows left out, an object's rows of one period merged)"
    )
    return result


if __name__ == "__main__":
    main()
