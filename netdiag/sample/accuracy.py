"""Accuracy of the rule base against networks whose faults are known (the sample generator's truth).

`python -m netdiag.sample.accuracy --seeds 20` generates a network per seed, diagnoses it, and reports:
- per injected fault, the rank of its cause in the triage of its own complaint (top-1 / top-3), and
  top-1 when the complaint gives a spot 300 m in front of the faulty cell instead of the cell;
- for complaints on cells no fault can explain, the share that get `no_fault_found`;
- scan findings on healthy objects, per 100 healthy cells.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..catalogue import load_catalogue
from ..dataset.load import load_dataset
from ..diagnosis.triage import Complaint, triage
from ..diagnosis.locate import CellLocator, spot_towards
from ..diagnosis.diagnose import Diagnosis, diagnose
from ..rules.loader import load_rules

TOP = 3
SPOT_METRES = 300.0  # a located complaint stands this far in front of the faulty sector


@dataclass
class Evaluation:
    faults: pd.DataFrame  # one row per injected fault: cause, object, cell, symptom, rank, spot_rank (0 = not found)
    healthy: pd.DataFrame  # one row per healthy complaint triaged: cell, symptom, verdict, top cause
    stray: pd.DataFrame  # scan findings on objects no fault explains
    healthy_cells: int
    found_by_scan: list[bool] = field(default_factory=list)


def covered_pairs(truth: pd.DataFrame, affected: dict[int, set[str]]) -> set[tuple[str, str]]:
    """(cell, symptom) pairs that some fault (or its consequence) can legitimately explain."""
    catalogue = load_catalogue()
    covered: set[tuple[str, str]] = set()
    for index, row in truth.iterrows():
        for symptom in catalogue.causes[row["cause"]].symptoms:
            covered |= {(cell, symptom) for cell in affected[index]}
    return covered


def evaluate(diagnosis: Diagnosis, truth: pd.DataFrame, healthy_sample: int | None = None, seed: int = 0) -> Evaluation:
    from . import affected_cells

    ds = diagnosis.dataset
    affected = affected_cells(truth, ds["cells"], ds["neighbours"])
    injected = truth[truth["role"] == "injected"] if "role" in truth else truth
    findings = diagnosis.findings

    locator = CellLocator(ds["cells"])
    where = ds["cells"].set_index("cell")
    ranks, spot_ranks, in_scan = [], [], []
    for row in injected.itertuples():
        causes = triage(diagnosis, Complaint(cell=row.cell, symptom=row.symptom)).causes
        ranks.append(_rank(causes, row))
        spot_ranks.append(0)
        if isinstance(row.cell, str) and row.cell in where.index:
            cell = where.loc[row.cell]
            spot = spot_towards(float(cell["lat"]), float(cell["lon"]), float(cell["azimuth"]), SPOT_METRES)
            spot_ranks[-1] = _rank(triage(diagnosis, Complaint(symptom=row.symptom, spot=spot), locator).causes, row)
        in_scan.append(bool(((findings["cause"] == row.cause) & (findings["object"] == row.object)).any()))
    faults = injected[["cause", "object", "cell", "symptom"]].assign(rank=ranks, spot_rank=spot_ranks, in_scan=in_scan)

    covered = covered_pairs(truth, affected)
    symptoms = list(load_catalogue().symptoms)
    pairs = [(c, s) for c in ds["cells"]["cell"] for s in symptoms if (c, s) not in covered]
    if healthy_sample is not None and len(pairs) > healthy_sample:
        rng = np.random.default_rng(seed)
        pairs = [pairs[i] for i in rng.choice(len(pairs), healthy_sample, replace=False)]
    rows = []
    for cell, symptom in pairs:
        result = triage(diagnosis, Complaint(cell=cell, symptom=symptom))
        top = result.causes.iloc[0] if len(result.causes) else {"cause": None, "object": None}
        rows.append((cell, symptom, result.verdict, top["cause"], top["object"]))
    healthy = pd.DataFrame(rows, columns=["cell", "symptom", "verdict", "cause", "object"])

    fault_cells = set().union(*affected.values()) if affected else set()
    fault_objects = set(truth["object"])
    fault_bscs = set(findings.loc[findings["object"].isin(fault_objects), "bsc"].dropna())
    on_fault = findings["object"].isin(fault_objects)
    near_fault = findings["level"].isin(["cell", "trx", "adjacency"]) & findings["cell"].isin(fault_cells)
    in_fault_bsc = findings["level"].isin(["circuit", "circuit_group", "bsc"]) & findings["bsc"].isin(fault_bscs)
    stray = findings[~(on_fault | near_fault | in_fault_bsc)][["cause", "object", "severity", "score"]]
    healthy_cells = len(set(ds["cells"]["cell"]) - fault_cells)
    return Evaluation(faults, healthy, stray.reset_index(drop=True), healthy_cells)


def _rank(causes: pd.DataFrame, fault) -> int:
    hit = np.flatnonzero(((causes["cause"] == fault.cause) & (causes["object"] == fault.object)).to_numpy())
    return int(hit[0]) + 1 if len(hit) else 0


def summarise(evaluations: list[Evaluation]) -> tuple[pd.DataFrame, dict[str, float]]:
    faults = pd.concat([e.faults for e in evaluations], ignore_index=True)
    per_cause = faults.groupby("cause").agg(
        faults=("rank", "size"),
        top1=("rank", lambda r: float((r == 1).mean())),
        top3=("rank", lambda r: float(((r >= 1) & (r <= TOP)).mean())),
        spot_top1=("spot_rank", lambda r: float((r == 1).mean())),
        scan=("in_scan", "mean"),
    )
    healthy = pd.concat([e.healthy for e in evaluations], ignore_index=True)
    stray = sum(len(e.stray) for e in evaluations)
    cells = sum(e.healthy_cells for e in evaluations)
    overall = {
        "faults": float(len(faults)),
        "top1": float((faults["rank"] == 1).mean()),
        "top3": float(((faults["rank"] >= 1) & (faults["rank"] <= TOP)).mean()),
        "top1_by_spot_300m": float((faults["spot_rank"] == 1).mean()),
        "found_by_scan": float(faults["in_scan"].mean()),
        "healthy_complaints": float(len(healthy)),
        "healthy_no_fault_found": float((healthy["verdict"] == "no_fault_found").mean()) if len(healthy) else float("nan"),
        "stray_findings": float(stray),
        "stray_per_100_healthy_cells": 100.0 * stray / cells if cells else float("nan"),
    }
    return per_cause, overall


def main(argv: list[str] | None = None) -> int:
    from . import generate_network

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20, help="networks to generate (seeds 1..N)")
    parser.add_argument("--cells", type=int, default=None, help="cells per network (default: the generator's)")
    parser.add_argument("--hours", type=int, default=24)
    parser.add_argument("--healthy", type=int, default=400, help="healthy complaints triaged per network")
    args = parser.parse_args(argv)
    rules = load_rules()
    evaluations = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, args.seeds + 1):
            out = Path(tmp) / f"seed{seed}"
            options = {"cells": args.cells} if args.cells else {}
            truth = generate_network(out, hours=args.hours, seed=seed, **options)
            diagnosis = diagnose(load_dataset(out), rules)
            evaluation = evaluate(diagnosis, truth, healthy_sample=args.healthy, seed=seed)
            evaluations.append(evaluation)
            misses = evaluation.faults[evaluation.faults["rank"] != 1]
            print(f"seed {seed}: {len(evaluation.faults)} faults, top-1 misses {len(misses)}, "
                  f"stray findings {len(evaluation.stray)}", file=sys.stderr)
            for miss in misses.itertuples():
                print(f"  miss: {miss.cause} at {miss.object} (rank {miss.rank or 'none'})", file=sys.stderr)
            for stray in evaluation.stray.itertuples():
                print(f"  stray: {stray.cause} at {stray.object}", file=sys.stderr)
    per_cause, overall = summarise(evaluations)
    pd.set_option("display.width", 160)
    print(per_cause.to_string(float_format=lambda v: f"{v:.2f}"))
    print()
    for key, value in overall.items():
        print(f"{key:30s} {value:.3f}" if value % 1 else f"{key:30s} {int(value)}")
    print(f"{'seconds':30s} {time.perf_counter() - started:.1f}")
    goals = overall["top1"] >= 0.95 and overall["top3"] >= 1.0 and overall["healthy_no_fault_found"] >= 0.95 \
        and overall["stray_per_100_healthy_cells"] <= 1.0
    print("goals met" if goals else "goals NOT met")
    return 0 if goals else 1


if __name__ == "__main__":
    sys.exit(main())
