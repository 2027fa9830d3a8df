"""Rows/s and MB/s of netdiag.load_dataset for each vendor statistics format, on the same cells.

For each format a folder (written once, cached in .bench/formats/<format>/, with plain string
formatting, not netdiag's writer) holds cells.csv and 2,000 cells x 16 quarter hours of 8 TCH/CCCH
counters: 32.435 measCollec in its list form (measTypes/measResults) and its indexed form
(measType p=/r p=), 32.401 mdc (mt/mv/moid/r), one gzipped file per BSC and period; Huawei M2000
CSV, one file per period. Each is read by netdiag.load_dataset in a fresh process, 3 times; the run
of least CPU is printed (rows per CPU second, uncompressed MB per CPU second, peak memory), since
on a shared machine wall time says more about the other work than about netdiag.

    .venv/bin/python benchmarks/pm_formats.py [list indexed mdc m2000]
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(os.environ.get("BENCH_DIR", Path(__file__).resolve().parents[1] / ".bench")) / "formats"
FORMATS = ("list", "indexed", "mdc", "m2000")
CELLS, BSCS, PERIODS = 2000, 20, 16
NAMES = ["attTCHSeizures", "succTCHSeizures", "attTCHSeizuresMeetingTCHBlockedState", "nbrOfLostRadioLinksTCH",
         "meanNbrOfBusyTCHs", "nbrOfAvailableTCHs", "attImmediateAssignProcs", "attTransOfPagingMessagesThePCH"]
HW = ['"K3014:Traffic Volume on TCH(Erl)"', '"K3015:Available TCHs"', '"K3020:TCH Seizure Requests (Signaling Channel)"',
      '"K3010A:TCH Seizure Requests (Traffic Channel)"', '"K3010B:TCH Seizure Requests in TCH Handovers (Traffic Channel)"',
      '"K3021:Failed TCH Seizures due to Busy TCH (Signaling Channel)"', '"K3011A:Failed TCH Seizures due to Busy TCH (Traffic Channel)"',
      '"K3011B:Failed TCH Seizures in TCH Handovers due to Busy TCH (Traffic Channel)"']
NS = "http://www.3gpp.org/ftp/specs/archive/32_series/32.435#measCollec"

LDN = "SubNetwork=1,ManagedElement=BSC{b:02d},GsmCell=C{i:05d}"


def write(fmt: str) -> Path:
    """The format's folder (written once; a folder left half-written is written again)."""
    folder = ROOT / fmt
    done = folder / ".written"
    if done.is_file():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["cell,bsc,lac,ci"] + [f"C{i:05d},BSC{i % BSCS:02d},{4100 + i % BSCS},{10000 + i}" for i in range(CELLS)]
    (folder / "cells.csv").write_text("\n".join(lines) + "\n")
    rng = np.random.default_rng(1)
    for period in range(PERIODS):
        start = divmod(period * 15, 60)
        if fmt == "m2000":
            (folder / f"pmresult_1275071424_15_20261120{start[0]:02d}{start[1]:02d}.csv").write_text(_m2000(start, rng))
            continue
        for b in range(BSCS):
            cells = range(b, CELLS, BSCS)
            text = _mdc(b, start, cells, rng) if fmt == "mdc" else _meas_collec(b, start, cells, rng, indexed=fmt == "indexed")
            name = f"A20261120.{start[0]:02d}{start[1]:02d}+0800_BSC{b:02d}.xml.gz"
            (folder / name).write_bytes(gzip.compress(text.encode(), mtime=0))
    done.write_text(fmt)
    return folder


def _m2000(start: tuple[int, int], rng: np.random.Generator) -> str:
    """Huawei M2000 CSV: Result Time, Granularity Period, Object Name (LABEL, CellIndex, CGI), Reliability."""
    rows = ["Result Time,Granularity Period,Object Name,Reliability," + ",".join(HW)]
    for i in range(CELLS):
        cgi = f"460000{4100 + i % BSCS:04X}{10000 + i:04X}"
        values = ",".join(map(str, rng.integers(0, 100, len(HW))))
        rows.append(f'2026-11-20 {start[0]:02d}:{start[1]:02d},15,"BSC{i % BSCS:02d}/GCELL:LABEL=C{i:05d}, CellIndex={i}, CGI={cgi}",Reliable,{values}')
    return "\n".join(rows) + "\n"


