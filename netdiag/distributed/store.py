"""A scan of the history store whose partitions are read where they are diagnosed.

`scan --store DIR --workers N` / `--scheduler ADDRESS`: the client reads only the manifest, the cell
configuration (to split the network into partitions of whole BSCs), the alarm list and the days'
network summaries (the network context, from store.daily); each worker reads its own partitions'
rows from the store (a path every worker sees, or an fsspec URL whose filesystem package is
installed everywhere), diagnoses them against that context and sends back their findings. The
client never holds the network's statistics. `diagnose_store_in_parts` does the same partition by
partition in this process: a network larger than memory, scanned one partition at a time.

A partition is what `partition.split_by_bsc` makes of the whole dataset: the rows of its BSCs'
cells and of the BSCs themselves, the configuration whole, alarms as split_by_bsc places them;
partition 0 also takes the rows of cells and BSCs the configuration does not know. The findings
equal those of `scan --store` on the same days, row for row.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads

from ..dataset.complete import build_dataset
from ..dataset.context import NetworkContext
from ..diagnosis.diagnose import Diagnosis, diagnose
from ..diagnosis.source import Inputs, Notes, ignore
from ..measures.context import network_context
from ..measures.radio import radio_plan
from ..rules.engine import FINDING_COLUMNS, ranked
from ..rules.loader import RuleSet
from ..store.layout import BSC_TABLES, CELL_TABLES, SNAPSHOT_TABLES, TIME_COLUMN, arrow_schema, to_frame
from ..store.reader import StoreReader, _both, _scan
from .partition import ALARMS, PartitionedDataset, _alarm_pieces, owned

if TYPE_CHECKING:
    from distributed import Client


@dataclass(frozen=True)
class StoreScan:
    """What the client works out before any statistics are read, and sends to every worker."""

    store: str
    days: int | None
    until: date | None
    group: dict[str, int]  # BSC -> partition
    parts: int
    configured_bscs: frozenset[str]
    present: frozenset[str]  # tables with rows in the window: has() answers for the whole network
    context: NetworkContext | None = None  # the network's, without the radio plan (worked out on a worker)
    notes: tuple[str, ...] = ()


# Cell statistics rows (cell_kpi; TRX rows are about twice as many) one partition holds at most: a
# worker diagnosing one needs about 2 GB. More partitions than worker threads when the window is larger.
PART_ROWS = 1_000_000


def partitions_for(store, days: int | None, until: date | None, threads: int) -> int:
    """As many partitions as worker threads, or more, so that none holds more than PART_ROWS rows."""
    reader = StoreReader(_path(store))
    window = reader.window(days, until)
    entries = reader.manifest.partitions.get("cell_kpi", {})
    rows = sum(int(entries[d].get("rows") or 0) for d in window.days if d in entries)
    return max(threads, -(-rows // PART_ROWS))


def plan_store_scan(store, days: int | None, until: date | None, partitions: int) -> StoreScan:
    """The partitions (whole BSCs, balanced by their cells) and the network context from the days'
    summaries; only the manifest, the cell configuration and the alarm list are read."""
    reader = StoreReader(_path(store))
    window = reader.window(days, until)
    config = reader.snapshot("cells", window)
    bscs = sorted({str(b) for b in config["bsc"].dropna()})
    group = in_cell_order(config, partitions)
    present = {name for name in SNAPSHOT_TABLES if _snapshot_rows(reader, name, window)}
    present |= {name for name in TIME_COLUMN if name != ALARMS and _rows_in(reader, name, window)}
    if not reader._time_table(ALARMS, window, None).empty:
        present.add(ALARMS)
    context = network_context(reader._context(window, config["cell"]))
    notes = tuple(reader._window_notes(window) + reader.notes)
    return StoreScan(str(store), days, until, group, max(group.values(), default=0) + 1,
                     frozenset(bscs), frozenset(present), context, notes)


def in_cell_order(config: pd.DataFrame, partitions: int) -> dict[str, int]:
    """Whole BSCs in runs of the store's cell order (each BSC at its first cell), cut where the runs
    reach k/n of the configured cells. The store's files are sorted by cell, so a partition's rows lie
    together and its reads skip the other row groups (by their min/max statistics): scattered BSCs
    would make every partition decode every row group of every day."""
    frame = pd.DataFrame({"cell": config["cell"].astype(object), "bsc": config["bsc"].astype(object)}).dropna()
    if frame.empty:
        return {}
    frame["bsc"] = frame["bsc"].astype(str)
    bscs = frame.groupby("bsc", sort=True)["cell"].agg(["min", "size"]).sort_values("min", kind="stable")
    weights = bscs["size"].to_numpy(dtype="float64")
    n = max(1, min(partitions, len(bscs)))
    middle = np.cumsum(weights) - weights / 2  # each BSC goes by the middle of its run of cells
    runs = np.minimum((middle * n / weights.sum()).astype("int64"), n - 1)
    index = np.unique(runs, return_inverse=True)[1]  # no empty partition between two runs
    return dict(zip(bscs.index, (int(i) for i in index)))


def read_partition(scan: StoreScan, index: int, context: NetworkContext | None) -> PartitionedDataset:
    """Partition `index` of the store's window, read from the store (on the worker that diagnoses it)."""
    reader = StoreReader(_path(scan.store))
    window = reader.window(scan.days, scan.until)
    config = reader.snapshot("cells", window)
    mine = frozenset(b for b, i in scan.group.items() if i == index)
    cell_bsc = config["bsc"].astype(object)
    cells = set(config.loc[cell_bsc.isin(mine).to_numpy(), "cell"])
    first = index == 0
    if first:
        cells |= set(config.loc[cell_bsc.isna().to_numpy(), "cell"])  # cells without a BSC: partition 0
    by_cell, by_bsc = _cell_filter(cells, config["cell"], first), _bsc_filter(mine, scan.configured_bscs, first)
    tables: dict[str, pd.DataFrame] = {}
    for name in SNAPSHOT_TABLES:
        if reader.snapshot_day(name, window) is None:
            continue
        wanted = by_cell if name == "neighbours" else by_bsc if name == "a_circuit_state" else None
        tables[name] = reader.snapshot(name, window) if wanted is None else reader.read_snapshot(name, window, wanted)
    for name in TIME_COLUMN:
        wanted = by_cell if name in CELL_TABLES else by_bsc if name in BSC_TABLES else None
        if name == ALARMS:
            tables[name] = reader._time_table(name, window, None)
            continue
        pieces = [_scan(files, name, _both(when, wanted)) for files, when in reader._sources(name, window)]
        tables[name] = to_frame(pa.concat_tables(pieces) if pieces else arrow_schema(name).empty_table(), name)
    # A table the network has stays, rows or not: has() answers for the network (PartitionedDataset).
    tables = {name: frame for name, frame in tables.items() if name == "cells" or not frame.empty or name in scan.present}
    dictionary = reader.manifest.files.get("alarm_dictionary")
    ds = build_dataset(tables, root=reader.store, alarm_dictionary_file=str(reader.store / dictionary) if dictionary else None)
    if ds.has(ALARMS):  # placed as split_by_bsc places them (on a cell, a site of several BSCs, a BSC)
        ds.tables[ALARMS] = _alarms_of(ds[ALARMS], config, scan.group, scan.parts, index)
    return PartitionedDataset(tables=ds.tables, root=ds.root, context=context, present=scan.present)


