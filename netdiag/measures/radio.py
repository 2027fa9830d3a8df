"""Cell measures from the radio plan and geography: frequency reuse, site distance, LAC borders,
BCCH power, and how a cell's outgoing handovers fare across its neighbours."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..dataset.context import context_plan
from ..dataset.model import Dataset
from .stats import as_float, ratio

# One timing-advance step is 553.5 m of distance to the mobile.
TA_STEP_KM = 0.5535
# Frequency clashes are looked for within this distance (rural sites stand 5-7 km apart); rules
# choose their own reach, in site spacings.
SEARCH_KM = 12.0
# A complaint's few cells are measured against the network directly, without a k-d tree (whose
# scipy import costs a triage 0.15 s): range searches of at most DIRECT_PAIRS pairs, nearest sites
# of at most DIRECT_SITES sites. Beyond those, the tree is faster.
DIRECT_PAIRS = 20_000
DIRECT_SITES = 64
# The frequency clashes of a complaint's cells (a few dozen ARFCN entries against those of the same
# channels) are measured directly up to this many pairs (16 MB of distances).
CLASH_DIRECT_PAIRS = 2_000_000
# A neighbour relation "fails" when at least this share of enough handovers to it fail.
FAILING_HO_RATE = 0.10
# A relation is judged from 5 handovers on: a quiet rural cell has a few a day on each. One relation's
# chance failures do not make a clock fault: the rule also asks most relations to fail and the cell's
# handovers, all of them together, to fail far above a healthy cell's.
MIN_RELATION_ATTEMPTS = 5

COLUMNS = {
    "nearest_site_km": "distance to the nearest other site, km",
    "ta_limit_km": "distance the max_ta setting allows, km (max_ta x 0.5535)",
    "cochannel_km": f"nearest cell of another site using one of this cell's ARFCNs (within {SEARCH_KM:g} km), km",
    "cochannel_cell": "that cell",
    "cochannel_arfcn": "the ARFCN they share",
    "adjacent_channel_km": f"nearest cell of another site on an adjacent ARFCN (±1, within {SEARCH_KM:g} km), km",
    "adjacent_channel_cell": "that cell",
    "bcch_power_w": "output power of the TRX carrying the BCCH, W",
    "max_trx_power_w": "highest TRX output power in the cell, W",
    "other_lac_neighbours": "neighbours in another location area",
    "neighbours_measured": f"neighbour relations with at least {MIN_RELATION_ATTEMPTS} handover attempts (180 report)",
    "failing_neighbour_share": f"share of those relations where at least {FAILING_HO_RATE:.0%} of handovers fail",
}


def _xy_km(lat, lon) -> np.ndarray:
    """Local flat coordinates, km: accurate enough for distances of a few km."""
    lat, lon = as_float(lat), as_float(lon)
    lat0 = np.nanmean(lat) if np.isfinite(lat).any() else 0.0
    return np.column_stack([lon * 111.32 * np.cos(np.radians(lat0)), lat * 110.57])


def radio_features(ds: Dataset, of: pd.Series | None = None) -> pd.DataFrame:
    """Per cell (of the `of` cells, else every configured cell): plan, LAC border, handover spread."""
    plan = context_plan(ds.context)
    out = radio_plan(ds, of) if plan is None else plan
    out = out.merge(_lac_border(ds), on="cell", how="left")
    out = out.merge(_handover_spread(ds), on="cell", how="left")
    return out.reindex(columns=["cell", *COLUMNS])


def radio_plan(ds: Dataset, of: pd.Series | None = None) -> pd.DataFrame:
    """What the cell and TRX configuration alone says of each cell (sites, frequency reuse, BCCH
    power): the same for any part of the network, so a partial dataset's context may bring it.
    With `of`, only those cells' rows (their distances still measured to every configured cell)."""
    cells = ds["cells"]
    wanted = cells if of is None else cells[cells["cell"].isin(of)]
    out = pd.DataFrame({"cell": wanted["cell"].to_numpy()})
    out["nearest_site_km"] = nearest_site_km(cells, wanted)
    out["ta_limit_km"] = as_float(wanted["max_ta"]) * TA_STEP_KM
    out = out.merge(_frequency_clashes(ds, of), on="cell", how="left")
    return out.merge(_bcch_power(ds), on="cell", how="left")


