"""Scores of an accuracy run, shared by both suites: rates with their 95 % Wilson intervals, per cause
and overall, and the goals they are held to.

Every suite hands in the same frames: `complaints` (one row per fault complaint: cause, by = cell or
spot, rank of the injected cause in its triage, 0 = absent), `healthy` (one row per healthy
complaint: verdict), `scan` (one row per fault the scan should find: cause, found) and the count
of stray scan findings over the count of healthy cells.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm

TOP = 3
Z95 = float(norm.ppf(0.975))
GOALS = {"top1": 0.97, "top3": 0.99, "healthy_no_fault": 0.97, "scan_recall": 0.97}
MAX_STRAY_PER_100 = 0.5
# Enough complaints that a rate's interval tells 97 % from 94 %: per cause, and healthy ones.
MIN_PER_CAUSE, MIN_HEALTHY = 20, 200


def wilson(hits: float, n: float, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a binomial proportion (NaNs for n = 0)."""
    if n <= 0:
        return float("nan"), float("nan")
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def poisson_interval(count: int, exposure: float, z: float = Z95) -> tuple[float, float]:
    """A 95 % interval for a rate per unit of exposure (Wilson-style score interval for a Poisson count)."""
    if exposure <= 0:
        return float("nan"), float("nan")
    centre = count + z * z / 2
    half = z * np.sqrt(count + z * z / 4)
    return max(0.0, (centre - half) / exposure), (centre + half) / exposure


@dataclass
class Rate:
    hits: int
    n: int

    @property
    def value(self) -> float:
        return self.hits / self.n if self.n else float("nan")

    def __str__(self) -> str:
        if not self.n:
            return "-"
        lo, hi = wilson(self.hits, self.n)
        return f"{self.value:6.1%} [{lo:5.1%}, {hi:5.1%}]"


@dataclass
class SuiteScore:
    name: str
    complaints: pd.DataFrame  # cause, by, rank
    healthy: pd.DataFrame  # verdict
    scan: pd.DataFrame  # cause, found
    stray: int
    healthy_cells: int
    stray_causes: pd.Series  # stray findings by cause

    def overall(self) -> dict[str, Rate]:
        r = self.complaints["rank"]
        return {
            "top1": Rate(int((r == 1).sum()), len(r)),
            "top3": Rate(int(((r >= 1) & (r <= TOP)).sum()), len(r)),
            "top1_by_cell": Rate(int((r[self.complaints["by"] == "cell"] == 1).sum()), int((self.complaints["by"] == "cell").sum())),
            "top1_by_spot": Rate(int((r[self.complaints["by"] == "spot"] == 1).sum()), int((self.complaints["by"] == "spot").sum())),
            "healthy_no_fault": Rate(int((self.healthy["verdict"] == "no_fault_found").sum()), len(self.healthy)),
            "scan_recall": Rate(int(self.scan["found"].sum()), len(self.scan)),
        }

    def stray_per_100(self) -> tuple[float, float, float]:
        lo, hi = poisson_interval(self.stray, self.healthy_cells / 100.0)
        return 100.0 * self.stray / self.healthy_cells if self.healthy_cells else float("nan"), lo, hi

    def per_cause(self) -> pd.DataFrame:
        rows = []
        causes = sorted(set(self.complaints["cause"]) | set(self.scan["cause"]))
        for cause in causes:
            mine = self.complaints[self.complaints["cause"] == cause]["rank"]
            found = self.scan[self.scan["cause"] == cause]["found"]
            rows.append({
                "cause": cause, "complaints": len(mine), "top1": str(Rate(int((mine == 1).sum()), len(mine))),
                "top3": str(Rate(int(((mine >= 1) & (mine <= TOP)).sum()), len(mine))),
                "scan": str(Rate(int(found.sum()), len(found))),
            })  # fmt: skip
        return pd.DataFrame(rows).set_index("cause")

    def goals_met(self) -> dict[str, bool]:
        overall = self.overall()
        met = {name: overall[name].value >= goal for name, goal in GOALS.items()}
        met["stray_per_100"] = self.stray_per_100()[0] <= MAX_STRAY_PER_100
        met["sample"] = self.fewest()[1] >= MIN_PER_CAUSE and len(self.healthy) >= MIN_HEALTHY
        return met

    def fewest(self) -> tuple[str, int]:
        """The cause with the fewest fault complaints, and their number."""
        counts = self.complaints["cause"].value_counts()
        return (str(counts.index[-1]), int(counts.iloc[-1])) if len(counts) else ("-", 0)

    def report(self) -> str:
        lines = [f"== suite: {self.name}", self.per_cause().to_string(), ""]
        for name, rate in self.overall().items():
            goal = GOALS.get(name)
            mark = "" if goal is None else ("  goal >= {:.0%} {}".format(goal, "met" if rate.value >= goal else "NOT met"))
            lines.append(f"{name:22s} {rate.hits:5d}/{rate.n:<5d} {rate}{mark}")
        value, lo, hi = self.stray_per_100()
        met = "met" if value <= MAX_STRAY_PER_100 else "NOT met"
        lines.append(f"{'stray_per_100_cells':22s} {self.stray:5d}/{self.healthy_cells:<5d} {value:6.2f} [{lo:5.2f}, {hi:5.2f}]"
                     f"  goal <= {MAX_STRAY_PER_100} {met}")
        cause, fewest = self.fewest()
        met = "met" if self.goals_met()["sample"] else "NOT met"
        lines.append(f"{'sample':22s} fewest complaints of a cause {fewest} ({cause}), healthy {len(self.healthy)}"
                     f"  goal >= {MIN_PER_CAUSE} and >= {MIN_HEALTHY} {met}")
        if len(self.stray_causes):
            lines.append("stray findings by cause: " + ", ".join(f"{c} {n}" for c, n in self.stray_causes.items()))
        return "\n".join(lines)
