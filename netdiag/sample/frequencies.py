"""Frequency planning of the synthetic network: BCCH, BSIC and TCH channels.

Positions are site positions in km (cells of one site share them). The plans loop over cells, but
every step is a small numpy operation over the cell's surroundings, found once with a k-d tree.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

BCCH_CHANNELS = np.arange(1, 25)
TCH_CHANNELS = np.arange(30, 125)
TCH_REUSE_KM = 2.5  # no two cells of different sites this close share any ARFCN
ADJACENT_KM = 1.0  # nor this close use adjacent ARFCNs
BCCH_REUSE_KM = 3.0  # no two cells closer than this share a BCCH
BSIC_REUSE_KM = 15.0  # no two cells closer than this share BCCH + BSIC
FAR = 99.0  # score of a channel nobody nearby uses
# Plans use flat km; 1% more keeps them safe on the written (great-circle) lat/lon too.
MARGIN = 1.01


@dataclass
class Near:
    """Every pair of cells within a radius, as a compressed per-cell list (both directions)."""

    indptr: np.ndarray
    idx: np.ndarray
    km: np.ndarray

    def of(self, c: int) -> tuple[np.ndarray, np.ndarray]:
        s = slice(self.indptr[c], self.indptr[c + 1])
        return self.idx[s], self.km[s]


def near_pairs(xy: np.ndarray, radius: float) -> Near:
    pairs = cKDTree(xy).query_pairs(radius, output_type="ndarray")
    src = np.concatenate([pairs[:, 0], pairs[:, 1]])
    dst = np.concatenate([pairs[:, 1], pairs[:, 0]])
    order = np.argsort(src, kind="stable")
    src, dst = src[order], dst[order]
    km = np.hypot(*(xy[src] - xy[dst]).T)
    return Near(np.searchsorted(src, np.arange(len(xy) + 1)), dst, km)


def relation_sets(nb_idx: np.ndarray) -> list[set[int]]:
    """For each cell: its neighbours and the cells that list it."""
    sets: list[set[int]] = [set() for _ in range(len(nb_idx))]
    src, slot = np.nonzero(nb_idx >= 0)
    for a, b in zip(src.tolist(), nb_idx[src, slot].tolist()):
        sets[a].add(b)
        sets[b].add(a)
    return sets


def _nearest_users(channels: np.ndarray, used: np.ndarray, km: np.ndarray) -> np.ndarray:
    """Distance to the nearest user of each ARFCN of a consecutive run `channels`, with one spare
    ARFCN each side: entry i is ARFCN channels[0] - 1 + i (inf: nobody uses it)."""
    low = channels[0] - 1
    inside = (used >= low) & (used <= channels[-1] + 1)
    nearest = np.full(len(channels) + 2, np.inf)
    np.minimum.at(nearest, used[inside] - low, km[inside])
    return nearest


def _reuse_score(nearest: np.ndarray) -> np.ndarray:
    """Per channel: distance to its nearest user, adjacent-channel users counting at half distance."""
    adjacent = 2 * np.minimum(nearest[:-2], nearest[2:])  # 2 * min(km) is min(2 * km) exactly
    return np.minimum(np.minimum(nearest[1:-1], adjacent), FAR)


def _surroundings(xy: np.ndarray, nb_idx: np.ndarray, reuse_km: float) -> tuple[Near, np.ndarray]:
    """Per cell: the cells within 2 x reuse_km, then its relations (neighbours both ways), with
    whether each forbids a shared BCCH (a relation always does)."""
    near = near_pairs(xy, 2 * reuse_km)
    n = len(xy)
    src, slot = np.nonzero(nb_idx >= 0)
    dst = nb_idx[src, slot]
    pair = np.unique(np.concatenate([src * n + dst, dst * n + src]))
    rel_src, rel_dst = pair // n, pair % n
    near_src = np.repeat(np.arange(n), np.diff(near.indptr))
    cell = np.concatenate([near_src, rel_src])
    other = np.concatenate([near.idx, rel_dst])
    km = np.concatenate([near.km, np.hypot(*(xy[rel_dst] - xy[rel_src]).T)])
    forbids = np.concatenate([near.km < reuse_km, np.ones(len(rel_src), dtype=bool)])
    order = np.argsort(cell, kind="stable")
    indptr = np.searchsorted(cell[order], np.arange(n + 1))
    return Near(indptr, other[order], km[order]), forbids[order]


def bcch_plan(rng: np.random.Generator, xy: np.ndarray, nb_idx: np.ndarray) -> np.ndarray:
    """Each cell takes the free channel whose nearest (co- or adjacent-channel) user is farthest.
    A channel is not free when a neighbour or a cell within BCCH_REUSE_KM uses it. When no channel
    is free, the one with fewest blockers is taken and the blockers are planned again (min-conflicts
    repair), which a dense jittered grid needs now and then."""
    n = len(xy)
    around, forbidding = _surroundings(xy, nb_idx, BCCH_REUSE_KM * MARGIN)
    ch = BCCH_CHANNELS
    bcch = np.zeros(n, dtype=int)
    pending = deque(range(n))  # grid order spreads the reuse pattern evenly
    budget = 50 * n
    while pending:
        budget -= 1
        if budget < 0:
            raise ValueError("BCCH plan failed: the network is too dense for 24 BCCH channels")
        c = pending.popleft()
        s = slice(around.indptr[c], around.indptr[c + 1])
        j = around.idx[s]
        used = bcch[j]
        on = used > 0
        j, used, km, forbids = j[on], used[on], around.km[s][on], forbidding[s][on]
        n_block = np.bincount(used[forbids] - ch[0], minlength=len(ch))  # blockers per channel
        if (n_block == 0).any():
            score = np.where(n_block == 0, _reuse_score(_nearest_users(ch, used, km)), -1.0)
            bcch[c] = ch[rng.choice(np.flatnonzero(score == score.max()))]
            continue
        k = rng.choice(np.flatnonzero(n_block == n_block.min()))
        evicted = np.unique(j[forbids & (used == ch[k])])
        bcch[evicted] = 0
        bcch[c] = ch[k]
        pending.extend(evicted.tolist())
    return bcch


def bsic_plan(rng: np.random.Generator, xy: np.ndarray, bcch: np.ndarray, nb_idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A random BSIC per cell, unique among same-BCCH cells within BSIC_REUSE_KM and among same-BCCH
    cells that appear in one neighbour list (handover candidates of one cell). Returns (ncc, bcc)."""
    n = len(xy)
    conflicts: list[list[int]] = [[] for _ in range(n)]
    for channel in np.unique(bcch):
        members = np.flatnonzero(bcch == channel)
        pairs = cKDTree(xy[members]).query_pairs(BSIC_REUSE_KM * MARGIN, output_type="ndarray")
        for a, b in members[pairs].tolist():
            conflicts[a].append(b)
            conflicts[b].append(a)
    first, second = np.triu_indices(nb_idx.shape[1], 1)
    a, b = nb_idx[:, first].ravel(), nb_idx[:, second].ravel()
    keep = (a >= 0) & (b >= 0)
    a, b = a[keep], b[keep]
    for x, y in zip(*(v.tolist() for v in (a[bcch[a] == bcch[b]], b[bcch[a] == bcch[b]]))):
        conflicts[x].append(y)
        conflicts[y].append(x)
    bsic = np.full(n, -1)
    for c in range(n):
        taken = bsic[conflicts[c]]
        unused = np.ones(64, dtype=bool)
        unused[taken[taken >= 0]] = False
        free = np.flatnonzero(unused)
        if not len(free):
            raise ValueError("BSIC plan failed: all 64 BSICs taken around a cell")
        bsic[c] = rng.choice(free)
    return bsic // 8, bsic % 8


