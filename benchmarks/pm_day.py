"""`make bench`, PM XML: a day of the 20,000-cell network as 15-minute 3GPP measCollec files, read by
netdiag against the floor of streaming them with lxml iterparse.

The day (written once, cached in .bench/pmxml-<cells>/ beside the network it comes from): the
network's cells.csv, and one gzipped 32.435 measCollec file per BSC and 15-minute period (200 BSCs x
96 periods = 19,200 files for 20,000 cells), named as OMC-Rs name them
(3GPP TS 32.432: `A20261120.1415+0800-1430+0800_BSC001.xml.gz`). Each file has four measInfo blocks per
cell: TCH, CCCH/SDCCH and handover counters under their 3GPP TS 52.402 names (the network's hourly
counters spread over the hour's quarters: counts split, means kept), and six vendor counters the
dictionary does not know; about one result in a thousand is NIL and one object in five hundred is
suspect. The files are written here with plain string formatting, not with netdiag's own writer.

Timed as fresh processes (benchmarks/pm_xml_floor.py --child): the floor streams the files with
lxml iterparse and adds up every measResults value, nothing else; the reader is netdiag.load_dataset
of the folder (cells.csv, then every file into cell_kpi through the counter dictionary, checks).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow.csv as pacsv

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import pm_xml_floor  # noqa: E402  (a sibling script: its floor and reader children are what is timed)

GOAL = 2.0  # reader / floor
DAY = "2026-11-20"
NS = "http://www.3gpp.org/ftp/specs/archive/32_series/32.435#measCollec"
# measInfo -> (3GPP TS 52.402 name, the network's cell_kpi column; None: a vendor counter netdiag does not know)
BLOCKS = {
    "TCH": [("attTCHSeizures", "tch_attempts"), ("succTCHSeizures", "tch_seizures"),
            ("attTCHSeizuresMeetingTCHBlockedState", "tch_congestion"), ("nbrOfLostRadioLinksTCH", "tch_drops"),
            ("meanNbrOfBusyTCHs", "tch_traffic_erl"), ("nbrOfAvailableTCHs", "tch_available")],
    "CCCH_SDCCH": [("attImmediateAssignProcs", "call_attempts"), ("attTransOfPagingMessagesThePCH", "paging_sent"),
                   ("nbrOfPagesDiscardedFromPCHQueue", "paging_discarded"),
                   ("attSDCCHSeizuresMeetingSDCCHBlockedState", "sdcch_congestion"),
                   ("nbrOfLostRadioLinksSDCCH", "sdcch_drops")],
    "HO": [("attOutgoingInternalInterCellHDOs", "ho_out_attempts"), ("succOutgoingInternalInterCellHDOs", "ho_out_success"),
           ("attIncomingInternalInterCellHDOs", "ho_in_attempts"), ("succIncomingInternalInterCellHDOs", "ho_in_success")],
    "VENDOR": [(f"vendorCounter{i}", None) for i in range(1, 7)],
}
MEANS = {"tch_traffic_erl", "tch_available"}  # kept as they are in every quarter; counts are split
VERSION = "1"  # of the files written here: a new one writes them again


def day_folder(network: Path, cells: int, cache: Path, quarters: int = 96) -> Path:
    """The network's day as PM XML (written once; again when the network or this generator changes).
    `quarters`: the first so many quarter hours only (tests)."""
    folder = cache / f"pmxml-{cells}" if quarters == 96 else cache / f"pmxml-{cells}-{quarters}q"
    stamp = folder.with_name(folder.name + ".json")
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update((network.parent / f"{network.name}.json").read_bytes() if (network.parent / f"{network.name}.json").exists() else b"")
    key = {"cells": cells, "quarters": quarters, "version": VERSION, "source": digest.hexdigest()[:16]}
    if folder.is_dir() and stamp.is_file() and json.loads(stamp.read_text()) == key:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"writing a day of {cells:,} cells as 15-minute measCollec files into {folder} (once) ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    files = write_day(network, folder, quarters)
    print(f"  {files:,} files in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    stamp.write_text(json.dumps(key))
    return folder


def write_day(network: Path, folder: Path, quarters: int = 96, seed: int = 7) -> int:
    shutil.copy(network / "cells.csv", folder / "cells.csv")
    cells = pacsv.read_csv(network / "cells.csv").select(["cell", "bsc", "site"]).to_pandas()
    kpi = pacsv.read_csv(network / "cell_kpi.csv").to_pandas()
    hours = (kpi["start_time"] - kpi["start_time"].min()).dt.total_seconds().floordiv(3600).astype(int).to_numpy()
    row_of = {cell: i for i, cell in enumerate(cells["cell"])}
    index = kpi["cell"].map(row_of).to_numpy()
    known = [column for counters in BLOCKS.values() for _name, column in counters if column]
    hourly = np.zeros((len(cells), 24, len(known)))
    hourly[index, hours] = kpi[known].fillna(0).to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    written = 0
    for bsc, members in cells.groupby("bsc", sort=True):
        rows = members.index.to_numpy()
        ldns = [f"SubNetwork=1,ManagedElement={bsc},BtsSiteMgr={site},GsmCell={cell}"
                for cell, site in zip(members["cell"], members["site"])]
        for quarter in range(quarters):
            values = _quarter(hourly[rows, quarter // 4], quarter % 4, known)
            text = _file(str(bsc), quarter, ldns, values, known, rng)
            begin, end = quarter * 15, (quarter + 1) * 15 % 1440
            name = f"A{DAY.replace('-', '')}.{begin // 60:02d}{begin % 60:02d}+0800-{end // 60:02d}{end % 60:02d}+0800_{bsc}.xml.gz"
            (folder / name).write_bytes(gzip.compress(text.encode(), compresslevel=6, mtime=0))
            written += 1
    return written


def _quarter(hour: np.ndarray, quarter: int, known: list[str]) -> np.ndarray:
    """A quarter of each cell's hourly counters: counts split into four whole parts, means as they are."""
    out = np.floor(hour / 4) + (quarter < np.mod(hour, 4))
    means = [i for i, column in enumerate(known) if column in MEANS]
    out[:, means] = hour[:, means]
    return out