def nearest_site_km(cells: pd.DataFrame, wanted: pd.DataFrame) -> np.ndarray:
    """Per wanted cell: the distance from its site to the nearest other site of the configuration."""
    located = _sites(cells).dropna(subset=["lat", "lon"]).groupby("site")[["lat", "lon"]].mean()
    if len(located) < 2:
        return np.full(len(wanted), np.nan)
    xy = _xy_km(located["lat"], located["lon"])
    own = _sites(wanted)["site"]
    # (as objects: pandas' Arrow strings look each of `own` up one by one in Python)
    asked = np.flatnonzero(pd.Index(located.index.to_numpy(dtype=object), dtype=object).isin(own))
    if len(asked) <= DIRECT_SITES:
        second = np.partition(_distances(xy[asked], xy), 1, axis=1)[:, 1]  # the first is the site itself
    else:
        from scipy.spatial import cKDTree  # here: scipy.spatial takes 0.2 s to import

        second = cKDTree(xy).query(xy[asked], k=2)[0][:, 1]  # safe: KD-tree lookup, not DataFrame.query
    nearest = pd.Series(second, index=located.index[asked])
    return own.map(nearest).to_numpy(dtype="float64")


def _sites(cells: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"lat": as_float(cells["lat"]), "lon": as_float(cells["lon"]), "site": cells["site"].fillna(cells["cell"])})


def _arfcns(ds: Dataset) -> pd.DataFrame:
    """(cell, arfcn) for the BCCH and every TRX frequency, hopping lists included."""
    cells = ds["cells"]
    parts = [pd.DataFrame({"cell": cells["cell"], "arfcn": as_float(cells["bcch"])})]
    if ds.has("trx"):
        trx = ds["trx"]
        parts.append(pd.DataFrame({"cell": trx["cell"], "arfcn": as_float(trx["arfcn"])}))
        hopping = trx[["cell", "ma_list"]].dropna()
        if not hopping.empty:
            listed = hopping.assign(arfcn=hopping["ma_list"].astype(str).str.split()).explode("arfcn")
            parts.append(pd.DataFrame({"cell": listed["cell"], "arfcn": pd.to_numeric(listed["arfcn"], errors="coerce")}))
    return pd.concat(parts, ignore_index=True).dropna().drop_duplicates()


def _frequency_clashes(ds: Dataset, of: pd.Series | None = None) -> pd.DataFrame:
    """Per cell (of the `of` cells, else every one): the nearest cell of another site (within
    SEARCH_KM) on one of its ARFCNs, and on an adjacent one. Every channel is searched at once: each
    (cell, ARFCN) entry stands at its cell's position on a plane of its own ARFCN, the planes far
    enough apart that only entries of one channel (or, shifted by one plane, of the next) come
    within reach; on equal distance the other cell listed first in the configuration wins, then the
    cell's ARFCN listed first (_arfcns order), an ARFCN below before one above."""
    cells = ds["cells"].dropna(subset=["lat", "lon"]).reset_index(drop=True)
    columns = ["cell", "cochannel_km", "cochannel_cell", "cochannel_arfcn", "adjacent_channel_km", "adjacent_channel_cell"]
    if len(cells) < 2:
        return pd.DataFrame(columns=columns)
    names = cells["cell"].to_numpy(dtype=object)
    xy = _xy_km(cells["lat"], cells["lon"])
    site = pd.factorize(cells["site"].fillna(cells["cell"]))[0]
    asked = np.ones(len(cells), dtype=bool) if of is None else cells["cell"].isin(of).to_numpy()
    arfcns = _arfcns(ds)
    user = pd.Index(names).get_indexer(arfcns["cell"])
    located = user >= 0
    user, arfcn = user[located], arfcns["arfcn"].to_numpy(dtype="float64")[located]
    mine = np.flatnonzero(asked[user])  # the entries whose cell is asked about
    # (planes further apart than the network is wide, and than the search reaches)
    apart = float(np.ptp(xy[:, 1])) + 4 * SEARCH_KM
    entries = np.column_stack([xy[user, 0], xy[user, 1] + arfcn * apart])
    found = {step: _clashes(xy, site, user, arfcn, mine, entries, apart, step) for step in (0, 1, -1)}
    frame = pd.DataFrame({"cell": np.arange(len(cells))})
    frame["cochannel_km"], frame["cochannel_cell"], frame["cochannel_arfcn"] = _nearest(len(cells), [found[0]])
    frame["adjacent_channel_km"], frame["adjacent_channel_cell"], _ = _nearest(len(cells), [found[1], found[-1]])
    frame = frame[frame["cochannel_km"].notna() | frame["adjacent_channel_km"].notna()]
    named = {c: pd.Series(names[frame[c].to_numpy(dtype="float64", na_value=0).astype(np.int64)], index=frame.index, dtype=object)
             for c in ("cell", "cochannel_cell", "adjacent_channel_cell")}
    return frame.assign(**{c: v.where(frame[c].notna()) for c, v in named.items()}).reset_index(drop=True)


