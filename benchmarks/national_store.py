"""Write the national bench store: the bench network's day as REGIONS regions, DAYS days of quarter hours.

    python benchmarks/national_store.py NETWORK_DIR STORE_DIR REGIONS DAYS

Each region is the network renamed (cells, sites, BSCs and MSCs prefixed R1_, R2_, ...; LACs offset;
coordinates moved 0.6 degrees north per region, so that frequency reuse stays within a region), each
hourly row split into four quarter-hour rows (whole counters split, levels and loads kept), each day
the same day shifted. Written straight as the store's files (one Parquet file per table and day,
rows in the store's order, the day's network summary) and its manifest, one region at a time: a
network this size does not fit `netdiag import` in memory on a 24 GiB machine.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from netdiag import load_dataset
from netdiag.dataset.model import Dataset
from netdiag.io.schema import INT, TABLES
from netdiag.measures.context import combine, context_parts
from netdiag.store import daily
from netdiag.store.layout import CONTEXT, MANIFEST, ROW_GROUP_ROWS, SNAPSHOT_TABLES, TIME_COLUMN, arrow_schema, part_name, partition_dir, sort_columns, to_arrow

NAMES = ("cell", "neighbour", "site", "bsc", "msc", "object")
QUARTER = pd.Timedelta(minutes=15)


def region(ds: Dataset, r: int) -> dict[str, pd.DataFrame]:
    """The network as region r: its names prefixed, LACs offset, moved north, hours in quarters."""
    out = {}
    for name, frame in ds.tables.items():
        frame = frame.copy()
        for column in NAMES:
            if column in frame and frame[column].dtype == object:
                present = frame[column].notna()
                frame.loc[present, column] = f"R{r}_" + frame.loc[present, column].astype(str)
        if "lac" in frame:
            frame["lac"] = frame["lac"] + 1000 * r
        if "lat" in frame:
            frame["lat"] = frame["lat"] + 0.6 * (r - 1)
        if "start_time" in frame and (frame["period_min"] == 60).all():
            frame = quarters(name, frame)
        out[name] = frame
    return out


def quarters(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Each hourly row as four quarter-hour rows: whole counters split (the remainder to the first
    quarters), everything else kept."""
    counts = [c.name for c in TABLES[name].columns if c.kind == INT and c.name in frame and c.name not in ("lac", "ci", "trx")]
    pieces = []
    for k in range(4):
        piece = frame.assign(start_time=frame["start_time"] + k * QUARTER, period_min=15)
        for column in counts:
            values = frame[column]
            piece[column] = values // 4 + (values % 4 > k).astype("Int64")
        pieces.append(piece)
    return pd.concat(pieces, ignore_index=True)


def main() -> None:
    network, store, regions, days = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    ds = load_dataset(network)
    first = pd.Timestamp(ds["cell_kpi"]["start_time"].min()).normalize()
    dates = [(first + pd.Timedelta(days=d)).date().isoformat() for d in range(days)]
    tables = [name for name in (*SNAPSHOT_TABLES, *TIME_COLUMN) if name in ds.tables]
    writers, rows = {}, {name: 0 for name in tables}
    summaries = []
    for r in range(1, regions + 1):
        part = region(ds, r)
        stats = {name: part[name] for name in daily.STATS_TABLES if name in part}
        every = pd.DataFrame({"cell": part["cell_kpi"]["cell"].dropna().unique()})
        summaries.append(context_parts(Dataset({"cells": every, **stats})))
        for name in tables:
            frame = part[name].sort_values(sort_columns(name), kind="stable")
            for d, day in enumerate(dates):
                shifted = frame.assign(**{c: frame[c] + pd.Timedelta(days=d) for c in ("start_time", "raised_at", "cleared_at") if c in frame})
                key = (name, day)
                if key not in writers:
                    path = partition_dir(store, name, day) / part_name(1)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    writers[key] = pq.ParquetWriter(path, arrow_schema(name), compression="zstd")
                writers[key].write_table(to_arrow(shifted, name), row_group_size=ROW_GROUP_ROWS)
            rows[name] += len(frame)
        print(f"region {r} of {regions} written", file=sys.stderr, flush=True)
        del part
    for writer in writers.values():
        writer.close()
    whole = combine(summaries)
    manifest = {"format": 1, "files": {}, "imports": [], "days": {},
                "partitions": {name: {day: {"file": part_name(1), "import": 1, "rows": rows[name]} for day in dates} for name in tables}}
    manifest["partitions"][CONTEXT] = {}
    for d, day in enumerate(dates):
        shift = pd.Timedelta(days=d)
        parts = [daily._to_arrow(name, frame.assign(start_time=frame["start_time"] + shift) if "start_time" in frame else frame)
                 for name, frame in daily._frames(whole).items() if not frame.empty]
        path = partition_dir(store, CONTEXT, day) / part_name(1)
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.concat_tables(parts), path)
        manifest["partitions"][CONTEXT][day] = {"file": part_name(1), "import": 1, "rows": sum(p.num_rows for p in parts)}
        manifest["days"][day] = {"stats_end": (whole.window_end + shift).isoformat(sep=" "), "alarms_end": None,
                                 "parts": sorted(daily.layout())}
    (store / MANIFEST).write_text(json.dumps(manifest, indent=1))
    print(f"{regions * len(ds['cells']):,} cells, {len(dates)} days into {store}", file=sys.stderr)


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