def tch_plan(rng: np.random.Generator, xy: np.ndarray, site: np.ndarray, trx_count: np.ndarray) -> list[list[int]]:
    """TCH ARFCNs of each cell's non-BCCH TRXs: the channel reused farthest away. Hard rules: no
    other cell within TCH_REUSE_KM (its own site included) uses the same channel, none within
    ADJACENT_KM (so the own site) an adjacent one."""
    n = len(xy)
    near = near_pairs(xy, 4.0)
    tch = np.zeros((n, 3), dtype=int)  # at most 4 TRXs, so 3 TCH channels
    ch = TCH_CHANNELS
    for c in np.flatnonzero(trx_count > 1).tolist():
        j, km = near.of(c)
        j, km = np.append(j, c), np.append(km, 0.0)
        nearest = _nearest_users(ch, tch[j].ravel(), np.repeat(km, 3))  # a 0 (no TRX) falls outside
        for slot in range(trx_count[c] - 1):
            score = _reuse_score(nearest)
            adjacent = np.minimum(np.minimum(nearest[:-2], nearest[1:-1]), nearest[2:])
            clash = (nearest[1:-1] < TCH_REUSE_KM * MARGIN) | (adjacent < ADJACENT_KM * MARGIN)
            if clash.all():
                raise ValueError("TCH plan failed: no channel free of co-/adjacent-channel reuse around a cell")
            score = np.where(clash, -1.0, score)
            pick = ch[rng.choice(np.flatnonzero(score == score.max()))]
            tch[c, slot] = pick
            nearest[pick - ch[0] + 1] = 0.0
    return [row[row > 0].tolist() for row in tch]