def _clashes(
    xy: np.ndarray, site: np.ndarray, user: np.ndarray, arfcn: np.ndarray, mine: np.ndarray, entries: np.ndarray,
    apart: float, step: int,
) -> tuple:
    """Near pairs (an asked entry, an entry `step` ARFCNs above it) of cells of different sites, as
    (cell, other, km, the asked entry's ARFCN, step, tie-break key, asked entry)."""
    if not len(mine):
        return tuple(np.empty(0, dtype=t) for t in (np.int64, np.int64, float, float, np.int64, np.int64, np.int64))
    shifted = entries[mine]  # (a copy: fancy indexing)
    shifted[:, 1] += step * apart
    # (the entries on the channels sought: for a complaint's few cells, few enough to measure directly)
    sought = np.flatnonzero(np.isin(arfcn, np.unique(arfcn[mine]) + step))
    i, j = _within(shifted, entries[sought], SEARCH_KM, CLASH_DIRECT_PAIRS)
    mine_entry = mine[i]
    a, b = user[mine_entry], user[sought[j]]
    other_site = site[a] != site[b]
    a, b, mine_entry = a[other_site], b[other_site], mine_entry[other_site]
    km = np.hypot(*(xy[a] - xy[b]).T)
    key = a.astype(np.int64) * len(xy) + b  # the other cell's configuration order breaks ties
    return a, b, km, arfcn[mine_entry], np.full(len(a), step), key, mine_entry


def _distances(these: np.ndarray, those: np.ndarray) -> np.ndarray:
    return np.hypot(these[:, None, 0] - those[None, :, 0], these[:, None, 1] - those[None, :, 1])


def _within(these: np.ndarray, those: np.ndarray, km: float, direct: int = DIRECT_PAIRS) -> tuple[np.ndarray, np.ndarray]:
    """Positions (i in these, j in those) of the pairs of points at most km apart (measured directly
    up to `direct` pairs, else with k-d trees)."""
    if len(these) * len(those) <= direct:
        return np.nonzero(_distances(these, those) <= km)
    from scipy.spatial import cKDTree

    close = cKDTree(these).sparse_distance_matrix(cKDTree(those), km, output_type="ndarray")
    return close["i"], close["j"]