def part_findings(scan: StoreScan, index: int, context: NetworkContext, rules: RuleSet, overrides=None):
    """On a worker: read partition `index`, diagnose it against the network context, keep its own findings."""
    diagnosis = diagnose(read_partition(scan, index, context), rules, overrides)
    return owned(diagnosis.findings, scan.group, index), diagnosis.skipped


def store_radio_plan(scan: StoreScan) -> pd.DataFrame:
    """The radio plan of the window's configuration (cells and TRX), worked out once on a worker."""
    reader = StoreReader(_path(scan.store))
    window = reader.window(scan.days, scan.until)
    config = {name: reader.snapshot(name, window) for name in ("cells", "trx") if reader.snapshot_day(name, window)}
    return radio_plan(PartitionedDataset(tables=config, present=scan.present))


def diagnose_store_distributed(inputs: Inputs, rules: RuleSet, client: Client, partitions: int | None = None,
                               on_note: Notes = ignore) -> Diagnosis:
    """`scan --store` on a Dask cluster, each partition read by the worker that diagnoses it."""
    threads = sum(client.nthreads().values()) or 1
    scan = plan_store_scan(inputs.store, inputs.days, inputs.until,
                           partitions or partitions_for(inputs.store, inputs.days, inputs.until, threads))
    for line in scan.notes:
        on_note(f"note: {line}")
    plan = client.submit(store_radio_plan, scan, pure=False)
    context = dataclasses.replace(scan.context, radio_plan=plan.result())
    scan_there, context_there, rules_there = client.scatter([dataclasses.replace(scan, context=None), context, rules],
                                                            broadcast=True, hash=False)
    results = client.gather([client.submit(part_findings, scan_there, index, context_there, rules_there, pure=False)
                             for index in range(scan.parts)])
    return _gathered(results)