def check_frequency_plan(cells: pd.DataFrame, xy: np.ndarray, nb_idx: np.ndarray) -> None:
    """The plan's guarantees over the real cells (an injected external ghost neighbour is a fault)."""
    bcch, ncc, bcc = (cells[c].to_numpy(dtype=int) for c in ("bcch", "ncc", "bcc"))
    code = bcch * 100 + ncc * 10 + bcc
    for channel in np.unique(bcch).tolist():  # both guarantees are about cells sharing a BCCH
        members = np.flatnonzero(bcch == channel)
        pairs = members[cKDTree(xy[members]).query_pairs(BSIC_REUSE_KM, output_type="ndarray")]
        km = np.hypot(*(xy[pairs[:, 0]] - xy[pairs[:, 1]]).T)
        assert not (km < BCCH_REUSE_KM).any(), "two cells within the reuse distance share a BCCH"
        assert not (code[pairs[:, 0]] == code[pairs[:, 1]]).any(), "two cells within 15 km share BCCH+BSIC"
    src, slot = np.nonzero(nb_idx >= 0)
    dst = nb_idx[src, slot]
    assert not (bcch[src] == bcch[dst]).any(), "a cell shares its BCCH with a neighbour"
    listed = pd.DataFrame({"cell": src, "code": code[dst]})
    assert not listed.duplicated().any(), "a cell has two neighbours with the same BCCH+BSIC"


def check_tch_plan(xy: np.ndarray, tch: list[list[int]]) -> None:
    """The TCH plan's guarantees: no channel twice within TCH_REUSE_KM (a site included), no adjacent
    channels within ADJACENT_KM."""
    cell = np.repeat(np.arange(len(tch)), [len(t) for t in tch])
    channel = np.concatenate([np.asarray(t, dtype=int) for t in tch]) if len(cell) else np.zeros(0, int)
    for f in np.unique(channel).tolist():
        here = cell[channel == f]
        assert len(here) == len(set(here.tolist())), "a cell uses a TCH channel twice"
        assert not cKDTree(xy[here]).query_pairs(TCH_REUSE_KM), f"TCH channel {f} reused within {TCH_REUSE_KM} km"
        nxt = cell[channel == f + 1]
        if len(nxt):
            close = cKDTree(xy[here]).query_ball_tree(cKDTree(xy[nxt]), ADJACENT_KM)
            assert not any(close), f"adjacent TCH channels {f}/{f + 1} within {ADJACENT_KM} km"
