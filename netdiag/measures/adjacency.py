"""Neighbour-relation measures: handovers per target (180 report) and ghost BCCH/BSIC pairs.

A handover target is known to the BSS only by BCCH + BSIC, so relations are keyed by that code: when
two candidate cells share it, the 180 report cannot tell them apart, and neither can the BSC.

Names and targets are handled as ids into sorted vocabularies (an id sorts as its text), so a
(cell, target) pair is one int64 key and joins are lookups; text is worked on once per distinct
name or code, and per row only for the object ids.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..dataset.context import context_plan
from ..dataset.model import Dataset
from .base import LevelFrames, first_in_groups, first_present, sorted_groups, sum_per_group, take_or, text_ids
from .context import target_congestion_of
from .radio import nearest_site_km
from .stats import as_float, ratio

HO = ["ho_attempts", "ho_success", "ho_fail_return", "ho_drops"]
# A failure rate of other relations is a baseline from this many handover attempts on.
BASELINE_ATTEMPTS = 30
PAIRS_AT_ONCE = 250_000  # (cell, candidate) pairs looked at together by _nearest_same_code

COLUMNS = {
    "neighbour": "target cell when the code names exactly one neighbour",
    "nb_bcch": "target BCCH ARFCN",
    "nb_bsic": "target BSIC (NCC then BCC)",
    "neighbours_with_code": "neighbours of the cell defined with this BCCH + BSIC",
    "code_neighbours": "names of those neighbours",
    "nearest_same_code_km": "distance to the nearest non-neighbour cell with the same BCCH + BSIC, km",
    "nearest_same_code_cell": "that cell",
    "site_spacing_km": "the cell's site spacing (distance to its nearest other site), km, where a same-code cell is",
    "same_code_spacings": "nearest_same_code_km in the cell's site spacings: how near the ghost stands where sites stand 1 apart",
    "neighbour_km": "distance to the neighbour the code names, km",
    **{c: f"{c} summed over the window (180 report)" for c in HO},
    "ho_failures": "ho_attempts - ho_success",
    "ho_fail_rate": "1 - ho_success / ho_attempts",
    "ho_baseline_fail_rate": f"handover failure rate of the cell's other relations (of the network's, when those carry fewer than {BASELINE_ATTEMPTS})",
    "ho_drop_rate": "ho_drops / ho_attempts",
    "ho_rejected": "attempts rejected before execution (no channel in the target)",
    "ho_reject_rate": "ho_rejected / ho_attempts",
    "nb_tch_congestion_rate": "the target cell's TCH congestion rate over the window",
    "nb_tch_congestion": "the target cell's TCH congestion count",
    "nb_busy_congestion_rate": "the target cell's TCH congestion rate in its busy hours of each day (the hour it carried most traffic and those carrying 90 % of it)",
}


@dataclass
class _Ids:
    """`names`: every cell name the tables give, sorted; `targets`: every `62/53` code and
    `name:<cell>` target, sorted. Missing text has id -1."""

    names: np.ndarray
    targets: np.ndarray
    configured: np.ndarray  # per name: its row in the cell configuration, -1 if not configured
    name_of_row: np.ndarray  # per configuration row: its name
    code_of_row: np.ndarray  # per configuration row: the target id of its code (-1: none)
    name_target: np.ndarray  # per name: the target id of `name:<name>`

    def key(self, cell: np.ndarray, target: np.ndarray) -> np.ndarray:
        """(cell, target) as one int64 that sorts as the pair of texts does, a missing one last."""
        cell = np.where(cell >= 0, cell, len(self.names)).astype(np.int64)
        return cell * (len(self.targets) + 1) + np.where(target >= 0, target, len(self.targets))

    def cell_of(self, key: np.ndarray) -> np.ndarray:
        cell = key // (len(self.targets) + 1)
        return np.where(cell < len(self.names), cell, -1)

    def target_of(self, key: np.ndarray) -> np.ndarray:
        target = key % (len(self.targets) + 1)
        return np.where(target < len(self.targets), target, -1)

    def row_of(self, name: np.ndarray) -> np.ndarray:
        """Each named cell's configuration row, -1 where not configured (or no name)."""
        return take_or(self.configured, name, -1)

    def configured_code(self, name: np.ndarray) -> np.ndarray:
        return take_or(self.code_of_row, self.row_of(name), -1)

    def by_name(self, name: np.ndarray) -> np.ndarray:
        return take_or(self.name_target, name, -1)


