"""What a complaint's report draws beside its ranked causes: the hours around it, the alarms on a time
line, the cells as sectors with their neighbours, and the faulty objects to highlight.

    view = complaint_view(Inputs(data=Path("exports/")), TriageRequest(symptom="call_drop", cell="S0042B"))
    view.result          # the TriageResult (verdict, causes, candidates)
    view.series          # the candidate cells' measures per period (measure, cell, start_time, value)
    view.network         # the network's over the same periods (pooled rates, mean levels)

Everything here is data read or worked out from the dataset the triage read; drawing it is the
render package's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..dataset.model import Dataset
from ..dataset.window import overlapping, time_range, window_bounds
from ..errors import UsageError
from ..measures.context import BASELINE_RATES
from ..measures.series import cell_series, network_series, period_minutes, series_for
from .batch import Triager
from .request import TriageRequest, triaged
from .sectors import SECTOR_COLUMNS, sector_table
from .source import Inputs, Notes, ignore
from .triage import TriageResult

ALARM_COLUMNS = ["raised_at", "cleared_at", "bsc", "site", "cell", "trx", "object", "alarm", "alarm_class", "severity", "concerns"]
RELATION_COLUMNS = ["cell", "neighbour", "ho_attempts", "ho_success", "ho_fail_return", "ho_drops", "ho_fail_rate", "faulty"]
# Neighbours drawn around each candidate cell (the most handed-over-to first); more only clutter the map.
MAX_NEIGHBOURS = 12


@dataclass
class ComplaintView:
    """A triaged complaint with what its pictures need."""

    result: TriageResult
    measures: list[str]  # drawn, most telling first (those the data has)
    series: pd.DataFrame  # measure, cell, start_time, value: the candidate cells per period
    network: pd.DataFrame  # measure, cell (empty), start_time, value: the network per period
    baselines: dict[str, float]  # the network's whole-window value of the rates that have one
    window: tuple[pd.Timestamp, pd.Timestamp] | None  # the stretch of time shown
    period_min: float | None
    alarms: pd.DataFrame  # ALARM_COLUMNS: alarms open in the window on the candidates, their sites, BSC, neighbours
    sectors: pd.DataFrame  # SECTOR_COLUMNS + role (candidate, neighbour, other: a faulty cell elsewhere), rank (candidates 1..), faulty
    relations: pd.DataFrame  # RELATION_COLUMNS: each candidate's neighbour relations with their handovers
    faulty_cells: list[str] = field(default_factory=list)  # cells a data cause sits on (a TRX's cell included)
    other_objects: list[str] = field(default_factory=list)  # data causes above cell level (circuits, BSC, LAC)
    notes: list[str] = field(default_factory=list)

    @property
    def periods(self) -> list[pd.Timestamp]:
        """The periods in the window that the candidate cells have statistics for."""
        if self.series.empty:
            return []
        return sorted(pd.to_datetime(self.series["start_time"]).unique())


def complaint_view(inputs: Inputs, request: TriageRequest, lang: str = "en", on_note: Notes = ignore) -> ComplaintView:
    """`netdiag triage ... -o report.html`: the complaint triaged, with its pictures' data."""
    result, triager = triaged(inputs, request, lang, on_note)
    return view_of(result, triager, request.window_hours)


def view_of(result: TriageResult, triager: Triager, window_hours: float) -> ComplaintView:
    """The pictures' data of a triage done by `triager` (its dataset as read, before any window)."""
    ds = triager.dataset
    complaint = result.complaint
    candidates = [str(c) for c in result.candidates["cell"]] if not result.candidates.empty else []
    window = shown_window(ds, complaint.time, window_hours)
    measures = list(series_for(complaint.symptom))
    series = cell_series(ds, candidates, measures, window) if candidates else pd.DataFrame(columns=["measure", "cell", "start_time", "value"])
    network = network_series(ds, measures, window)
    drawn = [m for m in measures if m in set(series["measure"]) | set(network["measure"])]
    notes = []
    if ds.context is not None:
        notes.append("network_whole_window")
    causes = result.causes
    data = causes[causes["kind"].isin(["data", "location"])] if not causes.empty else causes
    faulty_cells = list(dict.fromkeys(str(c) for c in data["cell"].dropna())) if not data.empty else []
    others = [str(o) for o in data.loc[data["cell"].isna(), "object"].dropna()] if not data.empty else []
    faulty_relations = {str(o) for o in data.loc[data["level"] == "adjacency", "object"]} if not data.empty else set()
    relations = neighbour_relations(ds, candidates, window, faulty_relations)
    sectors = _sectors(ds, candidates, relations, faulty_cells)
    return ComplaintView(
        result=result, measures=drawn, series=series, network=network,
        baselines=_baselines(result), window=window, period_min=period_minutes(ds, measures),
        alarms=_alarms(ds, candidates, result, window), sectors=sectors, relations=relations,
        faulty_cells=faulty_cells, other_objects=list(dict.fromkeys(others)), notes=notes,
    )


