"""Accuracy of the rule base against networks whose faults are known, on two suites reported apart.

`python -m netdiag.sample.accuracy --seeds 20 --field-seeds 20` runs
- the lab suite: the sample generator's networks (the one the rules grew with), each fault's complaint
  by cell and by a spot 300 m in front of the faulty cell;
- the field suite (`netdiag.sample.field`): networks written to break the rules, with complaints by
  cell, by spot (some at the edge of coverage) and by time;
and reports per cause and overall, each with its 95 % Wilson interval: top-1 and top-3 of the fault's
cause in the triage of its complaints, the share of complaints on healthy cells that get
`no_fault_found`, the scan's recall of the faults, and the scan's stray findings per 100 healthy cells.
"""

from __future__ import annotations

import argparse
import shutil
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
from ..diagnosis.scan import network_findings
from ..rules.loader import load_rules
from .scoring import SuiteScore

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
    findings = network_findings(diagnosis).findings  # what the scan lists

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


def lab_score(evaluations: list[Evaluation]) -> SuiteScore:
    """The lab suite's evaluations as the shared scores: each fault's complaint by cell and by spot."""
    faults = pd.concat([e.faults for e in evaluations], ignore_index=True)
    complaints = pd.concat([faults.assign(by="cell"), faults.assign(by="spot", rank=faults["spot_rank"])], ignore_index=True)
    scannable = faults[faults["cause"].map(lambda c: load_catalogue().causes[c].scan)]
    stray = pd.concat([e.stray for e in evaluations], ignore_index=True)
    return SuiteScore(
        "lab (the generator the rules grew with)", complaints[["cause", "by", "rank"]],
        pd.concat([e.healthy for e in evaluations], ignore_index=True), scannable.rename(columns={"in_scan": "found"})[["cause", "found"]],
        len(stray), sum(e.healthy_cells for e in evaluations), stray["cause"].value_counts() if len(stray) else pd.Series(dtype=int),
    )


def run_lab(seeds: int, cells: int | None, hours: int, healthy: int, rules) -> SuiteScore:
    from . import generate_network

    evaluations = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, seeds + 1):
            out = Path(tmp) / f"seed{seed}"
            options = {"cells": cells} if cells else {}
            truth = generate_network(out, hours=hours, seed=seed, **options)
            evaluation = evaluate(diagnose(load_dataset(out), rules), truth, healthy_sample=healthy, seed=seed)
            evaluations.append(evaluation)
            misses = evaluation.faults[(evaluation.faults["rank"] != 1) | (evaluation.faults["spot_rank"] != 1)]
            print(f"lab seed {seed}: {len(evaluation.faults)} faults, top-1 misses {len(misses)}, "
                  f"stray findings {len(evaluation.stray)}", file=sys.stderr)
            for miss in misses.itertuples():
                print(f"  miss: {miss.cause} at {miss.object} (rank {miss.rank or 'none'}, by spot {miss.spot_rank or 'none'})", file=sys.stderr)
            for stray in evaluation.stray.itertuples():
                print(f"  stray: {stray.cause} at {stray.object}", file=sys.stderr)
    return lab_score(evaluations)


def run_field(seeds: int, rules) -> SuiteScore:
    from .field import generate_field_network, score_field_network

    scores = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, seeds + 1):
            out = Path(tmp) / f"field{seed}"
            try:
                truth = generate_field_network(out, seed=seed)
            except ValueError as error:  # the generator found no room for its scenarios on this layout
                print(f"field seed {seed}: skipped, {error}", file=sys.stderr)
                shutil.rmtree(out, ignore_errors=True)
                continue
            score = score_field_network(out, truth, rules)
            scores.append(score)
            c, h = score.complaints, score.healthy
            misses, noisy = c[c["rank"] != 1], h[h["verdict"] != "no_fault_found"]
            print(f"field seed {seed}: {len(c)} fault complaints ({truth.dropped} left out as ambiguous), top-1 misses {len(misses)}, "
                  f"healthy answered with a fault {len(noisy)}/{len(h)}, stray findings {len(score.stray)}"
                  f"{', missing ' + truth.missing if truth.missing else ''}{', messy files' if truth.messy else ''}", file=sys.stderr)
            for miss in misses.itertuples():
                print(f"  miss: {miss.cause} {miss.symptom} by {miss.by}{' at ' + str(miss.time) if isinstance(miss.time, str) else ''}"
                      f" (rank {miss.rank or 'none'}, first {miss.top or 'nothing'})", file=sys.stderr)
            for item in noisy.itertuples():
                print(f"  healthy {item.symptom} by {item.by} {item.cell or ''}: {item.top}", file=sys.stderr)
            for miss in score.scan[~score.scan["found"]].itertuples():
                print(f"  scan missed: {miss.cause} at {miss.object}", file=sys.stderr)
            for stray in score.stray.itertuples():
                print(f"  stray: {stray.cause} at {stray.object}", file=sys.stderr)
            shutil.rmtree(out)
    stray = pd.concat([s.stray for s in scores], ignore_index=True)
    return SuiteScore(
        "field (written to break the rules)", pd.concat([s.complaints for s in scores], ignore_index=True),
        pd.concat([s.healthy for s in scores], ignore_index=True), pd.concat([s.scan for s in scores], ignore_index=True),
        len(stray), sum(s.healthy_cells for s in scores), stray["cause"].value_counts() if len(stray) else pd.Series(dtype=int),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", choices=["lab", "field", "both"], default="both")
    parser.add_argument("--seeds", type=int, default=20, help="lab networks to generate (seeds 1..N)")
    parser.add_argument("--field-seeds", type=int, default=20, help="field networks to generate (seeds 1..N)")
    parser.add_argument("--cells", type=int, default=None, help="cells per lab network (default: the generator's)")
    parser.add_argument("--hours", type=int, default=24)
    parser.add_argument("--healthy", type=int, default=400, help="healthy complaints triaged per lab network")
    args = parser.parse_args(argv)
    rules = load_rules()
    started = time.perf_counter()
    scores = []
    if args.suite in ("lab", "both"):
        scores.append(run_lab(args.seeds, args.cells, args.hours, args.healthy, rules))
    if args.suite in ("field", "both"):
        scores.append(run_field(args.field_seeds, rules))
    pd.set_option("display.width", 200)
    for score in scores:
        print(score.report())
        print()
    print(f"{'seconds':22s} {time.perf_counter() - started:.1f}")
    met = all(all(score.goals_met().values()) for score in scores)
    print("goals met" if met else "goals NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