def _end(start: tuple[int, int]) -> tuple[int, int]:
    return divmod(start[0] * 60 + start[1] + 15, 60)


def _meas_collec(b: int, start: tuple[int, int], cells: range, rng: np.random.Generator, indexed: bool) -> str:
    """3GPP TS 32.435 measCollec, one measInfo, in the list or the indexed form."""
    end = "2026-11-20T{:02d}:{:02d}:00+08:00".format(*_end(start))
    out = ['<?xml version="1.0"?>\n', f'<measCollecFile xmlns="{NS}"><fileHeader fileFormatVersion="32.435 V10.0"><fileSender/>',
           f'<measCollec beginTime="2026-11-20T{start[0]:02d}:{start[1]:02d}:00+08:00"/></fileHeader><measData><managedElement/>',
           f'<measInfo measInfoId="TCH"><granPeriod duration="PT900S" endTime="{end}"/>']
    out.append("".join(f'<measType p="{k + 1}">{n}</measType>' for k, n in enumerate(NAMES)) if indexed
               else f"<measTypes>{' '.join(NAMES)}</measTypes>")
    for i in cells:
        values = rng.integers(0, 100, len(NAMES))
        body = ("".join(f'<r p="{k + 1}">{x}</r>' for k, x in enumerate(values)) if indexed
                else f"<measResults>{' '.join(map(str, values))}</measResults>")
        out.append(f'<measValue measObjLdn="{LDN.format(b=b, i=i)}">{body}</measValue>\n')
    out.append(f'</measInfo></measData><fileFooter><measCollec endTime="{end}"/></fileFooter></measCollecFile>\n')
    return "".join(out)


def _mdc(b: int, start: tuple[int, int], cells: range, rng: np.random.Generator) -> str:
    """3GPP TS 32.401 mdc: mfh, md/neid, mi (mts, gp, mt) of mv (moid, r)."""
    out = ['<?xml version="1.0"?>\n<mdc><mfh><ffv>1</ffv><sn>BSC{:02d}</sn><st>BSC</st><vn>x</vn>'.format(b),
           f"<cbt>20261120{start[0]:02d}{start[1]:02d}00+0800</cbt></mfh>",
           f"<md><neid><neun>BSC{b:02d}</neun><nedn>BSC{b:02d}</nedn></neid>",
           "<mi><mts>20261120{:02d}{:02d}00+0800</mts><gp>900</gp>".format(*_end(start))]
    out += [f"<mt>{n}</mt>" for n in NAMES]
    for i in cells:
        values = "".join(f"<r>{x}</r>" for x in rng.integers(0, 100, len(NAMES)))
        out.append(f"<mv><moid>{LDN.format(b=b, i=i)}</moid>{values}</mv>\n")
    out.append("</mi></md><mff><ts>x</ts></mff></mdc>\n")
    return "".join(out)


def child(folder: str) -> None:
    """One timed read in this process; prints JSON."""
    import netdiag
    import netdiag.io.pm_xml  # noqa: F401 - imports are not what is timed

    c0, w0 = time.process_time(), time.perf_counter()
    kpi = netdiag.load_dataset(Path(folder))["cell_kpi"]
    print(json.dumps({"cpu": time.process_time() - c0, "wall": time.perf_counter() - w0, "rows": len(kpi),
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))

def _run(folder: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "child", str(folder)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main(formats: list[str]) -> None:
    for fmt in formats:
        folder = write(fmt)
        data = [p for p in folder.iterdir() if p.name not in ("cells.csv", ".written")]
        raw = sum(len(gzip.decompress(p.read_bytes())) if p.suffix == ".gz" else p.stat().st_size for p in data)
        runs = [_run(folder) for _ in range(3)]
        best = min(runs, key=lambda r: r["cpu"])
        print(f"{fmt:8s} files {len(data):4d}  {raw / 1e6:6.1f} MB text  rows {best['rows']:,}  cpu {best['cpu']:.2f} s  wall {best['wall']:.2f} s  "
              f"{best['rows'] / best['cpu']:,.0f} rows/cpu-s  {raw / 1e6 / best['cpu']:.1f} MB/cpu-s  peak {best['peak_mb']:.0f} MB")


if __name__ == "__main__":
    if sys.argv[1:2] == ["child"]:
        child(sys.argv[2])
    else:
        main(sys.argv[1:] or list(FORMATS))
