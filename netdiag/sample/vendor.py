"""The sample network written as a vendor's OMC-R and planning tools would hand it over.

    write_vendor_network(outdir, "huawei" | "3gpp", **generate_network options) -> truth frame

The canonical sample is generated first (the same seed gives the same network and faults), then its
files are rewritten in the vendor's forms:

* huawei: the configuration as Huawei GExport XML (one file per BSC: GCELL, GTRX, GEXT2GCELL,
  G2GNCELL), the cell, TRX and GPRS statistics as M2000 performance CSV (`Result Time, Granularity
  Period, Object Name, Reliability, <counters>`, the object `BSC01/GCELL:LABEL=..., CellIndex=...,
  CGI=...`, the counters by their Huawei names where the counter dictionary maps one Huawei counter
  to the column, else by the canonical name);
* 3gpp: the configuration as one 3GPP TS 32.615 Bulk CM file (GSM NRM), the statistics as TS 32.435
  measCollec XML (one file per table, objects by LDN, counters by their TS 52.402 names where the
  dictionary maps one to the column).

Both add the engineering-parameter workbook an operator's planning team keeps beside the OMC-R's
dump (`engineering_parameters.xlsx`: a GSM sheet with the cell name, CGI, site, MSC, coordinates,
azimuth and the parameters the dumps read here do not carry; an LTE sheet that is not read), and keep
the TRX power and type in trx.csv. Alarms, the 018/025/180 reports, circuit states and GPU statistics
have no standard XML and stay in the CSV forms formats.md describes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..io.cgi import LARGEST
from ..io.cm_xml.writer import MCC, MNC, cell_dn, write_bulk_cm, write_gexport
from ..io.counters import load_counter_dictionary
from ..io.pm_xml import write_meas_collec
from ..io.schema import TABLES
from .generate import generate_network

VENDORS = ("huawei", "3gpp")
STATISTICS = ("cell_kpi", "trx_kpi", "gprs_kpi")
CONFIGURATION = ("cells", "neighbours")
# The columns of cells the dumps give; the workbook gives the rest (and the cell's key, by CGI).
_DUMP_COLUMNS = {"huawei": ("cell", "bsc", "lac", "ci", "bcch", "ncc", "bcc", "max_ta", "bs_ag_blks_res"),
                 "3gpp": ("cell", "bsc", "site", "lac", "ci", "bcch", "ncc", "bcc")}
_WORKBOOK_HEADERS = {"site": "Site Name", "msc": "MSC Name", "lat": "Latitude", "lon": "Longitude", "azimuth": "Azimuth",
                     "trx_count": "TRX Number", "max_ta": "Max TA", "bs_ag_blks_res": "BS_AG_BLKS_RES",
                     "crh": "Cell Reselect Hysteresis", "paging_barred": "Paging Barred", "max_pdch": "Max PDCH",
                     "repeater": "Repeater"}


def write_vendor_network(outdir: Path, vendor: str, **options) -> pd.DataFrame:
    """Generate the sample network into `outdir` in `vendor`'s forms; the truth frame (see the module)."""
    if vendor not in VENDORS:
        raise ValueError(f"unknown vendor {vendor!r} (one of {', '.join(VENDORS)})")
    outdir = Path(outdir)
    truth = generate_network(outdir, **options)
    tables = {name: pd.read_csv(outdir / f"{name}.csv", dtype=str, keep_default_na=False).replace("", None)
              for name in (*CONFIGURATION, "trx", *STATISTICS)}
    cells, neighbours, trx = tables["cells"], tables["neighbours"], tables["trx"]
    date = str(pd.Timestamp(tables["cell_kpi"]["start_time"].iloc[0]).date()).replace("-", "")
    if vendor == "huawei":
        write_gexport(cells[list(_DUMP_COLUMNS[vendor])], neighbours, trx, outdir, date)
        trx[["cell", "trx", "trx_type", "power_w"]].to_csv(outdir / "trx.csv", index=False)
    else:
        write_bulk_cm(cells[list(_DUMP_COLUMNS[vendor])], neighbours, outdir / f"bulkcm_{date}.xml.gz")
    _write_workbook(cells, outdir / "engineering_parameters.xlsx")
    for table in STATISTICS:
        if vendor == "huawei":
            _write_m2000(tables[table], table, cells, outdir / f"pmresult_{1275071424 + STATISTICS.index(table)}_60_{date}.csv")
        else:
            _write_meas_collec(tables[table], table, cells, outdir / f"A{date}.{table}.xml")
    for name in (*CONFIGURATION, *STATISTICS):  # (trx.csv stays: TRX power and type; whole for 3gpp)
        (outdir / f"{name}.csv").unlink()
    _add_to_readme(outdir / "README.md", vendor)
    return truth


def cgi_of(lac: object, ci: object) -> str:
    """A cell's CGI as planning workbooks write it (`460-00-4101-20042`)."""
    return f"{MCC}-{MNC}-{lac}-{ci}"