def adjacency_measures(ds: Dataset) -> LevelFrames:
    cells = ds["cells"]
    nb = ds["neighbours"] if ds.has("neighbours") else _NO_NEIGHBOURS
    report = ds["adjacency_ho"] if ds.has("adjacency_ho") else None
    (config_names, *name_ids), names = text_ids(
        [cells["cell"], nb["cell"], nb["neighbour"], *([report["cell"], report["neighbour"]] if report is not None else [])]
    )
    # Codes as the configuration, the neighbour list (external neighbours) and the 180 report give them.
    sources = [(cells["bcch"], cells["ncc"], cells["bcc"]), (nb["nb_bcch"], nb["nb_ncc"], nb["nb_bcc"])]
    if report is not None:
        sources.append((report["nb_bcch"], *_bsic_digits(report["nb_bsic"])))
    coded = [_distinct_codes(*columns) for columns in sources]
    (*code_ids, name_target), targets = text_ids([codes for _, codes in coded] + ["name:" + names])
    row_codes = [ids_of[row] for ids_of, (row, _) in zip(code_ids, coded)]
    configured = np.full(len(names), -1)
    configured[config_names[config_names >= 0]] = np.flatnonzero(config_names >= 0)
    ids = _Ids(names, targets, configured, config_names, row_codes[0], name_target)

    # The list's targets: a neighbour's code from its configuration, else from nb_*, else its name.
    listed_cell, listed_neighbour = name_ids[:2]
    listed_target = first_present(ids.configured_code(listed_neighbour), row_codes[1], ids.by_name(listed_neighbour))
    listed = _Relations(listed_cell, listed_neighbour, listed_target)
    handovers = _handovers(ids, report, name_ids[2:], row_codes[2], listed) if report is not None else None
    return LevelFrames(_frame(ds, cells, ids, listed, handovers))


_NO_NEIGHBOURS = pd.DataFrame({"cell": pd.Series(dtype=object), "neighbour": pd.Series(dtype=object),
                               **{c: pd.Series(dtype="Int64") for c in ("nb_bcch", "nb_ncc", "nb_bcc")}})


def _bsic_digits(bsic: pd.Series) -> tuple[pd.Series, pd.Series]:
    """NCC and BCC of a two-digit BSIC (`53`), each distinct text read once."""
    row, distinct = pd.factorize(bsic, use_na_sentinel=False)
    value = pd.Series(pd.to_numeric(pd.Series(distinct, dtype=object), errors="coerce")).take(row)
    return value // 10, value % 10


def _code(bcch, ncc, bcc) -> pd.Series:
    """`62/53`: BCCH, then the BSIC as NCC and BCC digits; missing when any part is unknown."""
    parts = [pd.Series(v).astype("Float64").astype("Int64").astype("string") for v in (bcch, ncc, bcc)]
    return parts[0] + "/" + parts[1] + parts[2]