def _file(bsc: str, quarter: int, ldns: list[str], values: np.ndarray, known: list[str], rng: np.random.Generator) -> str:
    minutes = quarter * 15
    begin = f"{DAY}T{minutes // 60:02d}:{minutes % 60:02d}:00+08:00"
    end_minutes = minutes + 15
    end = f"{DAY}T{end_minutes // 60:02d}:{end_minutes % 60:02d}:00+08:00" if end_minutes < 1440 else "2026-11-21T00:00:00+08:00"
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<measCollecFile xmlns="{NS}">\n',
           f'  <fileHeader fileFormatVersion="32.435 V10.0" vendorName="bench"><fileSender localDn="ManagedElement={bsc}" '
           f'elementType="BSC"/><measCollec beginTime="{begin}"/></fileHeader>\n  <measData>\n',
           f'    <managedElement localDn="ManagedElement={bsc}" userLabel="{bsc}"/>\n']
    at = 0
    for job, (info, counters) in enumerate(BLOCKS.items(), start=1):
        out.append(f'    <measInfo measInfoId="{info}">\n      <job jobId="{job}"/>\n'
                   f'      <granPeriod duration="PT900S" endTime="{end}"/>\n      <repPeriod duration="PT900S"/>\n'
                   f'      <measTypes>{" ".join(name for name, _ in counters)}</measTypes>\n')
        if counters[0][1] is None:
            block = rng.poisson(20.0, size=(len(ldns), len(counters))).astype(float)
        else:
            block = values[:, at:at + len(counters)]
            at += len(counters)
        texts = _texts(block, rng)
        suspect = rng.random(len(ldns)) < 0.002
        for ldn, text, flagged in zip(ldns, texts, suspect):
            out.append(f'      <measValue measObjLdn="{ldn}">\n        <measResults>{text}</measResults>\n'
                       + ("        <suspect>true</suspect>\n" if flagged else "") + "      </measValue>\n")
        out.append("    </measInfo>\n")
    out.append(f'  </measData>\n  <fileFooter><measCollec endTime="{end}"/></fileFooter>\n</measCollecFile>\n')
    return "".join(out)