def _nearest(n: int, found: list[tuple]) -> list[np.ndarray]:
    """For each cell (position): (km, other cell, its channel) of its nearest pair, NaN where none;
    of equally near pairs, one below before one above, then the other cell's configuration order,
    then the cell's ARFCN order."""
    out = [np.full(n, np.nan) for _ in range(3)]
    if not found:
        return out
    a, b, km, channel, step, rank, entry = (np.concatenate(parts) for parts in zip(*found))
    # Only a pair as near as its cell's nearest can win: the tie-breaks sort those few, not every pair.
    best = np.full(n, np.inf)
    np.minimum.at(best, a, km)
    chosen = np.flatnonzero(km == best[a])
    a, b, km, channel, step, rank, entry = (v[chosen] for v in (a, b, km, channel, step, rank, entry))
    order = np.lexsort((entry, rank, step, km))
    first = order[np.unique(a[order], return_index=True)[1]]
    for values, column in zip(out, (km, b, channel)):
        values[a[first]] = column[first]
    return out


def _bcch_power(ds: Dataset) -> pd.DataFrame:
    if not ds.has("trx"):
        return pd.DataFrame(columns=["cell", "bcch_power_w", "max_trx_power_w"])
    trx = ds["trx"]
    frame = pd.DataFrame({"cell": trx["cell"], "power": as_float(trx["power_w"]),
                          "is_bcch": trx["is_bcch"].astype("boolean").fillna(False).to_numpy()})
    bcch = frame[frame["is_bcch"]].groupby("cell")["power"].max().rename("bcch_power_w")
    strongest = frame.groupby("cell")["power"].max().rename("max_trx_power_w")
    return pd.concat([bcch, strongest], axis=1).reset_index()


def _lac_border(ds: Dataset) -> pd.DataFrame:
    if not ds.has("neighbours"):
        return pd.DataFrame(columns=["cell", "other_lac_neighbours"])
    cells, neighbours = ds["cells"], ds["neighbours"]
    # Positions in the configuration (each cell once, build_dataset sees to it), not two merges
    # over every relation; relations with a cell it lacks do not count.
    configured, lac = pd.Index(cells["cell"]), as_float(cells["lac"])
    mine, other = configured.get_indexer(neighbours["cell"]), configured.get_indexer(neighbours["neighbour"])
    both = (mine >= 0) & (other >= 0)
    mine, other = mine[both], other[both]
    counted = np.bincount(mine, weights=_differ(lac[mine], lac[other]), minlength=len(lac))
    listing = np.flatnonzero(np.bincount(mine, minlength=len(lac)))
    counts = pd.Series(counted[listing], index=configured[listing]).sort_index()
    return counts.rename("other_lac_neighbours").rename_axis("cell").reset_index()


def _differ(lac: np.ndarray, other_lac: np.ndarray) -> np.ndarray:
    """1.0 where both LACs are known and differ (an unknown LAC differs from none)."""
    return ((lac != other_lac) & ~np.isnan(lac) & ~np.isnan(other_lac)).astype("float64")


def _handover_spread(ds: Dataset) -> pd.DataFrame:
    """How many of a cell's neighbour relations fail: one bad target is the target's problem, most
    of them failing is the source's (its clock, for one)."""
    if not ds.has("adjacency_ho"):
        return pd.DataFrame(columns=["cell", "neighbours_measured", "failing_neighbour_share"])
    report = ds["adjacency_ho"]
    target = report["neighbour"].astype("string").fillna(
        report["nb_bcch"].astype("string") + "/" + report["nb_bsic"].astype("string")
    )
    rows = pd.DataFrame({"cell": report["cell"], "target": target,
                         "attempts": as_float(report["ho_attempts"]), "success": as_float(report["ho_success"])})
    relations = rows.groupby(["cell", "target"], dropna=False)[["attempts", "success"]].sum().reset_index()
    relations = relations[relations["attempts"] >= MIN_RELATION_ATTEMPTS]
    failing = (1.0 - ratio(relations["success"], relations["attempts"])) >= FAILING_HO_RATE
    summary = relations.assign(failing=failing.astype("float64")).groupby("cell").agg(
        neighbours_measured=("failing", "size"), failing=("failing", "sum")
    )
    summary["failing_neighbour_share"] = ratio(summary["failing"], summary["neighbours_measured"])
    summary["neighbours_measured"] = summary["neighbours_measured"].astype("float64")
    return summary[["neighbours_measured", "failing_neighbour_share"]].reset_index()