def _distinct_codes(bcch, ncc, bcc) -> tuple[np.ndarray, np.ndarray]:
    """(each row's distinct (BCCH, NCC, BCC), the code of each distinct one: text, None if unknown)."""
    ids, uniques = zip(*(pd.factorize(pd.Series(v), use_na_sentinel=False) for v in (bcch, ncc, bcc)))
    sizes = [len(u) for u in uniques]
    row, distinct = pd.factorize((ids[0].astype(np.int64) * sizes[1] + ids[1]) * sizes[2] + ids[2])
    parts = [distinct // (sizes[1] * sizes[2]), distinct // sizes[2] % sizes[1], distinct % sizes[2]]
    return row, _code(*(u.take(part) for u, part in zip(uniques, parts))).to_numpy(dtype=object, na_value=None)


@dataclass
class _Relations:
    """Rows of the neighbour list: cell, neighbour and target ids."""

    cell: np.ndarray
    neighbour: np.ndarray
    target: np.ndarray


@dataclass
class _Handovers:
    """The 180 report per (cell, target) key: sums, and the neighbour the report names (-1: none)."""

    key: np.ndarray  # sorted
    sums: dict[str, np.ndarray]
    reported: np.ndarray


def _handovers(ids: _Ids, report: pd.DataFrame, name_ids: list[np.ndarray], given: np.ndarray, listed: _Relations) -> _Handovers:
    """180 rows per (cell, target code); rows naming a neighbour and rows giving BCCH+BSIC mix.
    A row's target is its (cell, neighbour)'s in the list, else the neighbour's configured code,
    else the BCCH+BSIC it gives, else the neighbour's name."""
    cell, neighbour = name_ids
    listing = _listing(len(ids.names), name_ids, (listed.cell, listed.neighbour))
    target = first_present(take_or(listed.target, listing, -1), ids.configured_code(neighbour), given, ids.by_name(neighbour))
    key, group, order = sorted_groups(ids.key(cell, target))
    sums = {c: sum_per_group(as_float(report[c]), group, len(key)) for c in HO}
    # The first neighbour the report names per target (none for a missing cell or target: a
    # grouping leaves those out).
    reported = np.full(len(key), -1)
    groups, first = first_in_groups(order, group, (neighbour >= 0) & (cell >= 0) & (target >= 0))
    reported[groups] = neighbour[first]
    return _Handovers(key, sums, reported)


def _listing(names: int, rows: list[np.ndarray], listed: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """For each report row, its (cell, neighbour) pair's first row in the neighbour list, -1 where
    the list lacks it (a missing name matches a missing name, as in a join)."""
    def pair(cell: np.ndarray, neighbour: np.ndarray) -> np.ndarray:
        return np.where(cell >= 0, cell, names).astype(np.int64) * (names + 1) + np.where(neighbour >= 0, neighbour, names)

    known, wanted = pair(*listed), pair(*rows)
    code, distinct = pd.factorize(np.concatenate([known, wanted]))
    first = np.full(len(distinct), -1)
    pairs, at = np.unique(code[: len(known)], return_index=True)
    first[pairs] = at
    return first[code[len(known):]]


def _frame(ds: Dataset, cells: pd.DataFrame, ids: _Ids, listed: _Relations, handovers: _Handovers | None) -> pd.DataFrame:
    """A row per (cell, target) that the list defines or the report gives, for configured cells,
    sorted by cell and target (a missing target last), as an outer join of the two would be."""
    defined = (listed.cell >= 0) & (listed.target >= 0)
    list_key, list_group, list_order = sorted_groups(ids.key(listed.cell[defined], listed.target[defined]))
    ho_key = handovers.key if handovers is not None else np.zeros(0, dtype=np.int64)
    key = sorted_groups(np.concatenate([list_key, ho_key]))[0]
    key = key[ids.row_of(ids.cell_of(key)) >= 0]
    cell, target = ids.cell_of(key), ids.target_of(key)
    row_cell = ids.configured[cell]  # each row's cell in the configuration
    in_list, in_report = _positions(list_key, key), _positions(ho_key, key)

    # What the list defines with the code: how many neighbours, the first of them, all their names.
    list_neighbour = listed.neighbour[defined]
    with_code = take_or(np.bincount(list_group, minlength=len(list_key)), in_list, 0).astype("float64")
    first = np.full(len(list_key), -1)
    groups, at = first_in_groups(list_order, list_group, list_neighbour >= 0)
    first[groups] = list_neighbour[at]
    # The neighbour: the code's one neighbour, none when it names several, else the one the report names.
    neighbour = np.where(with_code == 1, take_or(first, in_list, -1), -1)
    if handovers is not None:
        neighbour = np.where(with_code == 0, take_or(handovers.reported, in_report, -1), neighbour)
    neighbour_name = take_or(ids.names, neighbour, np.nan)
    neighbour_name[with_code >= 2] = None
    joined = _joined_names(ids.names, list_neighbour, list_group, len(list_key))

    texts = _TargetTexts(ids.targets)
    sums = {c: take_or(handovers.sums[c], in_report, np.nan) if handovers is not None else np.full(len(key), np.nan) for c in HO}
    attempts = sums["ho_attempts"]
    rejected = pd.Series(attempts - _or_zero(sums["ho_success"]) - _or_zero(sums["ho_fail_return"])
                         - _or_zero(sums["ho_drops"])).clip(lower=0).to_numpy()
    nearest_km, nearest_cell = _nearest_same_code(key, ids, listed, cells)
    spacing = _site_spacing(ds, cells, row_cell, ~np.isnan(nearest_km))
    neighbour_row = ids.row_of(neighbour)
    sphere = _Sphere(cells)
    neighbour_km = np.where(neighbour_row >= 0, sphere.km(row_cell, np.maximum(neighbour_row, 0)), np.nan)
    # (copy=False: the columns as worked out, not copied into one block while they are still held:
    # 35 MB less at this level's peak at 20,000 cells, the peak of the scan's two processes)
    return pd.DataFrame(copy=False, data={
        "object": _text(texts.object_ids(ids.names, cell, neighbour, target)),
        "cell": cells["cell"].take(row_cell).reset_index(drop=True),
        "bsc": cells["bsc"].take(row_cell).reset_index(drop=True),
        "lac": as_float(cells["lac"])[row_cell],
        "neighbour": _text(neighbour_name),
        "nb_bcch": texts.bcch[target],
        "nb_bsic": _text(texts.bsic[target]),
        "neighbours_with_code": with_code,
        "code_neighbours": pd.Series(take_or(joined, in_list, np.nan), dtype="str"),
        "nearest_same_code_km": nearest_km,
        "nearest_same_code_cell": _text(nearest_cell),
        "site_spacing_km": spacing,
        "same_code_spacings": nearest_km / spacing,
        "neighbour_km": neighbour_km,
        **sums,
        "ho_failures": attempts - sums["ho_success"],
        "ho_fail_rate": 1.0 - ratio(sums["ho_success"], attempts),
        "ho_baseline_fail_rate": _baseline_fail_rate(cell, attempts, sums["ho_success"]),
        "ho_drop_rate": ratio(sums["ho_drops"], attempts),
        "ho_rejected": rejected,
        "ho_reject_rate": ratio(rejected, attempts),
        **_target_congestion(ds, ids.names, neighbour),
    })


def _baseline_fail_rate(cell: np.ndarray, attempts: np.ndarray, success: np.ndarray) -> np.ndarray:
    """Per row: the handover failure rate of its cell's other relations together, what the cell's
    handovers fail at anyway; the network's other relations' where the cell's carry fewer than
    BASELINE_ATTEMPTS (a quiet rural cell); missing where those do too."""
    counted = ~np.isnan(attempts) & ~np.isnan(success)
    tried, failed = np.where(counted, attempts, 0.0), np.where(counted, attempts - success, 0.0)
    group, cells = pd.factorize(cell)
    cell_tried = np.bincount(group, tried, len(cells))[group] - tried
    cell_failed = np.bincount(group, failed, len(cells))[group] - failed
    network_tried, network_failed = tried.sum() - tried, failed.sum() - failed
    enough = cell_tried >= BASELINE_ATTEMPTS
    rate = np.where(enough, ratio(cell_failed, cell_tried), ratio(network_failed, network_tried))
    return np.where(enough | (network_tried >= BASELINE_ATTEMPTS), rate, np.nan)


def _positions(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Position of each wanted key in the sorted keys, -1 where absent."""
    if not len(keys):
        return np.full(len(wanted), -1)
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[at] == wanted, at, -1)


def _text(values: np.ndarray) -> pd.Series:
    """Text as objects, as measures hold it (a frame would make pandas' `str` of it)."""
    return pd.Series(values, dtype=object)


def _or_zero(values: np.ndarray) -> np.ndarray:
    return np.where(np.isnan(values), 0.0, values)


class _TargetTexts:
    """What each target's text says, read once per target (the last entry: no target, id -1)."""

    def __init__(self, targets: np.ndarray) -> None:
        text = pd.Series(np.append(targets, None), dtype="string")
        self.by_name = text.str.startswith("name:").fillna(False).to_numpy(dtype=bool)
        # (names are most targets and never codes: only the others are parsed)
        code = text[~self.by_name].str.extract(r"^(?P<bcch>\d+)/(?P<bsic>\d+)$").reindex(text.index)
        self.bcch = as_float(code["bcch"])
        self.bsic = code["bsic"].astype(object).to_numpy()
        label = ("BCCH " + code["bcch"] + "/BSIC " + code["bsic"]).where(~self.by_name, text.str.slice(5))
        self.label = label.astype(object).to_numpy()

    def object_ids(self, names: np.ndarray, cell: np.ndarray, neighbour: np.ndarray, target: np.ndarray) -> np.ndarray:
        """`CELL->NEIGHBOUR`, `CELL->BCCH 62/BSIC 53` when the code names no one neighbour; a target
        known only by name keeps its name. Missing (pd.NA) without a target."""
        named = (neighbour >= 0) & ~self.by_name[target]
        return (names + "->")[cell] + np.where(named, take_or(names, neighbour, None), self.label[target])


def _joined_names(names: np.ndarray, neighbour: np.ndarray, group: np.ndarray, groups: int) -> np.ndarray:
    """Per group: its neighbours' names in sorted order, joined by ", " (a group of one is just the
    name). Only the few groups of several names are sorted (ids sort as names)."""
    named = neighbour >= 0
    group, neighbour = group[named], neighbour[named]
    size = np.bincount(group, minlength=groups)
    joined = np.empty(groups, dtype=object)
    alone = size[group] == 1
    joined[group[alone]] = names[neighbour[alone]]
    if not alone.all():  # the codes that name several neighbours (ghost BCCH/BSIC pairs)
        order = np.lexsort((neighbour[~alone], group[~alone]))
        several = pd.Series(names[neighbour[~alone][order]]).groupby(group[~alone][order], sort=False).agg(", ".join)
        joined[several.index.to_numpy()] = several.to_numpy(dtype=object)
    return joined


def _target_congestion(ds: Dataset, names: np.ndarray, neighbour: np.ndarray) -> dict[str, np.ndarray]:
    """The neighbour's TCH congestion over the window and at its busy hours, to judge it as a handover target (from the
    network context for a partial dataset: the target may be in another part)."""
    congestion = target_congestion_of(ds)
    found = pd.Index(names).get_indexer(congestion["neighbour"])
    row_of_name = np.full(len(names), -1)
    row_of_name[found[found >= 0]] = np.flatnonzero(found >= 0)
    row = take_or(row_of_name, neighbour, -1)
    return {c: take_or(as_float(congestion[c]), row, np.nan) for c in ("nb_tch_congestion_rate", "nb_tch_congestion", "nb_busy_congestion_rate")}


def _site_spacing(ds: Dataset, cells: pd.DataFrame, row_cell: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Per row, where `wanted`: its cell's distance to the nearest other site (the radio plan's, when
    the context brings it), the scale that makes a same-code cell near in a town or far in the
    country; missing elsewhere. Worked out only for the few rows with a same-code cell."""
    spacing = np.full(len(row_cell), np.nan)
    if not wanted.any():
        return spacing
    rows = np.unique(row_cell[wanted])
    plan = context_plan(ds.context)
    if plan is not None and "nearest_site_km" in plan:
        found = pd.Series(as_float(plan["nearest_site_km"]), index=plan["cell"].to_numpy(dtype=object))
        of_row = found[~found.index.duplicated()].reindex(cells["cell"].take(rows).to_numpy(dtype=object)).to_numpy(dtype="float64")
    else:
        of_row = nearest_site_km(cells, cells.take(rows))
    per_row = np.full(len(cells), np.nan)
    per_row[rows] = of_row
    spacing[wanted] = per_row[row_cell[wanted]]
    return spacing


class _Sphere:
    """Great-circle distances between configured cells (haversine), the per-cell trigonometry done once."""

    def __init__(self, cells: pd.DataFrame) -> None:
        self.lat, self.lon = np.radians(as_float(cells["lat"])), np.radians(as_float(cells["lon"]))
        self.cos_lat = np.cos(self.lat)

    def km(self, one: np.ndarray, other: np.ndarray) -> np.ndarray:
        lat1, lat2, lon1, lon2 = self.lat[one], self.lat[other], self.lon[one], self.lon[other]
        a = np.sin((lat2 - lat1) / 2) ** 2 + self.cos_lat[one] * self.cos_lat[other] * np.sin((lon2 - lon1) / 2) ** 2
        return 6371.0 * 2 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _nearest_same_code(key: np.ndarray, ids: _Ids, listed: _Relations, cells: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """For each row (its cell and target key, sorted): the nearest other configured cell with the
    target's code that is not one of the cell's neighbours (on equal distance, the first in the
    cell configuration).

    Each row's candidates are its code's cells in configuration order: candidate pair p of row r is
    first_pair[r] + the candidate's rank in its code, so the pairs to leave out (the cell itself,
    its listed neighbours) are marked by position, without a search per pair."""
    n = len(cells)
    source, code = ids.configured[ids.cell_of(key)], ids.target_of(key)
    code_of = ids.code_of_row
    by_code = np.argsort(code_of, kind="stable")
    by_code = by_code[code_of[by_code] >= 0]
    starts = np.searchsorted(code_of[by_code], np.arange(len(ids.targets) + 1))
    rank = np.zeros(n, dtype=np.int64)
    rank[by_code] = np.arange(len(by_code)) - starts[code_of[by_code]]
    count = np.where(code >= 0, starts[code + 1] - take_or(starts, code, 0), 0)
    first_pair = np.cumsum(count) - count
    left_out = np.zeros(count.sum(), dtype=bool)
    itself = np.flatnonzero((code >= 0) & (code_of[source] == code))
    left_out[first_pair[itself] + rank[source[itself]]] = True
    # Listed pairs as rows of the configuration; a name it lacks (-1) leaves nothing out.
    near, other = ids.row_of(listed.cell), ids.row_of(listed.neighbour)
    known = (near >= 0) & (other >= 0)
    near, other = near[known], other[known]
    row = _positions(key, ids.key(ids.name_of_row[near], code_of[other]))
    hit = (row >= 0) & (code_of[other] >= 0)
    left_out[first_pair[row[hit]] + rank[other[hit]]] = True

    sphere = _Sphere(cells)
    names = cells["cell"].to_numpy(dtype=object)
    nearest_km = np.full(len(key), np.nan)
    nearest_cell = np.full(len(key), np.nan, dtype=object)
    rows = np.flatnonzero(count)
    # Rows in blocks of about PAIRS_AT_ONCE candidate pairs: a national network has millions.
    ends = np.cumsum(count[rows])
    block = np.searchsorted(ends, np.arange(PAIRS_AT_ONCE, ends[-1] + PAIRS_AT_ONCE, PAIRS_AT_ONCE), side="right") if len(rows) else []
    for part in np.split(rows, np.unique(block[:-1])):
        if not len(part):
            continue
        row = np.repeat(part, count[part])
        pair = np.arange(first_pair[part[0]], first_pair[part[-1]] + count[part[-1]])
        candidate = by_code[np.repeat(starts[code[part]] - first_pair[part], count[part]) + pair]
        kept = ~left_out[pair]
        row, candidate = row[kept], candidate[kept]
        km = sphere.km(source[row], candidate)
        chosen = _first_nearest(row, km)
        nearest_km[row[chosen]] = km[chosen]
        nearest_cell[row[chosen]] = names[candidate[chosen]]
    return nearest_km, nearest_cell


def _first_nearest(row: np.ndarray, km: np.ndarray) -> np.ndarray:
    """Per run of equal `row` values (rows ascending): the position of its smallest km, the first of
    equals; a run of missing distances only gives its first (as a stable sort by km would)."""
    if not len(row):
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
    run = np.cumsum(np.r_[False, row[1:] != row[:-1]])
    with np.errstate(invalid="ignore"):
        least = np.fmin.reduceat(km, starts)[run]
    best = np.flatnonzero((km == least) | np.isnan(least))
    return best[np.r_[True, run[best][1:] != run[best][:-1]]]