def _write_workbook(cells: pd.DataFrame, path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    gsm = book.active
    gsm.title = "GSM"
    columns = [c for c in _WORKBOOK_HEADERS if c in cells.columns]
    gsm.append(["GSM Cell Name", "CGI", *(_WORKBOOK_HEADERS[c] for c in columns)])
    for row in cells.to_dict("records"):
        gsm.append([row["cell"], cgi_of(row["lac"], row["ci"]), *(_number(row[c]) for c in columns)])
    lte = book.create_sheet("LTE")
    lte.append(["eNodeB Name", "Cell Name", "TAC", "PCI", "EARFCN", "Latitude", "Longitude"])
    lte.append(["E-0001", "L0001-1", 1, 1, 1650, _number(cells["lat"].iloc[0]), _number(cells["lon"].iloc[0])])
    book.save(path)


def _number(value: object) -> object:
    """A value as a workbook holds it: a number where it is one."""
    if value is None:
        return None
    try:
        number = float(str(value))
    except ValueError:
        return value
    return int(number) if number.is_integer() and "." not in str(value) else number


def _vendor_names(table: str, vendor: str) -> dict[str, str]:
    """Canonical column -> the vendor counter written for it, where the dictionary maps exactly one
    counter to it (and that counter to no other column of the table)."""
    dictionary = load_counter_dictionary()
    direct: dict[str, str] = {}
    for (mapped_vendor, mapped_table, column), mapping in dictionary.mappings.items():
        formula = mapping.formulas[0]
        if mapped_vendor != vendor or mapped_table != table or len(formula.refs) != 1:
            continue
        if formula.text.strip().strip("`") != formula.refs[0]:
            continue  # (scaled: written under the canonical name)
        direct[column] = formula.refs[0]
    used = pd.Series(list(direct.values())).value_counts()
    names = {}
    for column, key in direct.items():
        if used[key] > 1:
            continue
        counter = dictionary.counters.get((vendor, key))
        label = counter.label if counter is not None else None
        names[column] = f"{key}:{label}" if vendor == "huawei" and label else key
    return names


def _counters(frame: pd.DataFrame, table: str) -> list[str]:
    keys = set(TABLES[table].keys) | {"period_min"}
    return [c for c in frame.columns if c not in keys]


def _write_m2000(frame: pd.DataFrame, table: str, cells: pd.DataFrame, path: Path) -> None:
    """An M2000/U2000 performance CSV of one table (a units row under the header, as M2000 writes)."""
    index = {cell: i for i, cell in enumerate(cells["cell"])}
    keys = cells.set_index("cell")
    names = _vendor_names(table, "huawei")
    counters = _counters(frame, table)

    def object_name(cell: str, trx: str | None) -> str:
        row = keys.loc[cell]
        cgi = f"{MCC}{MNC}{int(row['lac']) & LARGEST:04X}{int(row['ci']) & LARGEST:04X}"
        name = f"{row['bsc']}/GCELL:LABEL={cell}, CellIndex={index[cell]}, CGI={cgi}"
        return name if trx is None else f"{row['bsc']}/Cell:Label={cell}, CellIndex={index[cell]}/Trx:TRX-{trx}"

    objects = [object_name(c, t) for c, t in zip(frame["cell"], frame["trx"] if "trx" in frame else [None] * len(frame))]
    out = pd.DataFrame({"Result Time": frame["start_time"], "Granularity Period": frame["period_min"], "Object Name": objects,
                        "Reliability": "Reliable"})
    for column in counters:
        out[names.get(column, column)] = frame[column].fillna("NIL")
    units = pd.DataFrame([["", "Minutes", "", "", *([""] * len(counters))]], columns=out.columns)
    pd.concat([units, out], ignore_index=True).to_csv(path, index=False)


def _write_meas_collec(frame: pd.DataFrame, table: str, cells: pd.DataFrame, path: Path) -> None:
    """A 32.435 measCollec file of one table, objects by the LDN the Bulk CM file gives them."""
    keys = cells.set_index("cell")
    names = _vendor_names(table, "3gpp")
    counters = _counters(frame, table)
    dns = {cell: cell_dn(keys.at[cell, "bsc"], keys.at[cell, "site"], cell) for cell in pd.unique(frame["cell"])}
    objects = frame["cell"].map(dns)
    if "trx" in frame.columns:
        objects = objects + ",Trx=" + frame["trx"]
    out = pd.DataFrame({"object": objects, "start_time": pd.to_datetime(frame["start_time"]),
                        "period_min": frame["period_min"].astype(int)})
    for column in counters:
        out[names.get(column, column)] = pd.to_numeric(frame[column])
    write_meas_collec(out, path, counters=[names.get(c, c) for c in counters], gzip=True,
                      sender="SubNetwork=1", vendor="netdiag sample")


def _add_to_readme(path: Path, vendor: str) -> None:
    said = {
        "huawei": "Huawei forms: GExport_*.xml.gz (configuration, one per BSC), pmresult_*.csv (M2000 performance CSV)",
        "3gpp": "3GPP forms: bulkcm_*.xml.gz (32.615 Bulk CM, GSM NRM), A*.xml.gz (32.435 measCollec)",
    }[vendor]
    text = path.read_text(encoding="utf-8")
    path.write_text(f"{text}\n## Vendor forms (--vendor {vendor})\n\n{said}; engineering_parameters.xlsx (the planning "
                    "workbook: its GSM sheet gives coordinates and the cell parameters the dumps do not carry). Alarms, "
                    "018/025/180, circuit states, GPU statistics and TRX power stay CSV.\n", encoding="utf-8")
