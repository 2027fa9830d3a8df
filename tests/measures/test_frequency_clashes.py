"""Frequency clashes (nearest co-channel and adjacent-channel cell of another site) found for every
channel at once give what they gave found channel by channel (the code below, as it was), ties and all."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from netdiag import build_dataset
from netdiag.io.schema import TABLES
from netdiag.io.values import coerce
from netdiag.measures import radio


def table(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    return coerce(frame.astype(str).replace({"nan": "", "None": ""}), TABLES[name], name, 2)


# -- the channel-by-channel search, as it was (the reference) ---------------------------------------
def reference_clashes(ds, of=None) -> pd.DataFrame:
    """Per cell (of the `of` cells, else every one): the nearest cell of another site (within
    radio.SEARCH_KM) on one of its ARFCNs, and on an adjacent one. Found channel by channel (few cells
    share one), not over every pair of nearby cells; on equal distance the other cell listed first
    in the configuration wins, then the cell's ARFCN listed first (_arfcns order), an ARFCN below
    before one above."""
    cells = ds["cells"].dropna(subset=["lat", "lon"]).reset_index(drop=True)
    columns = ["cell", "cochannel_km", "cochannel_cell", "cochannel_arfcn", "adjacent_channel_km", "adjacent_channel_cell"]
    if len(cells) < 2:
        return pd.DataFrame(columns=columns)
    names = cells["cell"].to_numpy(dtype=object)
    near = _Near(radio._xy_km(cells["lat"], cells["lon"]), pd.factorize(cells["site"].fillna(cells["cell"]))[0])
    asked = np.ones(len(cells), dtype=bool) if of is None else cells["cell"].isin(of).to_numpy()
    arfcns = radio._arfcns(ds)
    user = pd.Index(names).get_indexer(arfcns["cell"])
    located = user >= 0
    user, arfcn = user[located], arfcns["arfcn"].to_numpy(dtype="float64")[located]
    order = np.lexsort((user, arfcn))  # by ARFCN, then cell; each (cell, ARFCN) once
    channels, first = np.unique(arfcn[order], return_index=True)
    entries = np.split(order, first[1:])  # per channel: its (cell, ARFCN) entries, by position in `arfcns`
    mine = [e[asked[user[e]]] for e in entries]  # the entries whose cell is asked about
    co, adjacent = [], []
    for k, channel in enumerate(channels.tolist()):
        co.append(near.sharing(user, mine[k], entries[k], channel, 0))
        up = np.searchsorted(channels, channel + 1)
        if up < len(channels) and channels[up] == channel + 1:
            adjacent.append(near.sharing(user, mine[k], entries[up], channel, 1))  # theirs one above
            adjacent.append(near.sharing(user, mine[up], entries[k], channel + 1, -1))  # one below
    frame = pd.DataFrame({"cell": np.arange(len(cells))})
    frame["cochannel_km"], frame["cochannel_cell"], frame["cochannel_arfcn"] = radio._nearest(len(cells), co)
    frame["adjacent_channel_km"], frame["adjacent_channel_cell"], _ = radio._nearest(len(cells), adjacent)
    frame = frame[frame["cochannel_km"].notna() | frame["adjacent_channel_km"].notna()]
    named = {c: pd.Series(names[frame[c].to_numpy(dtype="float64", na_value=0).astype(np.int64)], index=frame.index, dtype=object)
             for c in ("cell", "cochannel_cell", "adjacent_channel_cell")}
    return frame.assign(**{c: v.where(frame[c].notna()) for c, v in named.items()}).reset_index(drop=True)


class _Near:  # (as it was)
    """Cells by position (flat km coordinates and site): the pairs of cells of different sites
    within radio.SEARCH_KM of each other, among the users of two channels."""

    def __init__(self, xy: np.ndarray, site: np.ndarray) -> None:
        self.xy, self.site, self.n = xy, site, len(xy)

    def sharing(self, user: np.ndarray, mine: np.ndarray, theirs: np.ndarray, channel: float, step: int) -> tuple:
        """Near pairs (cell of entry `mine`, cell of entry `theirs`) as (cell, other, km, channel,
        step, tie-break key, entry), for `mine` / `theirs` entries (positions in `user`)."""
        if not len(mine) or not len(theirs):
            return tuple(np.empty(0, dtype=t) for t in (np.int64, np.int64, float, float, np.int64, np.int64, np.int64))
        i, j = radio._within(self.xy[user[mine]], self.xy[user[theirs]], radio.SEARCH_KM)
        mine_entry = mine[i]
        a, b = user[mine_entry], user[theirs[j]]
        other_site = self.site[a] != self.site[b]
        a, b, mine_entry = a[other_site], b[other_site], mine_entry[other_site]
        km = np.hypot(*(self.xy[a] - self.xy[b]).T)
        key = a.astype(np.int64) * self.n + b  # the other cell's configuration order breaks ties
        return a, b, km, np.full(len(a), channel), np.full(len(a), step), key, mine_entry


def network(seed: int, cells: int, channels: int, km: float, hopping: bool, grid: bool) -> object:
    """Random cells on `channels` ARFCNs over a square of `km` (on a 1 km grid: equal distances, ties),
    sites of one to three cells, TRXs on further ARFCNs, some hopping; some cells unlocated."""
    rng = np.random.default_rng(seed)
    sites = max(1, cells // 2)
    site_of = rng.integers(0, sites, cells)
    where = rng.integers(0, int(km), (sites, 2)).astype(float) if grid else rng.uniform(0, km, (sites, 2))
    lat, lon = 30 + where[site_of, 1] / 110.57, 114 + where[site_of, 0] / 96.0
    names = [f"C{i}" for i in range(cells)]
    cell_rows = pd.DataFrame({
        "cell": names, "bsc": "B1", "site": [f"S{s}" for s in site_of], "lac": 1, "ci": np.arange(cells),
        "lat": np.where(rng.random(cells) < 0.05, np.nan, lat), "lon": lon,
        "bcch": rng.integers(1, channels + 1, cells).astype(float),
    })
    trx = pd.DataFrame({"cell": rng.choice(names, cells * 2), "trx": np.arange(cells * 2).astype(str),
                        "arfcn": rng.integers(1, channels + 1, cells * 2).astype(float)})
    if hopping:
        trx["ma_list"] = [" ".join(map(str, rng.integers(1, channels + 1, 3))) if rng.random() < 0.2 else None for _ in range(len(trx))]
    return build_dataset({"cells": table("cells", cell_rows), "trx": table("trx", trx)})


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("shape", [
    dict(cells=60, channels=4, km=20, hopping=False, grid=True),  # crowded: few channels, ties on the grid
    dict(cells=300, channels=12, km=60, hopping=True, grid=False),
    dict(cells=1500, channels=10, km=80, hopping=True, grid=False),  # beyond DIRECT_PAIRS: the k-d tree
    dict(cells=400, channels=30, km=40, hopping=True, grid=True),
    dict(cells=40, channels=60, km=200, hopping=False, grid=False),  # sparse: few clashes
])
def test_every_channel_at_once_finds_what_channel_by_channel_found(seed, shape):
    ds = network(seed, **shape)
    expected = reference_clashes(ds)
    pd.testing.assert_frame_equal(radio._frequency_clashes(ds), expected, check_exact=True)
    asked = ds["cells"]["cell"].iloc[::7]
    pd.testing.assert_frame_equal(radio._frequency_clashes(ds, asked), reference_clashes(ds, asked), check_exact=True)
