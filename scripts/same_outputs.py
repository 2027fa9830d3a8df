"""Prove that a change of layout changed no output: run every command on two checkouts and compare.

    python scripts/same_outputs.py run CHECKOUT OUT [--network DIR ...]   outputs of CHECKOUT into OUT
    python scripts/same_outputs.py compare OUT_A OUT_B                   byte for byte (XLSX by cell)

CHECKOUT is a source tree holding `netdiag/` (e.g. a `git worktree` of the commit before a move);
its package is put first on PYTHONPATH, so one virtual environment serves both. Each network folder
(default: samples/network) is scanned, triaged (by cell, by LAC+CI, by spot with a time, a batch of
tickets), listed as suspects in every format, inspected, imported into a store and triaged and
scanned from there. Every command runs in the same scratch folder, so paths in messages agree.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = Path("/tmp/netdiag-same-outputs")  # the same path for both checkouts
LAUNCH = "import sys; sys.argv[0] = 'netdiag'; from netdiag.cli import main; main()"


def _cells(network: Path) -> dict[str, dict[str, str]]:
    with open(network / "cells.csv", encoding="utf-8-sig") as f:
        return {row["cell"]: row for row in csv.DictReader(f)}


def _truth(network: Path) -> dict[str, str]:
    """cause -> the cell of its first injected fault."""
    with open(network / "truth.csv", encoding="utf-8-sig") as f:
        out: dict[str, str] = {}
        for row in csv.DictReader(f):
            out.setdefault(row["cause"], row["cell"])
        return out


def _spot(cell: dict[str, str], metres: float = 300.0) -> str:
    lat, lon, azimuth = float(cell["lat"]), float(cell["lon"]), math.radians(float(cell["azimuth"]))
    scale = math.radians(1.0) * 6_371_000.0
    lat2 = lat + metres * math.cos(azimuth) / scale
    lon2 = lon + metres * math.sin(azimuth) / (scale * math.cos(math.radians(lat)))
    return f"{lat2:.6f},{lon2:.6f}"


def _tickets(network: Path, path: Path) -> Path:
    """A batch of tickets for a network without its own: by cell, LAC+CI and spot, words and ids."""
    cells, truth = _cells(network), _truth(network)
    rows = []
    picks = [("trx_short_hold", "one_way_audio"), ("cell_congestion", "call_setup"), ("high_drop_cell", "经常掉话"),
             ("trx_latent_fault", "calls keep dropping"), ("uplink_interference", "通话断断续续")]
    for i, (cause, symptom) in enumerate(picks):
        cell = truth.get(cause)
        if cell is None:
            continue
        row = {"complaint_id": f"T{i}", "occurred_at": "2026-11-20 20:00", "symptom": symptom, "cell": "", "lac": "",
               "ci": "", "lat": "", "lon": ""}
        if i % 3 == 0:
            row["cell"] = cell
        elif i % 3 == 1:
            row["lac"], row["ci"] = cells[cell]["lac"], cells[cell]["ci"]
        else:
            row["lat"], row["lon"] = _spot(cells[cell]).split(",")
        rows.append(row)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def commands(network: Path, tag: str, tickets: Path) -> list[tuple[str, list[str]]]:
    cells, truth = _cells(network), _truth(network)
    cell = truth["trx_short_hold"]
    latent = truth["trx_latent_fault"]
    spot = _spot(cells[latent])
    lac, ci = cells[truth["cell_congestion"]]["lac"], cells[truth["cell_congestion"]]["ci"]
    store = str(SCRATCH / f"{tag}-store")
    out = SCRATCH / f"{tag}-files"
    d = str(network)
    runs = [
        ("scan.json", ["scan", d, "--format", "json", "--lang", "en"]),
        ("scan-zh.csv", ["scan", d, "--format", "csv", "--lang", "zh"]),
        ("scan.txt", ["scan", d, "--lang", "en"]),
        ("triage-cell.json", ["triage", d, "--cell", cell, "--symptom", "one_way_audio", "--format", "json", "--lang", "en"]),
        ("triage-cell.txt", ["triage", d, "--cell", cell, "--symptom", "one_way_audio", "--lang", "en"]),
        ("triage-cell-zh.txt", ["triage", d, "--cell", cell, "--symptom", "one_way_audio", "--lang", "zh", "--top", "1"]),
        ("triage-cgi.json", ["triage", d, "--lac", lac, "--ci", ci, "--symptom", "call_setup", "--format", "json"]),
        ("triage-at.json", ["triage", d, "--at", spot, "--symptom", "说着说着就断了", "--time", "2026-11-20 20:15",
                            "--format", "json", "--lang", "zh"]),
        ("triage-at.txt", ["triage", d, "--at", spot, "--symptom", "说着说着就断了", "--time", "2026-11-20 20:15", "--lang", "zh"]),
        ("batch.json", ["triage", d, "--complaints", str(tickets), "--format", "json", "--lang", "en"]),
        ("batch.csv", ["triage", d, "--complaints", str(tickets), "--format", "csv", "--lang", "zh"]),
        ("batch.txt", ["triage", d, "--complaints", str(tickets), "--lang", "en"]),
        ("batch-xlsx.txt", ["triage", d, "--complaints", str(tickets), "-o", str(out / "batch.xlsx")]),
        ("suspects.txt", ["suspects", d, "--lang", "en", "--top", "15"]),
        ("suspects.csv", ["suspects", d, "--format", "csv", "--lang", "zh"]),
        ("suspects.json", ["suspects", d, "--format", "json", "--lang", "en"]),
        ("suspects.kml", ["suspects", d, "--format", "kml", "--lang", "zh"]),
        ("suspects.geojson", ["suspects", d, "--format", "geojson", "--lang", "en"]),
        ("suspects-files.txt", ["suspects", d, "-o", str(out / "suspects.xlsx")]),
        ("suspects-csv-file.txt", ["suspects", d, "-o", str(out / "suspects.csv"), "--lang", "zh"]),
        ("inspect.json", ["data", "inspect", d, "--format", "json"]),
        ("inspect.txt", ["data", "inspect", d]),
        ("import.txt", ["import", d, "--store", store]),
        ("import-again.txt", ["import", d, "--store", store]),
        ("store-triage-cell.json", ["triage", "--store", store, "--cell", cell, "--symptom", "one_way_audio", "--format", "json"]),
        ("store-triage-at.json", ["triage", "--store", store, "--at", spot, "--symptom", "call_drop", "--time",
                                  "2026-11-20 20:15", "--format", "json"]),
        ("store-scan.json", ["scan", "--store", store, "--format", "json"]),
        ("rules-list.json", ["rules", "list", "--format", "json"]),
        ("rules-explain.txt", ["rules", "explain", "trx_short_hold", "--lang", "zh"]),
    ]
    return runs


def run(checkout: Path, out: Path, networks: list[Path]) -> None:
    if SCRATCH.exists():
        shutil.rmtree(SCRATCH)
    SCRATCH.mkdir(parents=True)
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(checkout), "NO_COLOR": "1", "COLUMNS": "200", "LANG": "C.UTF-8"}
    env.pop("NETDIAG_LANG", None)
    env.pop("NETDIAG_PROFILE", None)
    for i, original in enumerate(networks):
        tag = f"n{i}"
        (SCRATCH / f"{tag}-files").mkdir()
        network = SCRATCH / f"{tag}-network"  # (the same path for both checkouts, whatever holds the original)
        shutil.copytree(original, network)
        shipped = ROOT / "samples" / "complaints.csv"
        if original.resolve() == (ROOT / "samples" / "network").resolve():
            tickets = shutil.copy(shipped, SCRATCH / f"{tag}-tickets.csv")
        else:
            tickets = _tickets(network, SCRATCH / f"{tag}-tickets.csv")
        for name, args in commands(network, tag, tickets):
            done = subprocess.run([sys.executable, "-c", LAUNCH, *args], env=env, cwd=SCRATCH, capture_output=True)
            here = str(checkout).encode()  # (rule files are named by their path in the checkout)
            (out / f"{tag}-{name}").write_bytes(done.stdout.replace(here, b"CHECKOUT"))
            (out / f"{tag}-{name}.stderr").write_bytes(done.stderr.replace(here, b"CHECKOUT") + f"\nexit {done.returncode}\n".encode())
            print(f"{tag} {name}: exit {done.returncode}", file=sys.stderr)
        for made in sorted((SCRATCH / f"{tag}-files").iterdir()):
            shutil.copy(made, out / f"{tag}-file-{made.name}")


def _xlsx_cells(path: Path) -> list[tuple[str, list[tuple]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return [(sheet.title, [tuple(row) for row in sheet.iter_rows(values_only=True)]) for sheet in book.worksheets]


def compare(a: Path, b: Path) -> int:
    names_a, names_b = {p.name for p in a.iterdir()}, {p.name for p in b.iterdir()}
    differing = sorted(names_a ^ names_b)
    for name in differing:
        print(f"only in {'first' if name in names_a else 'second'}: {name}")
    same = 0
    for name in sorted(names_a & names_b):
        fa, fb = a / name, b / name
        equal = _xlsx_cells(fa) == _xlsx_cells(fb) if name.endswith(".xlsx") else fa.read_bytes() == fb.read_bytes()
        if equal:
            same += 1
        else:
            differing.append(name)
            print(f"differs: {name}")
    print(f"{same} files identical, {len(differing)} differ")
    return 1 if differing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("checkout", type=Path)
    r.add_argument("out", type=Path)
    r.add_argument("--network", type=Path, action="append")
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = parser.parse_args()
    if args.command == "run":
        run(args.checkout.resolve(), args.out, [n.resolve() for n in (args.network or [ROOT / "samples" / "network"])])
        return 0
    return compare(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
