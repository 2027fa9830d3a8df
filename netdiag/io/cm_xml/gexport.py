"""Huawei GExport configuration XML (BSC6900/BSC6910 GSM, exported by the M2000/U2000 OMC), streamed.

The layout, as public GExport parsers show it (e.g. bodastage/boda-huaweicmobjectparser's test file)::

    <bulkCmConfigDataFile>                      (no namespace)
      <configData>
        <class name="BSC6900GSM">                (the network element)
          <object technique=... vendor="Huawei" version=...>
            <class name="GCELL">
              <object><parameter name="CELLID" value="12"/> <parameter name="CELLNAME" value="S0042B"/> ...

Classes read, by their parameters (the names of Huawei's MML commands, ADD GCELL, ADD GEXT2GCELL,
ADD G2GNCELL, ADD GTRX):

* ``GCELL`` and every ``GCELL...`` class (one object per cell, keyed by ``CELLID``, the cell index in
  its BSC): ``CELLNAME`` -> cell, ``LAC``, ``CI``, ``NCC``, ``BCC``, ``BCCHNO`` -> bcch; ``MAXTA`` ->
  max_ta (SET GCELLBASICPARA), ``BSAGBLKSRES`` -> bs_ag_blks_res (SET GCELLIDLEBASIC). Paging barred,
  cell reselect hysteresis and repeater are not read: no public document seen names their parameters;
* ``GTRX`` (``CELLID``, ``TRXID``, ``FREQ``, ``ISMAINBCCH``): the trx table and each cell's trx_count
  (and its BCCH when the cell class does not give ``BCCHNO``);
* ``GEXT2GCELL`` (``EXT2GCELLID``, ``EXT2GCELLNAME``, ``LAC``, ``CI``, ``BCCH``, ``NCC``, ``BCC``):
  cells of other BSCs, named by neighbour relations;
* ``G2GNCELL`` (``SRC2GNCELLID``, ``NBR2GNCELLID``, cell indexes; ``SRC2GNCELLNAME``/``NBR2GNCELLNAME``
  when given): neighbours; a neighbour that is an external cell carries its BCCH and BSIC.

Indexes are scoped by network element (one file may hold several). The BSC is the network element
named in the file name as the OMC writes it (``GExport_<NE name>_<IP address>_...``), when it is.
Parameters not listed are not read.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import BinaryIO

from ..parsing import RawTable
from .model import GEXPORT, TableRows, raw_tables
from .stream import elements, forget, local

CELL_PARAMETERS = {"CELLNAME": "cell", "LAC": "lac", "CI": "ci", "NCC": "ncc", "BCC": "bcc", "BCCHNO": "bcch",
                   "MAXTA": "max_ta", "BSAGBLKSRES": "bs_ag_blks_res"}
EXTERNAL_PARAMETERS = {"EXT2GCELLNAME": "cell", "LAC": "lac", "CI": "ci", "BCCH": "bcch", "NCC": "ncc", "BCC": "bcc"}
CELL_COLUMNS = ["cell", "bsc", "lac", "ci", "bcch", "ncc", "bcc", "trx_count", "max_ta", "bs_ag_blks_res"]
NEIGHBOUR_COLUMNS = ["cell", "neighbour", "nb_bcch", "nb_ncc", "nb_bcc"]
TRX_COLUMNS = ["cell", "trx", "arfcn", "is_bcch"]
_NE_IN_NAME = re.compile(r"GExport_(.+?)_\d{1,3}(?:\.\d{1,3}){3}", re.IGNORECASE)


def read_gexport(stream: BinaryIO, name: str) -> list[tuple[str, RawTable]]:
    """The cells, neighbours and trx of one GExport file (see the module's docstring)."""
    found = _Found()
    for _event, element in elements(stream, name, ("end",)):
        if local(element.tag) != "object":
            continue
        parameters = {p.get("name", "").upper(): p.get("value") for p in element if local(p.tag) == "parameter"}
        if parameters:
            owner = element.getparent()
            ne = owner.getparent() if owner is not None else None
            found.add((owner.get("name") or "").upper() if owner is not None else "", parameters, id(ne), element.sourceline or 0)
            forget(element)
    named = _NE_IN_NAME.search(name.rsplit("/", 1)[-1])
    return raw_tables(name, GEXPORT, found.tables(named.group(1) if named else None))


class _Found:
    """The objects read so far, by network element and index (relations resolved at the end: a
    G2GNCELL class may well come before the cells it names)."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, str], dict[str, str | None]] = {}
        self.lines: dict[tuple[int, str], int] = {}
        self.external: dict[tuple[int, str], dict[str, str | None]] = {}
        self.relations: list[tuple[int, dict[str, str | None], int]] = []
        self.trx: list[tuple[int, dict[str, str | None], int]] = []

    def add(self, kind: str, parameters: dict[str, str | None], ne: int, line: int) -> None:
        if kind.startswith("GCELL") and parameters.get("CELLID") is not None:
            key = (ne, str(parameters["CELLID"]).strip())
            cell = self.cells.setdefault(key, {})
            cell.update({column: parameters[p] for p, column in CELL_PARAMETERS.items() if parameters.get(p) is not None})
            self.lines.setdefault(key, line)
        elif kind == "GEXT2GCELL" and parameters.get("EXT2GCELLID") is not None:
            self.external[(ne, str(parameters["EXT2GCELLID"]).strip())] = {
                column: parameters.get(p) for p, column in EXTERNAL_PARAMETERS.items()}
        elif kind == "G2GNCELL":
            self.relations.append((ne, parameters, line))
        elif kind == "GTRX" and parameters.get("CELLID") is not None:
            self.trx.append((ne, parameters, line))

    def tables(self, bsc: str | None) -> dict[str, TableRows]:
        cells, neighbours, trx = TableRows(CELL_COLUMNS), TableRows(NEIGHBOUR_COLUMNS), TableRows(TRX_COLUMNS)
        counts = Counter((ne, str(p["CELLID"]).strip()) for ne, p, _ in self.trx)
        bcch_trx = {(ne, str(p["CELLID"]).strip()): p.get("FREQ") for ne, p, _ in self.trx
                    if str(p.get("ISMAINBCCH") or "").upper() in ("YES", "1", "TRUE")}
        for key, cell in self.cells.items():
            if cell.get("cell") is None:
                continue
            cells.add({**cell, "bsc": bsc, "bcch": cell.get("bcch") or bcch_trx.get(key),
                       "trx_count": str(counts[key]) if counts.get(key) else None}, self.lines[key])
        for ne, parameters, line in self.trx:
            name = self.cells.get((ne, str(parameters["CELLID"]).strip()), {}).get("cell")
            if name is not None:
                trx.add({"cell": name, "trx": parameters.get("TRXID"), "arfcn": parameters.get("FREQ"),
                         "is_bcch": parameters.get("ISMAINBCCH")}, line)
        for ne, parameters, line in self.relations:
            source = parameters.get("SRC2GNCELLNAME") or self._name(ne, parameters.get("SRC2GNCELLID"))
            target, external = self._target(ne, parameters)
            if source is None or target is None:
                continue
            row = {"cell": source, "neighbour": target}
            if external is not None:
                row.update(nb_bcch=external.get("bcch"), nb_ncc=external.get("ncc"), nb_bcc=external.get("bcc"))
            neighbours.add(row, line)
        return {"cells": cells, "neighbours": neighbours, "trx": trx}

    def _name(self, ne: int, index: str | None) -> str | None:
        return None if index is None else self.cells.get((ne, str(index).strip()), {}).get("cell")

    def _target(self, ne: int, parameters: dict[str, str | None]) -> tuple[str | None, dict[str, str | None] | None]:
        """The neighbour's name, and its external cell's parameters when it is one of another BSC."""
        index = str(parameters.get("NBR2GNCELLID") or "").strip()
        internal = self._name(ne, index) if index else None
        if internal is not None:
            return internal, None
        external = self.external.get((ne, index)) if index else None
        name = parameters.get("NBR2GNCELLNAME") or (external or {}).get("cell")
        return name, external