def diagnose_store_in_parts(inputs: Inputs, rules: RuleSet, partitions: int | None = None, on_note: Notes = ignore) -> Diagnosis:
    """The same, partition after partition in this process: memory holds one partition at a time
    (default: partitions of at most PART_ROWS cell statistics rows)."""
    from ..memory import release_memory

    scan = plan_store_scan(inputs.store, inputs.days, inputs.until,
                           partitions or partitions_for(inputs.store, inputs.days, inputs.until, 1))
    for line in scan.notes:
        on_note(f"note: {line}")
    context = dataclasses.replace(scan.context, radio_plan=store_radio_plan(scan))
    results = []
    for index in range(scan.parts):
        results.append(part_findings(scan, index, context, rules))
        release_memory()
    return _gathered(results)


def _gathered(results) -> Diagnosis:
    found = [findings for findings, _ in results if not findings.empty]
    findings = ranked(pd.concat(found, ignore_index=True)) if found else pd.DataFrame(columns=FINDING_COLUMNS)
    return Diagnosis(findings=findings, skipped=results[0][1] if results else [], dataset=None, measures={})


def _path(store):
    from pathlib import Path

    return Path(store)


def _cell_filter(cells: set[str], configured: pd.Series, first: bool):
    """Rows of the partition's cells (partition 0: also of cells the configuration lacks)."""
    cell = pads.field("cell")
    wanted = _within(cell, sorted(cells))
    if first:
        known = pa.array(sorted(set(configured.dropna().astype(str))), pa.string())
        wanted = wanted | cell.is_null() | ~cell.isin(known)
    return wanted


def _within(field, names: list[str]):
    """`field` among `names`, with their range beside: pyarrow skips row groups by min/max for a range,
    not for isin alone."""
    wanted = field.isin(pa.array(names, pa.string()))
    return (field >= names[0]) & (field <= names[-1]) & wanted if names else wanted


def _bsc_filter(bscs: frozenset[str], configured: frozenset[str], first: bool):
    """Rows of the partition's BSCs (partition 0: also without a BSC, or of one the configuration lacks)."""
    bsc = pads.field("bsc")
    wanted = _within(bsc, sorted(bscs))
    if first:
        wanted = wanted | bsc.is_null() | ~bsc.isin(pa.array(sorted(configured), pa.string()))
    return wanted


def _alarms_of(alarms: pd.DataFrame, config: pd.DataFrame, group: dict[str, int], parts: int, index: int) -> pd.DataFrame:
    codes = config["bsc"].astype(object).map(group)
    cell_group = pd.Series(codes.fillna(0).to_numpy(dtype="int64"), index=config["cell"].to_numpy())
    return _alarm_pieces(alarms, config, cell_group, group, parts)[index]


def _snapshot_rows(reader: StoreReader, name: str, window) -> bool:
    day = reader.snapshot_day(name, window)
    return day is not None and int(reader.manifest.partitions[name][day].get("rows") or 0) > 0


def _rows_in(reader: StoreReader, name: str, window) -> bool:
    entries = reader.manifest.partitions.get(name, {})
    return any(int(entries[d].get("rows") or 0) > 0 for d in window.days if d in entries)