def _texts(block: np.ndarray, rng: np.random.Generator) -> list[str]:
    """Each object's results as written: whole numbers without a point, NIL for about one in a thousand."""
    nil = rng.random(block.shape) < 0.001
    rows = []
    for values, absent in zip(block.tolist(), nil.tolist()):
        rows.append(" ".join("NIL" if a else (str(int(v)) if float(v).is_integer() else f"{v:.3f}") for v, a in zip(values, absent)))
    return rows


def measure(folder: Path, runs: int) -> dict[str, object]:
    """Floor and reader by turns, fresh processes; medians, best runs, MB/s, rows/s, peak memory, ratio."""
    paths = pm_xml_floor.pm_files(folder)
    on_disk, xml = pm_xml_floor._sizes(paths)
    kinds: dict[str, list[dict]] = {"floor": [], "dataset": []}
    for i in range(runs):
        for kind in kinds:
            kinds[kind].append(pm_xml_floor._run(kind, folder))
        print(f"  pm xml run {i + 1}/{runs}: floor {kinds['floor'][-1]['seconds']:.1f} s, "
              f"netdiag {kinds['dataset'][-1]['seconds']:.1f} s", file=sys.stderr, flush=True)
    result: dict[str, object] = {"files": len(paths), "xml_mb": round(xml / 1e6, 1), "gzip_mb": round(on_disk / 1e6, 1)}
    for kind, done in kinds.items():
        seconds = statistics.median(r["seconds"] for r in done)
        result[kind] = {
            "seconds": round(seconds, 2), "cpu_seconds": round(statistics.median(r["cpu"] for r in done), 2),
            "best_seconds": round(min(r["seconds"] for r in done), 2), "peak_mb": round(max(r["peak_mib"] for r in done) * 1.048576, 1),
            "xml_mb_per_s": round(xml / 1e6 / seconds, 1), "values": done[0]["values"], "rows": done[0]["rows"],
            "all_seconds": [round(r["seconds"], 2) for r in done],
        }
    floor, reader = result["floor"], result["dataset"]
    result["rows"] = reader["rows"]
    result["rows_per_s"] = round(reader["rows"] / reader["seconds"])
    result["reader_vs_floor"] = round(reader["seconds"] / floor["seconds"], 3)
    result["reader_vs_floor_cpu"] = round(reader["cpu_seconds"] / floor["cpu_seconds"], 3)
    result["goal"] = GOAL
    result["verdict"] = "PASS" if result["reader_vs_floor"] <= GOAL else "MISS"
    return result


def report_lines(result: dict[str, object]) -> list[str]:
    floor, reader = result["floor"], result["dataset"]
    return [
        f"  pm xml day     {result['files']:,} gzipped measCollec files (a BSC, a quarter hour), {result['xml_mb']:,.0f} MB XML, "
        f"{result['gzip_mb']:,.0f} MB on disk, {result['rows']:,} cell rows",
        f"  iterparse floor{floor['seconds']:8.2f} s   peak {floor['peak_mb']:7.1f} MB   cpu {floor['cpu_seconds']:6.2f} s   "
        f"{floor['xml_mb_per_s']:6.1f} MB/s XML   (lxml iterparse, sum of every value)",
        f"  netdiag read   {reader['seconds']:7.2f} s   peak {reader['peak_mb']:7.1f} MB   cpu {reader['cpu_seconds']:6.2f} s   "
        f"{reader['xml_mb_per_s']:6.1f} MB/s XML   {result['rows_per_s']:,} rows/s   (netdiag.load_dataset)",
        f"  read / floor   {result['reader_vs_floor']:7.2f} x   (cpu {result['reader_vs_floor_cpu']:.2f} x)   goal <= {result['goal']} x     "
        f"{result['verdict']}",
    ]