def shown_window(ds: Dataset, time: pd.Timestamp | None, hours: float) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The hours before the complaint (and one after), or everything the statistics cover."""
    if time is not None:
        return window_bounds(time, hours)
    try:
        return time_range(ds)
    except UsageError:  # no statistics at all: nothing to draw over time
        return None


def _baselines(result: TriageResult) -> dict[str, float]:
    names = {name for name, _, _ in BASELINE_RATES}
    return {k: v["network"] for k, v in result.baseline.items() if k in names and v.get("network") is not None}


def _alarms(ds: Dataset, candidates: list[str], result: TriageResult, window) -> pd.DataFrame:
    """Alarms open at some time in the window on the candidate cells (their TRXs, antennas), their
    sites, their BSC as a whole, and the best candidate's neighbours; `concerns` says which."""
    if not ds.has("alarms") or not candidates:
        return pd.DataFrame(columns=ALARM_COLUMNS)
    alarms = ds["alarms"]
    if window is not None:
        keep = (alarms["raised_at"] < window[1]) & (alarms["cleared_at"].isna() | (alarms["cleared_at"] >= window[0]))
        alarms = alarms[keep.to_numpy(dtype=bool)]
    cells = ds["cells"]
    chosen = cells[cells["cell"].isin(candidates)]
    sites, bscs = set(chosen["site"].dropna().astype(str)), set(chosen["bsc"].dropna().astype(str))
    neighbours = set(result.scope.neighbours)
    cell, site, bsc = alarms["cell"].astype(object), alarms["site"].astype(object), alarms["bsc"].astype(object)
    concerns = np.select(
        [cell.isin(candidates), cell.isna() & site.isin(sites), cell.isna() & site.isna() & bsc.isin(bscs), cell.isin(neighbours)],
        ["cell", "site", "bsc", "neighbour"], None)
    out = alarms.assign(concerns=concerns)[concerns != None]  # noqa: E711 (numpy elementwise)
    return out.reindex(columns=ALARM_COLUMNS).sort_values(["raised_at", "object"], kind="stable").reset_index(drop=True)


def neighbour_relations(ds: Dataset, candidates: list[str], window, faulty: set[str] = frozenset(),
                        most: int | None = MAX_NEIGHBOURS) -> pd.DataFrame:
    """Each cell's neighbour relations (the most handed over to first, `most` a cell), with the
    handovers of the 180 report in the window; `faulty` names relations (CELL->NEIGHBOUR) to flag."""
    if not candidates or not ds.has("neighbours"):
        return pd.DataFrame(columns=RELATION_COLUMNS)
    nb = ds["neighbours"]
    relations = nb[nb["cell"].isin(candidates) & nb["neighbour"].notna()][["cell", "neighbour"]].astype(str).drop_duplicates()
    counters = ["ho_attempts", "ho_success", "ho_fail_return", "ho_drops"]
    if ds.has("adjacency_ho"):
        ho = ds["adjacency_ho"]
        if window is not None:
            ho = ho[overlapping(ho, *window).to_numpy(dtype=bool)]
        ho = ho[ho["cell"].isin(candidates) & ho["neighbour"].notna()]
        sums = ho.assign(cell=ho["cell"].astype(str), neighbour=ho["neighbour"].astype(str)) \
            .groupby(["cell", "neighbour"])[counters].sum(min_count=1).reset_index()
        relations = relations.merge(sums, on=["cell", "neighbour"], how="left")
    relations = relations.reindex(columns=["cell", "neighbour", *counters])
    attempts = relations["ho_attempts"].astype("float64")
    relations["ho_fail_rate"] = np.where(attempts > 0, 1.0 - relations["ho_success"].astype("float64") / attempts, np.nan)
    relations["faulty"] = (relations["cell"] + "->" + relations["neighbour"]).isin(faulty)
    relations["_order"] = attempts.fillna(-1)
    relations = relations.sort_values(["cell", "faulty", "_order", "neighbour"], ascending=[True, False, False, True], kind="stable")
    if most is not None:
        relations = relations.groupby("cell", sort=False).head(most)
    order = {c: i for i, c in enumerate(candidates)}
    relations = relations.assign(_cand=relations["cell"].map(order)).sort_values(["_cand"], kind="stable")
    return relations[RELATION_COLUMNS].reset_index(drop=True)


def _sectors(ds: Dataset, candidates: list[str], relations: pd.DataFrame, faulty: list[str]) -> pd.DataFrame:
    """The candidate cells, their drawn neighbours and any faulty cell as sectors, with their role."""
    wanted = list(dict.fromkeys([*candidates, *relations["neighbour"], *faulty]))
    if not wanted or not ds.has("cells"):
        return pd.DataFrame(columns=[*SECTOR_COLUMNS, "role", "rank", "faulty"])
    sectors = sector_table(ds["cells"], wanted)
    rank = {c: i + 1 for i, c in enumerate(candidates)}
    sectors["rank"] = sectors["cell"].map(rank).astype("Int64")
    drawn = set(relations["neighbour"])
    sectors["role"] = np.select([sectors["rank"].notna().to_numpy(dtype=bool), sectors["cell"].isin(drawn).to_numpy()],
                                ["candidate", "neighbour"], "other")
    sectors["faulty"] = sectors["cell"].isin(faulty)
    order = sectors.assign(_o=sectors["rank"].astype("Float64").fillna(1e9)).sort_values(["_o", "cell"], kind="stable")
    return order.drop(columns="_o").reset_index(drop=True)
