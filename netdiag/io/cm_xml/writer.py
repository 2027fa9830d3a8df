"""Configuration dumps written from canonical tables (the vendor sample): GExport and Bulk CM, laid out
as the readers (gexport.py, bulkcm.py) document them, gzip-compressed.

Values are written as given (strings as read from the canonical files); a missing one is left out.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from xml.sax.saxutils import quoteattr, escape

import pandas as pd

MCC, MNC = "460", "00"
NS_CONFIG = "http://www.3gpp.org/ftp/specs/archive/32_series/32.615#configData"
NS_GENERIC = "http://www.3gpp.org/ftp/specs/archive/32_series/32.625#genericNrm"
NS_GERAN = "http://www.3gpp.org/ftp/specs/archive/32_series/32.655#geranNrm"


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and value != value) and str(value) != ""


def _write(path: Path, lines: list[str]) -> Path:
    path.write_bytes(gzip.compress("\n".join(lines).encode("utf-8"), compresslevel=6, mtime=0))
    return path


def write_gexport(cells: pd.DataFrame, neighbours: pd.DataFrame, trx: pd.DataFrame, outdir: Path, date: str) -> list[Path]:
    """One GExport file per BSC (`GExport_<BSC>_<IP>_<date>.xml.gz`): GCELL, GTRX, GEXT2GCELL, G2GNCELL."""
    written = []
    cells = cells.astype(object)
    bsc_of = dict(zip(cells["cell"], cells["bsc"]))
    for number, (bsc, own) in enumerate(cells.groupby("bsc", sort=True), start=1):
        index = {cell: str(i) for i, cell in enumerate(own["cell"])}
        lines = ['<?xml version="1.0" encoding="utf-8"?>', "<bulkCmConfigDataFile>", "  <fileHeader/>", "  <configData>",
                 '    <class name="BSC6900GSM">', '      <object technique="GSM" vendor="Huawei" version="V900R014">']
        lines += _class("GCELL", ({"CELLID": index[r["cell"]], "CELLNAME": r["cell"], "MCC": MCC, "MNC": MNC, "LAC": r["lac"],
                                   "CI": r["ci"], "NCC": r.get("ncc"), "BCC": r.get("bcc"), "BCCHNO": r.get("bcch")}
                                  for r in own.to_dict("records")))
        lines += _class("GCELLBASICPARA", ({"CELLID": index[r["cell"]], "MAXTA": r.get("max_ta")} for r in own.to_dict("records")))
        lines += _class("GCELLIDLEBASIC", ({"CELLID": index[r["cell"]], "BSAGBLKSRES": r.get("bs_ag_blks_res")}
                                           for r in own.to_dict("records")))
        lines += _class("GTRX", ({"TRXID": r["trx"], "CELLID": index[r["cell"]], "FREQ": r.get("arfcn"),
                                  "ISMAINBCCH": "YES" if str(r.get("is_bcch")) in ("1", "True", "true") else "NO"}
                                 for r in trx[trx["cell"].isin(index)].astype(object).to_dict("records")))
        relations = neighbours[neighbours["cell"].isin(index)].astype(object)
        external: dict[str, str] = {}
        outside = []
        for r in relations.to_dict("records"):
            target = r["neighbour"]
            if target not in index and target not in external:
                external[target] = str(2048 + len(external))
                known = cells[cells["cell"] == target]
                row = known.iloc[0].to_dict() if len(known) else {}
                outside.append({"EXT2GCELLID": external[target], "EXT2GCELLNAME": target, "MCC": MCC, "MNC": MNC,
                                "LAC": row.get("lac"), "CI": row.get("ci"), "BCCH": row.get("bcch", r.get("nb_bcch")),
                                "NCC": row.get("ncc", r.get("nb_ncc")), "BCC": row.get("bcc", r.get("nb_bcc")),
                                "BSCNAME": bsc_of.get(target)})
        lines += _class("GEXT2GCELL", outside)
        lines += _class("G2GNCELL", ({"SRC2GNCELLID": index[r["cell"]], "NBR2GNCELLID": index.get(r["neighbour"]) or external[r["neighbour"]]}
                                     for r in relations.to_dict("records")))
        lines += ["      </object>", "    </class>", "  </configData>", "</bulkCmConfigDataFile>", ""]
        written.append(_write(outdir / f"GExport_{bsc}_10.0.0.{number}_{date}.xml.gz", lines))
    return written


def _class(name: str, objects) -> list[str]:
    lines = [f'        <class name="{name}">']
    for parameters in objects:
        lines.append("          <object>")
        lines += [f"            <parameter name={quoteattr(k)} value={quoteattr(str(v))}/>" for k, v in parameters.items() if _given(v)]
        lines.append("          </object>")
    return [*lines, "        </class>"]


def cell_dn(bsc: object, site: object, cell: object) -> str:
    """The DN of a cell in the Bulk CM file (and in the measCollec files of the same network)."""
    return f"SubNetwork=1,ManagedElement={bsc},BssFunction={bsc},BtsSiteMgr={site},GsmCell={cell}"


def write_bulk_cm(cells: pd.DataFrame, neighbours: pd.DataFrame, path: Path) -> Path:
    """One Bulk CM file: SubNetwork / ManagedElement / BssFunction / BtsSiteMgr / GsmCell with its
    GsmRelations; neighbours not among the cells as ExternalGsmCell under the SubNetwork."""
    cells = cells.astype(object)
    dn_of = {r["cell"]: cell_dn(r["bsc"], r["site"], r["cell"]) for r in cells.to_dict("records")}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<bulkCmConfigDataFile xmlns="{NS_CONFIG}" xmlns:xn="{NS_GENERIC}" xmlns:gn="{NS_GERAN}">',
             '  <fileHeader fileFormatVersion="32.615 V9.2.0" vendorName="netdiag sample"/>', '  <configData dnPrefix="">',
             '    <xn:SubNetwork id="1">']
    relations = neighbours.astype(object)
    for r in relations[~relations["neighbour"].isin(dn_of)].drop_duplicates("neighbour").to_dict("records"):
        lines += [f"      <gn:ExternalGsmCell id={quoteattr(str(r['neighbour']))}>",
                  *_attributes({"bcchFrequency": r.get("nb_bcch"), "ncc": r.get("nb_ncc"), "bcc": r.get("nb_bcc")}, 8),
                  "      </gn:ExternalGsmCell>"]
    by_cell = {cell: group for cell, group in relations.groupby("cell", sort=False)}
    for bsc, own in cells.groupby("bsc", sort=True):
        lines += [f"      <xn:ManagedElement id={quoteattr(str(bsc))}>", f"        <gn:BssFunction id={quoteattr(str(bsc))}>"]
        for site, at_site in own.groupby("site", sort=False):
            lines.append(f"          <gn:BtsSiteMgr id={quoteattr(str(site))}>")
            for r in at_site.to_dict("records"):
                lines.append(f"            <gn:GsmCell id={quoteattr(str(r['cell']))}>")
                lines += _attributes({"cellIdentity": r["ci"], "lac": r["lac"], "ncc": r.get("ncc"), "bcc": r.get("bcc"),
                                      "bcchFrequency": r.get("bcch")}, 14)
                for number, target in enumerate(by_cell.get(r["cell"], pd.DataFrame(columns=["neighbour"]))["neighbour"], start=1):
                    adjacent = dn_of.get(target, f"SubNetwork=1,ExternalGsmCell={target}")
                    lines += [f'              <gn:GsmRelation id="{number}">',
                              *_attributes({"adjacentCell": adjacent}, 16), "              </gn:GsmRelation>"]
                lines.append("            </gn:GsmCell>")
            lines.append("          </gn:BtsSiteMgr>")
        lines += ["        </gn:BssFunction>", "      </xn:ManagedElement>"]
    lines += ["    </xn:SubNetwork>", "  </configData>", '  <fileFooter dateTime="2026-11-20T00:00:00+08:00"/>',
              "</bulkCmConfigDataFile>", ""]
    return _write(path, lines)


def _attributes(values: dict[str, object], indent: int) -> list[str]:
    pad = " " * indent
    inner = [f"{pad}  <gn:{k}>{escape(str(v))}</gn:{k}>" for k, v in values.items() if _given(v)]
    return [f"{pad}<gn:attributes>", *inner, f"{pad}</gn:attributes>"]
