"""3GPP TS 32.615 Bulk CM configuration XML with the GSM NRM (TS 32.652/32.655 GERAN NRM), streamed.

    <bulkCmConfigDataFile xmlns="http://www.3gpp.org/ftp/specs/archive/32_series/32.615#configData"
                          xmlns:xn="...32.625#genericNrm" xmlns:gn="...#geranNrm">
      <configData dnPrefix="...">
        <xn:SubNetwork id="1"> <xn:ManagedElement id="BSC01"> <gn:BssFunction id="1">
          <gn:BtsSiteMgr id="12"> <gn:GsmCell id="Gbg-997">
            <gn:attributes> <gn:cellIdentity>20042</gn:cellIdentity> <gn:lac>4101</gn:lac> ...
            <gn:GsmRelation id="1"> <gn:attributes> <gn:adjacentCell>SubNetwork=1,...,GsmCell=Gbg-998 ...

Every object is named by its distinguished name (its ancestors' class=id pairs): a cell's name,
BSC and site come from it as they come from a statistics file's `measObjLdn` (io.objects), so the
two always match: the cell is the last RDN value (the GsmCell's id), the BSC the BssFunction's (or
the ManagedElement's) id, the site the BtsSiteMgr's.

Attributes read (element names; any namespace prefix):

* ``GsmCell``: ``cellIdentity`` -> ci, ``lac``, ``ncc``, ``bcc``, ``bcchFrequency`` -> bcch;
* ``ExternalGsmCell`` (a cell of another BSS): the same attributes;
* ``GsmRelation`` (contained in its source GsmCell): ``adjacentCell``, the target's DN; a target that
  is an ExternalGsmCell gives the relation its BCCH and BSIC (nb_bcch, nb_ncc, nb_bcc).

Vendor-specific data (``VsDataContainer``) is not read.
"""

from __future__ import annotations

from typing import BinaryIO

from ..objects import object_keys, split_dn
from ..parsing import RawTable
from .model import BULK_CM, TableRows, raw_tables
from .stream import elements, forget, local

CELL_ATTRIBUTES = {"cellIdentity": "ci", "lac": "lac", "ncc": "ncc", "bcc": "bcc", "bcchFrequency": "bcch"}
CELL_COLUMNS = ["cell", "bsc", "site", "lac", "ci", "bcch", "ncc", "bcc"]
NEIGHBOUR_COLUMNS = ["cell", "neighbour", "nb_bcch", "nb_ncc", "nb_bcc"]
CELL, EXTERNAL, RELATION = "GsmCell", "ExternalGsmCell", "GsmRelation"
_SITE = "btssitemgr"


def read_bulk_cm(stream: BinaryIO, name: str) -> list[tuple[str, RawTable]]:
    """The cells and neighbours of one Bulk CM file (see the module's docstring)."""
    path: list[tuple[str, str]] = []  # (class, id) of the objects the parser is in
    cells, neighbours = TableRows(CELL_COLUMNS), TableRows(NEIGHBOUR_COLUMNS)
    external: dict[str, dict[str, str | None]] = {}  # DN -> attributes
    relations: list[tuple[str, str, int]] = []  # (source cell, target DN, line)
    for event, element in elements(stream, name):
        identifier = element.get("id")
        if identifier is None:
            continue
        kind = local(element.tag)
        if event == "start":
            path.append((kind, identifier.strip()))
            continue
        dn = ",".join(f"{c}={i}" for c, i in path)
        if kind in (CELL, EXTERNAL):
            values = _attributes(element)
            row = {column: values.get(attribute) for attribute, column in CELL_ATTRIBUTES.items()}
            if kind == CELL:
                keys = object_keys(dn)
                site = next((i for c, i in path if c.lower() == _SITE), None)
                cells.add({**row, "cell": keys.cell, "bsc": keys.bsc, "site": site}, element.sourceline or 0)
            else:
                external[_normal(dn)] = external[identifier.strip()] = row
            forget(element)
        elif kind == RELATION:
            source = next((i for c, i in reversed(path[:-1]) if c == CELL), None)
            target = _attributes(element).get("adjacentCell")
            if source is not None and target:
                relations.append((source, target, element.sourceline or 0))
            element.clear(keep_tail=False)  # (its cell's attributes, before it, are read at the cell's end)
        path.pop()
    for source, target, line in relations:
        row = {"cell": source, "neighbour": object_keys(target).cell}
        target_class = split_dn(target)[-1][0] if split_dn(target) else ""
        outside = external.get(_normal(target))
        if outside is None and target_class == EXTERNAL:  # (the same cell under another DN prefix)
            outside = external.get(row["neighbour"])
        if outside is not None:
            row.update(nb_bcch=outside.get("bcch"), nb_ncc=outside.get("ncc"), nb_bcc=outside.get("bcc"))
        neighbours.add(row, line)
    return raw_tables(name, BULK_CM, {"cells": cells, "neighbours": neighbours})


def _attributes(element) -> dict[str, str | None]:
    """The text of each child of the element's own `attributes` element, by local name."""
    block = next((child for child in element if local(child.tag) == "attributes"), None)
    if block is None:
        return {}
    return {local(child.tag): (child.text or "").strip() or None for child in block}


def _normal(dn: str) -> str:
    """A DN compared without case in class names and without spaces (`a=1, b=2` is `A=1,B=2`)."""
    return ",".join(f"{attr.lower()}={value}" for attr, value in split_dn(dn))
