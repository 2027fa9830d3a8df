"""The field suite's frequency plan, as a planner with a small band would make it: tight reuse in the
core (co-channel no nearer than two site spacings, adjacent channels no nearer than one, never on
one site or between neighbours), BSICs that make every BCCH + BSIC pair unique."""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from .layout import Layout

BCCH_BAND = np.arange(1, 31)
TCH_BAND = np.arange(32, 125)
CO_SPACINGS = 2.0  # co-channel reuse no nearer than this many (local) site spacings
ADJ_SPACINGS = 1.0
REPAIR_ROUNDS = 6


def _choose(rng, band, users_near, forbidden: set[int]) -> int:
    """The channel whose nearest co-channel user (adjacent users at double weight) is farthest."""
    score = np.full(len(band), 1e9)
    for ch, km in users_near:
        i = ch - band[0]
        if 0 <= i < len(band):
            score[i] = min(score[i], km)
        for a in (i - 1, i + 1):
            if 0 <= a < len(band):
                score[a] = min(score[a], 2 * km)
    for ch in forbidden:
        for a in (ch - 1, ch, ch + 1):
            if band[0] <= a <= band[-1]:
                score[a - band[0]] = -1
    best = np.flatnonzero(score == score.max())
    return int(band[rng.choice(best)])


def plan(rng, layout: Layout) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[list[int]]]:
    """(bcch, ncc, bcc, tch channels per cell)."""
    n = layout.n
    relations = layout.relations()
    tree = cKDTree(layout.xy)
    reach = 2.5 * float(np.max(layout.spacing))
    bcch = np.zeros(n, dtype=int)
    tch: list[list[int]] = [[] for _ in range(n)]
    uses: dict[int, list[int]] = {}  # cell -> its channels so far

    def assign(c: int) -> None:
        near = tree.query_ball_point(layout.xy[c], r=min(reach, 4 * CO_SPACINGS * layout.spacing[c]))  # safe: KD-tree lookup
        near_users = [(ch, float(np.hypot(*(layout.xy[j] - layout.xy[c])))) for j in near if j != c for ch in uses.get(j, [])]
        forbidden = {ch for j in [*relations[c], *layout.cosite(c)] if j != c for ch in uses.get(j, [])}
        bcch[c] = _choose(rng, BCCH_BAND, near_users, forbidden)
        mine = [int(bcch[c])]
        tch[c] = []
        for _ in range(int(layout.trx_count[c]) - 1):
            ch = _choose(rng, TCH_BAND, near_users, forbidden | set(mine))
            mine.append(ch)
            tch[c].append(ch)
        uses[c] = mine

    for c in rng.permutation(n).tolist():
        assign(c)
    for _ in range(REPAIR_ROUNDS):  # replan the cells in conflict, now that every channel is known
        conflicts = reuse_conflicts(layout, [uses[c] for c in range(n)])
        if not conflicts:
            break
        for c in sorted({c for pair in conflicts for c in pair[:2]}):
            uses.pop(c)
            assign(c)
    ncc, bcc = _bsic(rng, bcch)
    return bcch, ncc, bcc, tch


def _bsic(rng, bcch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct BSICs among the cells of each BCCH, so no two cells anywhere share BCCH + BSIC."""
    ncc, bcc = np.zeros(len(bcch), dtype=int), np.zeros(len(bcch), dtype=int)
    for ch in np.unique(bcch):
        cells = np.flatnonzero(bcch == ch)
        codes = rng.choice(64, len(cells), replace=False)
        ncc[cells], bcc[cells] = codes // 8, codes % 8
    return ncc, bcc


def reuse_conflicts(layout: Layout, channels: list[list[int]]) -> list[tuple[int, int, int]]:
    """(cell, other, distance class) pairs that break the plan's own rules: 0 co-channel, 1 adjacent."""
    tree = cKDTree(layout.xy)
    out = []
    for c in range(layout.n):
        for j in tree.query_ball_point(layout.xy[c], r=CO_SPACINGS * layout.spacing[c]):  # safe: KD-tree lookup
            if j <= c:
                continue
            km = float(np.hypot(*(layout.xy[j] - layout.xy[c])))
            gaps = [abs(a - b) for a in channels[c] for b in channels[j]]
            if 0 in gaps and km < CO_SPACINGS * min(layout.spacing[c], layout.spacing[j]):
                out.append((c, j, 0))
            elif 1 in gaps and km < ADJ_SPACINGS * min(layout.spacing[c], layout.spacing[j]):
                out.append((c, j, 1))
    return out
